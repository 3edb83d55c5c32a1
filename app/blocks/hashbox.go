package blocks

import (
	"html"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/engine/hashing"
)

// NewHashBox is the hashbox widget's factory.
func NewHashBox(p kit.Placement) app.UI { return &hashBox{Placement: p} }

// hashBox is the live SHA-256 widget: type, and see the digest and which
// bits changed, either against a fixed second text (param compare) or
// against what the box held before the last edit.
type hashBox struct {
	app.Compo
	kit.Placement
	base

	text     string
	prev     string // the text before the last edit
	twoTexts bool   // compare with the second text, not with prev
}

func (h *hashBox) OnInit()              { h.start() }
func (h *hashBox) OnUpdate(app.Context) { h.start() }

func (h *hashBox) start() {
	h.text, h.prev = "", ""
	h.Init("hashbox", h.Placement, h.load)
}

// load follows an edit: the text it replaced is what the digest is
// compared with when there is no second text.
func (h *hashBox) load() {
	t := h.Value("text")
	switch {
	case h.text == "" && h.prev == "":
		h.prev = t
	case t != h.text:
		h.prev = h.text
	}
	h.text = t
	// A lesson that sets a second text keeps its box even when a learner
	// empties it.
	h.twoTexts = h.Value("compare") != "" || h.Params["compare"] != ""
}

func (h *hashBox) Render() app.UI {
	d := hashing.Sum(h.text)
	other := h.prev
	otherLabel := "the previous text"
	if h.twoTexts {
		other = h.Value("compare")
		otherLabel = "the second text"
	}
	od := hashing.Sum(other)
	cmp := hashing.Compare(d, od)

	body := []app.UI{
		h.input("text", "Text"),
		digestLine(h.ID+"-digest", "SHA-256", d, cmp),
	}
	if h.twoTexts {
		body = append(body,
			h.input("compare", "Second text"),
			digestLine(h.ID+"-digest-b", "SHA-256", od, cmp),
		)
	}
	body = append(body,
		app.P().Class("hash-changed").Aria("live", "polite").Body(
			app.Strong().Class("bits-changed").Text(strconv.Itoa(cmp.Changed)),
			app.Text(" of 256 bits differ from "+otherLabel+"."),
		),
		bitGrid(cmp),
	)
	return h.Frame(body...)
}

// input is a text box that sets its parameter at every key, so the digest
// follows the typing.
func (h *hashBox) input(param, label string) app.UI {
	id := h.InputID(param)
	spec, _ := kit.Spec("hashbox").Param(param)
	return kit.Field(id, label, app.Textarea().
		ID(id).
		Class("hash-input").
		Rows(2).
		Spellcheck(false).
		MaxLength(spec.MaxLen).
		// Text content, not the value attribute: pre-rendered HTML must
		// show the text before (or without) wasm.
		Body(app.Text(h.Value(param))).
		OnInput(func(ctx app.Context, e app.Event) { h.Set(param, kit.Value(ctx)) }))
}

// digestLine prints a digest in hex with the characters that differ from the
// other digest marked, so the avalanche is visible without reading bits.
//
// It and bitGrid are raw HTML made here from digest bytes (nothing a learner
// typed): one element for go-app to create or replace instead of 64 or 256,
// each several calls into JavaScript. The hash box is on the first lesson:
// mounting those elements one by one took a tenth of the samples of a CPU
// profile of its cold start in Chromium.
func digestLine(id, label string, d hashing.Digest, cmp hashing.Comparison) app.UI {
	hexStr := d.Hex()
	var b strings.Builder
	b.WriteString(`<p class="digest"><span class="digest-label">` + html.EscapeString(label) + `: </span><code id="` +
		html.EscapeString(id) + `" data-hex="` + hexStr + `">`)
	for i := range hexStr {
		if cmp.HexCharChanged(i) {
			b.WriteString(`<span class="changed">`)
		} else {
			b.WriteString(`<span>`)
		}
		b.WriteByte(hexStr[i])
		b.WriteString(`</span>`)
	}
	b.WriteString(`</code></p>`)
	return app.Raw(b.String())
}

// bitGrid draws the 256 bits of the XOR of the two digests, 32 per row.
func bitGrid(cmp hashing.Comparison) app.UI {
	var b strings.Builder
	b.WriteString(`<div class="bit-grid" role="img" aria-label="` + strconv.Itoa(cmp.Changed) +
		` of 256 bits changed; each square is one bit, filled when it changed">`)
	for i := range 256 {
		if cmp.Diff[i/8]>>(7-uint(i%8))&1 == 1 {
			b.WriteString(`<span class="bit flipped"></span>`)
		} else {
			b.WriteString(`<span class="bit"></span>`)
		}
	}
	b.WriteString(`</div>`)
	return app.Raw(b.String())
}
