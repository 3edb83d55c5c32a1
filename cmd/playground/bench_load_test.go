//go:build !wasm

package main

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	playapp "github.com/consensus-lab/playground/app"
	"github.com/consensus-lab/playground/cmd/playground/internal/browsertest"
)

// TestBenchBrowserPageLoad prints the download sizes and the time from
// navigation to the first interactive widget, cold (fresh profile) and warm
// (service worker and caches primed), in headless Chromium against
// `playground serve` on localhost. It measures; it asserts no timing.
// Run with `make bench` (or -bench-browser).
func TestBenchBrowserPageLoad(t *testing.T) {
	if !*benchBrowser {
		t.Skip("browser benchmark: run with -bench-browser (make bench)")
	}
	requireWasmBuilt(t)
	files := []string{"miner.wasm", "ciphers.wasm"}
	for _, b := range playapp.Bundles() {
		files = append(files, "app-"+b.Name+".wasm")
	}
	for _, f := range files {
		raw, _ := os.Stat("../../web/gen/" + f)
		br, _ := os.Stat("../../web/gen/" + f + ".br")
		gz, _ := os.Stat("../../web/gen/" + f + ".gz")
		if raw == nil || br == nil || gz == nil {
			t.Logf("%s: not built", f)
			continue
		}
		fmt.Printf("size %-16s raw %6.2f MB  gzip %5.2f MB  brotli %5.2f MB\n", f, mb(raw.Size()), mb(gz.Size()), mb(br.Size()))
	}

	srv := browsertest.StartServe(t, bin)
	b := browsertest.New(t)
	ctx, cancel := b.Timeout(90 * time.Second)
	defer cancel()
	url := srv.URL + "lessons/hashes"
	measure := func() float64 {
		require.NoError(t, chromedp.Do(ctx,
			chromedp.Navigate(url),
			chromedp.WaitVisible(chromedp.CSS(`[data-widget][data-state="ready"]`)),
		))
		ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`performance.now()`))
		require.NoError(t, err)
		return ms
	}
	cold := measure()
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`!!navigator.serviceWorker.controller`, chromedp.WithPollingTimeout(30*time.Second)))
	require.NoError(t, err)
	warm := measure()
	fmt.Printf("first interactive widget on /lessons/hashes: cold %.0f ms, warm %.0f ms (target: cold <= 1500 ms)\n", cold, warm)
}

func mb(n int64) float64 { return float64(n) / 1e6 }
