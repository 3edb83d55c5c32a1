//go:build !wasm

package pool

import "runtime"

// NewBackend outside the browser (pre-rendering never mines; widget tests
// replace it, see pooltest): inline workers on goroutines.
var NewBackend = func(workerURL string, dispatch func(func())) Backend {
	return Backend{Spawn: InlineSpawner(dispatch), Cores: runtime.NumCPU(), Workers: false}
}
