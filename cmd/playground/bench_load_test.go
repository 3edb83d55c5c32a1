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
	"github.com/consensus-lab/playground/lessons"
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
	course, err := lessons.Compile(lessons.Builtin, "lessons")
	require.NoError(t, err)
	// The first lesson of each bundle, each in a fresh profile: what a
	// learner arriving there from a search or a course link waits for.
	seen := map[string]bool{}
	for _, l := range course.Lessons {
		bundle := playapp.PageBundle("/lessons/"+l.Slug, course)
		if seen[bundle] {
			continue
		}
		seen[bundle] = true
		t.Run(l.Slug, func(t *testing.T) {
			cold, warm := firstInteractive(t, srv.URL+"lessons/"+l.Slug)
			fmt.Printf("first interactive widget on /lessons/%s (app-%s.wasm): cold %.0f ms, warm %.0f ms (target: cold <= 1500 ms)\n", l.Slug, bundle, cold, warm)
		})
	}
}

// firstInteractive loads url in a fresh profile (cold), then again once the
// service worker controls the page (warm), and gives the time from
// navigation to the first widget ready, in ms.
func firstInteractive(t *testing.T, url string) (cold, warm float64) {
	b := browsertest.New(t)
	ctx, cancel := b.Timeout(90 * time.Second)
	defer cancel()
	measure := func() float64 {
		require.NoError(t, chromedp.Do(ctx,
			chromedp.Navigate(url),
			chromedp.WaitVisible(chromedp.CSS(`[data-widget][data-state="ready"]`)),
		))
		ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`performance.now()`))
		require.NoError(t, err)
		return ms
	}
	cold = measure()
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`!!navigator.serviceWorker.controller`, chromedp.WithPollingTimeout(30*time.Second)))
	require.NoError(t, err)
	return cold, measure()
}

func mb(n int64) float64 { return float64(n) / 1e6 }
