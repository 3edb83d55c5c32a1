package kit

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/widgetspec"
)

// Inputs bound to a parameter take their bounds and choices from the
// widget's spec and write through Set, so a learner's out-of-range entry is
// clamped with the same note a teacher's bad link gets. Their element id is
// "<widget id>-<parameter>".

// InputID is the element id of a parameter's input.
func (b *Base) InputID(param string) string { return b.place.ID + "-" + param }

func (b *Base) param(name string) widgetspec.Param {
	p, _ := Spec(b.name).Param(name)
	return p
}

// Number is an Int parameter as a number box.
func (b *Base) Number(param, label string) app.UI {
	p := b.param(param)
	id := b.InputID(param)
	return Field(id, label, app.Input().Type("number").ID(id).Min(p.Min).Max(p.Max).Step(1).
		Value(b.values[param]).
		OnChange(func(ctx app.Context, e app.Event) { b.Set(param, Value(ctx)) }))
}

// Slider is an Int parameter as a range input; its label shows the value.
func (b *Base) Slider(param, label string) app.UI {
	p := b.param(param)
	id := b.InputID(param)
	return Field(id, label+": "+b.values[param], app.Input().Type("range").ID(id).Min(p.Min).Max(p.Max).Step(1).
		Value(b.values[param]).
		OnInput(func(ctx app.Context, e app.Event) { b.Set(param, Value(ctx)) }))
}

// Text is a String parameter as a one-line text box, set when it changes
// (on blur or Enter), not at every key.
func (b *Base) Text(param, label string) app.UI {
	id := b.InputID(param)
	return Field(id, label, app.Input().Type("text").ID(id).Spellcheck(false).AutoComplete(false).
		MaxLength(maxLen(b.param(param))).
		Value(b.values[param]).
		OnChange(func(ctx app.Context, e app.Event) { b.Set(param, Value(ctx)) }))
}

// LiveText is a String parameter set at every key (a hash as you type).
func (b *Base) LiveText(param, label string) app.UI {
	id := b.InputID(param)
	return Field(id, label, app.Input().Type("text").ID(id).Spellcheck(false).AutoComplete(false).
		MaxLength(maxLen(b.param(param))).
		Value(b.values[param]).
		OnInput(func(ctx app.Context, e app.Event) { b.Set(param, Value(ctx)) }))
}

// Area is a String parameter as a text area.
func (b *Base) Area(param, label string, rows int) app.UI {
	id := b.InputID(param)
	area := app.Textarea().ID(id).Rows(rows).Spellcheck(false).
		MaxLength(maxLen(b.param(param))).
		OnChange(func(ctx app.Context, e app.Event) { b.Set(param, Value(ctx)) })
	return Field(id, label, AreaText(area, b.values[param]))
}

func maxLen(p widgetspec.Param) int {
	if p.MaxLen == 0 {
		return 256
	}
	return p.MaxLen
}

// Select is an Enum parameter as a drop-down. labels, when given, names
// the choices for people (the value stays the spec's).
func (b *Base) Select(param, label string, labels map[string]string) app.UI {
	p := b.param(param)
	id := b.InputID(param)
	opts := make([]app.UI, len(p.Choices))
	for i, c := range p.Choices {
		text := c
		if l, ok := labels[c]; ok {
			text = l
		}
		opts[i] = Option(c, text, c == b.values[param])
	}
	return Field(id, label, app.Select().ID(id).
		OnChange(func(ctx app.Context, e app.Event) { b.Set(param, Value(ctx)) }).
		Body(opts...))
}

// Radio is an Enum parameter as a group of radio buttons.
func (b *Base) Radio(param, legend string, labels map[string]string) app.UI {
	p := b.param(param)
	group := b.InputID(param)
	items := make([]app.UI, len(p.Choices))
	for i, c := range p.Choices {
		c := c
		id := group + "-" + strconv.Itoa(i)
		text := c
		if l, ok := labels[c]; ok {
			text = l
		}
		in := app.Input().Type("radio").ID(id).Name(group).Value(c).
			OnChange(func(ctx app.Context, e app.Event) { b.Set(param, c) })
		items[i] = app.Div().Class("choice").Body(Checked(in, c == b.values[param]), app.Label().For(id).Text(text))
	}
	return app.FieldSet().Class("field radio-group").ID(group).Body(
		append([]app.UI{app.Legend().Text(legend)}, items...)...)
}

// Checkbox is a Bool parameter as a check box.
func (b *Base) Checkbox(param, label string) app.UI {
	id := b.InputID(param)
	in := app.Input().Type("checkbox").ID(id).
		OnChange(func(ctx app.Context, e app.Event) {
			b.Set(param, strconv.FormatBool(ctx.JSSrc().Get("checked").Bool()))
		})
	return app.Div().Class("field checkbox").Body(Checked(in, b.Bool(param)), app.Label().For(id).Text(label))
}

// Field is a labelled control.
func Field(id, label string, control app.UI) app.UI {
	return app.Div().Class("field").Body(app.Label().ID(id+"-label").For(id).Text(label), control)
}

// Value reads the value of the element an event came from.
func Value(ctx app.Context) string { return ctx.JSSrc().Get("value").String() }

// Checked sets an input's checked state. In the browser the property is
// always set (false clears a box the learner ticked); pre-rendered HTML
// gets the attribute only when true, since checked="false" reads as
// checked.
func Checked(in app.HTMLInput, on bool) app.HTMLInput {
	if on || !app.IsServer {
		return in.Checked(on)
	}
	return in
}

// Option is an <option>, selected only when sel (see Checked).
func Option(value, text string, sel bool) app.UI {
	o := app.Option().Value(value).Text(text)
	if sel || !app.IsServer {
		o = o.Selected(sel)
	}
	return o
}

// Button is a <button type="button">.
type Button struct {
	ID, Label string
	Secondary bool
	Disabled  bool
	// Busy shows that the button's work is running: the button is
	// disabled, says BusyLabel (or Label), and carries aria-busy.
	Busy      bool
	BusyLabel string
	Title     string
	OnClick   app.EventHandler
}

// UI renders the button.
func (b Button) UI() app.UI {
	class := "button"
	if b.Secondary {
		class += " secondary"
	}
	label := b.Label
	if b.Busy && b.BusyLabel != "" {
		label = b.BusyLabel
	}
	btn := app.Button().Type("button").Class(class).ID(b.ID).Text(label)
	if b.Title != "" {
		btn = btn.Title(b.Title)
	}
	if b.OnClick != nil {
		btn = btn.OnClick(b.OnClick)
	}
	if b.Busy {
		btn = btn.Aria("busy", "true")
	}
	// See Checked: the property in the browser, the attribute only when true.
	if off := b.Disabled || b.Busy; off || !app.IsServer {
		btn = btn.Disabled(off)
	}
	return btn
}

// Click adapts a plain function to a click handler.
func Click(f func()) app.EventHandler { return func(app.Context, app.Event) { f() } }

// AreaText sets a text area's text. go-app's Text sets the value property,
// which is right in the browser, but pre-renders it as a value attribute
// that a textarea ignores: the page would show an empty box until the wasm
// starts. So the server writes the text as content.
func AreaText(area app.HTMLTextarea, text string) app.HTMLTextarea {
	if app.IsServer {
		return area.Body(app.Text(text))
	}
	return area.Text(text)
}
