package app

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/kit"
)

// shell is the site chrome around a page: a skip link, the header with the
// home link and the theme switch, the page, and the footer. Embeds do not
// use it.
type shell struct {
	app.Compo
	Content []app.UI
	dark    bool // the theme in effect, as web/playground.js reports it
}

// OnMount reads the theme playground.js applied before the first paint (the
// learner's choice, else the system's), so the switch's state is true from
// the start.
func (s *shell) OnMount(app.Context) { s.dark = theme() == "dark" }

func (s *shell) Render() app.UI {
	return app.Div().Class("site").Body(
		app.A().Class("skip-link").Href("#content").Text("Skip to content"),
		app.Header().Class("site-header").Body(
			app.A().Class("brand").Href(kit.Href("/")).Body(
				app.Img().Src(kit.Href("web/icon.svg")).Alt("").Width(28).Height(28),
				app.Span().Text("Consensus & API security playground"),
			),
			app.Button().
				Class("theme-toggle").
				Type("button").
				Aria("label", "Dark theme").
				Aria("pressed", strconv.FormatBool(s.dark)).
				Title("Switch between light and dark theme").
				Text("◐").
				OnClick(func(app.Context, app.Event) { s.dark = toggleTheme() == "dark" }),
		),
		&updateBanner{},
		app.Div().ID("content").Class("site-content").Body(s.Content...),
		app.Footer().Class("site-footer").Body(
			app.P().Text("Every number on these pages is computed in your browser by the same Go engine the tests check against published vectors."),
		),
	)
}
