//go:build !wasm

package app

import (
	"runtime"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// minerBackend outside the browser (pre-rendering never mines; component
// tests replace this): inline workers on goroutines.
var minerBackend = func(ctx app.Context) miningBackend {
	dispatch := func(f func()) { ctx.Dispatch(func(app.Context) { f() }) }
	return miningBackend{Spawn: inlineSpawner(dispatch), Cores: runtime.NumCPU(), Workers: false}
}
