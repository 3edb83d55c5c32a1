//go:build !wasm

package main

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/cmd/playground/internal/browsertest"
)

// The home page and the first lesson load in a real browser without a
// console error, and the live hash box computes SHA-256 as a learner types.
func TestBrowserLessonAndHashBox(t *testing.T) {
	requireWasmBuilt(t)
	b := browsertest.New(t)
	srv := browsertest.StartServe(t, bin)

	ctx, cancel := b.Timeout(60 * time.Second)
	defer cancel()

	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/lessons/hashes"]`)),
	))
	// go-app replaces the pre-rendered page once wasm runs; wait for the
	// live list (the loader badge is removed when wasm has started).
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`!document.getElementById("app-wasm-loader") && !!document.querySelector('.lesson-list a')`))
	require.NoError(t, err, "console: %v", b.Messages())

	require.NoError(t, chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`a[href="/lessons/hashes"]`)),
		chromedp.WaitVisible(chromedp.CSS(`main[data-lesson="hashes"] [data-widget="hashbox"][data-state="ready"]`)),
	), "console: %v", b.Messages())

	title, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`main[data-lesson="hashes"] h1`)))
	require.NoError(t, err)
	assert.Equal(t, "Hashes and blocks", title)

	// Type into the first hash box: clear it, then type key by key.
	const typed = "proof of work"
	input := chromedp.CSS(`#hashbox-1-text`)
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Focus(input),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#hashbox-1-text').select()`),
		chromedp.SendKeys(input, "\b"),
		chromedp.SendKeys(input, typed),
	))
	want := sha256.Sum256([]byte(typed))
	got, err := chromedp.Run(ctx, chromedp.Poll[string](
		`(() => { const c = document.querySelector('#hashbox-1-digest'); return c && c.dataset.hex === '`+hex.EncodeToString(want[:])+`' && c.dataset.hex; })()`,
		chromedp.WithPollingTimeout(10*time.Second)))
	require.NoError(t, err, "the digest never showed sha256(%q); console: %v", typed, b.Messages())
	assert.Equal(t, hex.EncodeToString(want[:]), got)

	text, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS(`#hashbox-1-digest`)))
	require.NoError(t, err)
	assert.Equal(t, hex.EncodeToString(want[:]), strings.ReplaceAll(text, "\n", ""), "the visible digest is the same")

	assert.Empty(t, b.Errors(), "console errors")
}

// `playground build` writes a static site that a plain file server serves,
// and the lesson works there too.
func TestBrowserStaticExport(t *testing.T) {
	requireWasmBuilt(t)
	out := filepath.Join(t.TempDir(), "site")
	_, errs, code := runCLI(t, "build", "--out", out)
	require.Equal(t, 0, code, errs)
	for _, f := range []string{"index.html", "lessons/hashes/index.html", "lessons/hashes.html", "embed/hashbox/index.html", "404.html",
		"app.js", "app-worker.js", "wasm_exec.js", "manifest.webmanifest", "web/gen/app.wasm", "web/gen/app.wasm.br", "web/data/index.json", "web/data/lessons/hashes.json"} {
		_, err := os.Stat(filepath.Join(out, f))
		assert.NoError(t, err, f)
	}
	html, err := os.ReadFile(filepath.Join(out, "lessons/hashes/index.html"))
	require.NoError(t, err)
	assert.Contains(t, string(html), "The avalanche effect", "pre-rendered text")

	fsrv := newStaticServer(t, out)
	b := browsertest.New(t)
	ctx, cancel := b.Timeout(60 * time.Second)
	defer cancel()
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(fsrv+"lessons/hashes/"),
		chromedp.WaitVisible(chromedp.CSS(`main[data-lesson="hashes"] [data-widget="hashbox"][data-state="ready"]`)),
	), "console: %v", b.Messages())
	assert.Empty(t, b.Errors())
}

// newStaticServer serves dir with net/http's plain file server.
func newStaticServer(t *testing.T, dir string) string {
	t.Helper()
	srv := &http.Server{Handler: http.FileServer(http.Dir(dir))}
	ln := listenLocal(t)
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return "http://" + ln.Addr().String() + "/"
}
