package app

import (
	"html"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/engine/hashing"
)

func newHashBox(id string, params map[string]string) app.UI {
	return &hashBox{ID: id, Params: params}
}

// hashBox is the live SHA-256 widget: type, and see the digest and which
// bits changed, either against a fixed second text (param compare) or
// against what the box held before the last edit.
type hashBox struct {
	app.Compo
	ID     string
	Params map[string]string

	notes    []string
	text     string
	compare  string // fixed comparison text, or "" to compare with prev
	twoTexts bool
	prev     string
	ready    bool
}

func (h *hashBox) OnInit()                 { h.reset() }
func (h *hashBox) OnUpdate(app.Context)    { h.reset() }
func (h *hashBox) OnMount(ctx app.Context) { h.ready = true }

func (h *hashBox) reset() {
	values, notes := resolveParams("hashbox", h.Params)
	h.notes = notes
	h.text = values["text"]
	h.compare = values["compare"]
	h.twoTexts = h.compare != ""
	h.prev = h.text
}

func (h *hashBox) Render() app.UI {
	d := hashing.Sum(h.text)
	other := h.prev
	otherLabel := "the previous text"
	if h.twoTexts {
		other = h.compare
		otherLabel = "the second text"
	}
	od := hashing.Sum(other)
	cmp := hashing.Compare(d, od)

	body := []app.UI{
		h.input("a", "Text", h.text, func(v string) { h.prev, h.text = h.text, v }),
		digestLine(h.ID+"-digest", "SHA-256", d, cmp),
	}
	if h.twoTexts {
		body = append(body,
			h.input("b", "Second text", h.compare, func(v string) { h.compare = v }),
			digestLine(h.ID+"-digest-b", "SHA-256", od, cmp),
		)
	}
	body = append(body,
		app.P().Class("hash-changed").Aria("live", "polite").Body(
			app.Strong().Class("bits-changed").Text(strconv.Itoa(cmp.Changed)),
			app.Text(" of 256 bits differ from "+otherLabel+"."),
		),
		bitGrid(cmp),
		stateLink("hashbox", h.Params, h.state()),
	)
	return widgetFrame("hashbox", h.ID, h.ready, h.notes, body...)
}

// state is the box's current content as parameters, for sharing.
func (h *hashBox) state() map[string]string {
	st := map[string]string{"text": h.text, "compare": ""}
	if h.twoTexts {
		st["compare"] = h.compare
	}
	return st
}

func (h *hashBox) input(suffix, label, value string, set func(string)) app.UI {
	id := h.ID + "-" + suffix
	return app.Div().Class("field").Body(
		app.Label().For(id).Text(label),
		app.Textarea().
			ID(id).
			Class("hash-input").
			Rows(2).
			Spellcheck(false).
			// Text content, not the value attribute: pre-rendered HTML must
			// show the text before (or without) wasm.
			Body(app.Text(value)).
			OnInput(func(ctx app.Context, e app.Event) {
				set(ctx.JSSrc().Get("value").String())
			}),
	)
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
