package app

import (
	"bytes"
	"encoding/hex"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/engine/ciphers"
)

func init() {
	registerWidget("signlab", func(id string, params map[string]string) app.UI {
		return &signLab{ID: id, Params: params}
	})
}

// signLab signs a message and verifies the copy a receiver got. Ed25519 keys
// are made at once; an RSA key takes a moment in a browser, so it is made in
// the background once the widget is mounted and kept while the learner plays.
type signLab struct {
	app.Compo
	ID     string
	Params map[string]string

	notes    []string
	alg      string
	bits     int
	message  string // what the signer signed (or will sign)
	received string // what the verifier checks
	ed       ciphers.Ed25519Key
	rsa      ciphers.RSAKey
	keyErr   error
	working  bool // an RSA key is being generated
	sig      []byte
	prevSig  []byte // the signature before "sign again", to show (non)determinism
	signs    int
	signErr  error
	verify   error // nil: the signature verifies over received
	ready    bool
}

func (w *signLab) OnInit()              { w.reset() }
func (w *signLab) OnUpdate(app.Context) { w.reset() }

func (w *signLab) OnMount(ctx app.Context) {
	w.ready = true
	w.ensureKey(ctx)
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
	w.ed, w.keyErr = ciphers.Ed25519Key{}, nil
	if s := values["seed"]; s != "" {
		if b, err := ciphers.DecodeHex(s); err == nil {
			w.ed, w.keyErr = ciphers.Ed25519KeyFromSeed(b)
		} else {
			w.keyErr = err
		}
		if w.keyErr != nil {
			w.notes = append(w.notes, "seed is not a 32-byte hex seed ("+w.keyErr.Error()+"); using a fresh random key")
			w.keyErr = nil
		}
	}
	if !w.ed.Valid() {
		w.ed, w.keyErr = ciphers.NewEd25519Key()
	}
	w.sig, w.prevSig, w.signs = nil, nil, 0
	if w.alg == "ed25519" {
		w.signAndVerify()
	}
}

// ensureKey makes the RSA key in the background when it is needed and
// missing, then signs.
func (w *signLab) ensureKey(ctx app.Context) {
	if w.alg != "rsa-pss" || w.working || (w.rsa.Valid() && w.rsa.Bits() == w.bits) {
		if w.alg == "rsa-pss" && w.rsa.Valid() && w.sig == nil {
			w.signAndVerify()
		}
		return
	}
	w.working = true
	bits := w.bits
	ctx.Async(func() {
		k, err := ciphers.NewRSAKey(bits)
		ctx.Dispatch(func(ctx app.Context) {
			w.working = false
			w.rsa, w.keyErr = k, err
			w.sig, w.prevSig, w.signs = nil, nil, 0
			if err == nil {
				w.signAndVerify()
			}
		})
	})
}

// setRSAKey is what ensureKey does once the key exists; tests call it
// instead of waiting for a background goroutine.
func (w *signLab) setRSAKey(k ciphers.RSAKey) {
	w.rsa, w.keyErr, w.working = k, nil, false
	w.sig, w.prevSig, w.signs = nil, nil, 0
	w.signAndVerify()
}

// signAndVerify signs the message, hands the receiver an unchanged copy
// and verifies it.
func (w *signLab) signAndVerify() {
	w.prevSig = w.sig
	switch w.alg {
	case "rsa-pss":
		w.sig, w.signErr = w.rsa.SignPSS([]byte(w.message))
	default:
		w.sig, w.signErr = w.ed.Sign([]byte(w.message))
	}
	if w.signErr == nil {
		w.signs++
	}
	w.received = w.message
	w.check()
}

// check verifies the signature over what the receiver has.
func (w *signLab) check() {
	switch {
	case w.signErr != nil:
		w.verify = w.signErr
	case w.sig == nil:
		w.verify = nil
	case w.alg == "rsa-pss":
		w.verify = ciphers.VerifyPSS(w.rsa.Public(), []byte(w.received), w.sig)
	default:
		w.verify = ciphers.VerifyEd25519(w.ed.Public(), []byte(w.received), w.sig)
	}
}

func (w *signLab) publicHex() string {
	if w.alg == "rsa-pss" {
		if !w.rsa.Valid() {
			return ""
		}
		e, err := w.rsa.Export()
		if err != nil {
			return ""
		}
		return e.PublicHex
	}
	return hex.EncodeToString(w.ed.Public())
}

func (w *signLab) Render() app.UI {
	algOptions := []app.UI{
		app.Option().Value("ed25519").Selected(w.alg == "ed25519").Text("Ed25519 (elliptic curve, 32-byte keys)"),
		app.Option().Value("rsa-pss").Selected(w.alg == "rsa-pss").Text("RSA-PSS with SHA-256 (" + strconv.Itoa(w.bits) + "-bit key)"),
	}
	body := []app.UI{
		app.Div().Class("field").Body(
			app.Label().For(w.ID+"-alg").Text("Algorithm"),
			app.Select().ID(w.ID+"-alg").Body(algOptions...).OnChange(func(ctx app.Context, e app.Event) {
				w.alg = ctx.JSSrc().Get("value").String()
				w.sig, w.prevSig, w.signs, w.verify = nil, nil, 0, nil
				if w.alg == "ed25519" {
					w.signAndVerify()
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
				app.Button().ID(w.ID+"-sign").Class("button").Type("button").Text(w.signLabel()).Disabled(w.working || (w.alg == "rsa-pss" && !w.rsa.Valid())).
					OnClick(func(ctx app.Context, e app.Event) { w.signAndVerify() }),
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
							w.check()
						}),
				),
				w.verdict(),
			),
		),
	}
	return widgetFrame("signlab", w.ID, w.ready, w.notes, body...)
}

func (w *signLab) signLabel() string {
	if w.signs > 0 {
		return "Sign again"
	}
	return "Sign"
}

func (w *signLab) signatureView() app.UI {
	switch {
	case w.working:
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
	if w.alg == "rsa-pss" && w.rsa.Weak() {
		nodes = append(nodes, app.P().Class("widget-note").Text("A "+strconv.Itoa(w.rsa.Bits())+"-bit RSA key is too weak for real use; it is here to compare speed and size."))
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
