//go:build uxpending && !wasm

package main

import (
	"strings"
	"testing"
)

// Tests that need changes in app/ (the widget kit) before they can pass.
// Enable them with `go test -tags uxpending ./cmd/playground/` once the app
// has made the changes listed in pendingAppFixes (axe_browser_test.go), then
// drop the tag and the list.

// Zero serious or critical axe violations, with no exception.
func TestBrowserAxePending(t *testing.T) {
	found := axePages(t)
	if len(found) > 0 {
		var b strings.Builder
		for _, f := range found {
			b.WriteString(f.String() + "\n")
		}
		t.Errorf("%d serious or critical axe violations:\n%s", len(found), b.String())
	}
}
