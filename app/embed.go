package app

import (
	"net/url"
	"slices"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/widgetspec"
	"github.com/consensus-lab/playground/lessons/lesson"
)

// embedWidget shows one widget alone at /embed/<widget>?<params>, for course
// pages that iframe it. Parameters come from the query string and are
// clamped, never refused; what was changed is shown above the widget.
type embedWidget struct {
	app.Compo
	name   string
	params map[string]string
	// lesson is the first lesson that places the widget, for the link
	// to the full lesson ("" until the index is loaded, or when none does).
	lesson string
}

func (e *embedWidget) OnPreRender(ctx app.Context) { e.load(ctx.Page().URL()); e.setTitle(ctx) }
func (e *embedWidget) OnNav(ctx app.Context) {
	e.load(ctx.Page().URL())
	loadIndex(ctx, func(idx lesson.Index, st loadState) {
		if st != loaded {
			return
		}
		for _, l := range idx.Lessons {
			if slices.Contains(l.Widgets, e.name) {
				e.lesson = l.Slug
				return
			}
		}
	})
}

// OnInit reads the URL before the first render in the browser, so the
// widget starts with its parameters instead of flashing its defaults until
// OnNav.
func (e *embedWidget) OnInit() {
	if app.IsClient {
		e.load(app.Window().URL())
	}
}

func (e *embedWidget) load(u *url.URL) {
	e.name = SlugFromPath(u.Path)
	e.params = map[string]string{}
	for k, v := range u.Query() {
		if len(v) > 0 {
			e.params[k] = v[0]
		}
	}
}

func (e *embedWidget) OnMount(ctx app.Context) { e.setTitle(ctx) }

func (e *embedWidget) setTitle(ctx app.Context) {
	if s, ok := widgetspec.Lookup(e.name); ok {
		ctx.Page().SetTitle(s.Title)
	}
}

func (e *embedWidget) Render() app.UI {
	if _, ok := widgetspec.Lookup(e.name); !ok {
		return app.Main().Class("embed").Body(
			app.P().Class("status error").Text("There is no widget called “" + e.name + "”."),
		)
	}
	return app.Main().Class("embed").Body(&updateBanner{}, newWidget(e.name, kit.Placement{
		ID: e.name + "-embed", Params: e.params, Embed: true, Lesson: e.lesson,
	}))
}
