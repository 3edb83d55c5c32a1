// Package lessons holds the playground's Markdown lessons and the compiler
// that turns a folder of them into pages: HTML segments with widgets placed
// between them (package lesson), checked so that a misspelt widget or a bad
// parameter is an error with file:line before anything is published.
//
// The compiler runs natively only (serve, build, check); goldmark never
// reaches the browser.
package lessons

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"go.abhg.dev/goldmark/frontmatter"

	"github.com/consensus-lab/playground/app/widgetspec"
	"github.com/consensus-lab/playground/lessons/lesson"
	"github.com/consensus-lab/playground/lessons/markdown"
	"github.com/consensus-lab/playground/lessons/markdown/directive"
)

// Builtin is the course that ships with the playground.
//
//go:embed *.md
var Builtin embed.FS

// Course is a compiled set of lessons in course order.
type Course struct {
	Lessons []*lesson.Lesson
	bySlug  map[string]*lesson.Lesson
}

// Lesson returns the lesson with that slug.
func (c *Course) Lesson(slug string) (*lesson.Lesson, bool) {
	l, ok := c.bySlug[slug]
	return l, ok
}

// Index lists the lessons for the home page and search.
func (c *Course) Index() lesson.Index {
	idx := lesson.Index{Lessons: make([]lesson.Summary, 0, len(c.Lessons))}
	for _, l := range c.Lessons {
		idx.Lessons = append(idx.Lessons, l.Summarize())
	}
	return idx
}

// Problem is one error in one lesson file.
type Problem struct {
	File string
	Line int
	Msg  string
}

func (p Problem) Error() string { return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg) }

// Problems is every error Compile found, sorted by file and line.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

type frontMatter struct {
	Title   string `yaml:"title"`
	Summary string `yaml:"summary"`
	Order   int    `yaml:"order"`
	Slug    string `yaml:"slug"`
}

var (
	slugRE    = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	knownKeys = map[string]bool{"title": true, "summary": true, "order": true, "slug": true, "mastery": true}
)

// Compile reads every *.md file at the top of fsys and compiles it. Files
// are named in problems as path.Join(label, name), so that a course author
// sees the path they typed. On any problem the error is Problems and the
// course is nil: a half-built course is never published.
func Compile(fsys fs.FS, label string) (*Course, error) {
	names, err := fs.Glob(fsys, "*.md")
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, Problems{{File: label, Line: 0, Msg: "no lessons (*.md files) in this folder"}}
	}
	md := markdown.New()
	var (
		problems Problems
		course   = &Course{bySlug: map[string]*lesson.Lesson{}}
		orders   = map[int]string{}
	)
	for _, name := range names {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		file := path.Join(label, name)
		l, ps := compileOne(md, src, file, strings.TrimSuffix(name, ".md"))
		problems = append(problems, ps...)
		if l == nil {
			continue
		}
		if other, dup := course.bySlug[l.Slug]; dup {
			problems = append(problems, Problem{file, 1, fmt.Sprintf("slug %q is already used by %s", l.Slug, other.Source)})
			continue
		}
		if other, dup := orders[l.Order]; dup {
			problems = append(problems, Problem{file, 1, fmt.Sprintf("order %d is already used by %s", l.Order, other)})
		}
		orders[l.Order] = file
		course.bySlug[l.Slug] = l
		course.Lessons = append(course.Lessons, l)
	}
	if len(problems) > 0 {
		sort.SliceStable(problems, func(i, j int) bool {
			if problems[i].File != problems[j].File {
				return problems[i].File < problems[j].File
			}
			return problems[i].Line < problems[j].Line
		})
		return nil, problems
	}
	sort.Slice(course.Lessons, func(i, j int) bool { return course.Lessons[i].Order < course.Lessons[j].Order })
	for i, l := range course.Lessons {
		if i > 0 {
			p := course.Lessons[i-1]
			l.Prev = &lesson.Link{Slug: p.Slug, Title: p.Title}
		}
		if i+1 < len(course.Lessons) {
			n := course.Lessons[i+1]
			l.Next = &lesson.Link{Slug: n.Slug, Title: n.Title}
		}
	}
	return course, nil
}

func compileOne(md interface {
	Parser() parser.Parser
}, src []byte, file, defaultSlug string) (*lesson.Lesson, Problems) {
	var ps Problems
	add := func(line int, format string, args ...any) {
		ps = append(ps, Problem{file, line, fmt.Sprintf(format, args...)})
	}

	ctx := parser.NewContext()
	doc := md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))

	fmData := frontmatter.Get(ctx)
	if fmData == nil {
		add(1, "missing front matter: start the file with a '---' block giving title, summary and order")
		return nil, ps
	}
	var raw map[string]any
	if err := fmData.Decode(&raw); err != nil {
		add(1, "front matter is not valid YAML: %v", err)
		return nil, ps
	}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !knownKeys[k] {
			add(lineOfKey(src, k), "unknown front matter key %q (known: title, summary, order, slug, mastery)", k)
		}
	}
	var fm frontMatter
	if err := fmData.Decode(&fm); err != nil {
		add(1, "front matter: %v", err)
		return nil, ps
	}
	if strings.TrimSpace(fm.Title) == "" {
		add(lineOfKey(src, "title"), "front matter needs a title")
	}
	if strings.TrimSpace(fm.Summary) == "" {
		add(lineOfKey(src, "summary"), "front matter needs a summary")
	}
	if fm.Order <= 0 {
		add(lineOfKey(src, "order"), "front matter needs an order, a whole number from 1")
	}
	slug := fm.Slug
	if slug == "" {
		slug = defaultSlug
	}
	if !slugRE.MatchString(slug) {
		add(lineOfKey(src, "slug"), "slug %q must be lower-case letters and digits joined by single '-'", slug)
	}

	mastery, err := masteryOf(raw["mastery"])
	if err != nil {
		add(lineOfKey(src, "mastery"), "%v", err)
	}

	l := &lesson.Lesson{Slug: slug, Title: fm.Title, Summary: fm.Summary, Order: fm.Order, Mastery: mastery, Source: path.Base(file)}

	for _, c := range directive.Containers(doc) {
		if c.Err != nil {
			add(lineAt(src, c.Offset), "%v", c.Err)
		}
	}
	nodes := directive.Collect(doc)
	counts := map[string]int{}
	widgets := make([]*lesson.Widget, len(nodes))
	for i, n := range nodes {
		line := lineAt(src, n.Offset)
		if n.Err != nil {
			add(line, "%v", n.Err)
			continue
		}
		spec, ok := widgetspec.Lookup(n.Name)
		if !ok {
			msg := fmt.Sprintf("unknown widget %q", n.Name)
			if near := closest(n.Name, widgetspec.Names()); near != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", near)
			}
			add(line, "%s; known widgets: %s", msg, strings.Join(widgetspec.Names(), ", "))
			continue
		}
		for _, err := range spec.Check(n.Attrs) {
			add(line, "%v", err)
		}
		counts[n.Name]++
		widgets[i] = &lesson.Widget{
			Name:   n.Name,
			Params: n.Attrs,
			ID:     fmt.Sprintf("%s-%d", n.Name, counts[n.Name]),
			Line:   line,
		}
	}

	markLessonLinks(doc)
	var out bytes.Buffer
	if err := markdown.New().Renderer().Render(&out, src, doc); err != nil {
		add(1, "rendering failed: %v", err)
	}
	if len(ps) > 0 {
		return nil, ps
	}
	if l.Mastery > 0 && counts["check"] == 0 {
		add(lineOfKey(src, "mastery"), "mastery is the share of checks to answer right, and this lesson has no ::check")
		return nil, ps
	}
	l.Minutes = readingMinutes(doc, src)
	l.Sections, l.Text = searchIndex(doc, src)
	l.Blocks = splitTitle(split(withTOC(out.String(), l.Sections), widgets))
	return l, nil
}

// markLessonLinks tags links to another lesson, written as its bare slug
// ([the signatures lesson](signatures)). A page is reached both as
// .../lessons/a and, on static hosts, as .../lessons/a/, where a relative
// "signatures" would point one level too deep; web/playground.js resolves
// a tagged link against the page's own folder when it is followed.
func markLessonLinks(doc ast.Node) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if l, ok := n.(*ast.Link); ok && entering && slugRE.Match(l.Destination) {
			l.SetAttributeString("data-lesson-link", string(l.Destination))
		}
		return ast.WalkContinue, nil
	})
}

// split cuts the rendered HTML at each directive placeholder.
func split(html string, widgets []*lesson.Widget) []lesson.Block {
	var blocks []lesson.Block
	for i, w := range widgets {
		before, after, found := strings.Cut(html, directive.Placeholder(i))
		if !found {
			continue
		}
		if s := strings.TrimSpace(before); s != "" {
			blocks = append(blocks, lesson.Block{HTML: s})
		}
		blocks = append(blocks, lesson.Block{Widget: w})
		html = after
	}
	if s := strings.TrimSpace(html); s != "" {
		blocks = append(blocks, lesson.Block{HTML: s})
	}
	return blocks
}

// lineAt is the 1-based line of a byte offset.
func lineAt(src []byte, offset int) int {
	if offset > len(src) {
		offset = len(src)
	}
	return bytes.Count(src[:offset], []byte("\n")) + 1
}

// lineOfKey finds a front matter key's line, or 1 when it is absent.
// masteryOf reads the optional mastery key: the share of the lesson's checks
// a learner must answer right to pass it in an LMS (playground build
// --scorm). Absent, it is 0: the package then reports completion only.
func masteryOf(v any) (float64, error) {
	if v == nil {
		return 0, nil
	}
	var m float64
	switch n := v.(type) {
	case int:
		m = float64(n)
	case uint64:
		m = float64(n)
	case float64:
		m = n
	default:
		return 0, fmt.Errorf("mastery must be a number from 0 to 1, the share of checks to answer right (e.g. mastery: 0.8), not %q", fmt.Sprint(v))
	}
	if !(m > 0 && m <= 1) {
		return 0, fmt.Errorf("mastery must be above 0 and at most 1, the share of checks to answer right (e.g. mastery: 0.8 for 80%%), not %v", v)
	}
	return m, nil
}

func lineOfKey(src []byte, key string) int {
	lines := bytes.Split(src, []byte("\n"))
	for i, l := range lines {
		if i > 0 && bytes.Equal(bytes.TrimSpace(l), []byte("---")) {
			break
		}
		if bytes.HasPrefix(l, []byte(key+":")) {
			return i + 1
		}
	}
	return 1
}
