//go:build !wasm

package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/cmd/playground/internal/browsertest"
	"github.com/consensus-lab/playground/lessons"
)

// Every lesson of the built-in course loads in Chromium without a console
// error, and every widget on it becomes interactive.
func TestBrowserEveryLessonLoads(t *testing.T) {
	requireWasmBuilt(t)
	course, err := lessons.Compile(lessons.Builtin, "lessons")
	require.NoError(t, err)
	srv := browsertest.StartServe(t, bin)
	b := browsertest.New(t)
	for _, l := range course.Lessons {
		widgets := 0
		for _, blk := range l.Blocks {
			if blk.Widget != nil {
				widgets++
			}
		}
		ctx, cancel := b.Timeout(60 * time.Second)
		err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"lessons/"+l.Slug))
		require.NoError(t, err, l.Slug)
		n, err := chromedp.Run(ctx, chromedp.Poll[int](fmt.Sprintf(
			`(() => { const all = document.querySelectorAll('main[data-lesson=%q] [data-widget]');
			          const ready = document.querySelectorAll('main[data-lesson=%q] [data-widget][data-state="ready"]');
			          return all.length === %d && ready.length === all.length && ready.length; })()`, l.Slug, l.Slug, widgets),
			chromedp.WithPollingTimeout(45*time.Second)))
		cancel()
		require.NoError(t, err, "%s: not every widget became ready; console: %v", l.Slug, b.Messages())
		assert.Equal(t, widgets, n, l.Slug)
	}
	assert.Empty(t, b.Errors(), "console errors across the lessons")
}

// A learner answers a check; the home page counts it, search finds the
// lesson by a word in its prose, and the reset asks before forgetting.
func TestBrowserProgressAndSearch(t *testing.T) {
	requireWasmBuilt(t)
	srv := browsertest.StartServe(t, bin)
	b := browsertest.New(t)
	ctx, cancel := b.Timeout(90 * time.Second)
	defer cancel()

	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"lessons/hashes"),
		chromedp.WaitVisible(chromedp.CSS(`#check-1[data-state="ready"]`)),
	))
	// Pick the right answer by its text and commit.
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
		const box = document.getElementById("check-1");
		const label = [...box.querySelectorAll("label")].find(l => l.textContent.startsWith("About the same number"));
		document.getElementById(label.htmlFor).click();
		return true; })()`))
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#check-1 button`))))
	verdict, err := chromedp.Run(ctx, chromedp.Poll[string](`(() => { const v = document.querySelector("#check-1 .check-verdict"); return v && v.textContent; })()`))
	require.NoError(t, err)
	assert.Equal(t, "Right.", verdict)

	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL),
		chromedp.WaitVisible(chromedp.CSS(`#lesson-search`)),
	))
	meta, err := chromedp.Run(ctx, chromedp.Poll[string](
		`(() => { const m = document.querySelector('li[data-slug="hashes"] .lesson-meta'); return m && m.textContent.includes("checks passed") && m.textContent; })()`,
		chromedp.WithPollingTimeout(20*time.Second)))
	require.NoError(t, err, "progress on the home page; console: %v", b.Messages())
	assert.Contains(t, meta, "1 of ")

	// The lessons whose text has the word, in course order, from the index.
	course, err := lessons.Compile(lessons.Builtin, "lessons")
	require.NoError(t, err)
	var want []string
	for _, s := range course.Index().Lessons {
		if strings.Contains(strings.ToLower(s.Title+" "+s.Summary)+" "+s.Text, "avalanche") {
			want = append(want, s.Slug)
		}
	}
	require.Contains(t, want, "hashes")
	require.Less(t, len(want), len(course.Lessons), "the word must narrow the list for the test to mean anything")
	require.NoError(t, chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`#lesson-search`), "avalanche")))
	slugs, err := chromedp.Run(ctx, chromedp.Poll[string](
		fmt.Sprintf(`(() => { const s = [...document.querySelectorAll('.lesson-list li[data-slug]')].map(li => li.dataset.slug).join(","); return s === %q && s; })()`, strings.Join(want, ",")),
		chromedp.WithPollingTimeout(10*time.Second)))
	require.NoError(t, err, "search finds exactly %v", want)
	assert.Equal(t, strings.Join(want, ","), slugs)

	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.progress-reset button`))))
	ask, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`.progress-reset p`)))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(ask, "Forget your 1 answer"), ask)
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.progress-reset button.button:not(.secondary)`))))
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`!document.querySelector('li[data-slug="hashes"] .lesson-meta').textContent.includes("checks passed")`,
		chromedp.WithPollingTimeout(10*time.Second)))
	require.NoError(t, err, "progress is gone after the reset")
	assert.Empty(t, b.Errors())
}

// "Next lesson" stays in the one app on every link of the course: the page
// is never reloaded, only one app wasm is ever fetched, and each lesson's
// widgets work; going back brings the previous lesson back, still in the
// same document.
func TestBrowserNavigationStaysInTheApp(t *testing.T) {
	requireWasmBuilt(t)
	srv := browsertest.StartServe(t, bin)
	course, err := lessons.Compile(lessons.Builtin, "lessons")
	require.NoError(t, err)
	b := browsertest.New(t)
	ctx, cancel := b.Timeout(3 * time.Minute)
	defer cancel()
	wasmLoaded := `performance.getEntriesByType("resource").map(e => e.name).filter(n => n.endsWith(".wasm") && !n.includes("worker") && !n.includes("miner") && !n.includes("ciphers")).map(n => n.slice(n.lastIndexOf("/") + 1))`
	ready := func(slug string) string {
		return `main[data-lesson="` + slug + `"] [data-widget][data-state="ready"]`
	}

	first := course.Lessons[0].Slug
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"lessons/"+first),
		chromedp.WaitVisible(chromedp.CSS(ready(first))),
		chromedp.Evaluate[chromedp.Void](`window.__sameDocument = true; undefined`),
	))
	for _, l := range course.Lessons[1:] {
		require.NoError(t, chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(`.lesson-nav a.next`)),
			chromedp.WaitVisible(chromedp.CSS(ready(l.Slug))),
		), l.Slug)
		same, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__sameDocument === true`))
		require.NoError(t, err)
		require.True(t, same, "reaching %s reloaded the page", l.Slug)
		text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("main").innerText`))
		require.NoError(t, err)
		assert.NotContains(t, text, "Unknown widget", l.Slug)
	}
	prev := course.Lessons[len(course.Lessons)-2].Slug
	require.NoError(t, chromedp.Do(ctx,
		chromedp.NavigateBack(),
		chromedp.WaitVisible(chromedp.CSS(ready(prev))),
	))
	same, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__sameDocument === true`))
	require.NoError(t, err)
	assert.True(t, same, "back stays in the app")
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](wasmLoaded))
	require.NoError(t, err)
	assert.Equal(t, []string{"app.wasm"}, loaded, "one app wasm for the whole course")
	assert.Empty(t, b.Errors(), "console errors; messages: %v", b.Messages())
}
