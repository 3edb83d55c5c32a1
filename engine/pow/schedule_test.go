package pow

import (
	"math"
	"math/big"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOnTargetHashRate(t *testing.T) {
	// Difficulty 1 needs 2^256/(target+1) hashes, about 2^32: ~7.16 MH/s
	// finds one every ten minutes.
	r, err := OnTargetHashRate(DifficultyOneBits)
	require.NoError(t, err)
	target, err := CompactToTarget(DifficultyOneBits)
	require.NoError(t, err)
	assert.InEpsilon(t, ExpectedHashes(target)/600, r, 1e-15)
	assert.InEpsilon(t, math.Ldexp(1, 32)/600, r, 1e-4)
	assert.InDelta(t, 600, ExpectedSeconds(target, r), 1e-9, "on target: ten minutes")

	// Twice the difficulty, twice the rate.
	harder := TargetToCompact(new(big.Int).Rsh(target, 1))
	r2, err := OnTargetHashRate(harder)
	require.NoError(t, err)
	assert.InEpsilon(t, 2*r, r2, 1e-4)

	for _, bits := range []uint32{0x01fe0000 | 0x00800000, 0x23000001, 0x1d000000} {
		_, err := OnTargetHashRate(bits)
		assert.Error(t, err, "bits %#08x", bits)
	}
}

func TestScaledSchedule(t *testing.T) {
	base, err := OnTargetHashRate(DifficultyOneBits)
	require.NoError(t, err)
	s, err := ScaledSchedule(DifficultyOneBits, 1, 4, 0.5)
	require.NoError(t, err)
	assert.Equal(t, base, s(0))
	assert.Equal(t, base, s(RetargetInterval-1))
	assert.Equal(t, 4*base, s(RetargetInterval))
	assert.Equal(t, 0.5*base, s(2*RetargetInterval))
	assert.Equal(t, 0.5*base, s(50*RetargetInterval), "the last multiplier holds")

	for _, bad := range [][]float64{nil, {0}, {-1}, {math.NaN()}, {math.Inf(1)}, {1, MaxRateMultiplier + 1}, {1.0 / (2 * MaxRateMultiplier)}} {
		_, err := ScaledSchedule(DifficultyOneBits, bad...)
		assert.Error(t, err, "%v", bad)
	}
	_, err = ScaledSchedule(0x1d000000, 1)
	assert.Error(t, err, "a zero target has no on-target rate")
}

func TestScaledScheduleOnTargetKeepsTenMinutes(t *testing.T) {
	// A constant x1 schedule from a difficulty well above the pow limit:
	// every period's mean block time stays near 600 s.
	const bits = 0x1b0404cb
	s, err := ScaledSchedule(bits, 1)
	require.NoError(t, err)
	periods, err := SimulateRetarget(RetargetSim{StartBits: bits, Periods: 3, HashRate: s, Seed: 11})
	require.NoError(t, err)
	for _, p := range periods {
		// 2016 exponential draws: the mean is within a few percent.
		assert.InDelta(t, 600, p.MeanBlockTime, 60, "period %d", p.Period)
	}
}

func TestClampTimespan(t *testing.T) {
	for _, tc := range []struct{ in, want int64 }{
		{0, TargetTimespan / 4},
		{-5, TargetTimespan / 4},
		{TargetTimespan / 4, TargetTimespan / 4},
		{TargetTimespan, TargetTimespan},
		{TargetTimespan * 4, TargetTimespan * 4},
		{TargetTimespan*4 + 1, TargetTimespan * 4},
		{math.MaxInt64, TargetTimespan * 4},
	} {
		assert.Equal(t, tc.want, ClampTimespan(tc.in), "%d", tc.in)
	}
	for _, ts := range []int64{-1, 0, 1, 100_000, TargetTimespan/4 - 1, TargetTimespan / 2, TargetTimespan, 3 * TargetTimespan, 5 * TargetTimespan, 1 << 40} {
		for _, bits := range []uint32{DifficultyOneBits, 0x1b0404cb, 0x17034219} {
			assert.Equal(t, Retarget(bits, ts), Retarget(bits, ClampTimespan(ts)), "bits %#08x timespan %d", bits, ts)
		}
	}
}
