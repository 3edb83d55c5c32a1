package kit

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Root is the site's base path with a trailing slash: "/" when served by
// `playground serve`, "/course/" in a static export built with --base
// /course/. go-app publishes it as GOAPP_ROOT_PREFIX to the browser and sets
// it in the server's environment when its Handler starts.
func Root() string {
	b := strings.Trim(app.Getenv("GOAPP_ROOT_PREFIX"), "/")
	if b == "" {
		return "/"
	}
	return "/" + b + "/"
}

// Href resolves a site path ("lessons/hashes", "/", "web/x.css") against
// the base path. go-app does not prefix A().Href, so every link uses this.
func Href(p string) string {
	return Root() + strings.TrimPrefix(p, "/")
}

// StripBase turns a browser path back into a site path.
func StripBase(p string) string {
	return "/" + strings.TrimPrefix(strings.TrimPrefix(p, strings.TrimSuffix(Root(), "/")), "/")
}

// Emit tells a parent page that embeds us about an event (block-mined,
// check-passed, lesson-completed), through web/playground.js.
func Emit(event string, detail map[string]any) {
	if app.IsServer {
		return
	}
	pg := app.Window().Get("playground")
	if pg.Truthy() {
		pg.Call("emit", event, detail)
	}
}
