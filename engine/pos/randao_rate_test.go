package pos

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLastRevealerRate(t *testing.T) {
	for p, want := range map[float64]float64{0: 0, 0.1: 0.19, 0.5: 0.75, 1: 1, -1: 0, 2: 1} {
		assert.InDelta(t, want, LastRevealerRate(p), 1e-15, "p=%v", p)
	}
	assert.True(t, math.IsNaN(LastRevealerRate(math.NaN())))
}

// The experiment lands near the formula: with 4000 rounds the standard
// error of the rate is about sqrt(r(1-r)/4000) < 0.008, so 0.04 is five
// of them. The seed is fixed, so the test is deterministic.
func TestBiasExperimentConvergesToLastRevealerRate(t *testing.T) {
	set, err := ParseValidators("alice:32,bob:16,carol:8,dave:8")
	require.NoError(t, err)
	ex, err := RunBiasExperiment(set, "dave", SeedFromText("rate"), 4000, 1)
	require.NoError(t, err)
	assert.InDelta(t, LastRevealerRate(ex.Share), ex.BiasedRate, 0.04)
	assert.InDelta(t, ex.Share, ex.HonestRate, 0.04)
	assert.Greater(t, ex.BiasedRate, ex.HonestRate)
}
