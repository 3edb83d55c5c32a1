//go:build uxpending && !wasm

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

// Tests that need changes in app/ (the widget kit) before they can pass.
// Enable them with `go test -tags uxpending -run Pending ./cmd/playground/`
// once the app has made the changes each one names, then move them to
// ux_browser_test.go.

// Log-scale axes label their ticks as numbers (1, 10, 100, 1k; 0.1, 0.01),
// not 1e0-1e3. Needs app/svgchart.go.
func TestBrowserLogAxisLabelsPending(t *testing.T) {
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

// A check's hint is offered, closed, before the learner commits. Needs the
// check component to render hint= as <details class="check-hint"><summary>
// Hint</summary><p>…</p></details> above the commit button while unanswered.
func TestBrowserCheckHintPending(t *testing.T) {
	requireWasmBuilt(t)
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "hint.md"), []byte("---\ntitle: Hint\nsummary: A hint.\norder: 1\n---\n\n# Hint\n\n"+
		`::check{question="How many bits change?" options="A few|About half|All" answer="About half" hint="Think of each output bit as a coin toss."}`+"\n"), 0o644))
	srv := browsertest.StartServe(t, bin, "--lessons", dir)
	b := browsertest.New(t)
	ctx, cancel := b.Timeout(60 * time.Second)
	defer cancel()
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL+"lessons/hint"), chromedp.WaitVisible(chromedp.CSS(`#check-1[data-state="ready"]`))))
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]any](`(() => { const d = document.querySelector("#check-1 details.check-hint");
		return d ? [d.open, d.querySelector("p").textContent] : []; })()`))
	require.NoError(t, err)
	assert.Equal(t, []any{false, "Think of each output bit as a coin toss."}, got)
}
