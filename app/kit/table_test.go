//go:build !wasm

package kit

import (
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
)

// A wide table's scroll box is a named region that a keyboard can reach.
func TestScrollTableIsAFocusableNamedRegion(t *testing.T) {
	html := app.HTMLString(ScrollTable("Blocks and their targets", app.Table().ID("t")))
	assert.Regexp(t, `^<div [^>]*class="table-scroll"`, html)
	assert.Contains(t, html, ` tabindex="0"`)
	assert.Contains(t, html, ` role="region"`)
	assert.Contains(t, html, ` aria-label="Blocks and their targets"`)
	assert.Contains(t, html, `<table id="t"`)
}
