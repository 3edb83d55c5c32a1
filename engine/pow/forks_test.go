package pow

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// The stale rate of the network simulation against StaleApprox: within 10%
// of the approximation (plus 0.001 for counting noise; a run of 200,000
// blocks at ratio 0.01 has about 1,000 stale blocks, a 3% spread) while
// the delay is at most a tenth of the interval. Bitcoin sits near the
// bottom row: seconds of delay against 600 s.
func TestSimulateForksStaleRate(t *testing.T) {
	for _, nodes := range []int{2, 10, 64} {
		for _, ratio := range []float64{0.01, 0.05, 0.1} {
			res, err := SimulateForks(ForkSim{Nodes: nodes, Interval: 600, Delay: 600 * ratio, Blocks: 200_000, Seed: 42})
			require.NoError(t, err)
			want := StaleApprox(nodes, ratio)
			require.Equal(t, want, res.Approx)
			require.InDelta(t, want, res.StaleRate, 0.1*want+0.001, "nodes %d ratio %v", nodes, ratio)
			require.Equal(t, res.Blocks, res.Main+res.Stale)
		}
	}
}

// Shrinking the interval toward the delay makes more of the work stale,
// and the simple approximation overstates it there.
func TestSimulateForksGrowsAsIntervalShrinks(t *testing.T) {
	last := -1.0
	for _, interval := range []float64{600, 120, 30, 12, 6, 2} {
		res, err := SimulateForks(ForkSim{Nodes: 10, Interval: interval, Delay: 2, Blocks: 50_000, Seed: 3})
		require.NoError(t, err)
		require.Greater(t, res.StaleRate, last, "interval %v", interval)
		last = res.StaleRate
	}
	res, err := SimulateForks(ForkSim{Nodes: 10, Interval: 2, Delay: 2, Blocks: 50_000, Seed: 3})
	require.NoError(t, err)
	require.Less(t, res.StaleRate, res.Approx)
	require.Greater(t, res.StaleRate, 0.3, "a delay as long as the interval wastes about half the blocks")
	require.Positive(t, res.Reorgs)
}

func TestSimulateForksNoDelayNoForks(t *testing.T) {
	res, err := SimulateForks(ForkSim{Nodes: 8, Interval: 600, Delay: 0, Blocks: 10_000, Seed: 1})
	require.NoError(t, err)
	require.Zero(t, res.Stale)
	require.Zero(t, res.Reorgs)
	require.Zero(t, res.Approx)
}

func TestSimulateForksTree(t *testing.T) {
	res, err := SimulateForks(ForkSim{Nodes: 4, Interval: 10, Delay: 5, Blocks: 300, Seed: 9, Keep: MaxForkKeep})
	require.NoError(t, err)
	require.Len(t, res.Kept, 300)
	main, stale := 0, 0
	for i, b := range res.Kept {
		if b.Parent < 0 {
			require.Equal(t, 1, b.Height)
		} else {
			require.Less(t, b.Parent, i)
			require.Equal(t, res.Kept[b.Parent].Height+1, b.Height)
			require.LessOrEqual(t, res.Kept[b.Parent].Time, b.Time)
			if b.Main {
				require.True(t, res.Kept[b.Parent].Main, "the main chain is a chain")
			}
		}
		if b.Main {
			main++
		} else {
			stale++
		}
	}
	require.Equal(t, res.Main, main)
	require.Equal(t, res.Stale, stale)
	require.Positive(t, stale)
	require.GreaterOrEqual(t, res.MaxReorg, 1)

	for _, bad := range []ForkSim{
		{Nodes: 1, Interval: 1, Blocks: 1}, {Nodes: MaxForkNodes + 1, Interval: 1, Blocks: 1},
		{Nodes: 2, Interval: 0, Blocks: 1}, {Nodes: 2, Interval: math.Inf(1), Blocks: 1},
		{Nodes: 2, Interval: 1, Delay: -1, Blocks: 1}, {Nodes: 2, Interval: 1, Delay: math.NaN(), Blocks: 1},
		{Nodes: 2, Interval: 1, Blocks: 0}, {Nodes: 2, Interval: 1, Blocks: MaxForkBlocks + 1},
		{Nodes: 2, Interval: 1, Blocks: 1, Keep: -1},
	} {
		_, err := SimulateForks(bad)
		require.Error(t, err, "%+v", bad)
	}
	require.True(t, math.IsNaN(StaleApprox(0, 0.1)))
}
