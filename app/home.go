package app

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/quiz"
	"github.com/consensus-lab/playground/lessons/lesson"
	"github.com/consensus-lab/playground/lessons/search"
)

// home lists the lessons in course order with the learner's progress, and
// searches them (the index is built at build time; search runs locally).
type home struct {
	app.Compo
	index      lesson.Index
	search     *search.Index // built once, when the index has loaded
	state      loadState
	query      string
	progress   map[string]quiz.Progress // lesson slug -> answers on this device
	confirming bool                     // the reset asks first
}

func (h *home) OnPreRender(ctx app.Context) { h.load(ctx) }
func (h *home) OnNav(ctx app.Context)       { h.load(ctx) }

func (h *home) load(ctx app.Context) {
	ctx.Page().SetTitle("Consensus & API security playground")
	ctx.Page().SetDescription("Mine a block, run a validator lottery, sign an API request and retry an order safely: interactive lessons that run in your browser.")
	loadIndex(ctx, func(idx lesson.Index, st loadState) {
		h.setIndex(idx, st)
		if st == loaded && app.IsClient {
			h.readProgress(ctx)
		}
	})
}

// setIndex takes the loaded course index, and indexes it for search once.
func (h *home) setIndex(idx lesson.Index, st loadState) {
	if st == loaded && (h.search == nil || !sameLessons(h.index, idx)) {
		h.search = search.New(idx.Lessons)
	}
	h.index, h.state = idx, st
}

func (h *home) readProgress(ctx app.Context) {
	h.progress = map[string]quiz.Progress{}
	for _, s := range h.index.Lessons {
		h.progress[s.Slug] = quiz.LessonProgress(ctx, s)
	}
}

// sameLessons reports whether two indexes list the same lessons, so that a
// navigation back home does not index the course again.
func sameLessons(a, b lesson.Index) bool {
	if len(a.Lessons) != len(b.Lessons) {
		return false
	}
	for i := range a.Lessons {
		if a.Lessons[i].Slug != b.Lessons[i].Slug {
			return false
		}
	}
	return true
}

func (h *home) Render() app.UI {
	var list app.UI
	switch h.state {
	case loaded:
		list = h.renderList()
	case loading:
		list = app.P().Class("status").Aria("live", "polite").Text("Loading lessons…")
	default:
		list = app.P().Class("status error").Text("The lesson list could not be loaded. Check your connection and reload.")
	}
	return &shell{Content: []app.UI{
		app.Main().Class("home").Body(
			app.H1().Text("Learn consensus and API security by doing it"),
			app.P().Class("lead").Text("Each lesson explains one idea in a few paragraphs, then hands you the real thing: a hash that changes as you type, a block you mine on every core of your machine, a request you sign and watch a replay get refused."),
			app.Div().Class("field search").Body(
				app.Label().For("lesson-search").Text("Search the lessons"),
				app.Input().Type("search").ID("lesson-search").Placeholder("e.g. nonce, slashing, replay").
					Value(h.query).
					OnInput(func(ctx app.Context, e app.Event) { h.query = ctx.JSSrc().Get("value").String() }),
			),
			app.H2().Text("Lessons"),
			list,
			h.renderReset(),
		),
	}}
}

func (h *home) renderList() app.UI {
	var items []app.UI
	for _, r := range h.search.Find(h.query) {
		l := r.Lesson
		meta := strconv.Itoa(l.Minutes) + " min read"
		if n := len(l.Checks); n > 0 && h.progress != nil {
			done := h.progress[l.Slug].Passed
			switch {
			case done == n:
				meta += " · completed ✓"
			case done > 0:
				meta += " · " + strconv.Itoa(done) + " of " + strconv.Itoa(n) + " checks passed"
			}
		}
		var found []app.UI
		for _, s := range r.Sections {
			found = append(found, app.Li().Body(app.A().Href(kit.Href("lessons/"+l.Slug)+"#"+s.ID).Text(s.Title)))
		}
		li := []app.UI{
			app.A().Href(kit.Href("lessons/" + l.Slug)).Body(app.Span().Class("lesson-title").Text(l.Title)),
			app.P().Class("lesson-summary").Text(l.Summary),
			app.P().Class("lesson-meta").Text(meta),
		}
		if len(found) > 0 {
			li = append(li, app.Ul().Class("search-sections").Body(found...))
		}
		// value keeps the lesson's number in the course when the list is
		// filtered.
		items = append(items, app.Li().Value(r.Number).DataSet("slug", l.Slug).Body(li...))
	}
	if len(items) == 0 {
		return app.P().Class("status").Role("status").Text("No lesson mentions “" + h.query + "”.")
	}
	return app.Ol().Class("lesson-list").Body(items...)
}

func (h *home) renderReset() app.UI {
	if h.progress == nil {
		return app.Div()
	}
	total := 0 // the reset forgets every answer, right or wrong
	for _, p := range h.progress {
		total += p.Answered
	}
	if total == 0 {
		return app.Div()
	}
	if !h.confirming {
		return app.Div().Class("progress-reset").Body(
			app.Button().Class("button secondary").Type("button").Text("Reset my progress").
				OnClick(func(app.Context, app.Event) { h.confirming = true }),
		)
	}
	return app.Div().Class("progress-reset").Role("alertdialog").Aria("label", "Confirm reset").Body(
		app.P().Text("Forget "+answers(total)+" on this device? This cannot be undone."),
		app.Button().Class("button").Type("button").Text("Yes, reset").OnClick(func(ctx app.Context, _ app.Event) {
			quiz.Reset(ctx, h.index)
			h.confirming = false
			h.readProgress(ctx)
		}),
		app.Button().Class("button secondary").Type("button").Text("Keep my progress").
			OnClick(func(app.Context, app.Event) { h.confirming = false }),
	)
}

// answers says how many answers the reset forgets.
func answers(n int) string {
	if n == 1 {
		return "your 1 answer"
	}
	return "all " + strconv.Itoa(n) + " answers"
}
