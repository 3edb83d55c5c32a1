package app

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// toggleTheme flips between light and dark. web/playground.js owns the
// setting (it applies it before the first paint, so there is no flash); the
// Go side only asks it to switch.
func toggleTheme() {
	if app.IsServer {
		return
	}
	pg := app.Window().Get("playground")
	if pg.Truthy() {
		pg.Call("toggleTheme")
	}
}

// emit tells a parent page that embeds us about an event (block-mined,
// check-passed, lesson-completed), through web/playground.js.
func emit(event string, detail map[string]any) {
	if app.IsServer {
		return
	}
	pg := app.Window().Get("playground")
	if pg.Truthy() {
		pg.Call("emit", event, detail)
	}
}
