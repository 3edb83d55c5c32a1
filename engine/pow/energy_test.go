package pow

import (
	"math"
	"math/big"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/engine/internal/vectors"
)

func TestBlocksPerYear(t *testing.T) {
	assert.Equal(t, 52596.0, BlocksPerYear) // 365.25 * 144
}

// At the genesis difficulty a block takes 2^256/(0xffff*2^208+1) hashes,
// a little over 2^32; the energy is that times the joules per hash.
func TestEnergyFromBitsGenesis(t *testing.T) {
	var v powVectors
	require.NoError(t, vectors.Decode("pow.json", &v))
	for _, h := range v.Headers {
		bits := h.Fields.BitsU32
		target, err := CompactToTarget(bits)
		require.NoError(t, err)
		const jph = 17.5e-12
		e, err := EnergyFromBits(bits, jph)
		require.NoError(t, err, h.Name)
		assert.Equal(t, ExpectedHashes(target), e.HashesPerBlock, h.Name)
		assert.Equal(t, ExpectedEnergy(target, jph), e.JoulesPerBlock, h.Name)
		assert.InDelta(t, e.HashesPerBlock/600, e.HashRate, e.HashRate*1e-12, h.Name)
		assert.InDelta(t, e.JoulesPerBlock/600, e.PowerWatts, e.PowerWatts*1e-12, h.Name)
		assert.InDelta(t, e.JoulesPerBlock*52596, e.JoulesPerYear, e.JoulesPerYear*1e-12, h.Name)
		// bdiff * 2^32 * 65536/65535 is the same expectation.
		assert.InEpsilon(t, h.Bdiff*math.Ldexp(1, 32)*65536/65535, e.HashesPerBlock, 1e-6, h.Name)
	}
	e, err := EnergyFromBits(DifficultyOneBits, 1)
	require.NoError(t, err)
	want, _ := new(big.Rat).SetFrac(new(big.Int).Lsh(big.NewInt(1), 256), new(big.Int).Add(DifficultyOneTarget(), big.NewInt(1))).Float64()
	assert.Equal(t, want, e.HashesPerBlock)
}

// The same network seen two ways: the hash rate a difficulty implies gives
// back the same energy.
func TestEnergyFromHashRateAgreesWithBits(t *testing.T) {
	const bits = 0x17034219 // Bitcoin block 840000 (April 2024)
	byBits, err := EnergyFromBits(bits, 17.5e-12)
	require.NoError(t, err)
	byRate, err := EnergyFromHashRate(byBits.HashRate, 17.5e-12)
	require.NoError(t, err)
	assert.InEpsilon(t, byBits.JoulesPerYear, byRate.JoulesPerYear, 1e-12)
	assert.InEpsilon(t, byBits.HashesPerBlock, byRate.HashesPerBlock, 1e-12)
	// Doubling the hash rate doubles the energy; halving J/hash halves it.
	double, err := EnergyFromHashRate(2*byBits.HashRate, 17.5e-12)
	require.NoError(t, err)
	assert.InEpsilon(t, 2*byBits.JoulesPerYear, double.JoulesPerYear, 1e-12)
	half, err := EnergyFromBits(bits, 8.75e-12)
	require.NoError(t, err)
	assert.InEpsilon(t, byBits.JoulesPerYear/2, half.JoulesPerYear, 1e-12)
}

func TestEnergyRejectsBadInput(t *testing.T) {
	for _, j := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		_, err := EnergyFromBits(DifficultyOneBits, j)
		assert.ErrorIs(t, err, ErrBadEnergyInput, "%v", j)
		_, err = EnergyFromHashRate(1e18, j)
		assert.ErrorIs(t, err, ErrBadEnergyInput, "%v", j)
	}
	for _, r := range []float64{0, -5, math.NaN(), math.Inf(1)} {
		_, err := EnergyFromHashRate(r, 1e-12)
		assert.ErrorIs(t, err, ErrBadEnergyInput, "%v", r)
	}
	for _, bits := range []uint32{0, 0x04923456, 0xff123456, 0x01003456} {
		_, err := EnergyFromBits(bits, 1e-12)
		assert.ErrorIs(t, err, ErrBadEnergyInput, "%#x", bits)
	}
}
