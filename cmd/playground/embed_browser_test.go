//go:build !wasm

package main

import (
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/cmd/playground/internal/browsertest"
)

var embedExampleRE = regexp.MustCompile("(?s)```html embed-example\n(.*?)```")

// The README's course page, served from another origin, embeds the miner:
// the iframe is sized by the height message, and mining inside it reaches the
// course page as a block-mined event.
func TestBrowserREADMEEmbedExample(t *testing.T) {
	requireWasmBuilt(t)
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	m := embedExampleRE.FindSubmatch(readme)
	require.NotNil(t, m, "README has the embed example page")

	srv := browsertest.StartServe(t, bin)
	page := strings.ReplaceAll(string(m[1]), "https://playground.example.org", strings.TrimSuffix(srv.URL, "/"))
	course := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(page))
	})}
	ln := listenLocal(t)
	go func() { _ = course.Serve(ln) }()
	defer course.Close()
	courseURL := "http://" + ln.Addr().String() + "/"
	require.NotEqual(t, courseURL, srv.URL, "the course page is on another origin")

	b := browsertest.New(t)
	ctx, cancel := b.Timeout(90 * time.Second)
	defer cancel()
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(courseURL)))

	// The resize message replaces the page's 480px guess.
	height, err := chromedp.Run(ctx, chromedp.Poll[string](
		`(() => { const h = document.querySelector("iframe").style.height; return h !== "480px" && h; })()`,
		chromedp.WithPollingTimeout(60*time.Second)))
	require.NoError(t, err, "no height message; console: %v", b.Messages())
	assert.Regexp(t, `^\d+px$`, height)

	frames, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSS("iframe")))
	require.NoError(t, err)
	require.Len(t, frames, 1)
	in := chromedp.FromNode(frames[0])
	require.NoError(t, chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.CSS(`[data-widget="miner"][data-state="ready"]`), in),
		chromedp.Click(chromedp.CSS(`#miner-embed-mine`), in),
	), "console: %v", b.Messages())

	status, err := chromedp.Run(ctx, chromedp.Poll[string](
		`(() => { const t = document.getElementById("status").textContent; return t.startsWith("Mined!") && t; })()`,
		chromedp.WithPollingTimeout(60*time.Second)))
	require.NoError(t, err, "no block-mined event; console: %v", b.Messages())
	assert.Regexp(t, `^Mined! Nonce \d+\.$`, status)
}
