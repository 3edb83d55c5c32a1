package encryption

import (
	"bytes"
	"encoding/hex"
	"maps"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/encryption/cipherworker"
	"github.com/consensus-lab/playground/app/kit"
)

// NewSignLab is the sign-and-verify widget's factory.
func NewSignLab(p kit.Placement) app.UI { return &signLab{Placement: p} }

// signLab signs a message and verifies the copy a receiver got. Keys,
// signatures and verdicts come from the cipher worker. The Ed25519 key
// travels as its seed; an RSA key stays in the worker under a handle, made
// once the widget is mounted and kept while the learner plays.
type signLab struct {
	app.Compo
	kit.Placement
	base

	ctx      app.Context       // the mount's, for the worker's replies
	last     map[string]string // the parameters the widget last acted on
	seedNote string            // why the seed parameter was not used
	received string            // what the verifier checks
	edSeed   string            // hex; "" until the worker made or read the key
	edPub    []byte
	rsa      *rsaKeyInfo // nil until made
	keyErr   error
	keygen   bool // an RSA key is being generated
	sig      []byte
	prevSig  []byte // the signature before "sign again", to show (non)determinism
	signs    int
	signErr  error
	verify   error // nil: the signature verifies over received
	keyJobs  jobs
	jobs     jobs // signing and verifying
}

func (w *signLab) OnInit() { w.Init("signlab", w.Placement, w.load) }
func (w *signLab) OnUpdate(ctx app.Context) {
	w.ctx = ctx
	w.Init("signlab", w.Placement, w.load)
}

// OnMount makes the keys and signs, unless that is done or under way
// (outside the browser OnInit already made the Ed25519 key in-process); an
// RSA key is made only once mounted: the pre-rendered page does without.
func (w *signLab) OnMount(ctx app.Context) {
	w.ctx = ctx
	switch {
	case w.loaded():
		w.MarkReady()
		w.ensureKey()
	case !w.keyJobs.Busy():
		w.start()
	}
}

// load does what the changed parameters need: a new seed makes a new key
// (and signs), a new algorithm or RSA size signs with that, a new message
// is signed, and a new received copy is verified.
func (w *signLab) load() {
	v, last := w.Values(), w.last
	w.last = maps.Clone(v)
	w.received = v["received"]
	if w.received == "" {
		w.received = v["message"]
	}
	if w.seedNote != "" && last != nil && last["seed"] == v["seed"] {
		w.Note(w.seedNote)
	}
	switch {
	case last == nil || last["seed"] != v["seed"]:
		w.seedNote, w.edSeed, w.edPub, w.keyErr = "", "", nil, nil
		w.sig, w.prevSig, w.signs, w.signErr, w.verify = nil, nil, 0, nil, nil
		w.keyJobs.Drop()
		w.jobs.Drop()
		if live(w.ctx) {
			w.start()
		}
	case !live(w.ctx) || !w.loaded():
	case last["alg"] != v["alg"] || last["rsabits"] != v["rsabits"]:
		// Switching stays possible while a key is made: the replies check
		// which algorithm is current when they arrive.
		w.sig, w.prevSig, w.signs, w.signErr, w.verify = nil, nil, 0, nil, nil
		w.jobs.Drop()
		if v["alg"] == "ed25519" {
			w.signAndVerify()
		}
		w.ensureKey()
	case last["message"] != v["message"]:
		w.signAndVerify()
	case last["received"] != v["received"]:
		w.check()
	}
}

func (w *signLab) alg() string { return w.Value("alg") }

func (w *signLab) loaded() bool { return w.edSeed != "" || w.keyErr != nil }

// start makes (or reads) the Ed25519 key, then signs with the chosen
// algorithm. An RSA key is made only in the browser, once mounted: the
// pre-rendered page does without.
func (w *signLab) start() {
	seed := w.Value("seed")
	if w.seedNote != "" {
		seed = ""
	}
	w.keyJobs.send(w.ctx, "ed25519.key", map[string]string{"seed": seed}, func(r cipherworker.Reply) {
		var res struct {
			Seed   string `json:"seed"`
			Public []byte `json:"public"`
		}
		err := r.Decode(&res)
		if c := r.Code(); seed != "" && (c == cipherworker.CodeMalformed || c == cipherworker.CodeKeySize) {
			w.seedNote = "seed is not a 32-byte hex seed (" + err.Error() + "); using a fresh random key"
			w.Note(w.seedNote)
			w.start()
			return
		}
		if w.ctx != nil {
			w.MarkReady()
		}
		if err != nil {
			w.keyErr = err
			return
		}
		w.edSeed, w.edPub, w.keyErr = res.Seed, res.Public, nil
		if w.alg() == "ed25519" {
			w.signAndVerify()
		}
		if w.ctx != nil {
			w.ensureKey()
		}
	})
}

// ensureKey makes the RSA key in the worker when it is needed and
// missing, then signs.
func (w *signLab) ensureKey() {
	bits := w.Int("rsabits")
	if w.alg() != "rsa-pss" || w.keygen || (w.rsa != nil && w.rsa.Bits == bits) {
		if w.alg() == "rsa-pss" && w.rsa != nil && w.sig == nil && !w.jobs.Busy() {
			w.signAndVerify()
		}
		return
	}
	w.keygen = true
	w.keyJobs.send(w.ctx, "rsa.keygen", map[string]int{"bits": bits}, func(r cipherworker.Reply) {
		w.keygen = false
		var k rsaKeyInfo
		if err := r.Decode(&k); err != nil {
			w.keyErr = err
			return
		}
		if old := w.rsa; old != nil {
			// The worker keeps a few keys only; give this one back.
			call(w.ctx, "rsa.free", map[string]uint32{"handle": old.Handle}, func(cipherworker.Reply) {})
		}
		w.rsa, w.keyErr = &k, nil
		w.sig, w.prevSig, w.signs = nil, nil, 0
		if w.alg() == "rsa-pss" {
			w.signAndVerify()
		}
	})
}

// signAndVerify signs the message, hands the receiver an unchanged copy
// and verifies it.
func (w *signLab) signAndVerify() {
	msg := w.Value("message")
	op, args := "ed25519.sign", map[string]any{"seed": w.edSeed, "message": msg}
	if w.alg() == "rsa-pss" {
		if w.rsa == nil {
			return
		}
		op, args = "rsa.sign", map[string]any{"handle": w.rsa.Handle, "message": msg}
	}
	w.jobs.send(w.ctx, op, args, func(r cipherworker.Reply) {
		if r.Code() == cipherworker.CodeUnknownKey {
			// The worker restarted and forgot the key: make another.
			w.rsa = nil
			w.ensureKey()
			return
		}
		var res struct {
			Signature []byte `json:"signature"`
		}
		w.prevSig = w.sig
		w.signErr = r.Decode(&res)
		w.sig = res.Signature
		if w.signErr == nil {
			w.signs++
		}
		w.received = msg
		w.check()
	})
}

// check verifies the signature over what the receiver has.
func (w *signLab) check() {
	switch {
	case w.signErr != nil:
		w.verify = w.signErr
		return
	case w.sig == nil:
		w.verify = nil
		return
	}
	args := map[string]any{"public": w.edPub, "message": w.received, "signature": w.sig}
	op := "ed25519.verify"
	if w.alg() == "rsa-pss" {
		op = "rsa.verify"
		args = map[string]any{"handle": w.rsa.Handle, "message": w.received, "signature": w.sig}
	}
	w.jobs.send(w.ctx, op, args, func(r cipherworker.Reply) {
		var res struct {
			Valid bool `json:"valid"`
		}
		w.verify = r.Decode(&res)
	})
}

func (w *signLab) busy() bool { return w.jobs.Busy() || w.keyJobs.Busy() }

func (w *signLab) publicHex() string {
	if w.alg() == "rsa-pss" {
		if w.rsa == nil {
			return ""
		}
		return w.rsa.PublicHex
	}
	return hex.EncodeToString(w.edPub)
}

func (w *signLab) Render() app.UI {
	recv := w.InputID("received")
	body := []app.UI{
		w.Select("alg", "Algorithm", map[string]string{
			"ed25519": "Ed25519 (elliptic curve, 32-byte keys)",
			"rsa-pss": "RSA-PSS with SHA-256 (" + w.Value("rsabits") + "-bit key)",
		}),
		app.Div().Class("sign-columns").Body(
			app.Div().Class("sign-side").Body(
				app.H4().Text("Signer (holds the private key)"),
				w.Area("message", "Message to sign", 2),
				kit.Button{ID: w.ID + "-sign", Label: w.signLabel(), Disabled: w.busy() || w.keygen || (w.alg() == "rsa-pss" && w.rsa == nil) || w.edSeed == "",
					OnClick: kit.Click(w.sign)}.UI(),
				w.signatureView(),
			),
			app.Div().Class("sign-side").Body(
				app.H4().Text("Verifier (holds only the public key)"),
				app.P().Class("digest").Body(app.Span().Class("digest-label").Text("Public key: "), app.Code().ID(w.ID+"-pub").Text(shorten(w.publicHex(), 96))),
				// The received copy shows the message itself while the
				// parameter is empty ("an unchanged copy").
				kit.Field(recv, "Message as received (edit it: you are the attacker in the middle)",
					kit.AreaText(app.Textarea().ID(recv).Rows(2).Spellcheck(false), w.received).
						OnChange(func(ctx app.Context, e app.Event) { w.Set("received", kit.Value(ctx)) })),
				w.verdict(),
			),
		),
		working(w.ID, w.busy() && !w.keygen, "Working in the background"),
	}
	return w.Frame(body...)
}

// sign signs the message again, and hands the receiver an unchanged copy.
func (w *signLab) sign() {
	if w.Value("received") != "" {
		w.Set("received", "")
	}
	w.signAndVerify()
}

func (w *signLab) signLabel() string {
	if w.signs > 0 {
		return "Sign again"
	}
	return "Sign"
}

func (w *signLab) signatureView() app.UI {
	switch {
	case w.keygen:
		return app.P().Class("status").Role("status").Text("Generating a " + w.Value("rsabits") + "-bit RSA key in your browser… (finding two large primes takes a moment)")
	case w.keyErr != nil:
		return app.P().Class("status error").Text("No key: " + w.keyErr.Error())
	case w.signErr != nil:
		return app.P().Class("status error").Text("Signing failed: " + w.signErr.Error())
	case w.sig == nil:
		return app.P().Class("status").Text("Not signed yet.")
	}
	nodes := []app.UI{
		app.P().Class("digest").Body(
			app.Span().Class("digest-label").Text("Signature ("+strconv.Itoa(len(w.sig))+" bytes): "),
			app.Code().ID(w.ID+"-sig").DataSet("hex", hex.EncodeToString(w.sig)).Text(shorten(hex.EncodeToString(w.sig), 128)),
		),
	}
	if w.prevSig != nil {
		same := bytes.Equal(w.prevSig, w.sig)
		msg := "Signed again: a different signature, and both verify. RSA-PSS mixes a random salt into every signature."
		if same {
			msg = "Signed again: exactly the same signature. Ed25519 derives its per-signature nonce from the key and the message, so it needs no randomness when signing."
		}
		nodes = append(nodes, app.P().Class("sign-again").DataSet("again", sameText(same)).Text(msg))
	}
	if w.alg() == "rsa-pss" && w.rsa != nil && w.rsa.Weak {
		nodes = append(nodes, app.P().Class("widget-note").Text("A "+strconv.Itoa(w.rsa.Bits)+"-bit RSA key is too weak for real use; it is here to compare speed and size."))
	}
	return app.Div().Body(nodes...)
}

func (w *signLab) verdict() app.UI {
	if w.sig == nil || w.signErr != nil {
		return app.P().ID(w.ID+"-verdict").Class("sign-verdict").DataSet("verify", "none").Role("status").Text("Nothing to verify yet.")
	}
	if w.verify == nil {
		return app.P().ID(w.ID+"-verdict").Class("sign-verdict ok").DataSet("verify", "ok").Role("status").Text("Valid: this exact message was signed by the holder of the private key.")
	}
	return app.P().ID(w.ID+"-verdict").Class("sign-verdict bad").DataSet("verify", "failed").Role("status").Text("Invalid: " + w.verify.Error() + ".")
}

// shorten keeps long hex readable: the start and the end with an ellipsis.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n/2] + "…" + s[len(s)-n/2:]
}

func sameText(same bool) string {
	if same {
		return "same"
	}
	return "different"
}
