package app

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// updateBanner says "a new version is available" once the service worker
// has installed a new build, and reloads on request. go-app reports the
// update through OnAppUpdate; web/playground.js also records it in case it
// happened before the wasm started.
type updateBanner struct {
	app.Compo
	visible bool
}

func (u *updateBanner) OnMount(ctx app.Context) {
	if pg := app.Window().Get("playground"); pg.Truthy() && pg.Get("updateReady").Truthy() {
		u.visible = true
	}
}

func (u *updateBanner) OnAppUpdate(ctx app.Context) {
	u.visible = true
}

func (u *updateBanner) Render() app.UI {
	if !u.visible {
		return app.Div().Class("update-banner").Hidden(true)
	}
	return app.Div().Class("update-banner").Role("status").Body(
		app.Span().Text("A new version of the playground is available."),
		app.Button().Class("button").Type("button").Text("Reload").
			OnClick(func(ctx app.Context, _ app.Event) { ctx.Reload() }),
	)
}
