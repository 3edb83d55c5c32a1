package pow

import (
	"math/big"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRetargetVectors(t *testing.T) {
	cases := loadPow(t).Retarget.Cases
	seen := map[string]bool{}
	for _, c := range cases {
		seen[c.Case] = true
	}
	for _, c := range loadSupplement(t).Retarget.Cases {
		if !seen[c.Case] {
			cases = append(cases, c)
		}
	}
	require.Len(t, cases, 4, "Bitcoin Core's four get_next_work cases")
	for _, c := range cases {
		t.Run(c.Case, func(t *testing.T) {
			require.Equal(t, int64(RetargetInterval-1), c.LastHeight%RetargetInterval, "last block of a period")
			got := Retarget(hexUint32(t, c.LastBits), c.LastTime-c.LastRetarget)
			assert.Equal(t, hexUint32(t, c.ExpectedBits), got, "got %#08x", got)
		})
	}
}

func TestRetargetRule(t *testing.T) {
	const bits = 0x1b0404cb // a real 2010s target: far below the pow limit
	target, err := CompactToTarget(bits)
	require.NoError(t, err)
	scaled := func(num, den int64) uint32 {
		v := new(big.Int).Mul(target, big.NewInt(num))
		return TargetToCompact(v.Quo(v, big.NewInt(den)))
	}
	assert.Equal(t, uint32(bits), Retarget(bits, TargetTimespan), "on schedule: unchanged")
	assert.Equal(t, scaled(1, 2), Retarget(bits, TargetTimespan/2))
	assert.Equal(t, scaled(3, 1), Retarget(bits, 3*TargetTimespan))
	assert.Equal(t, scaled(1, 4), Retarget(bits, 0), "clamped to T/4")
	assert.Equal(t, scaled(1, 4), Retarget(bits, -1e12), "clamped to T/4")
	assert.Equal(t, scaled(4, 1), Retarget(bits, 1e12), "clamped to 4T")
	assert.Equal(t, DifficultyOneBits, Retarget(DifficultyOneBits, 4*TargetTimespan), "capped at the pow limit")
	assert.Equal(t, DifficultyOneBits, Retarget(0x207fffff, TargetTimespan), "regtest bits are capped too")
	assert.Equal(t, uint32(0), Retarget(0, TargetTimespan))
	assert.Equal(t, 2016, RetargetInterval)
}
