//go:build wasm

package main

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	playapp "github.com/consensus-lab/playground/app"
)

// In the browser the binary is the go-app client: the same routes the server
// pre-renders, then go-app takes over the page. Which widgets it carries is
// chosen at build time (bundle_*_wasm.go, `make wasm` builds one wasm per
// bundle with -tags bundle_<name>); see playapp.Bundle.
func main() {
	playapp.UseBundle(bundle())
	playapp.Routes()
	app.RunWhenOnBrowser()
}
