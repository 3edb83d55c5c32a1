//go:build !wasm

package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/cmd/playground/internal/browsertest"
)

// prefixServer serves dir under prefix with net/http's plain file server on
// a fixed address, and can be stopped and started again on the same address
// (the same origin, so the service worker and its cache carry over).
type prefixServer struct {
	addr   string
	dir    string
	prefix string
	srv    *http.Server
}

func (p *prefixServer) start(t *testing.T) {
	t.Helper()
	var ln net.Listener
	var err error
	for i := 0; i < 50; i++ { // the old socket may linger for a moment
		if ln, err = net.Listen("tcp", p.addr); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	require.NoError(t, err)
	p.addr = ln.Addr().String()
	mux := http.NewServeMux()
	mux.Handle(p.prefix, http.StripPrefix(strings.TrimSuffix(p.prefix, "/"), http.FileServer(http.Dir(p.dir))))
	p.srv = &http.Server{Handler: mux}
	go func() { _ = p.srv.Serve(ln) }()
}

func (p *prefixServer) stop() { _ = p.srv.Close() }

func (p *prefixServer) url(path string) string {
	return "http://" + p.addr + p.prefix + strings.TrimPrefix(path, "/")
}

func build(t *testing.T, args ...string) {
	t.Helper()
	_, errs, code := runCLI(t, append([]string{"build"}, args...)...)
	require.Equal(t, 0, code, errs)
}

var swListRE = regexp.MustCompile(`const resourcesToCache = (\[.*?\]);`)

// Every file the service worker caches exists in the export, and every
// same-site file a page links is in the service worker's list.
func TestStaticExportServiceWorkerListIsComplete(t *testing.T) {
	requireWasmBuilt(t)
	dir := filepath.Join(t.TempDir(), "site")
	build(t, "--out", dir, "--base", "/course/")

	sw, err := os.ReadFile(filepath.Join(dir, "app-worker.js"))
	require.NoError(t, err)
	m := swListRE.FindSubmatch(sw)
	require.NotNil(t, m, "resource list in app-worker.js")
	var list []string
	require.NoError(t, json.Unmarshal(m[1], &list))
	cached := map[string]bool{}
	for _, u := range list {
		require.True(t, strings.HasPrefix(u, "/course"), "%s honours the base path", u)
		rel := strings.TrimPrefix(strings.TrimPrefix(u, "/course"), "/")
		if rel == "" || strings.HasSuffix(rel, "/") {
			rel += "index.html"
		}
		_, err := os.Stat(filepath.Join(dir, filepath.FromSlash(rel)))
		assert.NoError(t, err, "the service worker lists %s", u)
		cached[strings.TrimSuffix(u, "/")] = true
	}
	for _, must := range []string{"/course/web/gen/app.wasm", "/course/web/data/index.json", "/course/lessons/hashes", "/course/embed/hashbox", "/course/web/cipher-worker.js", "/course/web/gen/ciphers.wasm"} {
		assert.True(t, cached[must], "%s is cached for offline use", must)
	}

	linkRE := regexp.MustCompile(`(?:href|src)="(/[^"#?]*)"`)
	err = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		html, _ := os.ReadFile(p)
		for _, l := range linkRE.FindAllSubmatch(html, -1) {
			link := strings.TrimSuffix(string(l[1]), "/")
			assert.True(t, strings.HasPrefix(link, "/course"), "%s: link %s ignores the base path", p, link)
			assert.True(t, cached[link], "%s loads %s, which the service worker does not cache", p, link)
		}
		return nil
	})
	require.NoError(t, err)
}

// Build under /course/, serve with a plain file server, visit, stop the
// server: the pages (and one never opened) still work. Then a new build
// shows the update prompt.
func TestBrowserOfflineUnderSubPathAndUpdatePrompt(t *testing.T) {
	requireWasmBuilt(t)
	dir := filepath.Join(t.TempDir(), "site")
	build(t, "--out", dir, "--base", "/course/", "--version", "first")
	ps := &prefixServer{addr: "127.0.0.1:0", dir: dir, prefix: "/course/"}
	ps.start(t)
	defer ps.stop()

	b := browsertest.New(t)
	ctx, cancel := b.Timeout(120 * time.Second)
	defer cancel()
	ready := func(sel string) chromedp.Action[chromedp.Void] {
		return chromedp.WaitVisible(chromedp.CSS(sel))
	}
	lessonReady := `main[data-lesson="hashes"] [data-widget="hashbox"][data-state="ready"]`

	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(ps.url("/")),
		ready(`a[href="/course/lessons/hashes"]`),
	))
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`!!navigator.serviceWorker.controller && !document.getElementById("app-wasm-loader")`,
		chromedp.WithPollingTimeout(60*time.Second)))
	require.NoError(t, err, "the service worker takes control; console: %v", b.Messages())
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(ps.url("/lessons/hashes/")), ready(lessonReady)))

	ps.stop()
	pages := []struct{ path, sel string }{
		{"/", `.lesson-list a[href="/course/lessons/hashes"]`},
		{"/lessons/hashes", lessonReady},
		{"/embed/hashbox?text=offline", `[data-widget="hashbox"][data-state="ready"]`},
		{"/embed/lesson/hashes/", `main[data-lesson="hashes"]`},
		// A lesson never opened online.
		{"/lessons/proof-of-stake", `main[data-lesson="proof-of-stake"] [data-widget="lottery"][data-state="ready"]`},
		// Ready only once the cipher worker, never loaded online, has
		// answered from the cache under the sub-path.
		{"/embed/aesgcm?aad=offline", `[data-widget="aesgcm"][data-state="ready"] [data-open="ok"]`},
	}
	for _, p := range pages {
		pctx, pcancel := context.WithTimeout(ctx, 30*time.Second)
		err := chromedp.Do(pctx, chromedp.Navigate(ps.url(p.path)), ready(p.sel))
		pcancel()
		require.NoError(t, err, "offline: %s; console: %v", p.path, b.Messages())
		if strings.Contains(p.path, "text=offline") {
			digest, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(`[data-widget="hashbox"] code`), "data-hex"))
			require.NoError(t, err)
			want := sha256.Sum256([]byte("offline"))
			assert.Equal(t, hex.EncodeToString(want[:]), digest.Value, "the embed computes with its URL parameter, offline")
		}
	}

	// A new build on the same origin: the page offers to reload.
	build(t, "--out", dir, "--base", "/course/", "--version", "second")
	ps.start(t)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(ps.url("/lessons/hashes")), ready(lessonReady)))
	text, err := chromedp.Run(ctx, chromedp.Poll[string](
		`(() => { const b = document.querySelector(".update-banner:not([hidden])"); return b && b.textContent; })()`,
		chromedp.WithPollingTimeout(30*time.Second)))
	require.NoError(t, err, "update prompt; console: %v", b.Messages())
	assert.Contains(t, text, "A new version of the playground is available.")
	assert.Empty(t, b.Errors())
}

// A course author builds a site from their own lessons with the released
// binary alone: no Go toolchain, the wasm comes embedded.
func TestBuildFromOwnLessons(t *testing.T) {
	requireWasmBuilt(t)
	lessonsDir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(lessonsDir, "intro.md"), []byte("---\ntitle: Our intro\nsummary: A course's own lesson.\norder: 1\n---\n\n# Our intro\n\nHash your name.\n\n::hashbox{text=\"Ada\"}\n"), 0o644))
	out := filepath.Join(t.TempDir(), "site")
	cmd := exec.Command(bin, "build", "--out", out, "--base", "/crypto-101/", "--lessons", lessonsDir)
	cmd.Env = append(os.Environ(), "PATH=/nonexistent") // no go, no anything
	msg, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", msg)
	page, err := os.ReadFile(filepath.Join(out, "lessons", "intro", "index.html"))
	require.NoError(t, err)
	assert.Contains(t, string(page), "Hash your name.")
	assert.Contains(t, string(page), `href="/crypto-101/web/style.css"`)
	appJS, err := os.ReadFile(filepath.Join(out, "app.js"))
	require.NoError(t, err)
	assert.Contains(t, string(appJS), `/crypto-101/web/gen/app.wasm`)
	_, err = os.Stat(filepath.Join(out, "lessons", "hashes"))
	assert.True(t, os.IsNotExist(err), "only the author's lessons are published")
	_, err = os.Stat(filepath.Join(out, "web", "gen", "miner.wasm"))
	assert.NoError(t, err, "the worker wasm ships too")
}
