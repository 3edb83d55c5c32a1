//go:build !wasm

package app

import (
	"regexp"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/widgetspec"
)

// A boolean attribute written as ="false" is on for a browser: go-app
// writes checked="false", which shows a radio as chosen and a button as
// disabled until the wasm starts. Every widget's pre-rendered default
// state must carry booleans only when they are true.
var falseBoolean = regexp.MustCompile(`\s(checked|selected|disabled|hidden|required|readonly|multiple|open|autofocus)(="false"|="")`)

func TestPrerenderedWidgetsHaveNoFalseBooleans(t *testing.T) {
	for _, name := range widgetspec.Names() {
		t.Run(name, func(t *testing.T) {
			html := prerender(t, name, kit.Placement{ID: name + "-1", Lesson: "a-lesson"})
			require.Contains(t, html, `data-widget="`+name+`"`)
			assert.Empty(t, falseBoolean.FindAllString(html, -1), "boolean attributes that a browser reads as true")
		})
	}
}

// The test above would pass on a page that wrote no booleans at all: this
// one checks the rule catches what go-app writes for a false value.
func TestFalseBooleanRuleCatchesGoApp(t *testing.T) {
	html := app.HTMLString(app.Input().Type("checkbox").Checked(false))
	assert.Regexp(t, falseBoolean, html)
}

func prerender(t *testing.T, name string, p kit.Placement) string {
	t.Helper()
	f, ok := widgetFactories[name]
	require.True(t, ok, "no component for %s", name)
	c := f(p)
	d := app.NewServerTester(c)
	defer d.Close()
	return app.HTMLString(c)
}
