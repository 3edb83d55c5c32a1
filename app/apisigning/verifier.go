package apisigning

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/sandbox"
	"github.com/consensus-lab/playground/engine/exchange"
	"github.com/consensus-lab/playground/engine/signing"
)

// NewVerifier is the verifier widget's factory.
func NewVerifier(p kit.Placement) app.UI { return &verifier{Placement: p} }

// verifier signs a request as a client would and sends it to the real
// exchange handler in the page (package sandbox); the verdict is the
// exchange's answer and the steps are its verifier's trace.
type verifier struct {
	app.Compo
	kit.Placement
	base

	sb        *sandbox.Sandbox
	sent      []byte // the body as it went on the wire
	canonical string // the client's canonical string
	ts        int64
	nonce     string
	resp      sandbox.Response
}

func (w *verifier) OnInit()              { w.Init("verifier", w.Placement, w.load) }
func (w *verifier) OnUpdate(app.Context) { w.Init("verifier", w.Placement, w.load) }

// load sends the request the parameters describe to a fresh sandbox.
func (w *verifier) load() {
	w.sb = sandbox.New(sandbox.Config{})
	w.send()
}

// tampered is the body an attacker (or a buggy proxy) sends instead of the
// signed one: buy becomes sell, or a space is added.
func tampered(body string) string {
	if t := strings.Replace(body, `"buy"`, `"sell"`, 1); t != body {
		return t
	}
	return body + " "
}

// send signs and sends one request. The server clock moves one second
// first, as it would between clicks (and so the rate limit refills).
func (w *verifier) send() {
	w.sb.Clock.Advance(time.Second)
	w.ts = w.sb.Now().Unix() + int64(w.Int("skew"))
	w.nonce = w.sb.NextNonce("verifier")
	var body []byte
	if w.post() {
		body = []byte(w.Value("body"))
	}
	req, canonical := sandbox.SignedRequest(w.Value("method"), exchange.PathOrders, body, sandbox.DemoAPIKey, sandbox.DemoSecret, signing.Algorithm(w.Value("alg")), w.ts, w.nonce)
	if w.post() {
		req.Header.Set("Idempotency-Key", `"`+w.nonce+`"`)
		if w.Bool("tamper") {
			req.Body = []byte(tampered(w.Value("body")))
		}
	}
	w.sent, w.canonical = req.Body, canonical
	w.resp = w.sb.Send(req)
}

func (w *verifier) post() bool { return w.Value("method") == http.MethodPost }

func (w *verifier) Render() app.UI {
	id := func(s string) string { return w.ID + "-" + s }
	now := w.sb.Now().Unix()
	tamper := w.Checkbox("tamper", "Tamper with the body after signing")
	if !w.post() {
		tamper = app.P().Class("widget-small").Text("GET sends no body: nothing to tamper with.")
	}
	controls := app.Div().Class("verifier-controls").Body(
		w.Select("method", "Request", map[string]string{"POST": "POST /api/v1/orders (place an order)", "GET": "GET /api/v1/orders (list them)"}),
		w.Slider("skew", "Client clock minus server clock (s)"),
		tamper,
		w.Select("alg", "Algorithm", nil),
		kit.Button{ID: id("send"), Label: "Send again (fresh nonce)", OnClick: kit.Click(w.send)}.UI(),
	)
	facts := app.Ul().Class("verifier-facts").Body(
		app.Li().Body(app.Text("Server clock: "), app.Code().Text(strconv.FormatInt(now, 10))),
		app.Li().Body(app.Text("Timestamp signed: "), app.Code().ID(id("ts")).Text(strconv.FormatInt(w.ts, 10))),
		app.Li().Body(app.Text("Nonce: "), app.Code().Text(w.nonce)),
		app.Li().Body(app.Text("Window: 300 s either way")),
	)
	var sentNote app.UI = app.Text("")
	if w.Bool("tamper") && w.post() {
		sentNote = app.P().Class("widget-note").Body(
			app.Text("Signed body: "), app.Code().Text(w.Value("body")),
			app.Br(),
			app.Text("Body sent: "), app.Code().ID(id("sent")).Text(string(w.sent)),
		)
	}
	body := []app.UI{controls, facts, sentNote, verdictLine(id("verdict"), w.resp)}
	if w.resp.HasTrace {
		tr := w.resp.Trace
		body = append(body, app.H4().Text("What the verifier did"), traceList(id("trace"), tr))
		if len(tr.Canonical) > 0 {
			server := make([]string, len(tr.Canonical))
			for i, l := range tr.Canonical {
				server[i] = l.Value
			}
			body = append(body,
				app.H4().Text("The server's canonical string"),
				canonicalList(id("canonical"), strings.Join(server, "\n"), tr.Diffs))
		} else {
			body = append(body,
				app.P().Class("signer-hint").Text("The verifier stopped before rebuilding the canonical string (cheap checks run first, so a stale or replayed request costs no HMAC). The client signed:"),
				canonicalList(id("canonical"), w.canonical, nil))
		}
	}
	return w.Frame(body...)
}
