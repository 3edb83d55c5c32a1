package kit

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// ScrollTable wraps a table that may be wider than a phone in a box that
// scrolls sideways on its own, so the page never does. The box is a named,
// focusable region because a keyboard user can scroll only what takes focus
// (axe: scrollable-region-focusable), and label tells a screen reader which
// table it is when several sit on one page.
func ScrollTable(label string, table app.UI) app.UI {
	return app.Div().Class("table-scroll").TabIndex(0).Role("region").Aria("label", label).Body(table)
}
