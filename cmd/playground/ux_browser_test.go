//go:build !wasm

package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/cmd/playground/internal/browsertest"
	"github.com/consensus-lab/playground/lessons"
	"github.com/consensus-lab/playground/lessons/lesson"
	"github.com/consensus-lab/playground/lessons/search"
)

// The user-experience checks of issue 13: a phone-sized window, dark mode,
// section links, the update banner and the viewport tag, in a real Chromium.

// widgetsReady waits until every widget on the lesson page is interactive
// (the app has started and rendered the lesson).
func widgetsReady(l *lesson.Lesson) chromedp.Action[chromedp.Void] {
	widgets := 0
	for _, b := range l.Blocks {
		if b.Widget != nil {
			widgets++
		}
	}
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Poll[bool](fmt.Sprintf(
			`(() => { const all = document.querySelectorAll('main[data-lesson=%q] [data-widget]');
			          const ready = document.querySelectorAll('main[data-lesson=%q] [data-widget][data-state="ready"]');
			          return all.length === %d && ready.length === all.length && !document.getElementById("app-wasm-loader"); })()`, l.Slug, l.Slug, widgets),
			chromedp.WithPollingTimeout(60*time.Second))(ctx, t)
		return chromedp.Void{}, err
	}
}

// appStarted waits until the wasm runs (go-app removes its loader then).
func appStarted() chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Poll[bool](`!document.getElementById("app-wasm-loader")`, chromedp.WithPollingTimeout(60*time.Second))(ctx, t)
		return chromedp.Void{}, err
	}
}

// emulateColorScheme sets the system's prefers-color-scheme ("" clears it).
func emulateColorScheme(scheme string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		p := emulation.SetEmulatedMediaParams{}
		if scheme != "" {
			p.Features = []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}
		}
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, p)
		return err
	})
}

// grantClipboard lets pages of the server at url read and write the
// clipboard without asking, so that a test can read what was copied.
func grantClipboard(url string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		origin := strings.TrimSuffix(url, "/")
		for _, name := range []string{"clipboard-read", "clipboard-write"} {
			if _, err := chromedp.CallBrowser(ctx, browser.SetPermission, browser.SetPermissionParams{
				Permission: &browser.PermissionDescriptor{Name: name},
				Setting:    browser.PermissionSettingGranted,
				Origin:     origin,
			}); err != nil {
				return fmt.Errorf("granting %s: %w", name, err)
			}
		}
		return nil
	})
}

func builtinCourse(t *testing.T) *lessons.Course {
	t.Helper()
	course, err := lessons.Compile(lessons.Builtin, "lessons")
	require.NoError(t, err)
	return course
}

// overflowJS lists what sticks out of the window on the right: the
// outermost such elements, widest first, for a failure message.
const overflowJS = `(() => {
	const w = window.innerWidth, out = [];
	for (const el of document.body.querySelectorAll("*")) {
		const r = el.getBoundingClientRect();
		if (r.right <= w + 0.5 || r.width === 0) continue;
		const p = el.parentElement && el.parentElement.getBoundingClientRect();
		if (p && p.right > w + 0.5) continue;
		out.push(el.tagName.toLowerCase() + (el.className && el.className.baseVal === undefined ? "." + el.className.trim().replace(/\s+/g, ".") : "") + " right=" + Math.round(r.right));
	}
	return out.slice(0, 8);
})()`

// Nothing widens the page at 320 and 390 px: wide tables and code scroll in
// their own box, long hex wraps. And words are broken only where they must
// be: no element splits a word that fits on its line ("65,537 hash es" came
// from word-break: break-all on the miner's facts).
func TestBrowserPhoneWidth(t *testing.T) {
	requireWasmBuilt(t)
	course := builtinCourse(t)
	srv := browsertest.StartServe(t, bin)
	b := browsertest.New(t)
	for _, l := range course.Lessons {
		ctx, cancel := b.Timeout(90 * time.Second)
		require.NoError(t, chromedp.Do(ctx,
			chromedp.EmulateViewport(390, 800),
			chromedp.Navigate(srv.URL+"lessons/"+l.Slug),
			widgetsReady(l),
		), "%s; console: %v", l.Slug, b.Messages())
		breakAll, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("body *")]
			.filter(el => getComputedStyle(el).wordBreak === "break-all")
			.map(el => el.tagName.toLowerCase() + "." + String(el.className)).slice(0, 5)`))
		require.NoError(t, err)
		assert.Empty(t, breakAll, "%s: elements with word-break: break-all", l.Slug)
		for _, width := range []int64{390, 320} {
			require.NoError(t, chromedp.Do(ctx, chromedp.EmulateViewport(width, 800)))
			got, err := chromedp.Run(ctx, chromedp.Poll[[]int](
				`(() => { const s = document.scrollingElement; return s.scrollWidth <= window.innerWidth && [s.scrollWidth, window.innerWidth]; })()`,
				chromedp.WithPollingTimeout(2*time.Second)))
			if err != nil {
				sizes, _ := chromedp.Run(ctx, chromedp.Evaluate[[]int](`[document.scrollingElement.scrollWidth, window.innerWidth]`))
				wide, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](overflowJS))
				t.Errorf("%s at %d px: the page is %v px wide (scrollWidth, innerWidth); sticking out: %v", l.Slug, width, sizes, wide)
				continue
			}
			assert.LessOrEqual(t, got[0], got[1])
		}
		cancel()
	}
}

// contrastJS measures every highlighted token of the page's code blocks
// against the block's background and returns the worst ones (WCAG 2
// contrast, colours as Chromium computes them).
const contrastJS = `(() => {
	const parse = (c) => { const m = c.match(/[\d.]+/g).map(Number); return m; };
	const lum = (c) => { const [r, g, b] = parse(c).slice(0, 3).map(v => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
	const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
	const out = [];
	let tokens = 0;
	for (const pre of document.querySelectorAll(".prose pre")) {
		const bg = getComputedStyle(pre).backgroundColor;
		if (parse(bg)[3] === 0) { out.push({cls: "pre", text: "transparent background", ratio: 0}); continue; }
		for (const el of pre.querySelectorAll("span, code")) {
			if (!el.textContent.trim()) continue;
			tokens++;
			const r = ratio(getComputedStyle(el).color, bg);
			if (r < 4.5) out.push({cls: el.className, text: el.textContent.slice(0, 20), ratio: Math.round(r * 100) / 100, color: getComputedStyle(el).color, bg});
		}
	}
	return {tokens, low: out.slice(0, 10)};
})()`

// Code samples are readable in both themes, whether dark comes from the
// system setting or from the site's toggle: every token at 4.5:1 or more.
func TestBrowserCodeContrast(t *testing.T) {
	requireWasmBuilt(t)
	course := builtinCourse(t)
	srv := browsertest.StartServe(t, bin)
	b := browsertest.New(t)
	type result struct {
		Tokens int
		Low    []map[string]any
	}
	for _, mode := range []struct{ name, system, choice string }{
		{"light", "light", ""},
		{"dark by system", "dark", ""},
		{"dark by toggle", "light", "dark"},
		{"light by toggle on a dark system", "dark", "light"},
	} {
		for _, slug := range []string{"hmac-signing", "idempotency", "hashes"} {
			l, _ := course.Lesson(slug)
			ctx, cancel := b.Timeout(90 * time.Second)
			require.NoError(t, chromedp.Do(ctx,
				emulateColorScheme(mode.system),
				chromedp.Navigate(srv.URL+"lessons/"+slug),
				chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`localStorage.setItem("playground.theme", %q); undefined`, mode.choice)),
				chromedp.Reload(),
				widgetsReady(l),
			), "%s %s", mode.name, slug)
			theme, err := chromedp.Run(ctx, chromedp.Evaluate[string](`window.playground.theme()`))
			require.NoError(t, err)
			assert.Equal(t, strings.Fields(mode.name)[0], theme, "%s: the theme in effect", mode.name)
			r, err := chromedp.Run(ctx, chromedp.Evaluate[result](contrastJS))
			require.NoError(t, err)
			assert.Greater(t, r.Tokens, 5, "%s %s: code tokens measured", mode.name, slug)
			assert.Empty(t, r.Low, "%s %s: tokens below 4.5:1", mode.name, slug)
			cancel()
		}
	}
}

// A link to a section lands on its heading, after the app has replaced the
// pre-rendered page, and so does a search result's section link followed
// inside the app.
func TestBrowserSectionLinksLandOnTheirHeading(t *testing.T) {
	requireWasmBuilt(t)
	course := builtinCourse(t)
	srv := browsertest.StartServe(t, bin)
	b := browsertest.New(t)
	ctx, cancel := b.Timeout(120 * time.Second)
	defer cancel()
	headingTop := func(id string) float64 {
		top, err := chromedp.Run(ctx, chromedp.Evaluate[float64](fmt.Sprintf(`document.getElementById(%q).getBoundingClientRect().top`, id)))
		require.NoError(t, err)
		return top
	}

	idem, _ := course.Lesson("idempotency")
	require.NoError(t, chromedp.Do(ctx,
		chromedp.EmulateViewport(1000, 700),
		chromedp.Navigate(srv.URL+"lessons/idempotency#backing-off-with-jitter"),
		widgetsReady(idem),
		chromedp.Sleep(500*time.Millisecond), // late layout changes
	), "console: %v", b.Messages())
	scrollY, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`scrollY`))
	require.NoError(t, err)
	assert.Greater(t, scrollY, 500.0, "the page is scrolled")
	assert.InDelta(t, 0, headingTop("backing-off-with-jitter"), 2, "the heading is at the top of the window")

	// From the home page's search, in the app (same bundle: no reload).
	pow, _ := course.Lesson("proof-of-work")
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL),
		chromedp.WaitVisible(chromedp.CSS(`.lesson-list`)),
		appStarted(),
		chromedp.SendKeys(chromedp.CSS(`#lesson-search`), "retargeting"),
		chromedp.Evaluate[chromedp.Void](`window.__sameDocument = true; undefined`),
		chromedp.Click(chromedp.CSS(`li[data-slug="proof-of-work"] .search-sections a[href$="#retargeting"]`)),
		widgetsReady(pow),
		chromedp.Sleep(500*time.Millisecond),
	), "console: %v", b.Messages())
	same, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__sameDocument === true && location.hash === "#retargeting"`))
	require.NoError(t, err)
	assert.True(t, same, "navigated inside the app to the section")
	assert.InDelta(t, 0, headingTop("retargeting"), 2, "the heading is at the top of the window")
	assert.Empty(t, b.Errors())
}

// The update banner takes no room until there is an update, on pages and
// embeds; there is one viewport tag, and it lets the learner zoom.
func TestBrowserNoEmptyBannerOneViewport(t *testing.T) {
	requireWasmBuilt(t)
	course := builtinCourse(t)
	srv := browsertest.StartServe(t, bin)
	b := browsertest.New(t)
	hashes, _ := course.Lesson("hashes")
	for _, page := range []string{"lessons/hashes", "embed/lesson/hashes", "embed/hashbox"} {
		ctx, cancel := b.Timeout(60 * time.Second)
		require.NoError(t, chromedp.Do(ctx,
			chromedp.Navigate(srv.URL+page),
			chromedp.WaitVisible(chromedp.CSS(`[data-widget="hashbox"][data-state="ready"]`)),
		), page)
		if page == "lessons/hashes" {
			require.NoError(t, chromedp.Do(ctx, widgetsReady(hashes)))
		}
		banner, err := chromedp.Run(ctx, chromedp.Evaluate[[]any](`(() => { const b = document.querySelector(".update-banner");
			return b ? [b.hidden, b.offsetHeight, getComputedStyle(b).display] : []; })()`))
		require.NoError(t, err)
		require.Len(t, banner, 3, "%s: the banner is in the page, hidden", page)
		assert.Equal(t, []any{true, float64(0), "none"}, banner, page)

		tags, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('meta[name="viewport"]')].map(m => m.content)`))
		require.NoError(t, err)
		require.Len(t, tags, 1, page)
		assert.NotContains(t, tags[0], "maximum-scale", page)
		assert.NotContains(t, tags[0], "user-scalable", page)
		cancel()
	}
}

// The copy button of a code block puts the block's text on the clipboard.
func TestBrowserCopyCodeButton(t *testing.T) {
	requireWasmBuilt(t)
	course := builtinCourse(t)
	srv := browsertest.StartServe(t, bin)
	b := browsertest.New(t)
	ctx, cancel := b.Timeout(60 * time.Second)
	defer cancel()
	l, _ := course.Lesson("hmac-signing")
	require.NoError(t, chromedp.Do(ctx,
		grantClipboard(srv.URL),
		chromedp.Navigate(srv.URL+"lessons/hmac-signing"),
		widgetsReady(l),
	))
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".code-block .copy-code").length`))
	require.NoError(t, err)
	require.Greater(t, n, 3)
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.code-block:nth-of-type(1) .copy-code`))))
	status, err := chromedp.Run(ctx, chromedp.Poll[string](`(() => { const s = document.querySelector(".code-block .copy-status"); return s && s.textContent; })()`,
		chromedp.WithPollingTimeout(5*time.Second)))
	require.NoError(t, err)
	assert.Equal(t, "Copied to the clipboard.", status)
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise))
	require.NoError(t, err)
	want, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".code-block pre").innerText.replace(/\n$/, "")`))
	require.NoError(t, err)
	require.NotEmpty(t, want)
	assert.Equal(t, want, got)
}

// The home page's search runs lessons/search: stems, typos, course-wide
// lesson numbers (<li value=N>), and section titles as text.
func TestBrowserSearch(t *testing.T) {
	requireWasmBuilt(t)
	ix := search.New(builtinCourse(t).Index().Lessons)
	srv := browsertest.StartServe(t, bin)
	b := browsertest.New(t)
	ctx, cancel := b.Timeout(90 * time.Second)
	defer cancel()
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL), appStarted(), chromedp.WaitVisible(chromedp.CSS(`#lesson-search`))))
	for _, q := range []string{"slahsing", "Nonces", "51"} {
		var want []string
		for _, r := range ix.Find(q) {
			want = append(want, fmt.Sprintf("%s:%d", r.Lesson.Slug, r.Number))
		}
		require.NotEmpty(t, want, q)
		require.NoError(t, chromedp.Do(ctx,
			chromedp.Evaluate[chromedp.Void](`(() => { const i = document.querySelector("#lesson-search"); i.value = ""; i.dispatchEvent(new Event("input", {bubbles: true})); })(); undefined`),
			chromedp.SendKeys(chromedp.CSS(`#lesson-search`), q),
		))
		got, err := chromedp.Run(ctx, chromedp.Poll[string](fmt.Sprintf(
			`(() => { const s = [...document.querySelectorAll('.lesson-list li[data-slug]')].map(li => li.dataset.slug + ":" + li.value).join(","); return s === %q && s; })()`,
			strings.Join(want, ",")), chromedp.WithPollingTimeout(10*time.Second)))
		require.NoError(t, err, "%q finds %v, numbered as in the course", q, want)
		assert.Equal(t, strings.Join(want, ","), got)
	}
	titles, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".search-sections a")].map(a => a.textContent)`))
	require.NoError(t, err)
	assert.Contains(t, titles, "What “51%” means in proof of stake")
}

// The theme switch tells screen readers which theme is on: aria-pressed
// follows window.playground.theme() (dark = pressed), before and after a
// click.
func TestBrowserThemeToggle(t *testing.T) {
	requireWasmBuilt(t)
	srv := browsertest.StartServe(t, bin)
	b := browsertest.New(t)
	ctx, cancel := b.Timeout(60 * time.Second)
	defer cancel()
	require.NoError(t, chromedp.Do(ctx, emulateColorScheme("light"), chromedp.Navigate(srv.URL), appStarted()))
	state := `(() => { const b = document.querySelector(".theme-toggle"); return window.playground.theme() + " " + b.getAttribute("aria-pressed"); })()`
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](state))
	require.NoError(t, err)
	assert.Equal(t, "light false", got)
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.theme-toggle`))))
	got, err = chromedp.Run(ctx, chromedp.Poll[string](state+` === "dark true" && "dark true"`, chromedp.WithPollingTimeout(5*time.Second)))
	require.NoError(t, err)
	assert.Equal(t, "dark true", got)
}

// The reading time is under the lesson's title, not above it.
func TestBrowserReadTimeUnderTitle(t *testing.T) {
	requireWasmBuilt(t)
	course := builtinCourse(t)
	srv := browsertest.StartServe(t, bin)
	b := browsertest.New(t)
	ctx, cancel := b.Timeout(60 * time.Second)
	defer cancel()
	l, _ := course.Lesson("hashes")
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL+"lessons/hashes"), widgetsReady(l)))
	below, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
		const h = document.querySelector("main h1"), m = [...document.querySelectorAll("main .lesson-meta")].find(e => e.textContent.includes("min read"));
		return !!h && !!m && m.getBoundingClientRect().top >= h.getBoundingClientRect().bottom; })()`))
	require.NoError(t, err)
	assert.True(t, below)
}

// The lesson's progress line follows a check's answer. (Focus after Commit
// is not asserted yet: kit.Focus does not take in Chromium; see the report.)
func TestBrowserLessonProgressFollowsAnswers(t *testing.T) {
	requireWasmBuilt(t)
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "focus.md"), []byte("---\ntitle: Focus\nsummary: Focus.\norder: 1\n---\n\n# Focus\n\n"+
		`::check{question="How many bits change?" options="A few|About half|All" answer="About half"}`+"\n"), 0o644))
	srv := browsertest.StartServe(t, bin, "--lessons", dir)
	b := browsertest.New(t)
	ctx, cancel := b.Timeout(60 * time.Second)
	defer cancel()
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL+"lessons/focus"), chromedp.WaitVisible(chromedp.CSS(`#check-1[data-state="ready"]`)),
		chromedp.Click(chromedp.CSS(`label[for="check-1-opt-1"]`)), chromedp.Click(chromedp.CSS(`#check-1-commit`))))
	progress, err := chromedp.Run(ctx, chromedp.Poll[string](`(() => { const p = document.querySelector(".lesson-progress"); return p && p.textContent.startsWith("1 of 1") && p.textContent; })()`,
		chromedp.WithPollingTimeout(5*time.Second)))
	require.NoError(t, err, "the lesson's progress follows the answer")
	assert.Equal(t, "1 of 1 checks passed ✓", progress)
}
