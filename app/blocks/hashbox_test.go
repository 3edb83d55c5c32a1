//go:build !wasm

package blocks

import (
	"strconv"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/kit/kittest"
	"github.com/consensus-lab/playground/engine/hashing"
)

func TestHashBoxPreRendersDigestAndComparison(t *testing.T) {
	html := kittest.Render(t, NewHashBox, kit.Placement{ID: "hb", Params: map[string]string{"text": "Hello, world", "compare": "Hello, World"}})
	want := hashing.Sum("Hello, world")
	other := hashing.Sum("Hello, World")
	assert.Equal(t, want.Hex(), kittest.Attrs(t, html, "hb-digest")["data-hex"])
	assert.Equal(t, other.Hex(), kittest.Attrs(t, html, "hb-digest-b")["data-hex"])
	changed := hashing.Compare(want, other).Changed
	assert.Contains(t, html, `<strong class="bits-changed">`+strconv.Itoa(changed)+`</strong>`)
	assert.Contains(t, html, `data-widget="hashbox"`)
	assert.Contains(t, html, `data-state="static"`, "pre-rendered HTML is not interactive yet")
	assert.Equal(t, changed, strings.Count(html, `class="bit flipped"`))
	assert.Equal(t, "Hello, World", kittest.Text(t, html, "hb-compare"), "the second text is content too")
}

func TestHashBoxComparesWithPreviousText(t *testing.T) {
	h := &hashBox{Placement: kit.Placement{ID: "hb", Params: map[string]string{"text": "abc"}}}
	d := app.NewClientTester(h)
	defer d.Close()
	assert.True(t, h.Ready(), "mounted in a client: ready")
	assert.Contains(t, app.HTMLString(h), `data-state="ready"`)
	assert.Contains(t, app.HTMLString(h), `<strong class="bits-changed">0</strong>`, "nothing typed yet")
	assert.Contains(t, app.HTMLString(h), `>abc</textarea>`, "the text is content, readable without wasm")
	assert.False(t, kittest.Has(app.HTMLString(h), "hb-compare"), "one text box without a second text")

	// What the input handler does on a keystroke.
	h.Set("text", "abd")
	h.Update()
	d.Consume()
	html := app.HTMLString(h)
	assert.Equal(t, hashing.Sum("abd").Hex(), kittest.Attrs(t, html, "hb-digest")["data-hex"])
	n := hashing.Compare(hashing.Sum("abd"), hashing.Sum("abc")).Changed
	assert.Contains(t, html, `<strong class="bits-changed">`+strconv.Itoa(n)+`</strong>`)
	assert.Contains(t, html, "differ from the previous text")
	assert.Equal(t, map[string]string{"text": "abd"}, h.Modified(), "the state to share is the new text")

	// The next key compares with "abd", not with the lesson's text.
	h.Set("text", "abde")
	assert.Equal(t, "abd", h.prev)
	h.Reset()
	assert.Equal(t, "abc", h.text)
	assert.Empty(t, h.Modified())
}

func TestHashBoxClampsParamsWithVisibleNote(t *testing.T) {
	h := &hashBox{Placement: kit.Placement{ID: "hb", Params: map[string]string{"text": strings.Repeat("x", 2000), "colour": "red"}}}
	d := app.NewServerTester(h)
	defer d.Close()
	html := app.HTMLString(h)
	assert.Contains(t, html, `Note: text is 2000 bytes long, over the limit of 1024; cut to fit`)
	assert.Contains(t, html, `Note: ignored unknown parameter &#34;colour&#34;`)
	assert.Equal(t, 1024, len(h.text))
	assert.Equal(t, "1024", kittest.Attrs(t, html, "hb-text")["maxlength"], "the box takes the spec's limit")
}
