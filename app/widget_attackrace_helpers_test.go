//go:build !wasm

package app

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/widgetspec"
)

// go-app writes attributes in map order, so the attacks widgets' tests
// read elements by id instead of matching attribute strings.

var (
	secTagRE  = regexp.MustCompile(`<[a-zA-Z0-9]+\s[^>]*>`)
	secAttrRE = regexp.MustCompile(`([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:="([^"]*)")?`)
)

// secAttrs returns the attributes of the element whose id is id.
func secAttrs(t *testing.T, html, id string) map[string]string {
	t.Helper()
	for _, tag := range secTagRE.FindAllString(html, -1) {
		if !strings.Contains(tag, ` id="`+id+`"`) {
			continue
		}
		attrs := map[string]string{}
		inner := tag[strings.IndexByte(tag, ' ') : len(tag)-1]
		for _, m := range secAttrRE.FindAllStringSubmatch(inner, -1) {
			attrs[m[1]] = m[2]
		}
		return attrs
	}
	require.Failf(t, "no element", "no element with id %q", id)
	return nil
}

// secText returns the text inside the element whose id is id, white space
// collapsed to single spaces (the element must hold no nested element of
// the same tag).
func secText(t *testing.T, html, id string) string {
	t.Helper()
	for _, loc := range secTagRE.FindAllStringIndex(html, -1) {
		tag := html[loc[0]:loc[1]]
		if !strings.Contains(tag, ` id="`+id+`"`) {
			continue
		}
		name := tag[1:strings.IndexByte(tag, ' ')]
		rest := html[loc[1]:]
		end := strings.Index(rest, "</"+name+">")
		require.GreaterOrEqual(t, end, 0, "element %q is not closed", id)
		return strings.Join(strings.Fields(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(rest[:end], " ")), " ")
	}
	require.Failf(t, "no element", "no element with id %q", id)
	return ""
}

// secSpec looks a widget's spec up.
func secSpec(t *testing.T, name string) widgetspec.Spec {
	t.Helper()
	s, ok := widgetspec.Lookup(name)
	require.True(t, ok, name)
	return s
}
