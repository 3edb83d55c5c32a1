package app

import (
	"encoding/hex"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/engine/ciphers"
)

func init() {
	registerWidget("aesgcm", func(id string, params map[string]string) app.UI {
		return &aesGCM{ID: id, Params: params}
	})
}

// aesGCM seals a message with AES-256-GCM and lets the learner flip one bit
// of the nonce, ciphertext, tag or associated data. Whatever bit it is, Open
// refuses the message: that is what "authenticated" encryption buys.
type aesGCM struct {
	app.Compo
	ID     string
	Params map[string]string

	notes     []string
	key       ciphers.AESKey
	plaintext string
	aad       string
	part      ciphers.Part
	bit       int
	sealed    ciphers.Sealed
	sealErr   error
	tamper    *ciphers.Tamper // nil until a bit is flipped
	flipErr   error
	opened    string // what Open returned for the message shown
	openErr   error
	ready     bool
}

func (w *aesGCM) OnInit()                 { w.reset() }
func (w *aesGCM) OnUpdate(app.Context)    { w.reset() }
func (w *aesGCM) OnMount(ctx app.Context) { w.ready = true }

func (w *aesGCM) reset() {
	values, notes := resolveParams("aesgcm", w.Params)
	w.notes = notes
	w.plaintext, w.aad = values["plaintext"], values["aad"]
	if k := values["key"]; k != "" {
		key, err := ciphers.ParseAESKey(k)
		if err != nil {
			w.notes = append(w.notes, "key is not 32 bytes of hex ("+err.Error()+"); using a fresh random key")
			key = ciphers.NewAESKey()
		}
		w.key = key
	} else {
		w.key = ciphers.NewAESKey()
	}
	w.part, _ = ciphers.ParsePart(values["part"])
	w.bit, _ = strconv.Atoi(values["bit"])
	w.seal()
	if n := w.sealed.Bits(w.part); w.sealErr == nil && w.bit >= n && n > 0 {
		w.notes = append(w.notes, "bit="+values["bit"]+" is past the end of the "+w.part.String()+" ("+strconv.Itoa(n)+" bits); using "+strconv.Itoa(n-1))
		w.bit = n - 1
	}
}

// seal encrypts the current text under a fresh nonce and opens it again, so
// the untouched message is shown decrypting correctly.
func (w *aesGCM) seal() {
	w.tamper, w.flipErr = nil, nil
	w.sealed, w.sealErr = w.key.Seal([]byte(w.plaintext), []byte(w.aad))
	w.open(w.sealed)
}

func (w *aesGCM) open(s ciphers.Sealed) {
	if w.sealErr != nil {
		w.opened, w.openErr = "", w.sealErr
		return
	}
	pt, err := w.key.Open(s)
	w.opened, w.openErr = string(pt), err
}

// flip flips the chosen bit of the sealed message and tries to open it.
func (w *aesGCM) flip() {
	t, err := w.sealed.Flip(w.part, w.bit)
	if err != nil {
		w.tamper, w.flipErr = nil, err
		w.open(w.sealed)
		return
	}
	w.tamper, w.flipErr = &t, nil
	w.open(t.Sealed)
}

func (w *aesGCM) undo() {
	w.tamper, w.flipErr = nil, nil
	w.open(w.sealed)
}

func (w *aesGCM) Render() app.UI {
	shown := w.sealed
	if w.tamper != nil {
		shown = w.tamper.Sealed
	}
	maxBit := max(w.sealed.Bits(w.part)-1, 0)
	options := make([]app.UI, len(ciphers.Parts))
	for i, p := range ciphers.Parts {
		options[i] = app.Option().Value(p.String()).Selected(p == w.part).Text(partLabel(p) + " (" + strconv.Itoa(w.sealed.Bits(p)) + " bits)")
	}
	body := []app.UI{
		app.Div().Class("field").Body(
			app.Label().For(w.ID+"-pt").Text("Plaintext"),
			app.Textarea().ID(w.ID+"-pt").Rows(2).Spellcheck(false).Body(app.Text(w.plaintext)).
				OnInput(func(ctx app.Context, e app.Event) {
					w.plaintext = ctx.JSSrc().Get("value").String()
					w.seal()
				}),
		),
		app.Div().Class("field").Body(
			app.Label().For(w.ID+"-aad").Text("Associated data (sent in the clear, but authenticated)"),
			app.Input().ID(w.ID+"-aad").Type("text").Value(w.aad).Spellcheck(false).
				OnInput(func(ctx app.Context, e app.Event) {
					w.aad = ctx.JSSrc().Get("value").String()
					w.seal()
				}),
		),
		app.P().Class("digest").Body(app.Span().Class("digest-label").Text("Key (AES-256, secret): "), app.Code().ID(w.ID+"-key").Text(w.key.Hex())),
		app.Dl().Class("aes-parts").Body(
			w.partRow(ciphers.PartNonce, shown.Nonce),
			w.partRow(ciphers.PartCiphertext, shown.Ciphertext),
			w.partRow(ciphers.PartTag, shown.Tag),
			w.partRow(ciphers.PartAAD, shown.AAD),
		),
		app.Div().Class("aes-controls").Body(
			app.Div().Class("field").Body(
				app.Label().For(w.ID+"-part").Text("Part to tamper with"),
				app.Select().ID(w.ID+"-part").Body(options...).OnChange(func(ctx app.Context, e app.Event) {
					if p, err := ciphers.ParsePart(ctx.JSSrc().Get("value").String()); err == nil {
						w.part = p
						w.bit = min(w.bit, max(w.sealed.Bits(p)-1, 0))
						w.undo()
					}
				}),
			),
			app.Div().Class("field").Body(
				app.Label().For(w.ID+"-bit").Text("Bit (0 to "+strconv.Itoa(maxBit)+")"),
				app.Input().ID(w.ID+"-bit").Type("number").Min(0).Max(maxBit).Value(w.bit).
					OnChange(func(ctx app.Context, e app.Event) {
						if n, err := strconv.Atoi(ctx.JSSrc().Get("value").String()); err == nil {
							w.bit = min(max(n, 0), maxBit)
							w.undo()
						}
					}),
			),
		),
		app.Div().Body(
			app.Button().ID(w.ID+"-flip").Class("button").Type("button").Text("Flip the bit and decrypt").
				OnClick(func(ctx app.Context, e app.Event) { w.flip() }),
			app.Button().ID(w.ID+"-undo").Class("button secondary").Type("button").Text("Undo the flip").Disabled(w.tamper == nil).
				OnClick(func(ctx app.Context, e app.Event) { w.undo() }),
			app.Button().ID(w.ID+"-reseal").Class("button secondary").Type("button").Text("Encrypt again (new nonce)").
				OnClick(func(ctx app.Context, e app.Event) { w.seal() }),
		),
		w.result(),
	}
	return widgetFrame("aesgcm", w.ID, w.ready, w.notes, body...)
}

func partLabel(p ciphers.Part) string {
	switch p {
	case ciphers.PartNonce:
		return "Nonce"
	case ciphers.PartCiphertext:
		return "Ciphertext"
	case ciphers.PartTag:
		return "Tag"
	default:
		return "Associated data"
	}
}

// partRow shows one part in hex, with the flipped byte marked.
func (w *aesGCM) partRow(p ciphers.Part, b []byte) app.UI {
	h := hex.EncodeToString(b)
	code := app.Code().ID(w.ID+"-"+p.String()).DataSet("hex", h)
	if w.tamper != nil && w.tamper.Part == p {
		i := 2 * w.tamper.Byte
		code = code.Body(
			app.Text(h[:i]),
			app.Mark().Class("flipped-byte").Title(byteChange(w.tamper)).Text(h[i:i+2]),
			app.Text(h[i+2:]),
		)
	} else {
		if h == "" {
			h = "(empty)"
		}
		code = code.Text(h)
	}
	return app.Div().Class("aes-part").Body(
		app.Dt().Text(partLabel(p)+" ("+strconv.Itoa(len(b))+" bytes)"),
		app.Dd().Class("digest").Body(code),
	)
}

func byteChange(t *ciphers.Tamper) string {
	return "byte " + strconv.Itoa(t.Byte) + ": " + hex.EncodeToString([]byte{t.Before}) + " → " + hex.EncodeToString([]byte{t.After})
}

func (w *aesGCM) result() app.UI {
	var lines []app.UI
	if w.flipErr != nil {
		lines = append(lines, app.P().Class("status error").Text("Cannot flip: "+w.flipErr.Error()))
	}
	if w.tamper != nil {
		lines = append(lines, app.P().Class("aes-flipped").Text("Flipped bit "+strconv.Itoa(w.tamper.Bit)+" of the "+partLabel(w.tamper.Part)+" ("+byteChange(w.tamper)+")."))
	}
	verdict := app.P().ID(w.ID+"-result").Class("aes-result ok").DataSet("open", "ok").Role("status").Body(
		app.Strong().Text("Open succeeded: "), app.Text("“"+w.opened+"”"),
	)
	if w.openErr != nil {
		verdict = app.P().ID(w.ID+"-result").Class("aes-result bad").DataSet("open", "failed").Role("status").Body(
			app.Strong().Text("Open failed: "), app.Text(w.openErr.Error()+". No plaintext at all is released, not even a damaged one."),
		)
	}
	return app.Div().Aria("live", "polite").Body(append(lines, verdict)...)
}
