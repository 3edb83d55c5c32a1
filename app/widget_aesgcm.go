package app

import (
	"encoding/hex"
	"errors"
	"slices"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

func newAESGCM(id string, params map[string]string) app.UI {
	return &aesGCM{ID: id, Params: params}
}

// aesGCM seals a message with AES-256-GCM and lets the learner flip one bit
// of the nonce, ciphertext, tag or associated data. Whatever bit it is, Open
// refuses the message: that is what "authenticated" encryption buys. The
// sealing, flipping and opening run in the cipher worker (cipherCall).
type aesGCM struct {
	app.Compo
	ID     string
	Params map[string]string

	notes     []string
	keyParam  string // the key the page asked for, until it proved usable
	key       string // the key in use, hex; "" until the first seal answers
	plaintext string
	aad       string
	part      string
	bit       int
	bitParam  string // the bit the page asked for, clamped after the first seal
	sealed    sealedMsg
	sealErr   error
	sealOpen  string // what Open gave for the untouched message, for undo
	sealOErr  error
	tamper    *tamperInfo // nil until a bit is flipped
	flipErr   error
	opened    string // what Open returned for the message shown
	openErr   error
	jobs      cipherJobs
	loaded    bool // the first seal has answered
	ready     bool
}

func (w *aesGCM) OnInit()                     { w.reset() }
func (w *aesGCM) OnPreRender(ctx app.Context) { w.seal(ctx) }
func (w *aesGCM) OnUpdate(ctx app.Context)    { w.reset(); w.seal(ctx) }
func (w *aesGCM) OnMount(ctx app.Context)     { w.ready = true; w.seal(ctx) }

func (w *aesGCM) reset() {
	values, notes := resolveParams("aesgcm", w.Params)
	w.notes = notes
	w.plaintext, w.aad = values["plaintext"], values["aad"]
	w.keyParam, w.key = values["key"], ""
	w.part = values["part"]
	w.bitParam = values["bit"]
	w.bit, _ = strconv.Atoi(values["bit"])
	w.sealed, w.sealErr, w.tamper, w.flipErr = sealedMsg{}, nil, nil, nil
	w.loaded = false
	w.jobs.drop()
}

// seal encrypts the current text under a fresh nonce and opens it again, so
// the untouched message is shown decrypting correctly.
func (w *aesGCM) seal(ctx app.Context) {
	key := w.key
	if key == "" {
		key = w.keyParam
	}
	w.jobs.send(ctx, "aes.seal", map[string]string{"key": key, "plaintext": w.plaintext, "aad": w.aad}, func(r cipherReply) {
		var res struct {
			Key       string    `json:"key"`
			Sealed    sealedMsg `json:"sealed"`
			Opened    string    `json:"opened"`
			OpenError string    `json:"openError"`
		}
		err := r.decode(&res)
		if c := r.code(); w.key == "" && w.keyParam != "" && (c == codeMalformed || c == codeKeySize) {
			w.notes = append(w.notes, "key is not 32 bytes of hex ("+err.Error()+"); using a fresh random key")
			w.keyParam = ""
			w.seal(ctx)
			return
		}
		if err != nil {
			w.sealed, w.sealErr = sealedMsg{}, err
			w.sealOpen, w.sealOErr = "", err
		} else {
			w.key, w.sealed, w.sealErr = res.Key, res.Sealed, nil
			w.sealOpen, w.sealOErr = res.Opened, errorText(res.OpenError)
		}
		if !w.loaded {
			w.loaded = true
			if n := w.sealed.bits(w.part); w.sealErr == nil && w.bit >= n && n > 0 {
				w.notes = append(w.notes, "bit="+w.bitParam+" is past the end of the "+w.part+" ("+strconv.Itoa(n)+" bits); using "+strconv.Itoa(n-1))
				w.bit = n - 1
			}
		}
		w.undo()
	})
}

// errorText turns an error message from a reply back into an error.
func errorText(s string) error {
	if s == "" {
		return nil
	}
	return errors.New(s)
}

// flip flips the chosen bit of the sealed message and tries to open it.
func (w *aesGCM) flip(ctx app.Context) {
	args := map[string]any{"key": w.key, "sealed": w.sealed, "part": w.part, "bit": w.bit}
	w.jobs.send(ctx, "aes.flip", args, func(r cipherReply) {
		var res struct {
			Tamper    tamperInfo `json:"tamper"`
			Opened    string     `json:"opened"`
			OpenError string     `json:"openError"`
		}
		if err := r.decode(&res); err != nil {
			w.undo()
			w.flipErr = err
			return
		}
		w.tamper, w.flipErr = &res.Tamper, nil
		w.opened, w.openErr = res.Opened, errorText(res.OpenError)
	})
}

// undo shows the untouched message again; what opening it gives is known
// from sealing, so it needs no call.
func (w *aesGCM) undo() {
	w.tamper, w.flipErr = nil, nil
	w.opened, w.openErr = w.sealOpen, w.sealOErr
}

func (w *aesGCM) Render() app.UI {
	shown := w.sealed
	if w.tamper != nil {
		shown = w.tamper.Sealed
	}
	maxBit := max(w.sealed.bits(w.part)-1, 0)
	busy := w.jobs.busy() || !w.loaded
	options := make([]app.UI, len(aesParts))
	for i, p := range aesParts {
		options[i] = app.Option().Value(p).Selected(p == w.part).Text(partLabel(p) + " (" + strconv.Itoa(w.sealed.bits(p)) + " bits)")
	}
	body := []app.UI{
		app.Div().Class("field").Body(
			app.Label().For(w.ID+"-pt").Text("Plaintext"),
			app.Textarea().ID(w.ID+"-pt").Rows(2).Spellcheck(false).Body(app.Text(w.plaintext)).
				OnInput(func(ctx app.Context, e app.Event) {
					w.plaintext = ctx.JSSrc().Get("value").String()
					w.seal(ctx)
				}),
		),
		app.Div().Class("field").Body(
			app.Label().For(w.ID+"-aad").Text("Associated data (sent in the clear, but authenticated)"),
			app.Input().ID(w.ID+"-aad").Type("text").Value(w.aad).Spellcheck(false).
				OnInput(func(ctx app.Context, e app.Event) {
					w.aad = ctx.JSSrc().Get("value").String()
					w.seal(ctx)
				}),
		),
		app.P().Class("digest").Body(app.Span().Class("digest-label").Text("Key (AES-256, secret): "), app.Code().ID(w.ID+"-key").Text(w.key)),
		app.Dl().Class("aes-parts").Body(
			w.partRow("nonce", shown.Nonce),
			w.partRow("ciphertext", shown.Ciphertext),
			w.partRow("tag", shown.Tag),
			w.partRow("aad", shown.AAD),
		),
		app.Div().Class("aes-controls").Body(
			app.Div().Class("field").Body(
				app.Label().For(w.ID+"-part").Text("Part to tamper with"),
				app.Select().ID(w.ID+"-part").Disabled(busy).Body(options...).OnChange(func(ctx app.Context, e app.Event) {
					if p := ctx.JSSrc().Get("value").String(); slices.Contains(aesParts, p) {
						w.part = p
						w.bit = min(w.bit, max(w.sealed.bits(p)-1, 0))
						w.undo()
					}
				}),
			),
			app.Div().Class("field").Body(
				app.Label().For(w.ID+"-bit").Text("Bit (0 to "+strconv.Itoa(maxBit)+")"),
				app.Input().ID(w.ID+"-bit").Type("number").Min(0).Max(maxBit).Value(w.bit).Disabled(busy).
					OnChange(func(ctx app.Context, e app.Event) {
						if n, err := strconv.Atoi(ctx.JSSrc().Get("value").String()); err == nil {
							w.bit = min(max(n, 0), maxBit)
							w.undo()
						}
					}),
			),
		),
		app.Div().Body(
			app.Button().ID(w.ID+"-flip").Class("button").Type("button").Text("Flip the bit and decrypt").Disabled(busy || w.sealErr != nil).
				OnClick(func(ctx app.Context, e app.Event) { w.flip(ctx) }),
			app.Button().ID(w.ID+"-undo").Class("button secondary").Type("button").Text("Undo the flip").Disabled(busy || w.tamper == nil).
				OnClick(func(ctx app.Context, e app.Event) { w.undo() }),
			app.Button().ID(w.ID+"-reseal").Class("button secondary").Type("button").Text("Encrypt again (new nonce)").Disabled(busy).
				OnClick(func(ctx app.Context, e app.Event) { w.seal(ctx) }),
		),
		cipherWorking(w.ID, busy && w.loaded, "Working in the background"),
		w.result(),
	}
	return widgetFrame("aesgcm", w.ID, w.ready && w.loaded, w.notes, body...)
}

func partLabel(p string) string {
	switch p {
	case "nonce":
		return "Nonce"
	case "ciphertext":
		return "Ciphertext"
	case "tag":
		return "Tag"
	default:
		return "Associated data"
	}
}

// partRow shows one part in hex, with the flipped byte marked.
func (w *aesGCM) partRow(p string, b []byte) app.UI {
	h := hex.EncodeToString(b)
	code := app.Code().ID(w.ID+"-"+p).DataSet("hex", h)
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

func byteChange(t *tamperInfo) string {
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
	if !w.loaded {
		return app.Div().Aria("live", "polite").Body(
			app.P().ID(w.ID+"-result").Class("aes-result").DataSet("open", "pending").Role("status").Text("Sealing the message…"),
		)
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
