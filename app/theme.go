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
