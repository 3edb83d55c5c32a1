package space

import (
	"crypto/sha256"
	"encoding/binary"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/engine/pos"
)

func mustFarm(t testing.TB, farmers, seed string) *Farm {
	t.Helper()
	fs, err := ParseFarmers(farmers)
	require.NoError(t, err)
	f, err := NewFarm(fs, seed)
	require.NoError(t, err)
	return f
}

func TestChallengeIsTheModel(t *testing.T) {
	prev := Genesis("lesson")
	assert.Equal(t, sha256.Sum256([]byte("lesson")), prev)
	sum := sha256.Sum256(binary.BigEndian.AppendUint64(prev[:], 7))
	assert.Equal(t, binary.BigEndian.Uint64(sum[:8]), Challenge(prev, 7))
	assert.NotEqual(t, Challenge(prev, 7), Challenge(prev, 8), "the height matters")
	assert.NotEqual(t, Challenge(prev, 7), Challenge(Genesis("other"), 7), "the previous hash matters")
}

// Each round's winner has the smallest distance, every answer is the
// farmer's own lookup and verifies, and rounds chain through their hashes.
func TestRoundPicksTheSmallestDistanceAndChains(t *testing.T) {
	f := mustFarm(t, "alice:512,bob:256,carol:128", "chain")
	prev := Genesis("chain")
	var winners []int
	for h := uint64(1); h <= 50; h++ {
		r := f.Round(prev, h)
		require.Equal(t, prev, r.Prev)
		require.Equal(t, Challenge(prev, h), r.Challenge)
		require.Len(t, r.Answers, 3)
		probes := 0
		for i, a := range r.Answers {
			p := f.Plots()[i]
			assert.Equal(t, p.Lookup(r.Challenge), a)
			assert.NoError(t, Verify(p.Name(), "chain", r.Challenge, a))
			assert.LessOrEqual(t, r.Answers[r.Winner].Distance, a.Distance)
			if a.Distance == r.Answers[r.Winner].Distance {
				assert.LessOrEqual(t, r.Winner, i, "the first farmer on a tie")
			}
			probes += a.Probes
		}
		assert.Equal(t, probes, r.Probes)
		w := r.Answers[r.Winner]
		msg := binary.BigEndian.AppendUint64(append(r.Prev[:], []byte{}...), h)
		msg = append(msg, f.Plots()[r.Winner].Name()...)
		msg = binary.BigEndian.AppendUint64(msg, w.Value)
		assert.Equal(t, sha256.Sum256(msg), r.Hash)
		winners = append(winners, r.Winner)
		prev = r.Hash
	}
	res, err := f.Race(Genesis("chain"), 50)
	require.NoError(t, err)
	assert.Equal(t, prev, res.Last, "Race follows the same chain")
	counts := make([]uint64, 3)
	for _, w := range winners {
		counts[w]++
	}
	assert.Equal(t, counts, res.Wins)
}

// P(farmer j wins) = n_j / sum(n): the first of all plotted points after a
// random challenge is equally likely to be any of them. Pearson's
// chi-square at the 1% level over 4000 blocks, with a fixed seed like the
// pos lottery test.
//
// Why the plots are large: given the plots, farmer j's chance is the arc
// its points own, which scatters around n_j/N like Beta(n_j, N-n_j)
// (variance about p(1-p)/N). That inflates the statistic by about 1 +
// rounds/N, so N = 131072 against 4000 rounds keeps the inflation near 3%
// and the test about the model, not one plot's luck.
func TestRaceFrequenciesMatchPlotShares(t *testing.T) {
	f := mustFarm(t, "alice:65536,bob:32768,carol:16384,dave:16384", "race-test-seed")
	const rounds = 4000
	res, err := f.Race(Genesis("race-test-seed"), rounds)
	require.NoError(t, err)
	assert.Equal(t, []string{"alice", "bob", "carol", "dave"}, res.Names)
	assert.Equal(t, []int{65536, 32768, 16384, 16384}, res.Entries)
	assert.Equal(t, []float64{0.5, 0.25, 0.125, 0.125}, res.Expected)
	assert.Equal(t, uint64(131072), res.Hashes)
	expected := make([]float64, len(res.Expected))
	var total uint64
	for i, s := range res.Expected {
		expected[i] = s * rounds
		total += res.Wins[i]
	}
	require.Equal(t, uint64(rounds), total)
	stat, df, err := pos.ChiSquare(res.Wins, expected)
	require.NoError(t, err)
	crit, err := pos.ChiSquareCritical(df, 0.01)
	require.NoError(t, err)
	assert.Less(t, stat, crit, "wins %v expected %v", res.Wins, expected)
	t.Logf("wins %v, expected %v: chi-square %.3f, df %d, 1%% critical %.3f", res.Wins, expected, stat, df, crit)

	// The same wins against equal shares fail: the test has power.
	equal := []float64{rounds / 4, rounds / 4, rounds / 4, rounds / 4}
	wrong, _, err := pos.ChiSquare(res.Wins, equal)
	require.NoError(t, err)
	assert.Greater(t, wrong, crit)

	// Per block, each farmer reads at most ProbeBound entries, against
	// plotting's one hash per entry.
	assert.LessOrEqual(t, res.Probes, uint64(rounds*(17+16+15+15)))
	assert.Greater(t, res.Probes, uint64(rounds*4*14), "a binary search, not a lucky shortcut")
}

func TestRaceIsReproducible(t *testing.T) {
	f := mustFarm(t, "a:300,b:200,c:100", "s1")
	r1, err := f.Race(Genesis("s1"), 300)
	require.NoError(t, err)
	r2, err := mustFarm(t, "a:300,b:200,c:100", "s1").Race(Genesis("s1"), 300)
	require.NoError(t, err)
	assert.Equal(t, r1, r2, "same seed, same race")
	r3, err := mustFarm(t, "a:300,b:200,c:100", "s2").Race(Genesis("s2"), 300)
	require.NoError(t, err)
	assert.NotEqual(t, r1.Wins, r3.Wins, "another seed, another race")
	assert.NotEqual(t, r1.Last, r3.Last)
}

func TestFarmBadInput(t *testing.T) {
	many := make([]Farmer, MaxFarmers+1)
	for i := range many {
		many[i] = Farmer{Name: strings.Repeat("x", i+1), Entries: 1}
	}
	for _, tc := range []struct {
		name    string
		farmers []Farmer
		err     error
	}{
		{"none", nil, ErrNoFarmers},
		{"empty name", []Farmer{{"a", 1}, {"", 1}}, ErrEmptyName},
		{"duplicate", []Farmer{{"a", 1}, {"b", 2}, {"a", 3}}, ErrDuplicateName},
		{"zero entries", []Farmer{{"a", 0}}, ErrBadSize},
		{"too large", []Farmer{{"a", MaxEntries + 1}}, ErrBadSize},
		{"too many", many, ErrBadFarmers},
	} {
		f, err := NewFarm(tc.farmers, "s")
		assert.ErrorIs(t, err, tc.err, tc.name)
		assert.Nil(t, f, tc.name)
	}
	f := mustFarm(t, "a:1,b:1", "s")
	for _, n := range []int{0, -1, MaxRounds + 1} {
		_, err := f.Race(Genesis("s"), n)
		assert.ErrorIs(t, err, ErrBadRounds, "%d rounds", n)
	}
}

func TestParseFarmers(t *testing.T) {
	fs, err := ParseFarmers(" alice:4096, bob : 2048 ,carol:1 ")
	require.NoError(t, err)
	assert.Equal(t, []Farmer{{"alice", 4096}, {"bob", 2048}, {"carol", 1}}, fs)
	for in, want := range map[string]error{
		"":                                 ErrNoFarmers,
		"  ":                               ErrNoFarmers,
		"alice":                            ErrBadFarmers,
		"alice:x":                          ErrBadFarmers,
		"alice:1,":                         ErrBadFarmers,
		"alice:1.5":                        ErrBadFarmers,
		strings.Repeat("a:1,", 64) + "z:1": ErrBadFarmers,
	} {
		_, err := ParseFarmers(in)
		assert.ErrorIs(t, err, want, "%q", in)
	}
}

// ParseFarmers takes text from URLs and lessons: it must never panic, and
// what it accepts must survive NewFarm's checks or fail them with an error.
func FuzzParseFarmers(f *testing.F) {
	for _, s := range []string{"alice:4096,bob:2048,carol:1024", "a:1", "a:0", "a:-5", ":3", "a:1,a:1", "a:99999999999999999999", " x : 7 ", "a:1,,b:2", "é:3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fs, err := ParseFarmers(s)
		if err != nil {
			return
		}
		require.NotEmpty(t, fs)
		require.LessOrEqual(t, len(fs), MaxFarmers)
		total := 0
		for _, x := range fs {
			if x.Entries > 0 && x.Entries <= MaxEntries {
				total += x.Entries
			}
		}
		if total > 4*MaxEntries {
			return // valid but slow to plot; the sizes were checked above
		}
		farm, err := NewFarm(fs, "fuzz")
		if err == nil {
			assert.Len(t, farm.Plots(), len(fs))
		}
	})
}

func BenchmarkRound(b *testing.B) {
	f := mustFarm(b, "alice:4096,bob:2048,carol:1024", "bench")
	prev := Genesis("bench")
	h := uint64(0)
	for b.Loop() {
		h++
		prev = f.Round(prev, h).Hash
	}
}
