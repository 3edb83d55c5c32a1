package kit

import (
	"maps"
	"net/url"
	"slices"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// A widget's state is its parameters, so any state can be written in a URL
// and restored from one. Two kinds of page carry it:
//   - a lesson page, where each changed parameter is a query key
//     "<widget id>.<parameter>" (several widgets share one query), and the
//     fragment "#<widget id>" scrolls to the widget;
//   - a widget embed, /embed/<name>?<parameter>=<value>.

// StateKey is the lesson-page query key of one widget parameter.
func StateKey(widgetID, param string) string { return widgetID + "." + param }

// StateFromQuery picks one widget's parameters out of a lesson page's query.
func StateFromQuery(q url.Values, widgetID string) map[string]string {
	var out map[string]string
	prefix := widgetID + "."
	for k, v := range q {
		if p, ok := strings.CutPrefix(k, prefix); ok && p != "" && len(v) > 0 {
			if out == nil {
				out = map[string]string{}
			}
			out[p] = v[0]
		}
	}
	return out
}

// LessonLink is the address of a lesson with one widget in the given state
// (only the parameters that differ from the lesson's set-up need be given),
// scrolled to that widget.
func LessonLink(slug, widgetID string, state map[string]string) string {
	q := url.Values{}
	for k, v := range state {
		q.Set(StateKey(widgetID, k), v)
	}
	u := Href("lessons/" + slug)
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u + "#" + widgetID
}

// EmbedLink is the address of a widget alone with these parameters.
func EmbedLink(name string, params map[string]string) string {
	q := url.Values{}
	for k, v := range params {
		q.Set(k, v)
	}
	u := Href("embed/" + name)
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}

// footer is the widget's last line: a reset once the learner changed
// something, and the link to this state. On a lesson page the link opens
// the lesson at this widget in its state; in a widget embed it opens the
// embed as it is now, and a second link opens the full lesson that places
// the widget (Placement.Lesson, with every value, since the lesson's own
// set-up may differ from the embed's).
func (b *Base) footer() app.UI {
	changed := b.Modified()
	var parts []app.UI
	if len(changed) > 0 {
		keys := slices.Sorted(maps.Keys(changed))
		parts = append(parts,
			app.Span().Class("modified").Title("changed: "+strings.Join(keys, ", ")).Text("modified"),
			Button{ID: b.place.ID + "-reset", Label: "Reset", Secondary: true, Title: "Back to the state the lesson set up", OnClick: func(ctx app.Context, _ app.Event) {
				// The reset button goes away with the changes: focus goes
				// to the widget's title, at the top of what was reset.
				b.Reset()
				Focus(ctx, b.place.ID+"-title")
			}}.UI(),
		)
	}
	switch {
	case b.place.Embed:
		parts = append(parts, app.A().ID(b.place.ID+"-share").Class("share-link").Href(EmbedLink(b.name, b.values)).Text("Link to this state"))
		if b.place.Lesson != "" {
			parts = append(parts, app.A().ID(b.place.ID+"-lesson").Class("lesson-link").Href(LessonLink(b.place.Lesson, b.name+"-1", b.values)).Target("_blank").
				Text("Open in the full lesson"))
		}
	case b.place.Lesson != "":
		parts = append(parts, app.A().ID(b.place.ID+"-share").Class("share-link").Href(LessonLink(b.place.Lesson, b.place.ID, changed)).Text("Link to this state"))
	default:
		parts = append(parts, app.A().ID(b.place.ID+"-share").Class("share-link").Href(EmbedLink(b.name, b.values)).Text("Link to this state"))
	}
	return app.P().Class("widget-share").Body(parts...)
}

// recordState writes the widget's changed parameters into the page's
// address (history.replaceState: no navigation, no new history entry), so a
// reload and back/forward find the learner's state again.
func recordState(b *Base) {
	if app.IsServer {
		return
	}
	u := app.Window().URL()
	q := u.Query()
	if b.place.Embed {
		q = url.Values{}
		for k, v := range b.values {
			q.Set(k, v)
		}
	} else {
		prefix := b.place.ID + "."
		for k := range q {
			if strings.HasPrefix(k, prefix) {
				q.Del(k)
			}
		}
		for k, v := range b.Modified() {
			q.Set(StateKey(b.place.ID, k), v)
		}
	}
	u.RawQuery = q.Encode()
	history := app.Window().Get("history")
	history.Call("replaceState", history.Get("state"), "", u.String())
}
