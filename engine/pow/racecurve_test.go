package pow

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRaceInSlicesEndsWhereSimulateRaceEnds(t *testing.T) {
	cases := []struct {
		q      float64
		z      int
		trials int
		seed   uint64
	}{
		{0.1, 5, 3000, 1},
		{0.1, 0, 100, 2},
		{0, 3, 500, 3},
		{0.3, 10, 2000, 4},
		{0.45, 6, 300, 5},
		{0.25, 1, 1, 6},
	}
	for _, tc := range cases {
		want, err := SimulateRace(tc.q, tc.z, tc.trials, tc.seed)
		require.NoError(t, err)
		for _, slice := range []int{1, 7, 1000, tc.trials + 5} {
			t.Run(fmt.Sprintf("q=%v/z=%d/slice=%d", tc.q, tc.z, slice), func(t *testing.T) {
				ra, err := NewRace(tc.q, tc.z, tc.trials, tc.seed)
				require.NoError(t, err)
				assert.False(t, ra.Done())
				total := 0
				for !ra.Done() {
					n := ra.Step(slice)
					require.Positive(t, n, "a race that is not done plays trials")
					total += n
					assert.Equal(t, total, ra.Played())
				}
				assert.Equal(t, tc.trials, total)
				assert.Equal(t, want, ra.Stats())
				assert.Zero(t, ra.Step(10), "nothing left to play")
				assert.Equal(t, want, ra.Stats(), "extra steps change nothing")
			})
		}
	}
}

func TestRaceStatsMidway(t *testing.T) {
	ra, err := NewRace(0.3, 4, 1000, 9)
	require.NoError(t, err)
	s := ra.Stats()
	assert.Zero(t, s.Trials)
	assert.Zero(t, s.Rate, "no trials: no rate, and no division by zero")
	assert.Equal(t, 400, ra.Step(400))
	s = ra.Stats()
	assert.Equal(t, 400, s.Trials)
	assert.InDelta(t, float64(s.Wins)/400, s.Rate, 0)
	// The first 400 trials of a 1000-trial race are the whole of a
	// 400-trial race with the same seed: one generator, one order.
	short, err := SimulateRace(0.3, 4, 400, 9)
	require.NoError(t, err)
	assert.Equal(t, short.Wins, s.Wins)
}

func TestRaceRejectsWhatSimulateRaceRejects(t *testing.T) {
	for _, tc := range []struct {
		q         float64
		z, trials int
	}{
		{0.5, 1, 10}, {-0.1, 1, 10}, {0.1, -1, 10}, {0.1, MaxRaceZ + 1, 10}, {0.1, 1, 0}, {0.1, 1, MaxRaceTrials + 1},
	} {
		_, errSim := SimulateRace(tc.q, tc.z, tc.trials, 1)
		_, errRace := NewRace(tc.q, tc.z, tc.trials, 1)
		assert.Error(t, errSim)
		assert.Equal(t, errSim.Error(), errRace.Error())
	}
	var zero Race
	assert.True(t, zero.Done())
	assert.Zero(t, zero.Step(5))
	var nilRace *Race
	assert.True(t, nilRace.Done())
	assert.Zero(t, nilRace.Step(5))
	assert.Zero(t, nilRace.Played())
	assert.Equal(t, RaceStats{}, nilRace.Stats())
}

func TestRaceSeedSpreadsPoints(t *testing.T) {
	seen := map[uint64]bool{}
	for _, seed := range []uint64{0, 1, 2, 1 << 63} {
		for z := 0; z <= 100; z++ {
			s := RaceSeed(seed, z)
			assert.False(t, seen[s], "seed %d z %d repeats an earlier seed", seed, z)
			seen[s] = true
		}
	}
	assert.Equal(t, RaceSeed(7, 3), RaceSeed(7, 3), "deterministic")
}

func TestRaceCurve(t *testing.T) {
	curve, err := RaceCurve(0.1, 8, 2000, 42)
	require.NoError(t, err)
	require.Len(t, curve, 9)
	for z, s := range curve {
		want, err := SimulateRace(0.1, z, 2000, RaceSeed(42, z))
		require.NoError(t, err)
		assert.Equal(t, want, s)
		// Each dot lands near the formula: within 5 standard errors (or a
		// couple of wins where the expected count is tiny).
		p := AttackerSuccess(0.1, z)
		assert.InDelta(t, p, s.Rate, 5*s.StdErr+2.0/2000, "z=%d", z)
	}
	assert.Equal(t, 1.0, curve[0].Rate, "no confirmations: the attacker has already won")

	_, err = RaceCurve(0.1, -1, 10, 1)
	assert.Error(t, err)
	_, err = RaceCurve(0.1, MaxRaceCurveZ+1, 10, 1)
	assert.Error(t, err)
	_, err = RaceCurve(0.5, 3, 10, 1)
	assert.Error(t, err, "SimulateRace's own checks apply")
}

// BenchmarkRaceStep measures trials per second, which is what sizes the
// widget's slices: near q = 0.5 the walk back from a deficit is long.
func BenchmarkRaceStep(b *testing.B) {
	for _, q := range []float64{0.1, 0.3, 0.45} {
		b.Run(fmt.Sprintf("q=%v/z=6", q), func(b *testing.B) {
			ra, err := NewRace(q, 6, MaxRaceTrials, 1)
			require.NoError(b, err)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if ra.Step(1) == 0 {
					ra, _ = NewRace(q, 6, MaxRaceTrials, uint64(i))
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "trials/s")
		})
	}
}
