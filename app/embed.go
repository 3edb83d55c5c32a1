package app

import (
	"net/url"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/widgetspec"
)

// embedWidget shows one widget alone at /embed/<widget>?<params>, for course
// pages that iframe it. Parameters come from the query string and are
// clamped, never refused; what was changed is shown above the widget.
type embedWidget struct {
	app.Compo
	name   string
	params map[string]string
}

func (e *embedWidget) OnPreRender(ctx app.Context) { e.load(ctx.Page().URL()); e.setTitle(ctx) }
func (e *embedWidget) OnNav(ctx app.Context)       { e.load(ctx.Page().URL()) }

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
	return app.Main().Class("embed").Body(&updateBanner{}, newWidget(e.name, e.name+"-embed", e.params))
}
