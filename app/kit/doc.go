// Package kit is what every widget shares, so that a new widget is written
// from these parts and not by copying a neighbour: the widget's base state
// and frame (Base, Placement), labelled inputs bound to a widgetspec
// parameter and its bounds, buttons with busy states, one spelling of every
// number format, the SVG charts, the share-state link, and the site paths.
//
// Two rules hold for everything here:
//   - widgetspec is the one source of a parameter's bounds and default: an
//     input takes them from the spec, never from the widget;
//   - pre-rendered HTML tells the truth: a boolean attribute (checked,
//     selected, disabled) is written only when it is true, because go-app
//     would write checked="false", which a browser reads as checked.
//
// A widget is a go-app component that embeds Placement (what the lesson
// or URL gave it: go-app compares it to decide whether a parent's re-render
// changed the widget) and Base under the unexported name base (its live
// state, which go-app must not overwrite on a parent's re-render):
//
//	type base = kit.Base
//
//	type retarget struct {
//		app.Compo
//		kit.Placement
//		base
//		... the widget's own results
//	}
//
//	func (c *retarget) OnInit()              { c.Init("retarget", c.Placement, c.load) }
//	func (c *retarget) OnUpdate(app.Context) { c.Init("retarget", c.Placement, c.load) }
//
// load recomputes the widget's results from c.Values(); Set, Reset and the
// inputs call it after every change.
package kit
