package pow

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// onTarget is the hash rate that mines difficulty-1 blocks every 600 s.
func onTarget(t *testing.T) float64 {
	t.Helper()
	d1, err := CompactToTarget(DifficultyOneBits)
	require.NoError(t, err)
	return ExpectedHashes(d1) / TargetSpacing
}

// blockTimeSlack bounds the mean of 2016 exponential intervals with mean m:
// its standard error is m/sqrt(2016); 5 of them.
func blockTimeSlack(m float64) float64 { return 5 * m / math.Sqrt(RetargetInterval) }

func TestSimulateRetargetSteady(t *testing.T) {
	rate := onTarget(t)
	ps, err := SimulateRetarget(RetargetSim{Periods: 4, HashRate: PerPeriod(rate), Seed: 1})
	require.NoError(t, err)
	require.Len(t, ps, 4)
	assert.Equal(t, DifficultyOneBits, ps[0].Bits, "StartBits 0 means difficulty 1")
	for i, p := range ps {
		assert.Equal(t, i, p.Period)
		assert.InDelta(t, TargetSpacing, p.MeanBlockTime, blockTimeSlack(TargetSpacing), "period %d", i)
		assert.InDelta(t, rate, p.MeanHashRate, rate*1e-12)
		assert.Equal(t, Retarget(p.Bits, p.Timespan), p.NextBits, "the real rule")
		if i > 0 {
			assert.Equal(t, ps[i-1].NextBits, p.Bits, "each period mines at the bits the last one chose")
		}
		diff, err := Difficulty(p.Bits)
		require.NoError(t, err)
		assert.Equal(t, diff, p.Difficulty)
	}
}

func TestSimulateRetargetFollowsHashRate(t *testing.T) {
	rate := onTarget(t)
	ps, err := SimulateRetarget(RetargetSim{Periods: 4, HashRate: PerPeriod(rate, 2*rate), Seed: 2})
	require.NoError(t, err)
	// Twice the hash rate at the same difficulty: blocks twice as fast.
	assert.InDelta(t, TargetSpacing/2, ps[1].MeanBlockTime, blockTimeSlack(TargetSpacing/2))
	// After the retarget the difficulty has about doubled (the 2015-interval
	// timespan and chance move it a few percent) and blocks are back on time.
	assert.InDelta(t, 2*ps[1].Difficulty, ps[2].Difficulty, 0.15*2*ps[1].Difficulty)
	assert.InDelta(t, TargetSpacing, ps[3].MeanBlockTime, blockTimeSlack(TargetSpacing)+0.1*TargetSpacing)
}

func TestSimulateRetargetClampsAndCaps(t *testing.T) {
	rate := onTarget(t)
	// Ten times the hash rate: the retarget may only quadruple difficulty.
	ps, err := SimulateRetarget(RetargetSim{Periods: 2, HashRate: PerPeriod(10 * rate), Seed: 3})
	require.NoError(t, err)
	assert.Less(t, ps[0].Timespan, int64(TargetTimespan/4))
	assert.Equal(t, Retarget(ps[0].Bits, TargetTimespan/4), ps[1].Bits)
	assert.InEpsilon(t, 4*ps[0].Difficulty, ps[1].Difficulty, 1e-3)

	// Half the hash rate at difficulty 1: the target cannot rise above the
	// pow limit, so blocks stay slow.
	ps, err = SimulateRetarget(RetargetSim{Periods: 3, HashRate: PerPeriod(rate / 2), Seed: 4})
	require.NoError(t, err)
	for _, p := range ps {
		assert.Equal(t, DifficultyOneBits, p.Bits)
		assert.InDelta(t, 2*TargetSpacing, p.MeanBlockTime, blockTimeSlack(2*TargetSpacing))
	}
}

func TestSimulateRetargetPerBlockSchedule(t *testing.T) {
	rate := onTarget(t)
	// A per-block ramp: the hash rate grows linearly through the period.
	ramp := func(h int) float64 { return rate * (1 + float64(h)/RetargetInterval) }
	ps, err := SimulateRetarget(RetargetSim{StartBits: DifficultyOneBits, Periods: 1, HashRate: ramp, Seed: 5})
	require.NoError(t, err)
	assert.InEpsilon(t, 1.5*rate, ps[0].MeanHashRate, 1e-3)
	assert.Less(t, ps[0].MeanBlockTime, float64(TargetSpacing))
}

func TestSimulateRetargetSeeded(t *testing.T) {
	sim := RetargetSim{Periods: 2, HashRate: PerPeriod(onTarget(t)), Seed: 9}
	a, err := SimulateRetarget(sim)
	require.NoError(t, err)
	b, err := SimulateRetarget(sim)
	require.NoError(t, err)
	assert.Equal(t, a, b)
	sim.Seed = 10
	c, err := SimulateRetarget(sim)
	require.NoError(t, err)
	assert.NotEqual(t, a[0].Timespan, c[0].Timespan)
}

func TestSimulateRetargetErrors(t *testing.T) {
	rate := onTarget(t)
	for name, sim := range map[string]RetargetSim{
		"no periods":     {Periods: 0, HashRate: PerPeriod(rate)},
		"too many":       {Periods: MaxSimPeriods + 1, HashRate: PerPeriod(rate)},
		"no schedule":    {Periods: 1},
		"empty schedule": {Periods: 1, HashRate: PerPeriod()},
		"zero rate":      {Periods: 2, HashRate: PerPeriod(rate, 0)},
		"negative rate":  {Periods: 1, HashRate: PerPeriod(-1)},
		"NaN rate":       {Periods: 1, HashRate: PerPeriod(math.NaN())},
		"infinite rate":  {Periods: 1, HashRate: PerPeriod(math.Inf(1))},
		"bad bits":       {StartBits: 0x04923456, Periods: 1, HashRate: PerPeriod(rate)},
		"zero target":    {StartBits: 0x01003456, Periods: 1, HashRate: PerPeriod(rate)},
		"absurdly slow":  {Periods: 1, HashRate: PerPeriod(1e-300)},
	} {
		_, err := SimulateRetarget(sim)
		assert.Error(t, err, name)
	}
}
