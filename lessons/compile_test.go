package lessons

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/widgetspec"
)

// TestBuiltinCourseCompiles is the content test: every shipped lesson
// compiles, every widget it places exists and every parameter is valid.
func TestBuiltinCourseCompiles(t *testing.T) {
	course, err := Compile(Builtin, "lessons")
	require.NoError(t, err)
	require.NotEmpty(t, course.Lessons)
	for i, l := range course.Lessons {
		assert.NotEmpty(t, l.Title, l.Source)
		assert.NotEmpty(t, l.Summary, l.Source)
		assert.Positive(t, l.Minutes, l.Source)
		if i > 0 {
			require.NotNil(t, l.Prev, l.Source)
			assert.Equal(t, course.Lessons[i-1].Slug, l.Prev.Slug)
		} else {
			assert.Nil(t, l.Prev)
		}
		widgets := 0
		for _, b := range l.Blocks {
			if b.Widget != nil {
				widgets++
				assert.NotEmpty(t, b.Widget.ID)
				assert.Positive(t, b.Widget.Line)
			} else {
				assert.NotContains(t, b.HTML, "<!--directive:", "every placeholder is replaced")
			}
		}
		assert.Positive(t, widgets, "%s places no widget", l.Source)
	}
	l, ok := course.Lesson("hashes")
	require.True(t, ok)
	assert.Equal(t, "Hashes and blocks", l.Title)
	assert.Contains(t, l.Summarize().Widgets, "hashbox")
}

func TestCompileSplitsAroundWidgets(t *testing.T) {
	fsys := fstest.MapFS{"a.md": {Data: []byte("---\ntitle: A\nsummary: S\norder: 1\n---\n\nIntro *text*.\n\n::hashbox{text=hi}\n\nMiddle.\n::hashbox\nEnd.\n\n```go\nx := 1\n```\n")}}
	course, err := Compile(fsys, "x")
	require.NoError(t, err)
	l := course.Lessons[0]
	require.Len(t, l.Blocks, 5)
	assert.Equal(t, "<p>Intro <em>text</em>.</p>", l.Blocks[0].HTML)
	assert.Equal(t, "hashbox", l.Blocks[1].Widget.Name)
	assert.Equal(t, map[string]string{"text": "hi"}, l.Blocks[1].Widget.Params)
	assert.Equal(t, "hashbox-1", l.Blocks[1].Widget.ID)
	assert.Equal(t, 9, l.Blocks[1].Widget.Line)
	assert.Equal(t, "<p>Middle.</p>", l.Blocks[2].HTML)
	assert.Equal(t, "hashbox-2", l.Blocks[3].Widget.ID)
	assert.Equal(t, 12, l.Blocks[3].Widget.Line)
	assert.Contains(t, l.Blocks[4].HTML, `class="hl-chroma"`, "code is highlighted at build time with classes")
	assert.Contains(t, l.Blocks[4].HTML, "<p>End.</p>")
}

func TestCompileReportsFileAndLine(t *testing.T) {
	fsys := fstest.MapFS{
		"good.md":  {Data: []byte("---\ntitle: Good\nsummary: S\norder: 1\n---\n::hashbox\n")},
		"typo.md":  {Data: []byte("---\ntitle: T\nsummary: S\norder: 2\n---\n\ntext\n\n::hashbx{text=a}\n")},
		"param.md": {Data: []byte("---\ntitle: P\nsummary: S\norder: 3\n---\n\n::hashbox{colour=red}\n::hashbox{text=\"unterminated}\n")},
		"front.md": {Data: []byte("---\ntitle: F\nauthor: me\norder: 4\n---\nbody\n")},
		"none.md":  {Data: []byte("# no front matter\n")},
		"dup.md":   {Data: []byte("---\ntitle: D\nsummary: S\norder: 1\n---\n::hashbox\n")},
		"<script>": {Data: []byte("ignored: not *.md")},
	}
	_, err := Compile(fsys, "my/lessons")
	require.Error(t, err)
	ps, ok := err.(Problems)
	require.True(t, ok)
	got := strings.Split(ps.Error(), "\n")
	assert.Equal(t, []string{
		`my/lessons/front.md:1: front matter needs a summary`,
		`my/lessons/front.md:3: unknown front matter key "author" (known: title, summary, order, slug, mastery)`,
		`my/lessons/good.md:1: order 1 is already used by my/lessons/dup.md`,
		`my/lessons/none.md:1: missing front matter: start the file with a '---' block giving title, summary and order`,
		`my/lessons/param.md:7: widget "hashbox" has no parameter "colour" (it takes: text, compare)`,
		`my/lessons/param.md:8: ::hashbox: attribute "text": the closing quote is missing`,
		`my/lessons/typo.md:9: unknown widget "hashbx" (did you mean "hashbox"?); known widgets: ` + strings.Join(widgetspec.Names(), ", "),
	}, got)
}

func TestCompileEmptyFolder(t *testing.T) {
	_, err := Compile(fstest.MapFS{}, "empty")
	require.EqualError(t, err, "empty:0: no lessons (*.md files) in this folder")
}

func TestSearchIndexAndChecks(t *testing.T) {
	course, err := Compile(Builtin, "lessons")
	require.NoError(t, err)
	l, ok := course.Lesson("hashes")
	require.True(t, ok)
	require.NotEmpty(t, l.Sections)
	assert.Equal(t, lessonSection{"the-avalanche-effect", "The avalanche effect"}, lessonSection{l.Sections[1].ID, l.Sections[1].Title})
	assert.Contains(t, l.Text, "avalanche effect")
	assert.Equal(t, strings.ToLower(l.Text), l.Text)
	s := l.Summarize()
	require.GreaterOrEqual(t, len(s.Checks), 2)
	assert.Equal(t, "check-1", s.Checks[0])
}

type lessonSection struct{ ID, Title string }

// Tabs compile into the page's HTML, and a misplaced tab is a file:line
// problem like any other.
func TestCompileTabs(t *testing.T) {
	good := "---\ntitle: T\nsummary: S\norder: 1\n---\n\n::hashbox\n\n::::tabs{label=Clients}\n:::tab{label=curl}\n```sh\ncurl x\n```\n:::\n:::tab{label=Go}\n```go\nx := 1\n```\n:::\n::::\n"
	course, err := Compile(fstest.MapFS{"a.md": {Data: []byte(good)}}, "x")
	require.NoError(t, err)
	html := course.Lessons[0].Blocks[1].HTML
	assert.Contains(t, html, `<div role="tablist" aria-label="Clients">`)
	assert.Contains(t, html, `aria-controls="tabs-0-1-panel" aria-selected="false" tabindex="-1">Go</button>`)
	assert.Contains(t, html, `id="tabs-0-1-panel" aria-labelledby="tabs-0-1" tabindex="0" hidden>`)
	assert.Contains(t, html, `class="hl-chroma"`, "code inside a tab is highlighted too")

	links := "---\ntitle: T\nsummary: S\norder: 1\n---\n\n::hashbox\n\nSee [signatures](signatures), [RFC](https://www.rfc-editor.org/rfc/rfc2104) and [below](#x).\n"
	course, err = Compile(fstest.MapFS{"l.md": {Data: []byte(links)}}, "x")
	require.NoError(t, err)
	html = course.Lessons[0].Blocks[1].HTML
	assert.Contains(t, html, `<a href="signatures" data-lesson-link="signatures">signatures</a>`)
	assert.Contains(t, html, `<a href="https://www.rfc-editor.org/rfc/rfc2104">RFC</a>`, "only bare slugs are lesson links")
	assert.Contains(t, html, `<a href="#x">below</a>`)

	bad := "---\ntitle: T\nsummary: S\norder: 1\n---\n\n::hashbox\n\n:::tab{label=curl}\ntext\n:::\n"
	_, err = Compile(fstest.MapFS{"b.md": {Data: []byte(bad)}}, "x")
	require.EqualError(t, err, "x/b.md:9: a tab container belongs directly inside a tabs container")
}

// mastery (for SCORM packages) is a share of the checks, checked with the
// line of the key.
func TestCompileMastery(t *testing.T) {
	check := "\n::check{question=\"Q?\" options=\"A|B\" answer=\"A\"}\n"
	course, err := Compile(fstest.MapFS{
		"ok.md":   {Data: []byte("---\ntitle: T\nsummary: S\norder: 1\nmastery: 0.8\n---\n" + check)},
		"none.md": {Data: []byte("---\ntitle: N\nsummary: S\norder: 2\n---\n" + check)},
		"one.md":  {Data: []byte("---\ntitle: O\nsummary: S\norder: 3\nmastery: 1\n---\n" + check)},
	}, "l")
	require.NoError(t, err)
	for slug, want := range map[string]float64{"ok": 0.8, "none": 0, "one": 1} {
		l, ok := course.Lesson(slug)
		require.True(t, ok)
		assert.Equal(t, want, l.Mastery, slug)
	}

	_, err = Compile(fstest.MapFS{
		"pct.md":     {Data: []byte("---\ntitle: P\nsummary: S\norder: 1\nmastery: 80\n---\n" + check)},
		"word.md":    {Data: []byte("---\ntitle: W\nsummary: S\norder: 2\n\nmastery: high\n---\n" + check)},
		"zero.md":    {Data: []byte("---\nmastery: 0\ntitle: Z\nsummary: S\norder: 3\n---\n" + check)},
		"nocheck.md": {Data: []byte("---\ntitle: C\nsummary: S\norder: 4\nmastery: 0.5\n---\nNo checks here.\n")},
	}, "l")
	require.Error(t, err)
	assert.Equal(t, []string{
		`l/nocheck.md:5: mastery is the share of checks to answer right, and this lesson has no ::check`,
		`l/pct.md:5: mastery must be above 0 and at most 1, the share of checks to answer right (e.g. mastery: 0.8 for 80%), not 80`,
		`l/word.md:6: mastery must be a number from 0 to 1, the share of checks to answer right (e.g. mastery: 0.8), not "high"`,
		`l/zero.md:2: mastery must be above 0 and at most 1, the share of checks to answer right (e.g. mastery: 0.8 for 80%), not 0`,
	}, strings.Split(err.Error(), "\n"))
}
