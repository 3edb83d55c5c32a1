//go:build !wasm

package main

import (
	"context"
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/widgetspec"
	"github.com/consensus-lab/playground/cmd/playground/internal/browsertest"
	"github.com/consensus-lab/playground/lessons"
)

// formState reads what the browser makes of a widget's controls, by id:
// value, checked, selected index and disabled, as a learner would see them.
// On a pre-rendered copy of the page (parsed, never run) it shows what the
// page shows before the wasm starts.
const formStateJS = `(root) => {
	const out = {};
	for (const el of root.querySelectorAll("input, select, textarea, button")) {
		if (!el.id || el.dataset.live) continue; // data-live: known only once the app runs
		// A button that needs the app is rightly disabled until the wasm
		// starts; what must agree is every choice and value shown.
		const s = {disabled: el.tagName === "BUTTON" ? false : el.disabled};
		if (el.type === "checkbox" || el.type === "radio") s.checked = el.checked;
		else if (el.tagName === "SELECT") s.value = el.value;
		else if (el.tagName !== "BUTTON") s.value = el.value;
		out[el.id] = s;
	}
	return out;
}`

type control struct {
	Disabled bool    `json:"disabled"`
	Checked  *bool   `json:"checked,omitempty"`
	Value    *string `json:"value,omitempty"`
}

// What a page shows before the wasm starts is the widget's real default
// state: every widget's controls read the same in the pre-rendered HTML
// (parsed by the browser, as it would show it) and once the app is live.
func TestBrowserPrerenderedFormStateMatchesTheApp(t *testing.T) {
	requireWasmBuilt(t)
	srv := browsertest.StartServe(t, bin)
	b := browsertest.New(t)
	ctx, cancel := b.Timeout(4 * time.Minute)
	defer cancel()
	for _, name := range widgetspec.Names() {
		url := srv.URL + "embed/" + name
		require.NoError(t, chromedp.Do(ctx,
			chromedp.Navigate(url),
			chromedp.WaitVisible(chromedp.CSS(`[data-widget="`+name+`"][data-state="ready"]`)),
		), name)
		var both struct{ Pre, Live map[string]control }
		js := `(async () => {
			const read = ` + formStateJS + `;
			const html = await (await fetch(location.href)).text();
			const pre = new DOMParser().parseFromString(html, "text/html");
			const sel = '[data-widget="` + name + `"]';
			return JSON.stringify({pre: read(pre.querySelector(sel)), live: read(document.querySelector(sel))});
		})()`
		raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
		require.NoError(t, err, name)
		require.NoError(t, json.Unmarshal([]byte(raw), &both), name)
		require.NotNil(t, both.Pre, "%s is pre-rendered", name)
		for id, live := range both.Live {
			pre, ok := both.Pre[id]
			if !ok {
				continue // drawn only once live (a worker's progress, say)
			}
			assert.Equal(t, live, pre, "%s: #%s before and after the wasm starts", name, id)
		}
	}
	assert.Empty(t, b.Errors(), "console errors")
}

// Every widget's state is shareable: change one parameter of every widget
// on every lesson through its own control, and "Link to this state",
// opened in a fresh tab, opens the lesson at that widget in that state; a
// reload of the original page keeps the state too.
func TestBrowserEveryWidgetStateIsShareable(t *testing.T) {
	requireWasmBuilt(t)
	srv := browsertest.StartServe(t, bin)
	course, err := lessons.Compile(lessons.Builtin, "lessons")
	require.NoError(t, err)
	b := browsertest.New(t)
	ctx, cancel := b.Timeout(8 * time.Minute)
	defer cancel()
	changed := 0
	for _, l := range course.Lessons {
		ready := `main[data-lesson="` + l.Slug + `"] [data-widget][data-state="ready"]`
		require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL+"lessons/"+l.Slug), chromedp.WaitVisible(chromedp.CSS(ready))), l.Slug)
		type placed struct{ id, param, value string }
		var done []placed
		seen := map[string]bool{}
		for _, blk := range l.Blocks {
			w := blk.Widget
			if w == nil || w.Name == "check" || seen[w.Name] {
				continue
			}
			seen[w.Name] = true
			p, value, ok := changeOneParam(t, ctx, w.ID, w.Name)
			if !ok {
				// A widget whose parameters move with its buttons (a
				// replay's moves, a scenario's steps): press one.
				ok = pressOneButton(t, ctx, w.ID)
			}
			if !assert.True(t, ok, "%s: widget %s has no control that changes its state", l.Slug, w.ID) {
				continue
			}
			link, err := chromedp.Run(ctx, chromedp.Poll[string](`(() => {
				const a = document.getElementById("`+w.ID+`-share");
				return a && a.href.includes(encodeURIComponent("`+w.ID+`.`+p+`")) ? a.href : false;
			})()`, chromedp.WithPollingTimeout(10*time.Second)))
			require.NoError(t, err, "%s: the share link of %s records the change", l.Slug, w.ID)

			// A fresh tab on the link shows the same state: the same
			// control value, and the same state to share in turn.
			tab, closeTab := chromedp.NewContext(ctx)
			err = chromedp.Do(tab, chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS(`#`+w.ID+`[data-state="ready"]`)))
			require.NoError(t, err, link)
			again, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.getElementById("`+w.ID+`-share").href`))
			require.NoError(t, err, link)
			got := value
			if p != "" {
				got, err = chromedp.Run(tab, chromedp.Evaluate[string](paramValueJS(w.ID, p)))
				require.NoError(t, err, link)
			}
			closeTab()
			assert.Equal(t, sameState(link), sameState(again), "%s: %s after following %s", l.Slug, w.ID, link)
			assert.Equal(t, value, got, "%s: %s.%s after following %s", l.Slug, w.ID, p, link)
			if p == "" {
				changed++
				continue
			}
			done = append(done, placed{w.ID, p, value})
			changed++
		}
		// The page's own address carries the state: a reload keeps it.
		require.NoError(t, chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(ready))), l.Slug)
		for _, d := range done {
			require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`#`+d.id+`[data-state="ready"]`))))
			got, err := chromedp.Run(ctx, chromedp.Evaluate[string](paramValueJS(d.id, d.param)))
			require.NoError(t, err)
			assert.Equal(t, d.value, got, "%s: %s.%s after a reload", l.Slug, d.id, d.param)
		}
	}
	assert.Greater(t, changed, 20, "widgets whose state was shared")
	assert.Empty(t, b.Errors(), "console errors; messages: %v", b.Messages())
}

// sameState is a share link without its order of query keys.
func sameState(link string) string {
	u, err := url.Parse(link)
	if err != nil {
		return link
	}
	return u.Path + "?" + u.Query().Encode() + "#" + u.Fragment
}

// pressOneButton presses the first enabled button of the widget's own
// (not its reset), for widgets whose state moves with their buttons.
func pressOneButton(t *testing.T, ctx context.Context, widgetID string) bool {
	t.Helper()
	ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
		const b = [...document.querySelectorAll("#`+widgetID+` button")].find(b => !b.disabled && !b.id.endsWith("-reset") && !b.closest(".widget-share"));
		if (!b) return false;
		b.click();
		return true;
	})()`))
	require.NoError(t, err)
	return ok
}

// paramValueJS reads a parameter's control: its value, or "true"/"false"
// for a check box.
func paramValueJS(widgetID, param string) string {
	return `(() => {
		const el = document.getElementById("` + widgetID + `-` + param + `");
		if (!el) return "(no control)";
		return el.type === "checkbox" ? String(el.checked) : el.value;
	})()`
}

// changeOneParam finds the first parameter of the widget's spec that has an
// enabled control of the kit (<id>-<param>) and gives it a different valid
// value as a learner would: a number one step away, the next choice, the
// other side of a check box.
func changeOneParam(t *testing.T, ctx context.Context, widgetID, name string) (param, value string, ok bool) {
	t.Helper()
	spec, _ := widgetspec.Lookup(name)
	params := slices.Clone(spec.Params)
	// Numbers, choices and flags first: free text has formats of its own.
	slices.SortStableFunc(params, func(a, b widgetspec.Param) int {
		return btoi(a.Kind == widgetspec.String) - btoi(b.Kind == widgetspec.String)
	})
	for _, p := range params {
		cur, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
			const el = document.getElementById("`+widgetID+`-`+p.Name+`");
			if (!el || el.disabled || !["INPUT", "SELECT", "TEXTAREA"].includes(el.tagName) || el.type === "radio") return "";
			return "=" + (el.type === "checkbox" ? String(el.checked) : el.value);
		})()`))
		require.NoError(t, err)
		if cur == "" {
			continue
		}
		cur = cur[1:]
		var next string
		switch p.Kind {
		case widgetspec.Int:
			// Down first: a parameter bounded by another (an attacker's
			// stake by the total) stays valid one step lower.
			n, _ := strconv.Atoi(cur)
			next = strconv.Itoa(n - 1)
			if n-1 < p.Min {
				next = strconv.Itoa(n + 1)
			}
		case widgetspec.Enum:
			i := slices.Index(p.Choices, cur)
			next = p.Choices[(i+1)%len(p.Choices)]
		case widgetspec.Bool:
			next = strconv.FormatBool(cur != "true")
		default:
			next = cur + "x"
		}
		require.NoError(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`(() => {
			const el = document.getElementById("`+widgetID+`-`+p.Name+`");
			if (el.type === "checkbox") { el.click(); return; }
			el.value = `+strconv.Quote(next)+`;
			el.dispatchEvent(new Event("input", {bubbles: true}));
			el.dispatchEvent(new Event("change", {bubbles: true}));
		})(); undefined`)))
		return p.Name, next, true
	}
	return "", "", false
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
