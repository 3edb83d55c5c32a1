// Package kittest reads rendered widget HTML in component tests. go-app
// writes attributes in map order, so tests read elements by id instead of
// matching attribute strings.
package kittest

import (
	"regexp"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/kit"
)

var (
	tagRE  = regexp.MustCompile(`<[a-zA-Z0-9]+\s[^>]*>`)
	attrRE = regexp.MustCompile(`([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:="([^"]*)")?`)
	anyTag = regexp.MustCompile(`<[^>]*>`)
)

// Attrs returns the attributes of the element whose id is id.
func Attrs(t testing.TB, html, id string) map[string]string {
	t.Helper()
	for _, tag := range tagRE.FindAllString(html, -1) {
		if !strings.Contains(tag, ` id="`+id+`"`) {
			continue
		}
		attrs := map[string]string{}
		inner := tag[strings.IndexByte(tag, ' ') : len(tag)-1]
		for _, m := range attrRE.FindAllStringSubmatch(inner, -1) {
			attrs[m[1]] = m[2]
		}
		return attrs
	}
	require.Failf(t, "no element", "no element with id %q", id)
	return nil
}

// Has reports whether the HTML has an element whose id is id.
func Has(html, id string) bool { return strings.Contains(html, ` id="`+id+`"`) }

// Text returns the text inside the element whose id is id, white space
// collapsed to single spaces (the element must hold no nested element of
// the same tag).
func Text(t testing.TB, html, id string) string {
	t.Helper()
	for _, loc := range tagRE.FindAllStringIndex(html, -1) {
		tag := html[loc[0]:loc[1]]
		if !strings.Contains(tag, ` id="`+id+`"`) {
			continue
		}
		name := tag[1:strings.IndexByte(tag, ' ')]
		rest := html[loc[1]:]
		end := strings.Index(rest, "</"+name+">")
		require.GreaterOrEqual(t, end, 0, "element %q is not closed", id)
		return strings.Join(strings.Fields(anyTag.ReplaceAllString(rest[:end], " ")), " ")
	}
	require.Failf(t, "no element", "no element with id %q", id)
	return ""
}

// Mount renders a widget in go-app's client tester (OnInit and OnMount run,
// events can be dispatched) and returns its HTML; call the returned close
// when done.
func Mount(t testing.TB, f kit.Factory, p kit.Placement) (app.UI, func()) {
	t.Helper()
	c := f(p)
	d := app.NewClientTester(c)
	return c, d.Close
}

// Render pre-renders a widget as the server does (OnInit, no OnMount) and
// returns its HTML.
func Render(t testing.TB, f kit.Factory, p kit.Placement) string {
	t.Helper()
	c := f(p)
	d := app.NewServerTester(c)
	defer d.Close()
	return app.HTMLString(c)
}
