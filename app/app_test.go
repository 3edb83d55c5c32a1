//go:build !wasm

package app

import (
	"sort"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/quiz"
	"github.com/consensus-lab/playground/app/widgetspec"
	"github.com/consensus-lab/playground/lessons/lesson"
)

func TestEveryWidgetSpecHasAComponentAndBack(t *testing.T) {
	var factories []string
	for name := range widgetFactories {
		factories = append(factories, name)
	}
	sort.Strings(factories)
	assert.Equal(t, widgetspec.Names(), factories)
}

type fakeCourse struct{ lessons map[string]*lesson.Lesson }

func (f fakeCourse) Index() lesson.Index {
	var idx lesson.Index
	for _, l := range f.lessons {
		idx.Lessons = append(idx.Lessons, l.Summarize())
	}
	return idx
}

func (f fakeCourse) Lesson(slug string) (*lesson.Lesson, bool) {
	l, ok := f.lessons[slug]
	return l, ok
}

func TestHomeListsLessonsFromCourse(t *testing.T) {
	SetCourse(fakeCourse{lessons: map[string]*lesson.Lesson{"hashes": {Slug: "hashes", Title: "Hashes and blocks", Summary: "What a hash is", Minutes: 3}}})
	defer SetCourse(nil)
	h := &home{}
	loadIndex(nil, h.setIndex)
	d := app.NewServerTester(h)
	defer d.Close()
	html := app.HTMLString(h)
	assert.Contains(t, html, `href="/lessons/hashes"`)
	assert.Contains(t, html, "Hashes and blocks")
	assert.Contains(t, html, "3 min read")
}

// Lesson and embed pages read their slug from the URL, so they are tested
// through the real handler in cmd/playground/internal/site.

func TestPageStatus(t *testing.T) {
	c := fakeCourse{lessons: map[string]*lesson.Lesson{"hashes": {Slug: "hashes"}}}
	for p, want := range map[string]int{
		"/": 200, "/lessons/hashes": 200, "/lessons/hashes/": 200, "/embed/lesson/hashes": 200,
		"/embed/hashbox": 200, "/embed/hashbox/": 200, "/lessons/nope": 404, "/embed/nope": 404,
		"/lessons/": 404, "/lessons/Hashes": 404, "/x": 404, "/lessons/hashes/extra": 404,
	} {
		assert.Equal(t, want, PageStatus(p, c), p)
	}
}

func TestPaths(t *testing.T) {
	assert.Equal(t, "hashes", SlugFromPath("/lessons/hashes"))
	assert.Equal(t, "hashes", SlugFromPath("/embed/lesson/hashes/"))
	require.Equal(t, "/", kit.Root(), "no prefix outside a handler")
	assert.Equal(t, "/lessons/x", kit.Href("lessons/x"))
	assert.Equal(t, "/", kit.Href("/"))
}

func TestHomeSearchAndProgress(t *testing.T) {
	idx := lesson.Index{Lessons: []lesson.Summary{
		{Slug: "hashes", Title: "Hashes and blocks", Summary: "S", Minutes: 3, Checks: []string{"check-1", "check-2"},
			Sections: []lesson.Section{{ID: "the-avalanche-effect", Title: "The avalanche effect"}}, Text: "one changed bit flips about half the output"},
		{Slug: "hmac", Title: "HMAC signing", Summary: "Sign requests", Minutes: 9, Checks: []string{"check-1"}, Text: "a nonce is used once"},
	}}
	h := &home{}
	h.setIndex(idx, loaded)
	d := app.NewClientTester(h)
	defer d.Close()

	h.query = "AVALANCHE"
	h.Update()
	d.Consume()
	html := app.HTMLString(h)
	assert.Contains(t, html, `data-slug="hashes"`)
	assert.NotContains(t, html, `data-slug="hmac"`)
	assert.Contains(t, html, `href="/lessons/hashes#the-avalanche-effect"`)

	h.query = "nonce once"
	h.Update()
	d.Consume()
	html = app.HTMLString(h)
	assert.Contains(t, html, `data-slug="hmac"`)
	assert.NotContains(t, html, `data-slug="hashes"`)
	assert.Regexp(t, `<li [^>]*value="2"[^>]*data-slug="hmac"|<li [^>]*data-slug="hmac"[^>]*value="2"`, html, "the lesson keeps its number in the course")

	h.query = "Nonces slahsing"
	h.Update()
	d.Consume()
	assert.Contains(t, app.HTMLString(h), "No lesson mentions", "every word must match")
	h.query = "Nonces"
	h.Update()
	d.Consume()
	assert.Contains(t, app.HTMLString(h), `data-slug="hmac"`, "a plural finds its stem")

	h.query = "proof of burn"
	h.Update()
	d.Consume()
	assert.Contains(t, app.HTMLString(h), "No lesson mentions")

	h.query = ""
	h.progress = map[string]quiz.Progress{"hashes": {Answered: 2, Passed: 2}, "hmac": {Answered: 1, Passed: 0}}
	h.Update()
	d.Consume()
	html = app.HTMLString(h)
	assert.Contains(t, html, "completed ✓")
	assert.Contains(t, html, "Reset my progress")

	h.confirming = true
	h.Update()
	d.Consume()
	assert.Contains(t, app.HTMLString(h), "Forget all 3 answers on this device?", "wrong answers are forgotten too, so they count")

	h.progress = map[string]quiz.Progress{"hashes": {}, "hmac": {Answered: 1}}
	h.Update()
	d.Consume()
	assert.Contains(t, app.HTMLString(h), "Forget your 1 answer on this device?")
}

// The theme switch is a toggle button: one constant name, and its state in
// aria-pressed. The pre-render cannot know the theme; the browser test
// checks the state after mount and after a click.
func TestThemeSwitchIsAPressedToggle(t *testing.T) {
	html := app.HTMLString(&shell{})
	assert.Regexp(t, `<button [^>]*aria-label="Dark theme"`, html)
	assert.Regexp(t, `<button [^>]*aria-pressed="false"`, html)
	// go-app pre-renders "true" as a bare attribute; in the DOM it sets
	// aria-pressed="true", which the browser test reads.
	html = app.HTMLString(&shell{dark: true})
	assert.Regexp(t, `<button [^>]*aria-pressed[\s>]`, html)
	assert.NotContains(t, html, `aria-pressed="false"`)
}

// The lesson's meta line sits under its title (the first block), with its
// place in the course and the checks passed.
func TestLessonMetaUnderTitle(t *testing.T) {
	l := &lesson.Lesson{Slug: "hashes", Title: "Hashes", Minutes: 4, Blocks: []lesson.Block{
		{HTML: "<h1>Hashes</h1>"},
		{HTML: "<p>Prose.</p>"},
		{Widget: &lesson.Widget{Name: "check", ID: "check-1"}},
		{Widget: &lesson.Widget{Name: "check", ID: "check-2"}},
	}}
	p := &lessonPage{slug: "hashes", lesson: l, state: loaded, number: 3, of: 13, progress: quiz.Progress{Answered: 2, Passed: 1}}
	html := app.HTMLString(app.Div().Body(p.renderLesson(false)...))
	title, meta, prose := strings.Index(html, "<h1>Hashes</h1>"), strings.Index(html, "4 min read"), strings.Index(html, "<p>Prose.</p>")
	require.True(t, title >= 0 && meta >= 0 && prose >= 0, html)
	assert.True(t, title < meta && meta < prose, "the meta line is between the title and the prose")
	assert.Contains(t, html, "Lesson 3 of 13")
	assert.Regexp(t, `role="status"[^>]*>1 of 2 checks passed<`, html)

	p.progress.Passed = 2
	assert.Contains(t, app.HTMLString(app.Div().Body(p.renderLesson(true)...)), "2 of 2 checks passed ✓")
	assert.NotContains(t, app.HTMLString(app.Div().Body(p.renderLesson(true)...)), "Lesson 3 of 13", "an embed stands alone")
}
