package pos

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEstimateStakingEnergy(t *testing.T) {
	e, err := EstimateStakingEnergy(26200, 100)
	require.NoError(t, err)
	assert.Equal(t, 2.62e6, e.PowerWatts)
	assert.Equal(t, 12.0, e.SecondsPerBlock)
	assert.Equal(t, 2.62e6*12, e.JoulesPerBlock)
	// 2.62 MW for a Julian year is about 22.97 GWh.
	assert.InDelta(t, 22.97e9*3600, e.JoulesPerYear, 0.01e9*3600)
	assert.InDelta(t, 1e-3, e.FractionOf(e.JoulesPerYear*1000), 1e-15)
	assert.Zero(t, e.FractionOf(0))

	one, err := EstimateStakingEnergy(1, 100)
	require.NoError(t, err)
	assert.InEpsilon(t, e.JoulesPerYear/26200, one.JoulesPerYear, 1e-12, "linear in machines")

	for _, tc := range []struct {
		n uint64
		w float64
	}{{0, 100}, {1, 0}, {1, -1}, {1, math.NaN()}, {1, math.Inf(1)}} {
		_, err := EstimateStakingEnergy(tc.n, tc.w)
		assert.ErrorIs(t, err, ErrBadEnergyInput, "%v", tc)
	}
}
