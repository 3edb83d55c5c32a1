// Package app is the playground's user interface: go-app components for the
// site shell, the home page, lesson pages, embeds and one file per widget
// (widget_<name>.go). It runs in the browser (js/wasm) and, for
// pre-rendering, on the server; files ending in _wasm.go / _nowasm.go hold
// what differs between the two.
//
// Numbers shown by widgets come from engine/...; this package only draws.
package app

import (
	"net/http"
	"regexp"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/widgetspec"
)

// Route patterns, relative to the site's base path (go-app strips it). A
// trailing slash is allowed: static hosts redirect /lessons/x to
// /lessons/x/ when the page is stored as lessons/x/index.html.
const (
	lessonPattern      = `^/lessons/[a-z0-9]+(-[a-z0-9]+)*/?$`
	embedLessonPattern = `^/embed/lesson/[a-z0-9]+(-[a-z0-9]+)*/?$`
	embedWidgetPattern = `^/embed/[a-z0-9]+(-[a-z0-9]+)*/?$`
)

// Routes registers every page. Call it in the browser and on the server
// before serving: go-app pre-renders from the same table.
func Routes() {
	// go-app builds each page from the component's type alone (field values
	// are dropped), so each kind of page is its own type.
	app.Route("/", &home{})
	app.RouteWithRegexp(lessonPattern, &lessonPage{})
	app.RouteWithRegexp(embedLessonPattern, &lessonEmbed{})
	app.RouteWithRegexp(embedWidgetPattern, &embedWidget{})
	// Last: every other path, so that a 404 page stays ours once wasm starts.
	app.RouteWithRegexp(`^/`, &notFound{})
}

var (
	lessonRE      = regexp.MustCompile(lessonPattern)
	embedLessonRE = regexp.MustCompile(embedLessonPattern)
	embedWidgetRE = regexp.MustCompile(embedWidgetPattern)
)

// PageStatus is the HTTP status of a site path for a course: 200 for the
// home page, an existing lesson or widget, 404 for everything else. The
// server and the static exporter use it, since go-app renders every path.
func PageStatus(p string, c Course) int {
	if p != "/" {
		p = strings.TrimSuffix(p, "/")
	}
	switch {
	case p == "/":
		return http.StatusOK
	case lessonRE.MatchString(p), embedLessonRE.MatchString(p):
		if _, ok := c.Lesson(SlugFromPath(p)); ok {
			return http.StatusOK
		}
	case embedWidgetRE.MatchString(p):
		if _, ok := widgetspec.Lookup(SlugFromPath(p)); ok {
			return http.StatusOK
		}
	}
	return http.StatusNotFound
}

// SlugFromPath returns the lesson slug of a lesson or lesson-embed path.
func SlugFromPath(p string) string {
	p = strings.TrimSuffix(p, "/")
	return p[strings.LastIndex(p, "/")+1:]
}
