package kit

import (
	"maps"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/widgetspec"
)

// Placement is what a lesson or an embed URL gives a widget: its element id
// and its parameters. The lesson page adds State, the parameters a learner
// changed, read back from the page's URL.
type Placement struct {
	ID     string
	Params map[string]string // as the lesson (or the embed URL) wrote them
	State  map[string]string // the learner's changes, from the page URL
	// Lesson is the slug of the lesson the widget is on, or for a widget
	// embed the first lesson that places it ("" when unknown): the share
	// links open it.
	Lesson string
	// Embed is set for a widget shown alone at /embed/<name>.
	Embed bool
}

// Factory builds a widget's component for a placement.
type Factory func(Placement) app.UI

// Base holds what every widget repeats: its name, placement, resolved
// parameter values, the notes that say what was clamped, and whether it
// is live in the browser.
type Base struct {
	name   string
	place  Placement
	values map[string]string
	notes  []string
	ready  bool
	load   func()
}

// Init resolves the placement's parameters (defaults filled, values clamped
// with a note, never refused) and runs load, which computes the widget's
// results from Values. Call it from OnInit and OnUpdate.
func (b *Base) Init(name string, p Placement, load func()) {
	b.name, b.place, b.load = name, p, load
	params := maps.Clone(p.Params)
	if params == nil {
		params = map[string]string{}
	}
	maps.Copy(params, p.State)
	b.values, b.notes = Spec(name).Resolve(params)
	b.run()
}

func (b *Base) run() {
	if b.load != nil {
		b.load()
	}
}

// OnMount marks the widget live: its frame then says data-state="ready",
// which course pages and tests wait for. A widget with its own OnMount
// calls MarkReady.
func (b *Base) OnMount(app.Context) { b.ready = true }

// MarkReady marks the widget live (see OnMount).
func (b *Base) MarkReady() { b.ready = true }

// Ready reports whether the widget is live in the browser.
func (b *Base) Ready() bool { return b.ready }

// Name is the widget's name, as lessons write it.
func (b *Base) Name() string { return b.name }

// Values are the resolved parameters: every parameter has a value in range.
func (b *Base) Values() map[string]string { return b.values }

// Value is one resolved parameter.
func (b *Base) Value(key string) string { return b.values[key] }

// Int is an Int parameter's value.
func (b *Base) Int(key string) int {
	n, _ := strconv.Atoi(b.values[key])
	return n
}

// Bool is a Bool parameter's value.
func (b *Base) Bool(key string) bool { return b.values[key] == "true" }

// Notes say what was changed in resolving the parameters.
func (b *Base) Notes() []string { return b.notes }

// Note adds a note (for what a widget corrects beyond the spec's bounds).
func (b *Base) Note(n string) { b.notes = append(b.notes, n) }

// Set changes one parameter as a learner's input does: the new value is
// resolved like a URL's (clamped with a note, never refused), the widget
// reloads, and the page URL records the change so that a reload, back and
// forward, and a shared link keep it.
func (b *Base) Set(key, value string) {
	b.SetMany(map[string]string{key: value})
}

// SetMany changes several parameters at once (see Set).
func (b *Base) SetMany(changes map[string]string) {
	params := maps.Clone(b.values)
	maps.Copy(params, changes)
	b.values, b.notes = Spec(b.name).Resolve(params)
	b.run()
	recordState(b)
}

// Reset returns the widget to the state its lesson (or embed URL) set up.
func (b *Base) Reset() {
	b.values, b.notes = Spec(b.name).Resolve(b.place.Params)
	b.run()
	recordState(b)
}

// Modified lists the parameters whose value differs from the one the lesson
// (or embed URL) set up, in the spec's order.
func (b *Base) Modified() map[string]string {
	start, _ := Spec(b.name).Resolve(b.place.Params)
	out := map[string]string{}
	for k, v := range b.values {
		if start[k] != v {
			out[k] = v
		}
	}
	return out
}

// Spec is a widget's spec; a widget that has none is a programming error
// caught by the registry's tests, and gets an empty spec here.
func Spec(name string) widgetspec.Spec {
	s, _ := widgetspec.Lookup(name)
	return s
}

// Frame is the root element every widget shares: its title, its notes, the
// body, and its footer (reset and the share-state link). Course pages find
// widgets by data-widget and wait for data-state="ready" (pre-rendered HTML
// says "static").
func (b *Base) Frame(body ...app.UI) app.UI { return b.frame(true, body) }

// Bare is Frame without the footer, for a widget whose state is not its
// parameters (a check's answer lives in the learner's progress instead).
func (b *Base) Bare(body ...app.UI) app.UI { return b.frame(false, body) }

func (b *Base) frame(footer bool, body []app.UI) app.UI {
	id := b.place.ID
	state := "static"
	if b.ready {
		state = "ready"
	}
	children := []app.UI{app.H3().Class("widget-title").ID(id + "-title").TabIndex(-1).Text(Spec(b.name).Title)}
	for _, n := range b.notes {
		children = append(children, app.P().Class("widget-note").Role("status").Text("Note: "+n))
	}
	children = append(children, body...)
	if footer {
		children = append(children, b.footer())
	}
	return app.Section().
		ID(id).
		Class("widget").
		DataSet("widget", b.name).
		DataSet("state", state).
		Aria("labelledby", id+"-title").
		Body(children...)
}
