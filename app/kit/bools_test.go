//go:build !wasm

package kit

import (
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
)

// Pre-rendered HTML has a boolean attribute only when it is true.
func TestReadOnlyAndDisabledRenderOnlyWhenTrue(t *testing.T) {
	off := app.HTMLString(Disabled(ReadOnly(app.Textarea().ID("t"), false), false))
	assert.NotContains(t, off, "readonly")
	assert.NotContains(t, off, "disabled")
	on := app.HTMLString(Disabled(ReadOnly(app.Input().ID("i"), true), true))
	assert.Regexp(t, `\sreadonly[\s>]`, on)
	assert.Regexp(t, `\sdisabled[\s>]`, on)
	sel := app.HTMLString(Disabled(app.Select().ID("s"), false))
	assert.NotContains(t, sel, "disabled")
}
