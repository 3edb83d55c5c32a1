package kit

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// Focus moves the keyboard focus to the element with id once the current
// update is drawn, so that after an action that replaces or disables the
// control a screen-reader user pressed, focus lands on what the action
// produced and not on the page's body. An element that is not a control
// needs tabindex="-1" to take focus.
func Focus(ctx app.Context, id string) {
	if app.IsServer {
		return
	}
	// Defer alone runs before go-app has drawn the update; a zero timeout
	// runs once it has, when the element exists.
	ctx.Defer(func(app.Context) {
		var f app.Func
		f = app.FuncOf(func(app.Value, []app.Value) any {
			if el := app.Window().GetElementByID(id); el.Truthy() {
				el.Call("focus")
			}
			f.Release()
			return nil
		})
		app.Window().Call("setTimeout", f, 0)
	})
}
