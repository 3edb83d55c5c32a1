package app

import (
	"bytes"
	"encoding/hex"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

func newSignLab(id string, params map[string]string) app.UI {
	return &signLab{ID: id, Params: params}
}

// signLab signs a message and verifies the copy a receiver got. Keys,
// signatures and verdicts come from the cipher worker (cipherCall). The
// Ed25519 key travels as its seed; an RSA key stays in the worker under a
// handle, made once the widget is mounted and kept while the learner plays.
type signLab struct {
	app.Compo
	ID     string
	Params map[string]string

	notes     []string
	alg       string
	bits      int
	message   string // what the signer signed (or will sign)
	received  string // what the verifier checks
	seedParam string // the seed the page asked for, until it proved usable
	edSeed    string // hex; "" until the worker made or read the key
	edPub     []byte
	rsa       *rsaKeyInfo // nil until made
	keyErr    error
	keygen    bool // an RSA key is being generated
	sig       []byte
	prevSig   []byte // the signature before "sign again", to show (non)determinism
	signs     int
	signErr   error
	verify    error // nil: the signature verifies over received
	keyJobs   cipherJobs
	jobs      cipherJobs // signing and verifying
	ready     bool
}

// rsaKeyInfo is what rsa.keygen answers: the key itself stays in the worker.
type rsaKeyInfo struct {
	Handle    uint32 `json:"handle"`
	Bits      int    `json:"bits"`
	Weak      bool   `json:"weak"`
	PublicHex string `json:"publicHex"`
	PublicPEM string `json:"publicPem"`
}

func (w *signLab) OnInit()                     { w.reset() }
func (w *signLab) OnPreRender(ctx app.Context) { w.start(ctx) }
func (w *signLab) OnUpdate(ctx app.Context)    { w.reset(); w.start(ctx) }

func (w *signLab) OnMount(ctx app.Context) {
	w.ready = true
	w.start(ctx)
}

func (w *signLab) reset() {
	values, notes := resolveParams("signlab", w.Params)
	w.notes = notes
	w.alg = values["alg"]
	w.bits, _ = strconv.Atoi(values["rsabits"])
	w.message = values["message"]
	w.received = values["received"]
	if w.received == "" {
		w.received = w.message
	}
	w.seedParam, w.edSeed, w.edPub, w.keyErr = values["seed"], "", nil, nil
	w.sig, w.prevSig, w.signs, w.signErr, w.verify = nil, nil, 0, nil, nil
	w.keyJobs.drop()
	w.jobs.drop()
}

func (w *signLab) loaded() bool { return w.edSeed != "" || w.keyErr != nil }

// start makes (or reads) the Ed25519 key, then signs with the chosen
// algorithm. An RSA key is made only in the browser, once mounted: the
// pre-rendered page does without.
func (w *signLab) start(ctx app.Context) {
	w.keyJobs.send(ctx, "ed25519.key", map[string]string{"seed": w.seedParam}, func(r cipherReply) {
		var res struct {
			Seed   string `json:"seed"`
			Public []byte `json:"public"`
		}
		err := r.decode(&res)
		if c := r.code(); w.seedParam != "" && (c == codeMalformed || c == codeKeySize) {
			w.notes = append(w.notes, "seed is not a 32-byte hex seed ("+err.Error()+"); using a fresh random key")
			w.seedParam = ""
			w.start(ctx)
			return
		}
		if err != nil {
			w.keyErr = err
			return
		}
		w.edSeed, w.edPub, w.keyErr = res.Seed, res.Public, nil
		if w.alg == "ed25519" {
			w.signAndVerify(ctx)
		}
		if w.ready {
			w.ensureKey(ctx)
		}
	})
}

// ensureKey makes the RSA key in the worker when it is needed and
// missing, then signs.
func (w *signLab) ensureKey(ctx app.Context) {
	if w.alg != "rsa-pss" || w.keygen || (w.rsa != nil && w.rsa.Bits == w.bits) {
		if w.alg == "rsa-pss" && w.rsa != nil && w.sig == nil && !w.jobs.busy() {
			w.signAndVerify(ctx)
		}
		return
	}
	w.keygen = true
	w.keyJobs.send(ctx, "rsa.keygen", map[string]int{"bits": w.bits}, func(r cipherReply) {
		w.keygen = false
		var k rsaKeyInfo
		if err := r.decode(&k); err != nil {
			w.keyErr = err
			return
		}
		if old := w.rsa; old != nil {
			// The worker keeps a few keys only; give this one back.
			cipherCall(ctx, "rsa.free", map[string]uint32{"handle": old.Handle}, func(cipherReply) {})
		}
		w.rsa, w.keyErr = &k, nil
		w.sig, w.prevSig, w.signs = nil, nil, 0
		if w.alg == "rsa-pss" {
			w.signAndVerify(ctx)
		}
	})
}

// signAndVerify signs the message, hands the receiver an unchanged copy
// and verifies it.
func (w *signLab) signAndVerify(ctx app.Context) {
	msg := w.message
	op, args := "ed25519.sign", map[string]any{"seed": w.edSeed, "message": msg}
	if w.alg == "rsa-pss" {
		if w.rsa == nil {
			return
		}
		op, args = "rsa.sign", map[string]any{"handle": w.rsa.Handle, "message": msg}
	}
	w.jobs.send(ctx, op, args, func(r cipherReply) {
		if r.code() == codeUnknownKey {
			// The worker restarted and forgot the key: make another.
			w.rsa = nil
			w.ensureKey(ctx)
			return
		}
		var res struct {
			Signature []byte `json:"signature"`
		}
		w.prevSig = w.sig
		w.signErr = r.decode(&res)
		w.sig = res.Signature
		if w.signErr == nil {
			w.signs++
		}
		w.received = msg
		w.check(ctx)
	})
}

// check verifies the signature over what the receiver has.
func (w *signLab) check(ctx app.Context) {
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
	if w.alg == "rsa-pss" {
		op = "rsa.verify"
		args = map[string]any{"handle": w.rsa.Handle, "message": w.received, "signature": w.sig}
	}
	w.jobs.send(ctx, op, args, func(r cipherReply) {
		var res struct {
			Valid bool `json:"valid"`
		}
		w.verify = r.decode(&res)
	})
}

func (w *signLab) busy() bool { return w.jobs.busy() || w.keyJobs.busy() }

func (w *signLab) publicHex() string {
	if w.alg == "rsa-pss" {
		if w.rsa == nil {
			return ""
		}
		return w.rsa.PublicHex
	}
	return hex.EncodeToString(w.edPub)
}

func (w *signLab) Render() app.UI {
	algOptions := []app.UI{
		app.Option().Value("ed25519").Selected(w.alg == "ed25519").Text("Ed25519 (elliptic curve, 32-byte keys)"),
		app.Option().Value("rsa-pss").Selected(w.alg == "rsa-pss").Text("RSA-PSS with SHA-256 (" + strconv.Itoa(w.bits) + "-bit key)"),
	}
	body := []app.UI{
		app.Div().Class("field").Body(
			app.Label().For(w.ID+"-alg").Text("Algorithm"),
			// Switching stays possible while a key is made: the replies
			// check which algorithm is current when they arrive.
			app.Select().ID(w.ID+"-alg").Body(algOptions...).OnChange(func(ctx app.Context, e app.Event) {
				w.alg = ctx.JSSrc().Get("value").String()
				w.sig, w.prevSig, w.signs, w.signErr, w.verify = nil, nil, 0, nil, nil
				w.jobs.drop()
				if w.alg == "ed25519" {
					w.signAndVerify(ctx)
				}
				w.ensureKey(ctx)
			}),
		),
		app.Div().Class("sign-columns").Body(
			app.Div().Class("sign-side").Body(
				app.H4().Text("Signer (holds the private key)"),
				app.Div().Class("field").Body(
					app.Label().For(w.ID+"-msg").Text("Message to sign"),
					app.Textarea().ID(w.ID+"-msg").Rows(2).Spellcheck(false).Body(app.Text(w.message)).
						OnInput(func(ctx app.Context, e app.Event) { w.message = ctx.JSSrc().Get("value").String() }),
				),
				app.Button().ID(w.ID+"-sign").Class("button").Type("button").Text(w.signLabel()).Disabled(w.busy() || w.keygen || (w.alg == "rsa-pss" && w.rsa == nil) || w.edSeed == "").
					OnClick(func(ctx app.Context, e app.Event) { w.signAndVerify(ctx) }),
				w.signatureView(),
			),
			app.Div().Class("sign-side").Body(
				app.H4().Text("Verifier (holds only the public key)"),
				app.P().Class("digest").Body(app.Span().Class("digest-label").Text("Public key: "), app.Code().ID(w.ID+"-pub").Text(shorten(w.publicHex(), 96))),
				app.Div().Class("field").Body(
					app.Label().For(w.ID+"-recv").Text("Message as received (edit it: you are the attacker in the middle)"),
					app.Textarea().ID(w.ID+"-recv").Rows(2).Spellcheck(false).Body(app.Text(w.received)).
						OnInput(func(ctx app.Context, e app.Event) {
							w.received = ctx.JSSrc().Get("value").String()
							w.check(ctx)
						}),
				),
				w.verdict(),
			),
		),
		cipherWorking(w.ID, w.busy() && !w.keygen, "Working in the background"),
	}
	return widgetFrame("signlab", w.ID, w.ready && w.loaded(), w.notes, body...)
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
		return app.P().Class("status").Role("status").Text("Generating a " + strconv.Itoa(w.bits) + "-bit RSA key in your browser… (finding two large primes takes a moment)")
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
		nodes = append(nodes, app.P().Class("sign-again").DataSet("again", map[bool]string{true: "same", false: "different"}[same]).Text(msg))
	}
	if w.alg == "rsa-pss" && w.rsa != nil && w.rsa.Weak {
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
