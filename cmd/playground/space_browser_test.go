//go:build !wasm

package main

import (
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/cmd/playground/internal/browsertest"
	"github.com/consensus-lab/playground/engine/space"
)

// In a real browser the proof-of-space widget plots, publishes two blocks
// and names for each the winner that engine/space computes for the same
// farmers and seed, with the same distances; then a race draws one bar per
// farmer.
func TestBrowserProofOfSpaceBlocks(t *testing.T) {
	requireWasmBuilt(t)
	b := browsertest.New(t)
	srv := browsertest.StartServe(t, bin)
	ctx, cancel := b.Timeout(120 * time.Second)
	defer cancel()

	const farmers, seed = "alice:512,bob:256,carol:128", "browser"
	fs, err := space.ParseFarmers(farmers)
	require.NoError(t, err)
	farm, err := space.NewFarm(fs, seed)
	require.NoError(t, err)

	root := `[data-widget=plots][data-state=ready]`
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"embed/plots?farmers="+farmers+"&seed="+seed+"&rounds=300"),
		chromedp.WaitVisible(chromedp.CSS(root)),
	), "console: %v", b.Messages())

	prev := space.Genesis(seed)
	for height := uint64(1); height <= 2; height++ {
		want := farm.Round(prev, height)
		prev = want.Hash
		require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#plots-embed-next`))))
		got, err := chromedp.Run(ctx, chromedp.Poll[string](fmt.Sprintf(`(() => {
  const s = document.querySelector('#plots-embed-status');
  if (s.dataset.block !== '%d') return false;
  const d = [...document.querySelectorAll('#plots-embed-answers tr[data-name]')].map(r => r.dataset.name + '=' + r.dataset.distance);
  return s.dataset.winner + ' ' + d.join(',');
})()`, height), chromedp.WithPollingTimeout(30*time.Second)))
		require.NoError(t, err, "console: %v", b.Messages())
		exp := farm.Plots()[want.Winner].Name() + " "
		for i, a := range want.Answers {
			if i > 0 {
				exp += ","
			}
			exp += farm.Plots()[i].Name() + "=" + strconv.FormatUint(a.Distance, 10)
		}
		assert.Equal(t, exp, got, "block %d", height)
	}

	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#plots-embed-run`))))
	bars, err := chromedp.Run(ctx, chromedp.Poll[int](`(() => { const n = document.querySelectorAll('[data-widget=plots] svg rect > title').length; return n > 0 && n; })()`,
		chromedp.WithPollingTimeout(30*time.Second)))
	require.NoError(t, err, "console: %v", b.Messages())
	assert.GreaterOrEqual(t, bars, len(fs), "a bar per farmer")
	assert.Empty(t, b.Errors(), "console errors")
}
