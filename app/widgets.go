package app

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/widgetspec"
)

// widgetFactories holds the widgets this build can show: natively all of
// them (server pre-rendering, tests), in the browser its bundle's
// (UseBundle). A test checks every widgetspec name has a factory.
var widgetFactories = map[string]func(id string, params map[string]string) app.UI{}

// newWidget builds the component for a widget placement.
func newWidget(name, id string, params map[string]string) app.UI {
	f, ok := widgetFactories[name]
	if !ok {
		return app.P().Class("status error").Text("Unknown widget “" + name + "”.")
	}
	return f(id, params)
}

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
