package app

import (
	"bytes"
	"encoding/hex"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

func newHybrid(id string, params map[string]string) app.UI {
	return &hybrid{ID: id, Params: params}
}

// RFC 9180 appendix A.1.1's input keying material, so a learner can follow
// the RFC's own example; the RFC's plaintext, info and AAD go with it.
const (
	rfc9180IkmR = "6db9df30aa07dd42ee5e8181afdb977e538f5e1fec8a06223f33f7013e525037"
	rfc9180IkmE = "7268600d403fce431561aef583ee1613527cff655c1343f29812e66706df3234"
	rfc9180PT   = "Beauty is truth, truth beauty"
	rfc9180Info = "Ode on a Grecian Urn"
	rfc9180AAD  = "Count-0"
)

// hybrid reveals one HPKE encryption step by step: public-key cryptography
// only agrees on a key, and a fast symmetric cipher carries the message.
// The walkthrough is computed in the cipher worker (cipherCall).
type hybrid struct {
	app.Compo
	ID     string
	Params map[string]string

	notes     []string
	plaintext string
	info      string
	aad       string
	rfc       bool
	walk      hpkeWalk
	err       error
	shown     int
	jobs      cipherJobs
	loaded    bool // the first walkthrough has answered
	ready     bool
}

func (w *hybrid) OnInit()                     { w.reset() }
func (w *hybrid) OnPreRender(ctx app.Context) { w.encrypt(ctx) }
func (w *hybrid) OnUpdate(ctx app.Context)    { w.reset(); w.encrypt(ctx) }
func (w *hybrid) OnMount(ctx app.Context)     { w.ready = true; w.encrypt(ctx) }

func (w *hybrid) reset() {
	values, notes := resolveParams("hybrid", w.Params)
	w.notes = notes
	w.plaintext, w.info, w.aad = values["plaintext"], values["info"], values["aad"]
	w.rfc = values["keys"] == "rfc9180"
	if w.rfc && w.Params["plaintext"] == "" && w.Params["info"] == "" && w.Params["aad"] == "" {
		w.plaintext, w.info, w.aad = rfc9180PT, rfc9180Info, rfc9180AAD
	}
	w.shown, _ = strconv.Atoi(values["step"])
	w.walk, w.err, w.loaded = hpkeWalk{}, nil, false
	w.jobs.drop()
}

// encrypt asks the worker for a walkthrough of the current inputs.
func (w *hybrid) encrypt(ctx app.Context) {
	args := map[string]any{"plaintext": w.plaintext, "info": w.info, "aad": w.aad}
	if w.rfc {
		args["recipientIkm"], _ = hex.DecodeString(rfc9180IkmR)
		args["ephemeralIkm"], _ = hex.DecodeString(rfc9180IkmE)
	}
	w.jobs.send(ctx, "hpke.walkthrough", args, func(r cipherReply) {
		var walk hpkeWalk
		w.err = r.decode(&walk)
		w.walk, w.loaded = walk, true
		w.shown = min(max(w.shown, 1), max(len(w.walk.Steps), 1))
	})
}

func (w *hybrid) Render() app.UI {
	field := func(suffix, label, value string, set func(string)) app.UI {
		id := w.ID + "-" + suffix
		return app.Div().Class("field").Body(
			app.Label().For(id).Text(label),
			app.Input().ID(id).Type("text").Value(value).Spellcheck(false).
				OnInput(func(ctx app.Context, e app.Event) {
					set(ctx.JSSrc().Get("value").String())
					w.encrypt(ctx)
				}),
		)
	}
	body := []app.UI{
		app.Div().Class("desk-grid").Body(
			field("pt", "Message", w.plaintext, func(v string) { w.plaintext = v }),
			field("info", "Info (application context)", w.info, func(v string) { w.info = v }),
			field("aad", "Associated data", w.aad, func(v string) { w.aad = v }),
		),
		app.Div().Class("choice").Body(
			app.Input().Type("checkbox").ID(w.ID+"-rfc").Checked(w.rfc).
				OnChange(func(ctx app.Context, e app.Event) {
					w.rfc = ctx.JSSrc().Get("checked").Bool()
					if w.rfc {
						w.plaintext, w.info, w.aad = rfc9180PT, rfc9180Info, rfc9180AAD
					}
					w.encrypt(ctx)
				}),
			app.Label().For(w.ID+"-rfc").Text("Use the key material of RFC 9180's first example (A.1.1), to compare with the RFC"),
		),
	}
	body = append(body, cipherWorking(w.ID, w.jobs.busy(), "Encrypting in the background"))
	if w.err != nil {
		body = append(body, app.P().Class("status error").Text("Cannot encrypt: "+w.err.Error()))
		return widgetFrame("hybrid", w.ID, w.ready && w.loaded, w.notes, body...)
	}
	steps := make([]app.UI, 0, w.shown)
	for i, s := range w.walk.Steps[:min(w.shown, len(w.walk.Steps))] {
		li := app.Li().Class("hpke-step").DataSet("name", s.Name).DataSet("actor", s.Actor)
		if i == w.shown-1 {
			li = li.Class("current")
		}
		secrecy := app.Span().Class("lesson-meta").Text(" · secret")
		if s.Public {
			secrecy = app.Span().Class("hpke-public").Text(" · public")
		}
		steps = append(steps, li.Body(
			app.Span().Class("hpke-actor").Text(s.Actor), app.Text(" "),
			app.Code().Text(s.Name), secrecy,
			app.Div().Class("lesson-meta").Text(s.Formula),
			app.Div().Class("digest").Body(app.Code().ID(w.ID+"-v"+strconv.Itoa(i)).DataSet("hex", hex.EncodeToString(s.Value)).Text(hexOrText(s.Name, s.Value))),
		))
	}
	body = append(body,
		app.Ol().ID(w.ID+"-steps").Class("hpke-steps").Aria("live", "polite").Body(steps...),
		app.Div().Body(
			app.Button().ID(w.ID+"-prev").Class("button secondary").Type("button").Text("Back a step").Disabled(w.shown <= 1).
				OnClick(func(ctx app.Context, e app.Event) { w.shown = max(w.shown-1, 1) }),
			app.Button().ID(w.ID+"-next").Class("button").Type("button").Text("Next step").Disabled(w.shown >= len(w.walk.Steps)).
				OnClick(func(ctx app.Context, e app.Event) { w.shown = min(w.shown+1, len(w.walk.Steps)) }),
			app.Button().ID(w.ID+"-all").Class("button secondary").Type("button").Text("Show all").Disabled(w.shown >= len(w.walk.Steps)).
				OnClick(func(ctx app.Context, e app.Event) { w.shown = len(w.walk.Steps) }),
		),
	)
	if w.loaded && w.shown == len(w.walk.Steps) {
		body = append(body, w.agreement())
	}
	return widgetFrame("hybrid", w.ID, w.ready && w.loaded, w.notes, body...)
}

// agreement compares what each side derived on its own.
func (w *hybrid) agreement() app.UI {
	s, r := w.walk.Sender, w.walk.Recipient
	same := bytes.Equal(s.DH, r.DH) && bytes.Equal(s.SharedSecret, r.SharedSecret) && bytes.Equal(s.Key, r.Key) && bytes.Equal(s.BaseNonce, r.BaseNonce)
	opened := bytes.Equal(w.walk.Opened, w.walk.Plaintext)
	sent := len(w.walk.Enc) + len(w.walk.Ciphertext)
	cls, verdict := "ok", "Both sides derived the same key and nonce without ever sending them, and the recipient recovered the message."
	if !same || !opened {
		cls, verdict = "bad", "The two sides disagree: the walkthrough is broken."
	}
	return app.Div().ID(w.ID+"-agree").DataSet("agree", map[bool]string{true: "yes", false: "no"}[same && opened]).Body(
		app.P().Class(cls).Role("status").Text(verdict),
		app.P().Text("On the wire: enc ("+strconv.Itoa(len(w.walk.Enc))+" bytes) and the ciphertext ("+strconv.Itoa(len(w.walk.Ciphertext))+
			" bytes: the message plus a 16-byte tag), "+strconv.Itoa(sent)+" bytes in all. Everything marked secret stayed where it was made."),
	)
}

// hexOrText shows the message steps as text, everything else as hex.
func hexOrText(name string, v []byte) string {
	if name == "pt" {
		return "“" + string(v) + "”"
	}
	return shorten(hex.EncodeToString(v), 96)
}
