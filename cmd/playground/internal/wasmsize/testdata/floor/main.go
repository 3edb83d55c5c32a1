// Command floor is the smallest go-app v9.8.0 client: one component and
// nothing of the playground. `make size` builds it for js/wasm to show what
// every go-app app weighs before its own code (go-app imports net/http, and
// with it crypto/tls and x509, in the browser too).
package main

import "github.com/maxence-charriere/go-app/v9/pkg/app"

type hello struct{ app.Compo }

func (h *hello) Render() app.UI { return app.H1().Text("Hello") }

func main() {
	app.Route("/", &hello{})
	app.RunWhenOnBrowser()
}
