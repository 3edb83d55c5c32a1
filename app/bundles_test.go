//go:build !wasm

package app

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/widgetspec"
	"github.com/consensus-lab/playground/lessons"
)

func TestEveryWidgetIsInExactlyOneBundle(t *testing.T) {
	seen := map[string]string{}
	for _, b := range Bundles() {
		assert.NotEqual(t, AllBundleName, b.Name)
		for _, w := range b.Widgets {
			_, known := widgetspec.Lookup(w.Name)
			assert.True(t, known, "bundle %s: %s is not a widget", b.Name, w.Name)
			if other, dup := seen[w.Name]; dup {
				t.Errorf("%s is in bundles %s and %s", w.Name, other, b.Name)
			}
			seen[w.Name] = b.Name
		}
		assert.Contains(t, b.Names(), "check", "every bundle has the checks")
	}
	for _, name := range widgetspec.Names() {
		if name != "check" {
			assert.Contains(t, seen, name, "%s is in no bundle: no page could load it", name)
		}
	}
	assert.ElementsMatch(t, widgetspec.Names(), AllBundle().Names())
}

func TestBundleForPicksTheBundleHoldingEveryWidget(t *testing.T) {
	assert.Equal(t, "pow", BundleFor(nil), "no widget: the default")
	assert.Equal(t, "pow", BundleFor([]string{"check"}))
	assert.Equal(t, "stake", BundleFor([]string{"lottery", "check", "poa"}))
	assert.Equal(t, "crypto", BundleFor([]string{"aesgcm"}))
	assert.Equal(t, AllBundleName, BundleFor([]string{"miner", "signer"}), "mixed bundles: all")
}

// The built-in course never needs the all-widgets wasm, and consecutive
// lessons share a bundle as often as the grouping promises.
func TestBuiltinLessonsEachLoadOneBundle(t *testing.T) {
	course, err := lessons.Compile(lessons.Builtin, "lessons")
	require.NoError(t, err)
	var order []string
	for _, l := range course.Lessons {
		b := PageBundle("/lessons/"+l.Slug, course)
		require.NotEqual(t, AllBundleName, b, "%s mixes bundles", l.Slug)
		assert.Equal(t, b, PageBundle("/embed/lesson/"+l.Slug+"/", course), "the embed loads the lesson's bundle")
		if len(order) == 0 || order[len(order)-1] != b {
			order = append(order, b)
		}
	}
	assert.Equal(t, []string{"pow", "stake", "signing", "crypto", "orders"}, order, "each bundle is one run of lessons")
	assert.Equal(t, "pow", PageBundle("/", course))
	assert.Equal(t, "pow", PageBundle("/no/such/page", course))
	assert.Equal(t, "stake", PageBundle("/embed/plots", course))
	assert.Equal(t, Bundles()[0].Name, PageBundle("/lessons/"+course.Lessons[0].Slug, course),
		"the first lesson loads the default bundle, like the home page: no reload between them")
}
