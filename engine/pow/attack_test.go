package pow

import (
	"fmt"
	"math"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAttackerSuccessWhitepaper(t *testing.T) {
	tables := whitepaperTables(t)
	printed := 0
	for q, rows := range tables {
		for _, row := range rows {
			got := AttackerSuccess(q, row.Z)
			assert.Equal(t, row.Printed, fmt.Sprintf("%.7f", got), "q=%v z=%d", q, row.Z)
			if row.Float64 != nil {
				// The vectors' float64 port of the paper's C code.
				assert.InDelta(t, *row.Float64, got, 1e-15, "q=%v z=%d", q, row.Z)
			}
			if row.MP50 != "" {
				exact, err := strconv.ParseFloat(row.MP50, 64)
				require.NoError(t, err)
				assert.InEpsilon(t, exact, got, 1e-13, "q=%v z=%d: 50-digit value", q, row.Z)
			}
			printed++
		}
	}
	assert.Equal(t, 22, printed, "the paper prints 22 values")
}

func TestMinConfirmationsWhitepaper(t *testing.T) {
	s := loadSupplement(t).Whitepaper
	require.Len(t, s.MinZ, 8)
	for _, row := range s.MinZ {
		z, err := MinConfirmations(row.Q, s.Risk)
		require.NoError(t, err)
		assert.Equal(t, row.Z, z, "q=%v", row.Q)
		assert.Less(t, AttackerSuccess(row.Q, z), s.Risk)
		assert.GreaterOrEqual(t, AttackerSuccess(row.Q, z-1), s.Risk)
	}
}

func TestMinConfirmationsMatchesLinearScan(t *testing.T) {
	for _, q := range []float64{0, 0.01, 0.12, 0.33, 0.42} {
		for _, risk := range []float64{1, 0.5, 0.05, 1e-4, 1e-7} {
			want := 0
			for AttackerSuccess(q, want) >= risk {
				want++
			}
			got, err := MinConfirmations(q, risk)
			require.NoError(t, err)
			assert.Equal(t, want, got, "q=%v risk=%v", q, risk)
		}
	}
}

func TestMinConfirmationsErrors(t *testing.T) {
	for _, c := range []struct{ q, risk float64 }{
		{0.5, 0.001}, {0.7, 0.001}, {-0.1, 0.001}, {math.NaN(), 0.001},
		{0.1, 0}, {0.1, -1}, {0.1, 1.5}, {0.1, math.NaN()},
		{0.4999, 1e-300}, // would need far more than MaxConfirmations
	} {
		_, err := MinConfirmations(c.q, c.risk)
		assert.Error(t, err, "q=%v risk=%v", c.q, c.risk)
	}
}

func TestAttackerSuccessEdges(t *testing.T) {
	assert.Equal(t, 1.0, AttackerSuccess(0.5, 10))
	assert.Equal(t, 1.0, AttackerSuccess(0.9, 10))
	assert.Equal(t, 1.0, AttackerSuccess(0, 0), "no confirmations: already even")
	assert.Equal(t, 0.0, AttackerSuccess(0, 3))
	assert.Equal(t, 0.0, AttackerSuccess(-1, 3))
	assert.Equal(t, AttackerSuccess(0.2, 0), AttackerSuccess(0.2, -4))
	assert.True(t, math.IsNaN(AttackerSuccess(math.NaN(), 3)))

	// Far past the paper's tables the value keeps falling, without the
	// cancellation floor (~1e-13) of 1 - sum or exp(-lambda) underflow.
	prev := 1.0
	for _, z := range []int{10, 100, 340, 855, 856, 2000, 5000, 20_000} {
		p := AttackerSuccess(0.45, z)
		assert.Positive(t, p, "z=%d", z)
		assert.Less(t, p, prev, "z=%d", z)
		prev = p
	}
	assert.Less(t, AttackerSuccess(0.45, 5000), 1e-20)
}

// TestSimulateRaceConverges checks the Monte Carlo race against the
// formula. With n trials the frequency of a Bernoulli(P) event has standard
// error sqrt(P(1-P)/n); a correct simulation lands within 5 standard errors
// with probability 1 - 6e-7, plus the walk's documented truncation bias.
// The seed is fixed, so the test is deterministic.
func TestSimulateRaceConverges(t *testing.T) {
	const trials = 20_000
	for _, c := range []struct {
		q float64
		z int
	}{{0.1, 1}, {0.1, 3}, {0.25, 2}, {0.3, 5}, {0.45, 4}, {0.3, 0}} {
		s, err := SimulateRace(c.q, c.z, trials, 2008)
		require.NoError(t, err)
		want := AttackerSuccess(c.q, c.z)
		bound := 5*s.StdErr + s.TruncationBias
		assert.InDelta(t, want, s.Rate, bound, "q=%v z=%d: %d wins", c.q, c.z, s.Wins)
		assert.LessOrEqual(t, s.TruncationBias, 1e-9)
		assert.Equal(t, trials, s.Trials)
		assert.Equal(t, float64(s.Wins)/trials, s.Rate)
	}
	// A far weaker attacker almost never wins; a zero one never does.
	s, err := SimulateRace(0, 2, 1000, 1)
	require.NoError(t, err)
	assert.Equal(t, 0, s.Wins)
}

func TestSimulateRaceSeeded(t *testing.T) {
	a, err := SimulateRace(0.3, 3, 2000, 7)
	require.NoError(t, err)
	b, err := SimulateRace(0.3, 3, 2000, 7)
	require.NoError(t, err)
	c, err := SimulateRace(0.3, 3, 2000, 8)
	require.NoError(t, err)
	assert.Equal(t, a, b)
	assert.NotEqual(t, a.Wins, c.Wins)
}

func TestSimulateRaceErrors(t *testing.T) {
	for _, c := range []struct {
		q         float64
		z, trials int
	}{
		{0.5, 1, 10}, {-0.1, 1, 10}, {math.NaN(), 1, 10},
		{0.1, -1, 10}, {0.1, MaxRaceZ + 1, 10},
		{0.1, 1, 0}, {0.1, 1, MaxRaceTrials + 1},
	} {
		_, err := SimulateRace(c.q, c.z, c.trials, 1)
		assert.Error(t, err, "%+v", c)
	}
}
