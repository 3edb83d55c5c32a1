package kit

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// Dispatcher runs work on the component's UI goroutine, for code outside
// go-app (a worker pool's callbacks) that must not touch a widget from
// another goroutine.
func Dispatcher(ctx app.Context) func(func()) {
	return func(f func()) { ctx.Dispatch(func(app.Context) { f() }) }
}
