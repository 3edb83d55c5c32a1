//go:build !wasm

package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/cmd/playground/internal/browsertest"
)

// Log-scale axes label their ticks as numbers (1, 10, 100, 1k; 0.1, 0.01),
// not 1e0-1e3.
func TestBrowserLogAxisLabels(t *testing.T) {
	requireWasmBuilt(t)
	course := builtinCourse(t)
	srv := browsertest.StartServe(t, bin)
	b := browsertest.New(t)
	ctx, cancel := b.Timeout(60 * time.Second)
	defer cancel()
	l, _ := course.Lesson("attacks")
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL+"lessons/attacks"), widgetsReady(l)))
	ticks, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".chart .tick")].map(t => t.textContent)`))
	require.NoError(t, err)
	require.NotEmpty(t, ticks)
	for _, tick := range ticks {
		assert.NotRegexp(t, `^1e-?\d+$`, tick)
	}
}

// A check's hint is offered, hidden, before the learner commits, and shown
// on request.
func TestBrowserCheckHint(t *testing.T) {
	requireWasmBuilt(t)
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "hint.md"), []byte("---\ntitle: Hint\nsummary: A hint.\norder: 1\n---\n\n# Hint\n\n"+
		`::check{question="How many bits change?" options="A few|About half|All" answer="About half" hint="Think of each output bit as a coin toss."}`+"\n"), 0o644))
	srv := browsertest.StartServe(t, bin, "--lessons", dir)
	b := browsertest.New(t)
	ctx, cancel := b.Timeout(60 * time.Second)
	defer cancel()
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL+"lessons/hint"), chromedp.WaitVisible(chromedp.CSS(`#check-1[data-state="ready"]`))))
	hidden, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!document.getElementById("check-1-hint") && !!document.getElementById("check-1-show-hint")`))
	require.NoError(t, err)
	assert.True(t, hidden, "the hint waits until the learner asks for it")
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#check-1-show-hint`))))
	hint, err := chromedp.Run(ctx, chromedp.Poll[string](`(() => { const h = document.getElementById("check-1-hint"); return h && h.textContent; })()`,
		chromedp.WithPollingTimeout(10*time.Second)))
	require.NoError(t, err)
	assert.Contains(t, hint, "Think of each output bit as a coin toss.")
}
