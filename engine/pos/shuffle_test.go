package pos

import (
	"sort"
	"testing"

	"github.com/consensus-lab/playground/engine/internal/vectors"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type shuffleFile struct {
	SpecSources map[string]string `json:"spec_sources"`
	Cases       []struct {
		Preset     string   `json:"preset"`
		Rounds     uint8    `json:"shuffle_round_count"`
		Seed       Hash     `json:"seed"`
		Count      uint64   `json:"count"`
		Mapping    []uint64 `json:"mapping"`
		Verified   bool     `json:"verified"`
		SourceInfo struct {
			Path string `json:"path"`
		} `json:"source"`
	} `json:"cases"`
}

func loadShuffle(t *testing.T) shuffleFile {
	t.Helper()
	var f shuffleFile
	require.NoError(t, vectors.Decode("shuffle.json", &f))
	require.NotEmpty(t, f.Cases)
	return f
}

// Every mapping in shuffle.json, three ways: index by index, as a whole
// permutation, and through the trace.
func TestShuffleVectors(t *testing.T) {
	f := loadShuffle(t)
	presetRounds := map[string]uint8{"minimal": ShuffleRoundsMinimal, "mainnet": ShuffleRoundsMainnet}
	for _, c := range f.Cases {
		t.Run(c.Preset+"/"+c.Seed.String()[:10]+"/"+itoa(c.Count), func(t *testing.T) {
			require.Equal(t, presetRounds[c.Preset], c.Rounds, "preset round count")
			require.Len(t, c.Mapping, int(c.Count))
			for i, want := range c.Mapping {
				got, err := ShuffledIndex(uint64(i), c.Count, c.Seed, c.Rounds)
				require.NoError(t, err)
				assert.Equal(t, want, got, "index %d", i)

				tr, err := TraceShuffledIndex(uint64(i), c.Count, c.Seed, c.Rounds)
				require.NoError(t, err)
				assert.Equal(t, want, tr.Result)
				require.Len(t, tr.Rounds, int(c.Rounds))
			}
			perm, err := ShuffledPermutation(c.Count, c.Seed, c.Rounds)
			require.NoError(t, err)
			assert.Equal(t, c.Mapping, perm)
		})
	}
}

func itoa(v uint64) string {
	if v == 0 {
		return "0"
	}
	var b []byte
	for ; v > 0; v /= 10 {
		b = append([]byte{byte('0' + v%10)}, b...)
	}
	return string(b)
}

func TestShuffleErrors(t *testing.T) {
	var seed Hash
	tests := []struct {
		name         string
		index, count uint64
		err          error
	}{
		{"count zero", 0, 0, ErrCountZero},
		{"index equals count", 5, 5, ErrIndexOutOfRange},
		{"index beyond count", 9, 5, ErrIndexOutOfRange},
		{"count above 2^40", 0, MaxShuffleCount + 1, ErrCountTooLarge},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ShuffledIndex(tc.index, tc.count, seed, 90)
			assert.ErrorIs(t, err, tc.err)
			_, err = TraceShuffledIndex(tc.index, tc.count, seed, 90)
			assert.ErrorIs(t, err, tc.err)
		})
	}
	_, err := ShuffledPermutation(MaxPermutationCount+1, seed, 10)
	assert.ErrorIs(t, err, ErrCountTooLarge)
}

// Counts near the top of the range must not overflow (pivot + count -
// index in uint64) and must still be a bijection on the pair they touch.
func TestShuffleHugeCount(t *testing.T) {
	seed := SeedFromText("huge")
	for _, idx := range []uint64{0, 1, MaxShuffleCount / 2, MaxShuffleCount - 1} {
		got, err := ShuffledIndex(idx, MaxShuffleCount, seed, 90)
		require.NoError(t, err)
		assert.Less(t, got, uint64(MaxShuffleCount))
	}
}

// The whole-permutation function must agree with the per-index function
// on sizes that span several 256-position buckets, and be a permutation.
func TestPermutationMatchesIndex(t *testing.T) {
	for _, count := range []uint64{1, 2, 255, 256, 257, 700} {
		seed := SeedFromText("perm-" + itoa(count))
		for _, rounds := range []uint8{0, 1, 10, 90} {
			perm, err := ShuffledPermutation(count, seed, rounds)
			require.NoError(t, err)
			sorted := append([]uint64(nil), perm...)
			sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
			for i, v := range sorted {
				require.Equal(t, uint64(i), v, "not a permutation: count %d rounds %d", count, rounds)
			}
			if rounds == 0 {
				assert.Equal(t, sorted, perm, "zero rounds is the identity")
			}
			for _, i := range []uint64{0, count / 2, count - 1} {
				want, err := ShuffledIndex(i, count, seed, rounds)
				require.NoError(t, err)
				assert.Equal(t, want, perm[i], "count %d rounds %d index %d", count, rounds, i)
			}
		}
	}
}

// Each traced round must be internally consistent: flip from pivot, the
// byte and bit taken from the source hash, and the swap decided by the bit.
func TestTraceRoundsConsistent(t *testing.T) {
	seed := SeedFromText("trace")
	const count = 1000
	tr, err := TraceShuffledIndex(777, count, seed, ShuffleRoundsMainnet)
	require.NoError(t, err)
	idx := tr.Index
	for _, r := range tr.Rounds {
		assert.Equal(t, idx, r.IndexBefore)
		assert.Equal(t, (r.Pivot+count-idx)%count, r.Flip)
		assert.Equal(t, max(idx, r.Flip), r.Position)
		assert.Equal(t, uint8((r.Position%256)/8), r.ByteIndex)
		assert.Equal(t, r.Source[r.ByteIndex], r.ByteValue)
		assert.Equal(t, (r.ByteValue>>r.BitIndex)&1, r.Bit)
		assert.Equal(t, r.Bit == 1, r.Swapped)
		if r.Swapped {
			idx = r.Flip
		}
		assert.Equal(t, idx, r.IndexAfter)
	}
	assert.Equal(t, idx, tr.Result)
}

func BenchmarkShuffledIndex(b *testing.B) {
	seed := SeedFromText("bench")
	for i := 0; b.Loop(); i++ {
		_, _ = ShuffledIndex(uint64(i%1000), 1000, seed, ShuffleRoundsMainnet)
	}
}

func BenchmarkShuffledPermutation1000(b *testing.B) {
	seed := SeedFromText("bench")
	for b.Loop() {
		_, _ = ShuffledPermutation(1000, seed, ShuffleRoundsMainnet)
	}
	b.ReportMetric(float64(b.N*1000)/b.Elapsed().Seconds(), "indices/s")
}
