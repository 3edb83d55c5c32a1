package pow

import (
	"math/big"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCompactVectors(t *testing.T) {
	v := loadPow(t)
	for _, tc := range v.Compact.Examples {
		t.Run(tc.Bits, func(t *testing.T) {
			bits := hexUint32(t, tc.Bits)
			var want *big.Int
			switch {
			case tc.Expected != "":
				want = signedHex(t, tc.Expected)
			case tc.ExpectedHex != "":
				want = bigHex(t, tc.ExpectedHex)
			default:
				t.Fatal("example without an expected target")
			}

			c := DecodeCompact(bits)
			assert.Equal(t, tc.Negative, c.Negative, "negative flag")
			assert.Equal(t, tc.Overflow, c.Overflow, "overflow flag")
			assert.Equal(t, 0, want.Cmp(c.Target), "decoded %s, want %s", c.Target.Text(16), want.Text(16))

			got, err := CompactToTarget(bits)
			switch {
			case tc.Negative:
				assert.ErrorIs(t, err, ErrNegativeTarget)
				assert.Nil(t, got)
			case tc.Overflow:
				assert.ErrorIs(t, err, ErrTargetOverflow)
			default:
				require.NoError(t, err)
				assert.Equal(t, 0, want.Cmp(got))
			}
			// Every decoded value has at most three significant bytes, so
			// GetCompact encodes it exactly (sign included).
			back := DecodeCompact(TargetToCompact(want))
			assert.Equal(t, 0, want.Cmp(back.Target), "round trip through TargetToCompact")
			if tc.Negative {
				assert.Equal(t, bits, TargetToCompact(want), "GetCompact(true) restores the sign bit")
			}
		})
	}
}

func TestDifficultyOneAndPowLimit(t *testing.T) {
	v := loadPow(t).Compact
	d1 := DifficultyOneTarget()
	assert.Equal(t, 0, bigHex(t, v.Difficulty1Target).Cmp(d1))
	dec, ok := new(big.Int).SetString(v.Difficulty1Dec, 10)
	require.True(t, ok)
	assert.Equal(t, 0, dec.Cmp(d1))
	assert.Equal(t, hexUint32(t, v.Difficulty1Bits), DifficultyOneBits)
	fromBits, err := CompactToTarget(DifficultyOneBits)
	require.NoError(t, err)
	assert.Equal(t, 0, d1.Cmp(fromBits))
	assert.Equal(t, DifficultyOneBits, TargetToCompact(d1))

	limit := MainnetPowLimit()
	assert.Equal(t, 0, bigHex(t, v.PowLimit).Cmp(limit))
	assert.Equal(t, hexUint32(t, v.PowLimitCompact), TargetToCompact(limit))
	assert.Equal(t, 1, limit.Cmp(d1), "the pow limit is slightly above the difficulty-1 target")

	diff, err := Difficulty(DifficultyOneBits)
	require.NoError(t, err)
	assert.Equal(t, 1.0, diff)

	// The getters hand out copies.
	d1.SetInt64(7)
	limit.SetInt64(7)
	assert.Equal(t, 0, bigHex(t, v.Difficulty1Target).Cmp(DifficultyOneTarget()))
	assert.Equal(t, 0, bigHex(t, v.PowLimit).Cmp(MainnetPowLimit()))
}

// TestCompactEdges covers Core's sign and overflow rules at their borders
// (cases in the style of Bitcoin Core's arith_uint256 tests).
func TestCompactEdges(t *testing.T) {
	tests := []struct {
		bits               uint32
		negative, overflow bool
	}{
		{0x00000000, false, false},
		{0x00123456, false, false}, // size 0: shifted out entirely
		{0x00800000, false, false}, // sign bit with a zero mantissa is zero, not negative
		{0x01803456, true, false},
		{0xff800000, false, false},
		{0x20ffffff, true, false},
		{0x207fffff, false, false},
		{0x2100ffff, false, false}, // 0xffff << 240: still 256 bits
		{0x21010000, false, true},  // 0x010000 << 240 needs 257
		{0x220000ff, false, false},
		{0x22000100, false, true},
		{0x23000000, false, false}, // zero mantissa never overflows
		{0x23000001, false, true},
		{0xff123456, false, true},
		{0xff923456, true, true},
	}
	for _, tc := range tests {
		c := DecodeCompact(tc.bits)
		assert.Equal(t, tc.negative, c.Negative, "%#08x negative", tc.bits)
		assert.Equal(t, tc.overflow, c.Overflow, "%#08x overflow", tc.bits)
		got, err := CompactToTarget(tc.bits)
		if tc.negative || tc.overflow {
			assert.Error(t, err, "%#08x", tc.bits)
			continue
		}
		require.NoError(t, err, "%#08x", tc.bits)
		assert.LessOrEqual(t, got.BitLen(), 256, "%#08x", tc.bits)
	}
	// Overflow is exactly "does not fit in 256 bits" for positive values.
	for size := uint32(30); size <= 40; size++ {
		for _, m := range []uint32{1, 0xff, 0x100, 0xffff, 0x10000, 0x7fffff} {
			c := DecodeCompact(size<<24 | m)
			assert.Equal(t, c.Target.BitLen() > 256, c.Overflow, "%#08x", size<<24|m)
		}
	}
}

func TestTargetToCompact(t *testing.T) {
	assert.Equal(t, uint32(0), TargetToCompact(nil))
	assert.Equal(t, uint32(0), TargetToCompact(new(big.Int)))
	assert.Equal(t, uint32(0xff7fffff), TargetToCompact(new(big.Int).Lsh(big.NewInt(1), 8*255)))
	// Truncation: the decoded target never exceeds the input, and keeps its
	// top three bytes.
	x := bigHex(t, "00000000ffffffffffffffffffffffffffffffffffffffffffffffffffffffff")
	d, err := CompactToTarget(TargetToCompact(x))
	require.NoError(t, err)
	assert.Equal(t, -1, d.Cmp(x))
	assert.Equal(t, x.BitLen(), d.BitLen())
	// Negative: the magnitude with the sign bit.
	assert.Equal(t, TargetToCompact(big.NewInt(0x1234))|0x00800000, TargetToCompact(big.NewInt(-0x1234)))
}
