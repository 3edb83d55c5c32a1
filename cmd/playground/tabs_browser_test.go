//go:build !wasm

package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/cmd/playground/internal/browsertest"
	"github.com/consensus-lab/playground/lessons"
)

// The HMAC lesson's client listings are tabs that work without the wasm
// app: the compiled HTML with the real playground.js and style.css in a
// real browser shows one panel at a time, and clicks and the arrow, Home and
// End keys switch panels, keeping aria-selected and focus in step. A link to
// another lesson leads to it from an address with a trailing slash too.
func TestBrowserLessonTabsAndLinks(t *testing.T) {
	course, err := lessons.Compile(lessons.Builtin, "lessons")
	require.NoError(t, err)
	l, ok := course.Lesson("hmac-signing")
	require.True(t, ok)
	var tabs, link string
	for _, b := range l.Blocks {
		if strings.Contains(b.HTML, `role="tablist"`) {
			tabs = b.HTML
		}
		if link == "" && strings.Contains(b.HTML, `data-lesson-link="signatures"`) {
			link = b.HTML
		}
	}
	require.NotEmpty(t, tabs, "the lesson has tabs")
	require.NotEmpty(t, link, "the lesson links to the signatures lesson")
	js, err := os.ReadFile("../../web/playground.js")
	require.NoError(t, err)
	css, err := os.ReadFile("../../web/style.css")
	require.NoError(t, err)

	mux := http.NewServeMux()
	mux.HandleFunc("/playground.js", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		_, _ = w.Write(js)
	})
	mux.HandleFunc("/style.css", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/css")
		_, _ = w.Write(css)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(`<!doctype html><html lang="en"><head><link rel="stylesheet" href="/style.css">` +
			`<script src="/playground.js"></script></head><body><main><div class="prose">` + link + tabs + `</div></main></body></html>`))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	b := browsertest.New(t)
	ctx, cancel := b.Timeout(60 * time.Second)
	defer cancel()
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/course/lessons/hmac-signing/")))

	// state is, per tab: label, aria-selected, panel visible, focused.
	state := func() []string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('[role="tab"]')].map(t => {
			const p = document.getElementById(t.getAttribute('aria-controls'));
			return [t.textContent, t.getAttribute('aria-selected'), p.offsetHeight > 0 ? 'shown' : 'hidden', document.activeElement === t ? 'focus' : ''].join(' ');
		})`))
		require.NoError(t, err)
		return s
	}
	assert.Equal(t, []string{"curl true shown ", "Python false hidden ", "Node false hidden ", "Go false hidden "}, state(), "before any input: the first panel only")

	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#tabs-0-1`))))
	assert.Equal(t, []string{"curl false hidden ", "Python true shown focus", "Node false hidden ", "Go false hidden "}, state(), "a click selects")
	text, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS(`#tabs-0-1-panel`)))
	require.NoError(t, err)
	assert.Contains(t, text, "hashlib.sha256(body).hexdigest()", "the Python listing is in its panel")

	for _, step := range []struct {
		key  string
		want []string
	}{
		{kb.ArrowRight, []string{"curl false hidden ", "Python false hidden ", "Node true shown focus", "Go false hidden "}},
		{kb.End, []string{"curl false hidden ", "Python false hidden ", "Node false hidden ", "Go true shown focus"}},
		{kb.ArrowRight, []string{"curl true shown focus", "Python false hidden ", "Node false hidden ", "Go false hidden "}},
		{kb.ArrowLeft, []string{"curl false hidden ", "Python false hidden ", "Node false hidden ", "Go true shown focus"}},
		{kb.Home, []string{"curl true shown focus", "Python false hidden ", "Node false hidden ", "Go false hidden "}},
	} {
		require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(step.key)))
		assert.Equal(t, step.want, state(), "after key %q", step.key)
	}
	tabStops, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[role="tab"][tabindex="0"]').length`))
	require.NoError(t, err)
	assert.Equal(t, 1, tabStops, "one tab stop in the tablist (roving tabindex)")

	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`a[data-lesson-link="signatures"]`))))
	var path string // the navigation replaces the page under a poll, so ask until the new one answers
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline) && path != "/course/lessons/signatures"; time.Sleep(100 * time.Millisecond) {
		path, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
	}
	assert.Equal(t, "/course/lessons/signatures", path, "the lesson link leads to the sibling lesson")
	assert.Empty(t, b.Errors(), "console errors")
}
