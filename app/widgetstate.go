package app

import (
	"net/url"
	"sort"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// A widget's state lives in its parameters, so any state can be shared as a
// URL (/embed/<name>?<params>) and restored from one.

// stateLink links to the widget alone in its current state, for a teacher
// to hand out, and marks the widget "modified" when that state is no longer
// the one the lesson (or the URL) set up.
func stateLink(name string, given, current map[string]string) app.UI {
	q := url.Values{}
	for k, v := range current {
		q.Set(k, v)
	}
	link := app.A().Href(href("embed/"+name) + "?" + q.Encode()).Text("Link to this state")
	if changed := modifiedParams(name, given, current); len(changed) > 0 {
		return app.P().Class("widget-share").Body(
			app.Span().Class("modified").Title("changed: "+strings.Join(changed, ", ")).Text("modified"),
			app.Text(" "),
			link,
		)
	}
	return app.P().Class("widget-share").Body(link)
}

// modifiedParams lists the parameters whose current value differs from the
// one the widget was given (after defaults and clamping).
func modifiedParams(name string, given, current map[string]string) []string {
	start, _ := resolveParams(name, given)
	var out []string
	for k, v := range current {
		if start[k] != v {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
