//go:build !wasm

package forks

import (
	"strconv"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/kit/kittest"
	"github.com/consensus-lab/playground/engine/pow"
)

// The widget shows the engine's run and the paper's closed form, and says
// withholding pays exactly when the run beats honest mining.
func TestSelfishShowsTheEngine(t *testing.T) {
	for _, tc := range []struct {
		alpha, gamma string
		pays         bool
	}{
		{"40", "0", true},  // above a third
		{"25", "0", false}, // below a third
		{"30", "50", true}, // above a quarter at gamma 1/2
	} {
		html := kittest.Render(t, NewSelfish, kit.Placement{ID: "sm", Params: map[string]string{"alpha": tc.alpha, "gamma": tc.gamma, "blocks": "200000", "seed": "3", "trace": "5"}})
		alpha, gamma := atof(tc.alpha)/100, atof(tc.gamma)/100
		want, err := pow.SimulateSelfish(pow.SelfishSim{Alpha: alpha, Gamma: gamma, Blocks: 200000, Seed: 3, Trace: 5})
		require.NoError(t, err)
		s := kittest.Attrs(t, html, "sm-summary")
		assert.Equal(t, kit.Full(want.Revenue), s["data-revenue"])
		assert.Equal(t, kit.Full(pow.SelfishRevenue(alpha, gamma)), s["data-closed-form"])
		assert.Equal(t, kit.Full(pow.SelfishThreshold(gamma)), s["data-threshold"])
		assert.Equal(t, kit.YesNo(tc.pays), s["data-pays"], "alpha %s gamma %s", tc.alpha, tc.gamma)
		assert.InDelta(t, want.ClosedForm, want.Revenue, 0.01, "the run lands near the closed form")
		assert.Equal(t, 5, strings.Count(kittest.Text(t, html, "sm-trace"), "→"), "five traced steps")
	}
}

func TestSelfishThresholdIsAThirdAtGammaZero(t *testing.T) {
	html := kittest.Render(t, NewSelfish, kit.Placement{ID: "sm"})
	assert.Contains(t, kittest.Text(t, html, "sm-threshold"), "above 33.33% of the hash rate")
}

func TestSelfishControlsClamp(t *testing.T) {
	c := &selfish{Placement: kit.Placement{ID: "sm"}}
	d := app.NewServerTester(c)
	defer d.Close()
	c.Set("alpha", "60")
	assert.Equal(t, 49, c.Int("alpha"), "a pool of half the hash rate or more is a 51% attack, not this model")
	assert.Contains(t, c.Notes(), "alpha=60 is above the maximum 49; using 49")
	assert.Equal(t, pow.SelfishRevenue(0.49, 0), c.res.ClosedForm)
}

func atof(s string) float64 {
	v, _ := strconv.ParseFloat(s, 64)
	return v
}
