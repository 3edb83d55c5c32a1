//go:build !wasm

package app

import (
	"strings"

	"github.com/consensus-lab/playground/lessons/lesson"
)

// On the server every widget is available: it pre-renders all pages.
func init() { UseBundle(AllBundle()) }

// otherBundle never asks for a page load outside the browser.
func otherBundle(*lesson.Lesson) bool { return false }

// PageBundle names the bundle whose wasm a site page loads: a lesson's
// (or lesson embed's) holds all its widgets, a widget embed's holds that
// widget, and every other page (home, 404) loads the default bundle.
func PageBundle(p string, c Course) string {
	p = strings.TrimSuffix(p, "/")
	switch {
	case lessonRE.MatchString(p), embedLessonRE.MatchString(p):
		if l, ok := c.Lesson(SlugFromPath(p)); ok {
			var names []string
			for _, b := range l.Blocks {
				if b.Widget != nil {
					names = append(names, b.Widget.Name)
				}
			}
			return BundleFor(names)
		}
	case embedWidgetRE.MatchString(p):
		return BundleFor([]string{SlugFromPath(p)})
	}
	return Bundles()[0].Name
}
