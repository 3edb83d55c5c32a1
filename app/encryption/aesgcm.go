package encryption

import (
	"encoding/hex"
	"errors"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/encryption/cipherworker"
	"github.com/consensus-lab/playground/app/kit"
)

// NewAESGCM is the AES-GCM widget's factory.
func NewAESGCM(p kit.Placement) app.UI { return &aesGCM{Placement: p} }

// aesGCM seals a message with AES-256-GCM and lets the learner flip one bit
// of the nonce, ciphertext, tag or associated data. Whatever bit it is, Open
// refuses the message: that is what "authenticated" encryption buys. The
// sealing, flipping and opening run in the cipher worker.
type aesGCM struct {
	app.Compo
	kit.Placement
	base

	ctx       app.Context // the mount's, for the worker's replies
	sealedFor [3]string   // the plaintext, aad and key parameters the seal is of
	keyNote   string      // why the key parameter was not used
	key       string      // the key in use, hex; "" until the first seal answers
	bit       int         // the bit parameter, clamped to the part once sealed
	sealed    sealedMsg
	sealErr   error
	sealOpen  string // what Open gave for the untouched message, for undo
	sealOErr  error
	tamper    *tamperInfo // nil until a bit is flipped
	flipErr   error
	opened    string // what Open returned for the message shown
	openErr   error
	jobs      jobs
	loaded    bool // the first seal has answered
}

func (w *aesGCM) OnInit() { w.Init("aesgcm", w.Placement, w.load) }
func (w *aesGCM) OnUpdate(ctx app.Context) {
	w.ctx = ctx
	w.Init("aesgcm", w.Placement, w.load)
}

// OnMount seals, unless that is done or under way (outside the browser
// OnInit already sealed in-process).
func (w *aesGCM) OnMount(ctx app.Context) {
	w.ctx = ctx
	switch {
	case w.loaded:
		w.MarkReady()
	case !w.jobs.Busy():
		w.seal()
	}
}

// load seals again when the message, its associated data or the key
// parameter changed; a new part or bit only shows the untouched message.
func (w *aesGCM) load() {
	in := [3]string{w.Value("plaintext"), w.Value("aad"), w.Value("key")}
	if in != w.sealedFor {
		if in[2] != w.sealedFor[2] {
			w.key, w.keyNote = "", ""
		}
		w.sealedFor = in
		w.sealed, w.sealErr, w.tamper, w.flipErr, w.loaded = sealedMsg{}, nil, nil, nil, false
		w.jobs.Drop()
		if live(w.ctx) {
			w.seal()
		}
		return
	}
	w.clampBit()
	w.undo()
}

// clampBit restores the notes of the last seal and fits the bit.
func (w *aesGCM) clampBit() {
	if w.keyNote != "" {
		w.Note(w.keyNote)
	}
	w.fitBit()
}

// fitBit takes the bit parameter within the chosen part, with a note.
func (w *aesGCM) fitBit() {
	part := w.Value("part")
	w.bit = w.Int("bit")
	if n := w.sealed.bits(part); w.loaded && w.sealErr == nil && w.bit >= n && n > 0 {
		w.Note("bit=" + w.Value("bit") + " is past the end of the " + part + " (" + strconv.Itoa(n) + " bits); using " + strconv.Itoa(n-1))
		w.bit = n - 1
	}
}

// seal encrypts the current text under a fresh nonce and opens it again, so
// the untouched message is shown decrypting correctly.
func (w *aesGCM) seal() {
	key := w.key
	if key == "" && w.keyNote == "" {
		key = w.Value("key")
	}
	w.jobs.send(w.ctx, "aes.seal", map[string]string{"key": key, "plaintext": w.Value("plaintext"), "aad": w.Value("aad")}, func(r cipherworker.Reply) {
		var res struct {
			Key       string    `json:"key"`
			Sealed    sealedMsg `json:"sealed"`
			Opened    string    `json:"opened"`
			OpenError string    `json:"openError"`
		}
		err := r.Decode(&res)
		if c := r.Code(); w.key == "" && key != "" && (c == cipherworker.CodeMalformed || c == cipherworker.CodeKeySize) {
			w.keyNote = "key is not 32 bytes of hex (" + err.Error() + "); using a fresh random key"
			w.Note(w.keyNote)
			w.seal()
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
			w.fitBit()
		}
		if w.ctx != nil {
			w.MarkReady()
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
func (w *aesGCM) flip() {
	args := map[string]any{"key": w.key, "sealed": w.sealed, "part": w.Value("part"), "bit": w.bit}
	w.jobs.send(w.ctx, "aes.flip", args, func(r cipherworker.Reply) {
		var res struct {
			Tamper    tamperInfo `json:"tamper"`
			Opened    string     `json:"opened"`
			OpenError string     `json:"openError"`
		}
		if err := r.Decode(&res); err != nil {
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
	part := w.Value("part")
	maxBit := max(w.sealed.bits(part)-1, 0)
	busy := w.jobs.Busy() || !w.loaded
	labels := map[string]string{}
	for _, p := range aesParts {
		labels[p] = partLabel(p) + " (" + strconv.Itoa(w.sealed.bits(p)) + " bits)"
	}
	body := []app.UI{
		w.Area("plaintext", "Plaintext", 2),
		w.LiveText("aad", "Associated data (sent in the clear, but authenticated)"),
		app.P().Class("digest").Body(app.Span().Class("digest-label").Text("Key (AES-256, secret): "), app.Code().ID(w.ID+"-key").Text(w.key)),
		app.Dl().Class("aes-parts").Body(
			w.partRow("nonce", shown.Nonce),
			w.partRow("ciphertext", shown.Ciphertext),
			w.partRow("tag", shown.Tag),
			w.partRow("aad", shown.AAD),
		),
		app.Div().Class("aes-controls").Body(
			w.Select("part", "Part to tamper with", labels),
			w.Number("bit", "Bit (0 to "+strconv.Itoa(maxBit)+")"),
		),
		app.Div().Body(
			kit.Button{ID: w.ID + "-flip", Label: "Flip the bit and decrypt", Disabled: busy || w.sealErr != nil, OnClick: kit.Click(w.flip)}.UI(),
			kit.Button{ID: w.ID + "-undo", Label: "Undo the flip", Secondary: true, Disabled: busy || w.tamper == nil, OnClick: kit.Click(w.undo)}.UI(),
			kit.Button{ID: w.ID + "-reseal", Label: "Encrypt again (new nonce)", Secondary: true, Busy: busy, OnClick: kit.Click(w.seal)}.UI(),
		),
		working(w.ID, busy && w.loaded, "Working in the background"),
		w.result(),
	}
	return w.Frame(body...)
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
