//go:build wasm

package app

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/widgetspec"
	"github.com/consensus-lab/playground/lessons/lesson"
)

// startPath is the page this wasm was loaded for: the server chose its
// bundle, so that page never reloads (a widget still missing there is
// unknown, and newWidget says so).
var startPath = pagePath(app.Window().URL().Path)

func pagePath(p string) string { return strings.TrimSuffix(p, "/") }

// otherBundle reports whether lesson l, reached by navigating inside the
// app, has a widget that another bundle holds; it then loads the page
// afresh, which brings that bundle's wasm (the address is already l's).
func otherBundle(l *lesson.Lesson) bool {
	if pagePath(app.Window().URL().Path) == startPath {
		return false
	}
	for _, b := range l.Blocks {
		if b.Widget == nil {
			continue
		}
		if _, ok := widgetFactories[b.Widget.Name]; ok {
			continue
		}
		if _, known := widgetspec.Lookup(b.Widget.Name); known {
			app.Window().Get("location").Call("reload")
			return true
		}
	}
	return false
}
