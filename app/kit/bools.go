package kit

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// ReadOnly and Disabled set a boolean attribute on any element that has
// it, with Checked's care: the property always in the browser, the
// attribute only when true in pre-rendered HTML (readonly="false" reads as
// read-only, disabled="false" as disabled).

// ReadOnly sets an element's readonly state.
func ReadOnly[T interface{ ReadOnly(bool) T }](el T, on bool) T {
	if on || !app.IsServer {
		return el.ReadOnly(on)
	}
	return el
}

// Disabled sets an element's disabled state (for a button, use Button).
func Disabled[T interface{ Disabled(bool) T }](el T, on bool) T {
	if on || !app.IsServer {
		return el.Disabled(on)
	}
	return el
}
