package app

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/kit"
)

// notFound answers every path no other page claims. The server sends it
// with status 404 (see PageStatus).
type notFound struct{ app.Compo }

func (n *notFound) OnPreRender(ctx app.Context) { ctx.Page().SetTitle("Page not found") }
func (n *notFound) OnNav(ctx app.Context)       { ctx.Page().SetTitle("Page not found") }

func (n *notFound) Render() app.UI {
	return &shell{Content: []app.UI{
		app.Main().Class("not-found").Body(
			app.H1().Text("Page not found"),
			app.P().Body(
				app.Text("Nothing lives at this address. "),
				app.A().Href(kit.Href("/")).Text("Go to the lessons."),
			),
		),
	}}
}
