package signatures

import (
	"encoding/hex"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/encryption/cipherworker"
	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/widgetspec"
)

// The lesson's transaction: it spends output 1 of block 100,000's second
// transaction and pays the amount parameter to a fixed 20-byte recipient.
const (
	txPrevTxID  = "fff2525b8931402dd09222c50775608f75787bd2b87e56995a7bdd30f79702c4"
	txPrevIndex = 1
	txRecipient = "c398efa9c392ba6013c5e04ee729755ef7f58b32"
)

// The replies below mirror engine/ciphers/rpc's curve types (a test checks
// they decode what the ops send).

// keyPair mirrors rpc.KeyResult.
type keyPair struct {
	Secret     string `json:"secret"`
	Compressed string `json:"compressed"`
	XOnly      string `json:"xonly"`
}

// txField mirrors tx.Field.
type txField struct {
	Name   string `json:"name"`
	Offset int    `json:"offset"`
	Size   int    `json:"size"`
}

// txCheck mirrors rpc.TxCheck (the fields shown).
type txCheck struct {
	Scheme    string `json:"scheme"`
	PublicKey string `json:"publicKey"`
	Raw       string `json:"raw"`
	Signature string `json:"signature"`
	TxID      string `json:"txid"`
	Valid     bool   `json:"valid"`
}

// signed mirrors rpc.TxSignResult.
type signed struct {
	txCheck
	Aux    string    `json:"aux"`
	Fields []txField `json:"fields"`
}

// tampered mirrors rpc.TxTamperResult.
type tampered struct {
	txCheck
	Part   string `json:"part"`
	Byte   int    `json:"byte"`
	Field  string `json:"field"`
	Before byte   `json:"before"`
	After  byte   `json:"after"`
}

// NewTxSign is the txsign widget's factory.
func NewTxSign(p kit.Placement) app.UI { return &txSign{Placement: p} }

// txSign makes a key pair, signs the lesson's transaction, and flips one
// bit of the transaction or of the signature: the txid changes and the
// signature fails. "Sign again" shows RFC 6979's repeatable ECDSA nonce
// against BIP 340's fresh auxiliary randomness.
type txSign struct {
	app.Compo
	kit.Placement
	base

	ctx       app.Context
	signedFor [3]string // scheme, secret, amount of the signature shown
	key       keyPair
	sig       signed
	again     *signed // the second signature, after "Sign again"
	tamper    *tampered
	bit       int // the flip parameter, fitted to the part
	err       error
	jobs      jobs
	loaded    bool
}

func (w *txSign) OnInit() { w.Init("txsign", w.Placement, w.load) }
func (w *txSign) OnUpdate(ctx app.Context) {
	w.ctx = ctx
	w.Init("txsign", w.Placement, w.load)
}

// OnMount signs, unless that is done or under way.
func (w *txSign) OnMount(ctx app.Context) {
	w.ctx = ctx
	switch {
	case w.loaded:
		w.MarkReady()
	case !w.jobs.Busy():
		w.start()
	}
}

// load signs again when the key, scheme or amount changed; a new part or
// bit only tampers with the signed transaction.
func (w *txSign) load() {
	in := [3]string{w.Value("scheme"), w.Value("secret"), w.Value("amount")}
	if in != w.signedFor {
		w.signedFor = in
		w.key, w.sig, w.again, w.tamper, w.err, w.loaded = keyPair{}, signed{}, nil, nil, nil, false
		w.jobs.Drop()
		if live(w.ctx) {
			w.start()
		}
		return
	}
	w.flip()
}

// start derives the key pair, then signs.
func (w *txSign) start() {
	secret, err := widgetspec.TxSignSecret(w.Value("secret"))
	if err != nil {
		w.finish(err)
		return
	}
	w.jobs.send(w.ctx, "secp256k1.key", map[string]string{"secret": hex.EncodeToString(secret[:])}, func(r cipherworker.Reply) {
		var k keyPair
		if err := r.Decode(&k); err != nil {
			w.finish(err)
			return
		}
		w.key = k
		w.sign(func(s signed) { w.sig = s })
	})
}

// sign signs the transaction with fresh aux randomness (Schnorr) and hands
// the result to keep.
func (w *txSign) sign(keep func(signed)) {
	amount, _ := strconv.ParseUint(w.Value("amount"), 10, 64)
	args := map[string]any{
		"scheme": w.Value("scheme"), "secret": w.key.Secret, "aux": "",
		"tx": map[string]any{"version": 2, "prevTxid": txPrevTxID, "prevIndex": txPrevIndex, "amount": amount, "recipient": txRecipient, "lockTime": 0},
	}
	w.jobs.send(w.ctx, "tx.sign", args, func(r cipherworker.Reply) {
		var s signed
		if err := r.Decode(&s); err != nil {
			w.finish(err)
			return
		}
		keep(s)
		w.finish(nil)
	})
}

// signAgain signs the same transaction a second time.
func (w *txSign) signAgain() { w.sign(func(s signed) { w.again = &s }) }

// finish records the outcome of a signing and tampers as asked.
func (w *txSign) finish(err error) {
	w.err = err
	w.loaded = true
	if w.ctx != nil {
		w.MarkReady()
	}
	w.flip()
}

// flip fits the flip parameter to the part and, when it is a bit, has the
// worker flip it and verify again.
func (w *txSign) flip() {
	w.tamper = nil
	w.bit = w.Int("flip")
	if w.err != nil || w.sig.Raw == "" || w.bit < 0 {
		return
	}
	part := w.Value("part")
	n := 8 * len(w.sig.Raw) / 2
	if part == "signature" {
		n = 8 * len(w.sig.Signature) / 2
	}
	if w.bit >= n {
		w.Note("flip=" + w.Value("flip") + " is past the end of the " + part + " (" + strconv.Itoa(n) + " bits); using " + strconv.Itoa(n-1))
		w.bit = n - 1
	}
	args := map[string]any{"scheme": w.sig.Scheme, "publicKey": w.sig.PublicKey, "raw": w.sig.Raw, "signature": w.sig.Signature, "part": part, "bit": w.bit}
	w.jobs.send(w.ctx, "tx.tamper", args, func(r cipherworker.Reply) {
		var t tampered
		if err := r.Decode(&t); err != nil {
			w.err = err
			return
		}
		w.tamper = &t
	})
}

func (w *txSign) Render() app.UI {
	busy := w.jobs.Busy() || !w.loaded
	sigBits := 8 * len(w.sig.Signature) / 2
	maxBit := 8*widgetspec.TxSignSize - 1
	if w.Value("part") == "signature" && sigBits > 0 {
		maxBit = sigBits - 1
	}
	body := []app.UI{
		app.Div().Class("txsign-controls").Body(
			w.Radio("scheme", "Signature scheme", map[string]string{"ecdsa": "ECDSA (RFC 6979), Bitcoin before Taproot", "schnorr": "Schnorr (BIP 340), Taproot"}),
			w.Text("secret", "Secret key: 64 hex digits, or a word whose SHA-256 is the key"),
			w.Number("amount", "Amount (satoshis)"),
		),
		w.keys(),
		w.transaction(),
		w.signature(),
		app.Div().Class("txsign-controls").Body(
			w.Radio("part", "Flip a bit of", map[string]string{"tx": "the transaction (72 bytes)", "signature": "the signature"}),
			w.Number("flip", "Bit to flip (0 to "+strconv.Itoa(maxBit)+", -1 for none)"),
		),
		app.Div().Body(
			kit.Button{ID: w.ID + "-undo", Label: "Undo the flip", Secondary: true, Disabled: busy || w.Int("flip") < 0, OnClick: kit.Click(func() { w.Set("flip", "-1") })}.UI(),
			kit.Button{ID: w.ID + "-again", Label: "Sign again", BusyLabel: "Signing…", Busy: busy, Disabled: w.sig.Raw == "", OnClick: kit.Click(w.signAgain)}.UI(),
		),
		w.verdict(),
		w.againResult(),
	}
	return w.Frame(body...)
}

// keys shows the key pair; the secret is shown because it is a demo key.
func (w *txSign) keys() app.UI {
	row := func(id, label, v string) app.UI {
		return app.Div().Body(app.Dt().Text(label), app.Dd().Class("digest").Body(app.Code().ID(w.ID+"-"+id).DataSet("hex", v).Text(v)))
	}
	return app.Dl().Class("txsign-keys").Body(
		row("key-secret", "Secret key d (a demo key: never use it for real coins)", w.key.Secret),
		row("key-pub", "Public key P = d·G, compressed (33 bytes: parity of y, then x)", w.key.Compressed),
		row("key-xonly", "x-only public key (32 bytes, BIP 340)", w.key.XOnly),
	)
}

// shown is the transaction as the verifier receives it.
func (w *txSign) shown() txCheck {
	if w.tamper != nil {
		return w.tamper.txCheck
	}
	return w.sig.txCheck
}

// transaction shows the 72 bytes grouped by field, the flipped byte marked.
func (w *txSign) transaction() app.UI {
	raw := w.shown().Raw
	rows := []app.UI{}
	for _, f := range w.sig.Fields {
		lo, hi := 2*f.Offset, 2*(f.Offset+f.Size)
		if hi > len(raw) {
			break
		}
		code := app.Code().ID(w.ID+"-field-"+f.Name).DataSet("hex", raw[lo:hi])
		if t := w.tamper; t != nil && t.Part == "tx" && t.Byte >= f.Offset && t.Byte < f.Offset+f.Size {
			i := 2 * t.Byte
			code = code.Body(app.Text(raw[lo:i]), app.Mark().Class("flipped-byte").Title(byteChange(t)).Text(raw[i:i+2]), app.Text(raw[i+2:hi]))
		} else {
			code = code.Text(raw[lo:hi])
		}
		rows = append(rows, app.Div().Class("tx-field").Body(
			app.Dt().Text(f.Name+" ("+strconv.Itoa(f.Size)+" bytes, from byte "+strconv.Itoa(f.Offset)+")"),
			app.Dd().Class("digest").Body(code),
		))
	}
	return app.Div().Class("txsign-tx").Body(
		app.H4().Text("The transaction ("+strconv.Itoa(len(raw)/2)+" bytes)"),
		app.Dl().ID(w.ID+"-tx").DataSet("raw", raw).Body(rows...),
		app.P().Class("digest").Body(
			app.Span().Class("digest-label").Text("txid (double SHA-256, display order): "),
			app.Code().ID(w.ID+"-txid").DataSet("txid", w.sig.TxID).Text(w.sig.TxID),
		),
	)
}

// signature shows the signature as received, with its length.
func (w *txSign) signature() app.UI {
	s := w.shown().Signature
	what := "DER-encoded ECDSA signature (r, s)"
	if w.sig.Scheme == "schnorr" {
		what = "BIP 340 Schnorr signature (R.x, s)"
	}
	code := app.Code().ID(w.ID+"-sig").DataSet("hex", s).DataSet("bytes", len(s)/2)
	if t := w.tamper; t != nil && t.Part == "signature" && 2*t.Byte+2 <= len(s) {
		i := 2 * t.Byte
		code = code.Body(app.Text(s[:i]), app.Mark().Class("flipped-byte").Title(byteChange(t)).Text(s[i:i+2]), app.Text(s[i+2:]))
	} else {
		code = code.Text(s)
	}
	return app.P().Class("digest").Body(app.Span().Class("digest-label").Text(what+", "+strconv.Itoa(len(s)/2)+" bytes: "), code)
}

func byteChange(t *tampered) string {
	return "byte " + strconv.Itoa(t.Byte) + ": " + hex.EncodeToString([]byte{t.Before}) + " → " + hex.EncodeToString([]byte{t.After})
}

// verdict is what a node says of the transaction and signature it received.
func (w *txSign) verdict() app.UI {
	box := app.Div().Aria("live", "polite")
	if w.err != nil {
		return box.Body(app.P().ID(w.ID+"-verdict").Class("status error").DataSet("valid", "error").Role("status").Text(w.err.Error()))
	}
	if !w.loaded || w.sig.Raw == "" {
		return box.Body(app.P().ID(w.ID+"-verdict").Class("status").DataSet("valid", "pending").Role("status").Text("Signing in the background…"))
	}
	var lines []app.UI
	c := w.sig.txCheck
	if t := w.tamper; t != nil {
		c = t.txCheck
		what := "Flipped bit " + strconv.Itoa(w.bit) + " of the signature (" + byteChange(t) + "): the transaction and its txid are unchanged."
		if t.Part == "tx" {
			what = "Flipped bit " + strconv.Itoa(w.bit) + " of the transaction, in the " + t.Field + " field (" + byteChange(t) + "). "
		}
		p := app.P().ID(w.ID+"-flipped").Class("txsign-flipped").DataSet("field", t.Field).DataSet("byte", t.Byte)
		if t.Part == "tx" {
			p = p.Body(app.Text(what+"New txid "), app.Code().ID(w.ID+"-newtxid").DataSet("txid", t.TxID).Text(t.TxID),
				app.Text(", was "), app.Code().Text(w.sig.TxID), app.Text("."))
		} else {
			p = p.Text(what)
		}
		lines = append(lines, p)
	}
	v := app.P().ID(w.ID+"-verdict").Role("status").DataSet("valid", kit.YesNo(c.Valid))
	if c.Valid {
		v = v.Class("txsign-verdict ok").Body(app.Strong().Text("Valid: "), app.Text("the signature verifies against the public key and this transaction."))
	} else {
		v = v.Class("txsign-verdict bad").Body(app.Strong().Text("Invalid: "), app.Text("the signature does not fit this transaction under this key. Only the secret key could make one that does."))
	}
	return box.Body(append(lines, v)...)
}

// againResult compares the second signature with the first.
func (w *txSign) againResult() app.UI {
	a := w.again
	if a == nil || a.Signature == "" {
		return nil
	}
	same := a.Signature == w.sig.Signature
	text := "Signed again: a different signature, because BIP 340 mixed in fresh auxiliary randomness. "
	if same {
		text = "Signed again: the identical signature, because RFC 6979 derives the nonce from the key and the message only. "
	}
	if a.Valid && w.sig.Valid {
		text += "Both verify."
	} else {
		text += "Valid: first " + kit.YesNo(w.sig.Valid) + ", second " + kit.YesNo(a.Valid) + "."
	}
	return app.Div().Class("txsign-again").Body(
		app.P().ID(w.ID+"-again-result").DataSet("same", kit.YesNo(same)).DataSet("valid", kit.YesNo(a.Valid && w.sig.Valid)).Text(text),
		app.P().Class("digest").Body(app.Span().Class("digest-label").Text("Second signature: "), app.Code().ID(w.ID+"-sig2").DataSet("hex", a.Signature).Text(a.Signature)),
	)
}
