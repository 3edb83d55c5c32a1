//go:build !wasm

package forks

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/kit/kittest"
	"github.com/consensus-lab/playground/engine/pow"
)

// The stale rate, its approximation and the deepest reorganization are the
// engine's, and the tree draws every kept block, stale ones included.
func TestForksShowsTheEngine(t *testing.T) {
	p := map[string]string{"nodes": "8", "interval": "60", "delay": "6000", "blocks": "5000", "show": "60", "seed": "2"}
	html := kittest.Render(t, NewForks, kit.Placement{ID: "fk", Params: p})
	want, err := pow.SimulateForks(pow.ForkSim{Nodes: 8, Interval: 60, Delay: 6, Blocks: 5000, Seed: 2, Keep: 60})
	require.NoError(t, err)
	s := kittest.Attrs(t, html, "fk-summary")
	assert.Equal(t, kit.Full(want.StaleRate), s["data-stale-rate"])
	assert.Equal(t, kit.Full(pow.StaleApprox(8, 0.1)), s["data-approx"])
	assert.Equal(t, strconv.Itoa(want.MaxReorg), s["data-max-reorg"])
	assert.Greater(t, want.Stale, 0, "a delay of a tenth of the interval makes forks")
	assert.Equal(t, len(want.Kept), strings.Count(html, "<rect "), "one box per kept block")
	stale := 0
	for _, b := range want.Kept {
		if !b.Main {
			stale++
		}
	}
	assert.Equal(t, stale, strings.Count(html, ", stale</title>"))
}

func TestForksWithoutDelayHasNoStaleBlocks(t *testing.T) {
	html := kittest.Render(t, NewForks, kit.Placement{ID: "fk", Params: map[string]string{"delay": "0", "blocks": "1000"}})
	assert.Equal(t, "0", kittest.Attrs(t, html, "fk-summary")["data-stale-rate"])
}
