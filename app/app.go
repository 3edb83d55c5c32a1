// Package app is the playground's user interface: go-app components for the
// site shell, the home page, lesson pages, embeds and one file per widget
// (widget_<name>.go). It runs in the browser (js/wasm) and, for
// pre-rendering, on the server; files ending in _wasm.go / _nowasm.go hold
// what differs between the two.
//
// Numbers shown by widgets come from engine/...; this package only draws.
package app

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Route patterns, relative to the site's base path (go-app strips it).
const (
	lessonPattern      = `^/lessons/[a-z0-9]+(-[a-z0-9]+)*$`
	embedLessonPattern = `^/embed/lesson/[a-z0-9]+(-[a-z0-9]+)*$`
	embedWidgetPattern = `^/embed/[a-z0-9]+(-[a-z0-9]+)*$`
)

// Routes registers every page. Call it in the browser and on the server
// before serving: go-app pre-renders from the same table.
func Routes() {
	app.Route("/", &home{})
	app.RouteWithRegexp(lessonPattern, &lessonPage{})
	app.RouteWithRegexp(embedLessonPattern, &lessonPage{embed: true})
	app.RouteWithRegexp(embedWidgetPattern, &embedWidget{})
}

// SlugFromPath returns the lesson slug of a lesson or lesson-embed path.
func SlugFromPath(p string) string {
	p = strings.TrimSuffix(p, "/")
	return p[strings.LastIndex(p, "/")+1:]
}

// Base is the site's base path with a trailing slash: "/" when served by
// `playground serve`, "/course/" in a static export built with --base
// /course/. go-app publishes it as GOAPP_ROOT_PREFIX to the browser and sets
// it in the server's environment when its Handler starts.
func Base() string {
	b := strings.Trim(app.Getenv("GOAPP_ROOT_PREFIX"), "/")
	if b == "" {
		return "/"
	}
	return "/" + b + "/"
}

// href resolves a site path ("lessons/hashes", "/", "web/x.css") against
// the base path. go-app does not prefix A().Href, so every link uses this.
func href(p string) string {
	return Base() + strings.TrimPrefix(p, "/")
}

// stripBase turns a browser path back into a site path.
func stripBase(p string) string {
	return "/" + strings.TrimPrefix(strings.TrimPrefix(p, strings.TrimSuffix(Base(), "/")), "/")
}
