package app

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/widgetspec"
)

// TRANSITION: names the widgets not yet moved into topic packages still
// use. Deleted once every widget is on the kit.

type (
	Chart    = kit.Chart
	BarChart = kit.BarChart
	Bar      = kit.Bar
	Series   = kit.Series
	Point    = kit.Point
)

func fmtTick(v float64) string { return kit.Tick(v) }

// legacy adapts an unported widget's constructor to a kit.Factory.
func legacy(f func(id string, params map[string]string) app.UI) kit.Factory {
	return func(p kit.Placement) app.UI { return f(p.ID, p.Params) }
}

func href(p string) string                     { return kit.Href(p) }
func stripBase(p string) string                { return kit.StripBase(p) }
func emit(event string, detail map[string]any) { kit.Emit(event, detail) }

// resolveParams fills defaults and clamps; the notes say what changed.
func resolveParams(name string, params map[string]string) (map[string]string, []string) {
	s, _ := widgetspec.Lookup(name)
	return s.Resolve(params)
}

// widgetFrame is the root element every widget shares: course pages find
// widgets by data-widget and wait for data-state="ready" (set once the
// widget is live in the browser; pre-rendered HTML says "static").
func widgetFrame(name, id string, ready bool, notes []string, body ...app.UI) app.UI {
	s, _ := widgetspec.Lookup(name)
	state := "static"
	if ready {
		state = "ready"
	}
	children := []app.UI{app.H3().Class("widget-title").ID(id + "-title").Text(s.Title)}
	for _, n := range notes {
		children = append(children, app.P().Class("widget-note").Role("status").Text("Note: "+n))
	}
	children = append(children, body...)
	return app.Section().
		ID(id).
		Class("widget").
		DataSet("widget", name).
		DataSet("state", state).
		Aria("labelledby", id+"-title").
		Body(children...)
}
