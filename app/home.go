package app

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/lessons/lesson"
)

// home lists the lessons in course order.
type home struct {
	app.Compo
	index lesson.Index
	state loadState
}

func (h *home) OnPreRender(ctx app.Context) { h.load(ctx) }
func (h *home) OnNav(ctx app.Context)       { h.load(ctx) }

func (h *home) load(ctx app.Context) {
	ctx.Page().SetTitle("Consensus & API security playground")
	ctx.Page().SetDescription("Mine a block, run a validator lottery, sign an API request and retry an order safely: interactive lessons that run in your browser.")
	loadIndex(ctx, func(idx lesson.Index, st loadState) {
		h.index, h.state = idx, st
	})
}

func (h *home) Render() app.UI {
	var list app.UI
	switch h.state {
	case loaded:
		list = app.Ol().Class("lesson-list").Body(
			app.Range(h.index.Lessons).Slice(func(i int) app.UI {
				l := h.index.Lessons[i]
				return app.Li().Body(
					app.A().Href(href("lessons/"+l.Slug)).Body(
						app.Span().Class("lesson-title").Text(l.Title),
					),
					app.P().Class("lesson-summary").Text(l.Summary),
					app.P().Class("lesson-meta").Text(strconv.Itoa(l.Minutes)+" min read"),
				)
			}),
		)
	case loading:
		list = app.P().Class("status").Aria("live", "polite").Text("Loading lessons…")
	default:
		list = app.P().Class("status error").Text("The lesson list could not be loaded. Check your connection and reload.")
	}
	return &shell{Content: []app.UI{
		app.Main().Class("home").Body(
			app.H1().Text("Learn consensus and API security by doing it"),
			app.P().Class("lead").Text("Each lesson explains one idea in a few paragraphs, then hands you the real thing: a hash that changes as you type, a block you mine on every core of your machine, a request you sign and watch a replay get refused."),
			app.H2().Text("Lessons"),
			list,
		),
	}}
}
