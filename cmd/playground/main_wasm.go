//go:build wasm

package main

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	playapp "github.com/consensus-lab/playground/app"
)

// In the browser the binary is the go-app client: the same routes the server
// pre-renders, then go-app takes over the page. It carries every widget, so
// moving between lessons stays in the one app.
func main() {
	playapp.Routes()
	app.RunWhenOnBrowser()
}
