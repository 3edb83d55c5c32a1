//go:build !wasm

package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/cmd/playground/internal/browsertest"
)

// axe-core, run inside headless Chromium against the served site: the home
// page, every lesson and three embeds, in the light and the dark theme.
// axe comes from the repo's own package-lock.json (make axe), never from the
// network at test time.

const axeScript = "testdata/axe/node_modules/axe-core/axe.min.js"

type axeNode struct {
	Target []string `json:"target"`
	HTML   string   `json:"html"`
}

type axeViolation struct {
	ID     string    `json:"id"`
	Impact string    `json:"impact"`
	Help   string    `json:"help"`
	Nodes  []axeNode `json:"nodes"`
}

// axeFinding is one element that fails one rule on one page.
type axeFinding struct {
	Page, Theme, Rule, Impact, Help, Target, HTML string
}

func (f axeFinding) String() string {
	return fmt.Sprintf("%s (%s) %s [%s] %s: %s\n    %s", f.Page, f.Theme, f.Rule, f.Impact, f.Help, f.Target, f.HTML)
}

// axeRun is the check: serious and critical violations only.
const axeRun = `axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations
	.filter(v => v.impact === "serious" || v.impact === "critical")
	.map(v => ({id: v.id, impact: v.impact, help: v.help,
		nodes: v.nodes.map(n => ({target: n.target.map(String), html: n.html.slice(0, 240)}))})))`

// axePages runs axe on every page in both themes and returns what it found.
func axePages(t *testing.T) []axeFinding {
	t.Helper()
	requireWasmBuilt(t)
	src, err := os.ReadFile(axeScript)
	if err != nil {
		t.Fatalf("axe-core is not installed: run `make axe` (make test does): %v", err)
	}
	course := builtinCourse(t)
	srv := browsertest.StartServe(t, bin)
	b := browsertest.New(t)

	type page struct {
		path  string
		ready chromedp.Action[chromedp.Void]
	}
	allReady := func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Poll[bool](`(() => { const all = document.querySelectorAll("[data-widget]");
			return all.length > 0 && [...all].every(w => w.dataset.state === "ready") && !document.getElementById("app-wasm-loader"); })()`,
			chromedp.WithPollingTimeout(60*time.Second))(ctx, t)
		return chromedp.Void{}, err
	}
	pages := []page{{"", chromedp.Steps(appStarted(), chromedp.WaitVisible(chromedp.CSS(`.lesson-list`)))}}
	for _, l := range course.Lessons {
		pages = append(pages, page{"lessons/" + l.Slug, widgetsReady(l)})
	}
	for _, e := range []string{"embed/miner", "embed/signer", "embed/lesson/idempotency"} {
		pages = append(pages, page{e, allReady})
	}

	var found []axeFinding
	for _, theme := range []string{"light", "dark"} {
		for _, p := range pages {
			ctx, cancel := b.Timeout(90 * time.Second)
			require.NoError(t, chromedp.Do(ctx,
				emulateColorScheme("light"),
				chromedp.Navigate(srv.URL+p.path),
				chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`localStorage.setItem("playground.theme", %q); undefined`, theme)),
				chromedp.Reload(),
				p.ready,
				chromedp.Evaluate[chromedp.Void](string(src)+"\n;undefined"),
			), "/%s (%s); console: %v", p.path, theme, b.Messages())
			vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](axeRun, chromedp.EvalAwaitPromise))
			require.NoError(t, err, "/%s (%s)", p.path, theme)
			cancel()
			for _, v := range vs {
				for _, n := range v.Nodes {
					found = append(found, axeFinding{
						Page: "/" + p.path, Theme: theme, Rule: v.ID, Impact: v.Impact, Help: v.Help,
						Target: strings.Join(n.Target, " "), HTML: n.HTML,
					})
				}
			}
		}
	}
	return found
}

// appFix is a violation that only a change in app/ can fix, with the change.
type appFix struct {
	rule   string
	target string // a substring of the element's selector or markup
	fix    string
}

// pendingAppFixes are the serious or critical findings that the app must
// fix (the lead's app/ rebuild). TestBrowserAxePending (build tag
// uxpending) runs without them.
var pendingAppFixes []appFix // empty: the table scroll boxes are kit.ScrollTable regions now

func (a appFix) covers(f axeFinding) bool {
	return f.Rule == a.rule && (strings.Contains(f.Target, a.target) || strings.Contains(f.HTML, a.target))
}

// splitFindings separates what the app must fix from the rest.
func splitFindings(found []axeFinding) (others, app []axeFinding) {
	for _, f := range found {
		pending := false
		for _, a := range pendingAppFixes {
			if a.covers(f) {
				pending = true
				break
			}
		}
		if pending {
			app = append(app, f)
		} else {
			others = append(others, f)
		}
	}
	return others, app
}

// No serious or critical axe violation outside the listed app fixes; the
// list is printed so that it stays in sight.
func TestBrowserAxe(t *testing.T) {
	others, app := splitFindings(axePages(t))
	for _, a := range pendingAppFixes {
		t.Logf("left to the app: %s on %q: %s", a.rule, a.target, a.fix)
	}
	for _, f := range app {
		t.Logf("pending app fix: %s", f)
	}
	if len(others) > 0 {
		var b strings.Builder
		for _, f := range others {
			b.WriteString(f.String() + "\n")
		}
		t.Errorf("%d serious or critical axe violations:\n%s", len(others), b.String())
	}
	assert.Empty(t, others)
}
