package space

import (
	"crypto/sha256"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The plot holds exactly the model's values: SHA-256 over the plain
// concatenation, computed here in one piece, every nonce once, sorted.
func TestPlotHoldsTheModelsValues(t *testing.T) {
	const n = 300
	p, err := NewPlot("alice", "seed", n)
	require.NoError(t, err)
	require.Equal(t, n, p.Len())
	assert.Equal(t, uint64(n), p.Hashes())
	assert.Equal(t, "alice", p.Name())
	seen := make([]bool, n)
	for k, e := range p.entries {
		msg := binary.BigEndian.AppendUint64([]byte("aliceseed"), e.nonce)
		sum := sha256.Sum256(msg)
		assert.Equal(t, binary.BigEndian.Uint64(sum[:8]), e.value, "nonce %d", e.nonce)
		assert.Equal(t, e.value, p.Value(k))
		require.Less(t, e.nonce, uint64(n))
		assert.False(t, seen[e.nonce], "nonce %d twice", e.nonce)
		seen[e.nonce] = true
		if k > 0 {
			assert.LessOrEqual(t, p.entries[k-1].value, e.value, "sorted")
		}
	}
	other, err := NewPlot("alice", "other seed", n)
	require.NoError(t, err)
	assert.NotEqual(t, p.Value(0), other.Value(0), "the seed changes the plot")
}

// bruteForce scans every entry: the smallest distance, the first index on a
// tie (equal values sit next to each other in a sorted plot).
func bruteForce(p *Plot, c uint64) (value uint64, index int, dist uint64) {
	index = -1
	for k, e := range p.entries {
		if d := e.value - c; index < 0 || d < dist {
			value, index, dist = e.value, k, d
		}
	}
	return value, index, dist
}

// randomPlot draws n values; with dupes they come from a few distinct
// values, so equal values are common. Some values sit near 0 and 2^64-1 so
// challenges wrap around.
func randomPlot(r *rand.Rand, n int, dupes bool) *Plot {
	pool := []uint64{0, 1, math.MaxUint64, math.MaxUint64 - 1, 1 << 63, r.Uint64(), r.Uint64()}
	es := make([]entry, n)
	for i := range es {
		v := r.Uint64()
		switch {
		case dupes:
			v = pool[r.IntN(len(pool))]
		case r.IntN(10) == 0:
			v = pool[r.IntN(len(pool))] // a few edge values, rarely repeated
		}
		es[i] = entry{value: v, nonce: uint64(i)}
	}
	return newPlot("x", "", es)
}

func TestLookupMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	sizes := []int{1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 100, 255, 256, 257, 1000, 1024, 1025}
	wrapped, dupHits := 0, 0
	for _, n := range sizes {
		for _, dupes := range []bool{false, true} {
			p := randomPlot(r, n, dupes)
			first, last := p.Value(0), p.Value(n-1)
			challenges := []uint64{0, 1, math.MaxUint64, first, last, last + 1, first - 1, 1 << 63}
			for range 200 {
				challenges = append(challenges, r.Uint64())
			}
			for _, c := range challenges {
				a := p.Lookup(c)
				v, k, d := bruteForce(p, c)
				require.Equal(t, v, a.Value, "n=%d dupes=%v c=%x", n, dupes, c)
				require.Equal(t, k, a.Index, "n=%d dupes=%v c=%x", n, dupes, c)
				require.Equal(t, d, a.Distance)
				require.Equal(t, p.entries[k].nonce, a.Nonce)
				require.LessOrEqual(t, a.Probes, ProbeBound(n), "n=%d c=%x", n, c)
				require.Positive(t, a.Probes)
				if c > last {
					wrapped++
					assert.Equal(t, 0, a.Index, "past the last value, the answer wraps to the first")
				}
				if k+1 < n && p.Value(k+1) == v {
					dupHits++
				}
			}
		}
	}
	assert.Greater(t, wrapped, 50, "wrap-around was exercised")
	assert.Greater(t, dupHits, 50, "answers among equal values were exercised")
}

// ProbeBound is ceil(log2 n) + 1, and a search can need all of it.
func TestProbeBound(t *testing.T) {
	for n := 1; n <= 5000; n++ {
		want := int(math.Ceil(math.Log2(float64(n)))) + 1
		require.Equal(t, want, ProbeBound(n), "n=%d", n)
	}
	assert.Equal(t, 0, ProbeBound(0))
	assert.Equal(t, 17, ProbeBound(MaxEntries))

	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{2, 8, 64, 1024} {
		p := randomPlot(r, n, false)
		most := 0
		for k := range n {
			most = max(most, p.Lookup(p.Value(k)).Probes, p.Lookup(p.Value(n-1)+1).Probes)
		}
		assert.Equal(t, ProbeBound(n), most, "n=%d: the bound is reached", n)
	}
}

func TestVerify(t *testing.T) {
	p, err := NewPlot("bob", "s", 500)
	require.NoError(t, err)
	for _, c := range []uint64{0, 12345, math.MaxUint64, p.Value(499) + 1} {
		a := p.Lookup(c)
		require.NoError(t, Verify("bob", "s", c, a))
		bad := a
		bad.Value++
		assert.Error(t, Verify("bob", "s", c, bad), "a value that was not plotted")
		bad = a
		bad.Distance--
		assert.Error(t, Verify("bob", "s", c, bad), "a distance that was not earned")
		assert.Error(t, Verify("carol", "s", c, a), "somebody else's plot")
	}
}

func TestPlotBadInput(t *testing.T) {
	for _, tc := range []struct {
		name string
		n    int
		err  error
	}{
		{"a", 0, ErrBadSize},
		{"a", -1, ErrBadSize},
		{"a", MaxEntries + 1, ErrBadSize},
		{"", 10, ErrEmptyName},
	} {
		p, err := NewPlot(tc.name, "s", tc.n)
		assert.ErrorIs(t, err, tc.err, "%q %d", tc.name, tc.n)
		assert.Nil(t, p)
	}
	p, err := NewPlot("a", "s", MaxEntries)
	require.NoError(t, err)
	assert.Equal(t, MaxEntries, p.Len())
}

func BenchmarkPlot(b *testing.B) {
	for b.Loop() {
		if _, err := NewPlot("alice", "bench", 4096); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(4096*b.N)/b.Elapsed().Seconds(), "hashes/s")
}

func BenchmarkLookup(b *testing.B) {
	p, err := NewPlot("alice", "bench", 4096)
	if err != nil {
		b.Fatal(err)
	}
	c, probes := uint64(0), 0
	for b.Loop() {
		c += 0x9e3779b97f4a7c15
		probes += p.Lookup(c).Probes
	}
	b.ReportMetric(float64(probes)/float64(b.N), "probes/op")
}
