package encryption

import (
	"bytes"
	"encoding/hex"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/encryption/cipherworker"
	"github.com/consensus-lab/playground/app/kit"
)

// NewHybrid is the hybrid (HPKE) widget's factory.
func NewHybrid(p kit.Placement) app.UI { return &hybrid{Placement: p} }

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
// The walkthrough is computed in the cipher worker.
type hybrid struct {
	app.Compo
	kit.Placement
	base

	ctx     app.Context // the mount's, for the worker's replies
	walkFor [4]string   // the message, info, aad and keys the walkthrough is of
	walk    hpkeWalk
	err     error
	shown   int
	jobs    jobs
	loaded  bool // the first walkthrough has answered
}

func (w *hybrid) OnInit() { w.Init("hybrid", w.Placement, w.load) }
func (w *hybrid) OnUpdate(ctx app.Context) {
	w.ctx = ctx
	w.Init("hybrid", w.Placement, w.load)
}

// OnMount encrypts, unless that is done or under way (outside the browser
// OnInit already did it in-process).
func (w *hybrid) OnMount(ctx app.Context) {
	w.ctx = ctx
	switch {
	case w.loaded:
		w.MarkReady()
	case !w.jobs.Busy():
		w.encrypt()
	}
}

// inputs are the message, info and associated data to encrypt.
func (w *hybrid) inputs() (plaintext, info, aad string) {
	return w.Value("plaintext"), w.Value("info"), w.Value("aad")
}

func (w *hybrid) rfc() bool { return w.Value("keys") == "rfc9180" }

// load encrypts again when the inputs changed; a new step only shows more
// or fewer of the same walkthrough.
func (w *hybrid) load() {
	// RFC 9180's keys with the widget's default texts: the RFC's own texts,
	// so the walkthrough is the RFC's example, shown in the boxes too.
	if def, _ := kit.Spec("hybrid").Resolve(nil); w.rfc() && w.Value("plaintext") == def["plaintext"] && w.Value("info") == def["info"] && w.Value("aad") == def["aad"] {
		v := w.Values()
		v["plaintext"], v["info"], v["aad"] = rfc9180PT, rfc9180Info, rfc9180AAD
	}
	pt, info, aad := w.inputs()
	if in := [4]string{pt, info, aad, w.Value("keys")}; in != w.walkFor {
		w.walkFor = in
		w.walk, w.err, w.loaded = hpkeWalk{}, nil, false
		w.jobs.Drop()
		if live(w.ctx) {
			w.encrypt()
		}
		return
	}
	w.fitStep()
}

// fitStep shows the step parameter's steps, within the walkthrough.
func (w *hybrid) fitStep() {
	w.shown = min(max(w.Int("step"), 1), max(len(w.walk.Steps), 1))
}

// encrypt asks the worker for a walkthrough of the current inputs.
func (w *hybrid) encrypt() {
	pt, info, aad := w.inputs()
	args := map[string]any{"plaintext": pt, "info": info, "aad": aad}
	if w.rfc() {
		args["recipientIkm"], _ = hex.DecodeString(rfc9180IkmR)
		args["ephemeralIkm"], _ = hex.DecodeString(rfc9180IkmE)
	}
	w.jobs.send(w.ctx, "hpke.walkthrough", args, func(r cipherworker.Reply) {
		var walk hpkeWalk
		w.err = r.Decode(&walk)
		w.walk, w.loaded = walk, true
		w.fitStep()
		if w.ctx != nil {
			w.MarkReady()
		}
	})
}

// useRFC switches to RFC 9180's example (its keys and its texts), or back
// to random keys.
func (w *hybrid) useRFC(on bool) {
	if !on {
		w.Set("keys", "random")
		return
	}
	w.SetMany(map[string]string{"keys": "rfc9180", "plaintext": rfc9180PT, "info": rfc9180Info, "aad": rfc9180AAD})
}

func (w *hybrid) Render() app.UI {
	rfc := kit.Checked(app.Input().Type("checkbox").ID(w.ID+"-rfc").
		OnChange(func(ctx app.Context, e app.Event) { w.useRFC(ctx.JSSrc().Get("checked").Bool()) }), w.rfc())
	body := []app.UI{
		app.Div().Class("desk-grid").Body(
			w.LiveText("plaintext", "Message"),
			w.LiveText("info", "Info (application context)"),
			w.LiveText("aad", "Associated data"),
		),
		app.Div().Class("field checkbox").Body(rfc,
			app.Label().For(w.ID+"-rfc").Text("Use the key material of RFC 9180's first example (A.1.1), to compare with the RFC")),
	}
	body = append(body, working(w.ID, w.jobs.Busy(), "Encrypting in the background"))
	if w.err != nil {
		body = append(body, app.P().Class("status error").Text("Cannot encrypt: "+w.err.Error()))
		return w.Frame(body...)
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
			kit.Button{ID: w.ID + "-prev", Label: "Back a step", Secondary: true, Disabled: w.shown <= 1,
				OnClick: kit.Click(func() { w.Set("step", strconv.Itoa(max(w.shown-1, 1))) })}.UI(),
			kit.Button{ID: w.ID + "-next", Label: "Next step", Disabled: w.shown >= len(w.walk.Steps),
				OnClick: kit.Click(func() { w.Set("step", strconv.Itoa(min(w.shown+1, len(w.walk.Steps)))) })}.UI(),
			kit.Button{ID: w.ID + "-all", Label: "Show all", Secondary: true, Disabled: w.shown >= len(w.walk.Steps),
				OnClick: kit.Click(func() { w.Set("step", strconv.Itoa(len(w.walk.Steps))) })}.UI(),
		),
	)
	if w.loaded && w.shown == len(w.walk.Steps) {
		body = append(body, w.agreement())
	}
	return w.Frame(body...)
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
	return app.Div().ID(w.ID+"-agree").DataSet("agree", kit.YesNo(same && opened)).Body(
		app.P().Class(cls).Role("status").Text(verdict),
		app.P().Text("On the wire: enc ("+kit.Bytes(len(w.walk.Enc))+") and the ciphertext ("+kit.Bytes(len(w.walk.Ciphertext))+
			": the message plus a 16-byte tag), "+kit.Bytes(sent)+" in all. Everything marked secret stayed where it was made."),
	)
}

// hexOrText shows the message steps as text, everything else as hex.
func hexOrText(name string, v []byte) string {
	if name == "pt" {
		return "“" + string(v) + "”"
	}
	return shorten(hex.EncodeToString(v), 96)
}
