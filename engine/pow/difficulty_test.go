package pow

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestZeroBits(t *testing.T) {
	for n := 0; n <= 256; n++ {
		target, err := ZeroBitsTarget(n)
		require.NoError(t, err)
		assert.Equal(t, n, TargetZeroBits(target), "n=%d", n)
		assert.Equal(t, math.Ldexp(1, n), ExpectedHashes(target), "n=%d: 2^n hashes on average", n)

		bits, err := ZeroBitsCompact(n)
		require.NoError(t, err)
		decoded, err := CompactToTarget(bits)
		require.NoError(t, err, "n=%d bits %#08x", n, bits)
		assert.LessOrEqual(t, decoded.Cmp(target), 0, "n=%d: truncation never loosens the target", n)
		assert.Equal(t, n, TargetZeroBits(decoded), "n=%d", n)
	}
	bits, err := ZeroBitsCompact(32)
	require.NoError(t, err)
	assert.Equal(t, hexUint32(t, loadPow(t).Compact.Difficulty1Bits), bits, "difficulty 1 is 32 zero bits")

	for _, n := range []int{-1, 257, math.MinInt} {
		_, err := ZeroBitsTarget(n)
		assert.Error(t, err)
		_, err = ZeroBitsCompact(n)
		assert.Error(t, err)
	}
	assert.Equal(t, 256, TargetZeroBits(nil))
	assert.Equal(t, 256, TargetZeroBits(big.NewInt(-3)))
	assert.Equal(t, 0, TargetZeroBits(new(big.Int).Lsh(big.NewInt(1), 300)))
}

// TestZeroBitsMatchDigests: a digest meets the n-zero-bits target exactly
// when it has at least n leading zero bits.
func TestZeroBitsMatchDigests(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	for range 300 {
		var d Digest
		for i := range d {
			d[i] = byte(r.Uint32())
		}
		// Clear a random number of top bits to reach every count.
		z := r.IntN(40)
		for b := range z {
			d[31-b/8] &^= 0x80 >> (b % 8)
		}
		n := r.IntN(48)
		target, err := ZeroBitsTarget(n)
		require.NoError(t, err)
		assert.Equal(t, d.LeadingZeroBits() >= n, d.Meets(target), "%s n=%d", d, n)
	}
}

func TestExpectedWork(t *testing.T) {
	v := loadPow(t)
	// Expected hashes and bdiff are two views of one quantity:
	// hashes = difficulty * 2^256 / (difficulty-1 target), up to the +1.
	per := new(big.Float).SetInt(new(big.Int).Lsh(big.NewInt(1), 256))
	per.Quo(per, new(big.Float).SetInt(DifficultyOneTarget()))
	perDiff, _ := per.Float64()
	for _, h := range v.Headers {
		target := bigHex(t, h.Target)
		assert.InEpsilon(t, h.Bdiff*perDiff, ExpectedHashes(target), 1e-9, h.Name)
	}
	// Core's chain work of one difficulty-1 block (the genesis block's
	// chainwork, 0x100010001).
	assert.Equal(t, "100010001", BlockWork(DifficultyOneBits).Text(16))
	assert.Equal(t, 0, BlockWork(0x04923456).Sign(), "negative bits add no work")
	assert.Equal(t, 0, BlockWork(0).Sign(), "a zero target adds no work")

	assert.True(t, math.IsInf(ExpectedHashes(nil), 1))
	assert.True(t, math.IsInf(ExpectedHashes(big.NewInt(-1)), 1))
	assert.Equal(t, 1.0, ExpectedHashes(new(big.Int).Lsh(big.NewInt(1), 260)))
	assert.Equal(t, math.Ldexp(1, 256), ExpectedHashes(big.NewInt(0)))

	t20, err := ZeroBitsTarget(20)
	require.NoError(t, err)
	assert.Equal(t, float64(1<<20)/1e6, ExpectedSeconds(t20, 1e6))
	assert.True(t, math.IsInf(ExpectedSeconds(t20, 0), 1))
	assert.True(t, math.IsInf(ExpectedSeconds(t20, math.NaN()), 1))
	assert.Equal(t, float64(1<<20)*17.5e-12, ExpectedEnergy(t20, 17.5e-12))
	assert.InEpsilon(t, float64(1<<20)*2/JoulesPerKWh, ExpectedEnergy(t20, 2)/JoulesPerKWh, 1e-15)
}

func TestDifficultyErrors(t *testing.T) {
	for _, bits := range []uint32{0, 0x01003456, 0x04923456, 0xff123456} {
		_, err := Difficulty(bits)
		assert.Error(t, err, "%#08x", bits)
	}
	_, err := TargetDifficulty(nil)
	assert.Error(t, err)
	d, err := TargetDifficulty(new(big.Int).Rsh(DifficultyOneTarget(), 1))
	require.NoError(t, err)
	assert.Equal(t, 2.0, d)
}
