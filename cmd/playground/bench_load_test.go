//go:build !wasm

package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/cmd/playground/internal/browsertest"
	"github.com/consensus-lab/playground/lessons"
)

// TestBenchBrowserPageLoad prints the download sizes, the offline install
// (everything the service worker caches, as brotli), the time from
// navigation to the first interactive widget of the first lesson, cold
// (fresh profile) and warm (service worker and caches primed), and the time
// from clicking "next" to the next lesson's first widget ready, for every
// link of the course, in headless Chromium against `playground serve` on
// localhost. It measures; it asserts no timing. Run with `make bench` (or
// -bench-browser).
func TestBenchBrowserPageLoad(t *testing.T) {
	if !*benchBrowser {
		t.Skip("browser benchmark: run with -bench-browser (make bench)")
	}
	requireWasmBuilt(t)
	for _, f := range []string{"app.wasm", "miner.wasm", "ciphers.wasm"} {
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
	files, total := offlineInstall(t, srv.URL)
	fmt.Printf("offline install: %d files, %.2f MB as sent with Accept-Encoding: br (target: <= 4.5 MB)\n", files, mb(total))

	course, err := lessons.Compile(lessons.Builtin, "lessons")
	require.NoError(t, err)
	first := course.Lessons[0].Slug
	cold, warm := firstInteractive(t, srv.URL+"lessons/"+first)
	fmt.Printf("first interactive widget on /lessons/%s: cold %.0f ms, warm %.0f ms (target: cold <= 1000 ms)\n", first, cold, warm)

	for _, n := range nextLinkTimes(t, srv.URL, course) {
		fmt.Printf("next: %-18s -> %-18s %4.0f ms to the first widget ready, same document %v (target: <= 300 ms)\n", n.from, n.to, n.ms, n.sameDocument)
	}
}

// offlineInstall sums what the service worker fetches at install: every
// resource of its list, as the server sends it to a browser that takes
// brotli.
func offlineInstall(t *testing.T, base string) (files int, bytes int64) {
	get := func(u string) []byte {
		req, err := http.NewRequest(http.MethodGet, u, nil)
		require.NoError(t, err)
		req.Header.Set("Accept-Encoding", "br")
		res, err := http.DefaultTransport.RoundTrip(req) // no transparent gunzip
		require.NoError(t, err)
		defer res.Body.Close()
		require.Equal(t, http.StatusOK, res.StatusCode, u)
		b, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		return b
	}
	m := swListRE.FindSubmatch(get(base + "app-worker.js"))
	require.NotNil(t, m, "resource list in app-worker.js")
	var list []string
	require.NoError(t, json.Unmarshal(m[1], &list))
	root := strings.TrimSuffix(base, "/")
	for _, u := range list {
		bytes += int64(len(get(root + u)))
	}
	return len(list), bytes
}

type nextLink struct {
	from, to     string
	ms           float64
	sameDocument bool
}

// nextLinkTimes follows every "next" link of the course in one warm page and
// times each click to the first widget ready on the next lesson.
func nextLinkTimes(t *testing.T, base string, course *lessons.Course) []nextLink {
	b := browsertest.New(t)
	ctx, cancel := b.Timeout(5 * time.Minute)
	defer cancel()
	first := course.Lessons[0].Slug
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(base+"lessons/"+first),
		chromedp.WaitVisible(chromedp.CSS(`main[data-lesson="`+first+`"] [data-widget][data-state="ready"]`)),
	))
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`!!navigator.serviceWorker.controller`, chromedp.WithPollingTimeout(30*time.Second)))
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Reload(),
		chromedp.WaitVisible(chromedp.CSS(`main[data-lesson="`+first+`"] [data-widget][data-state="ready"]`)),
		chromedp.Evaluate[chromedp.Void](`window.__sameDocument = true; undefined`),
	))
	var out []nextLink
	for i := 0; i+1 < len(course.Lessons); i++ {
		from, to := course.Lessons[i].Slug, course.Lessons[i+1].Slug
		// A MutationObserver stamps the moment the widget turns ready,
		// so the polling below adds nothing to the figure.
		js := `(() => {
			window.__navMs = null;
			const sel = 'main[data-lesson="` + to + `"] [data-widget][data-state="ready"]';
			const t0 = performance.now();
			const obs = new MutationObserver(() => {
				if (document.querySelector(sel)) { window.__navMs = performance.now() - t0; obs.disconnect(); }
			});
			obs.observe(document.documentElement, {subtree: true, childList: true, attributes: true});
			document.querySelector('.lesson-nav a.next').click();
		})(); undefined`
		require.NoError(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](js)))
		ms, err := chromedp.Run(ctx, chromedp.Poll[float64](`window.__navMs`, chromedp.WithPollingTimeout(30*time.Second)))
		require.NoError(t, err, "%s -> %s", from, to)
		same, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__sameDocument === true`))
		require.NoError(t, err)
		out = append(out, nextLink{from: from, to: to, ms: ms, sameDocument: same})
		if !same {
			require.NoError(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.__sameDocument = true; undefined`)))
		}
	}
	return out
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
