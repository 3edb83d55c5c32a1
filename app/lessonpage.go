package app

import (
	"net/url"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/quiz"

	"github.com/consensus-lab/playground/lessons/lesson"
)

// lessonPage shows one lesson: its prose (HTML compiled at build time) with
// widgets placed between paragraphs, and links to the previous and next
// lessons.
type lessonPage struct {
	app.Compo
	slug   string
	lesson *lesson.Lesson
	state  loadState
	// query is the page address's query: the widgets' changed parameters
	// (kit.StateKey), so that a reload, back and forward, and a shared
	// link open each widget as the learner left it.
	query url.Values
	// fragment is the element to scroll to once the lesson is drawn: a
	// section heading or a widget.
	fragment string
	// number and of place the lesson in the course (0 until the index
	// has loaded).
	number, of int
	// progress is the learner's answers to this lesson's checks, read from
	// localStorage on load and again whenever a check is answered.
	progress quiz.Progress
	// stopListening removes the check-answered listener on dismount.
	stopListening func()
}

// OnPreRender also has the page preload the lesson's data. go-app's app.js
// is deferred, so the wasm starts only once the page is parsed, and the
// lesson page's first act in the browser is to fetch that JSON: preloaded,
// it arrives while the wasm compiles instead of after. crossorigin makes the
// preload match fetch()'s CORS mode, or the browser would fetch it twice.
func (p *lessonPage) OnPreRender(ctx app.Context) {
	p.load(ctx)
	if p.state == loaded {
		ctx.Page().SetPreloads(app.Preload{As: "fetch", Href: kit.Href(lesson.DataPath(p.slug)) + " crossorigin=anonymous"})
	}
}

func (p *lessonPage) OnNav(ctx app.Context) { p.load(ctx) }

func (p *lessonPage) load(ctx app.Context) {
	u := ctx.Page().URL()
	slug := SlugFromPath(kit.StripBase(u.Path))
	p.query, p.fragment = u.Query(), u.Fragment
	if slug == p.slug && p.state == loaded {
		p.scrollToFragment(ctx)
		return
	}
	p.slug, p.state, p.lesson = slug, loading, nil
	loadLesson(ctx, slug, func(l *lesson.Lesson, st loadState) {
		p.lesson, p.state = l, st
		switch st {
		case loaded:
			ctx.Page().SetTitle(l.Title + " · Consensus & API security playground")
			ctx.Page().SetDescription(l.Summary)
			p.placeInCourse(ctx)
			p.readProgress(ctx)
			p.scrollToFragment(ctx)
		case missing:
			ctx.Page().SetTitle("Lesson not found")
		}
	})
}

// placeInCourse finds the lesson's number in the course.
func (p *lessonPage) placeInCourse(ctx app.Context) {
	slug := p.slug
	loadIndex(ctx, func(idx lesson.Index, st loadState) {
		if st != loaded || slug != p.slug {
			return
		}
		for i, s := range idx.Lessons {
			if s.Slug == slug {
				p.number, p.of = i+1, len(idx.Lessons)
			}
		}
	})
}

func (p *lessonPage) readProgress(ctx app.Context) {
	if app.IsClient && p.lesson != nil {
		p.progress = quiz.LessonProgress(ctx, p.lesson.Summarize())
	}
}

// OnMount listens for the checks' check-answered event (kit.Emit, sent
// through playground.js as a DOM event), so the progress line follows
// each answer.
func (p *lessonPage) OnMount(ctx app.Context) {
	doc := app.Window().Get("document")
	if !doc.Truthy() {
		return
	}
	f := app.FuncOf(func(app.Value, []app.Value) any {
		ctx.Dispatch(p.readProgress)
		return nil
	})
	doc.Call("addEventListener", "playground:check-answered", f)
	p.stopListening = func() {
		doc.Call("removeEventListener", "playground:check-answered", f)
		f.Release()
	}
}

func (p *lessonPage) OnDismount() {
	if p.stopListening != nil {
		p.stopListening()
		p.stopListening = nil
	}
}

// lessonEmbed is a lesson without the site chrome, for /embed/lesson/<slug>.
type lessonEmbed struct{ lessonPage }

func (p *lessonPage) Render() app.UI  { return p.render(false) }
func (p *lessonEmbed) Render() app.UI { return p.render(true) }

func (p *lessonPage) render(embed bool) app.UI {
	main := app.Main().Class("lesson").DataSet("lesson", p.slug)
	var body []app.UI
	switch p.state {
	case loaded:
		body = p.renderLesson(embed)
	case loading:
		body = []app.UI{app.P().Class("status").Aria("live", "polite").Text("Loading the lesson…")}
	case missing:
		body = []app.UI{
			app.H1().Text("Lesson not found"),
			app.P().Body(app.Text("There is no lesson called “"+p.slug+"”. "), app.A().Href(kit.Href("/")).Text("See all lessons.")),
		}
	default:
		body = []app.UI{app.P().Class("status error").Text("The lesson could not be loaded. Check your connection and reload.")}
	}
	main = main.Body(body...)
	if embed {
		return app.Div().Class("embed").Body(&updateBanner{}, main)
	}
	return &shell{Content: []app.UI{main}}
}

func (p *lessonPage) renderLesson(embed bool) []app.UI {
	l := p.lesson
	var out []app.UI
	for i, b := range l.Blocks {
		if i == 1 {
			// Under the title, which is the first block.
			out = append(out, p.meta(embed))
		}
		if b.Widget != nil {
			out = append(out, newWidget(b.Widget.Name, kit.Placement{
				ID:     b.Widget.ID,
				Params: b.Widget.Params,
				State:  kit.StateFromQuery(p.query, b.Widget.ID),
				Lesson: l.Slug,
			}))
			continue
		}
		// HTML made by our compiler from Markdown with raw HTML disabled.
		out = append(out, app.Raw(`<div class="prose">`+b.HTML+`</div>`))
	}
	if len(l.Blocks) < 2 {
		out = append(out, p.meta(embed))
	}
	if embed {
		return out
	}
	nav := app.Nav().Class("lesson-nav").Aria("label", "Lessons")
	var links []app.UI
	if l.Prev != nil {
		links = append(links, app.A().Class("prev").Rel("prev").Href(kit.Href("lessons/"+l.Prev.Slug)).Text("← "+l.Prev.Title))
	}
	links = append(links, app.A().Class("all").Href(kit.Href("/")).Text("All lessons"))
	if l.Next != nil {
		links = append(links, app.A().Class("next").Rel("next").Href(kit.Href("lessons/"+l.Next.Slug)).Text(l.Next.Title+" →"))
	}
	return append(out, nav.Body(links...))
}

// meta is the line under the title: the reading time, the lesson's place
// in the course, and the checks passed, which a screen reader announces as
// they change.
func (p *lessonPage) meta(embed bool) app.UI {
	parts := []app.UI{app.Span().Text(strconv.Itoa(p.lesson.Minutes) + " min read")}
	if p.number > 0 && !embed {
		parts = append(parts, app.Text(" · "), app.Span().Class("lesson-number").Text("Lesson "+strconv.Itoa(p.number)+" of "+strconv.Itoa(p.of)))
	}
	if n := len(p.lesson.Summarize().Checks); n > 0 {
		text := strconv.Itoa(p.progress.Passed) + " of " + strconv.Itoa(n) + " checks passed"
		if p.progress.Passed == n {
			text += " ✓"
		}
		parts = append(parts, app.Text(" · "), app.Span().Class("lesson-progress").Role("status").Text(text))
	}
	return app.P().Class("lesson-meta").Body(parts...)
}

// scrollToFragment brings the address's #fragment into view once the lesson
// is drawn: the browser only does that for the first, pre-rendered page,
// and not for a widget (or a heading) that appears after the wasm starts
// or after in-app navigation.
func (p *lessonPage) scrollToFragment(ctx app.Context) {
	if !app.IsClient || p.fragment == "" {
		return
	}
	id := p.fragment
	ctx.Defer(func(app.Context) {
		if el := app.Window().GetElementByID(id); el.Truthy() {
			el.Call("scrollIntoView")
		}
	})
}
