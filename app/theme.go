package app

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// web/playground.js owns the theme setting (it applies it before the first
// paint, so there is no flash); the Go side only asks it which theme is on
// and to switch. Both return "light" or "dark", and "" where there is no
// playground.js (the server's pre-render).

// theme is the theme in effect.
func theme() string { return callPlayground("theme") }

// toggleTheme flips between light and dark and returns the new theme.
func toggleTheme() string { return callPlayground("toggleTheme") }

func callPlayground(fn string) string {
	if app.IsServer {
		return ""
	}
	pg := app.Window().Get("playground")
	if !pg.Truthy() {
		return ""
	}
	return pg.Call(fn).String()
}
