package app

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/sandbox"
	"github.com/consensus-lab/playground/engine/exchange"
	"github.com/consensus-lab/playground/engine/signing"
)

func newVerifierWidget(id string, params map[string]string) app.UI {
	return &verifierWidget{ID: id, Params: params}
}

// verifierWidget signs a request as a client would and sends it to the
// real exchange handler in the page (app/sandbox.go); the verdict is the
// exchange's answer and the steps are its verifier's trace.
type verifierWidget struct {
	app.Compo
	ID     string
	Params map[string]string

	notes  []string
	method string
	skew   int
	tamper bool
	alg    string
	body   string

	sb        *sandbox.Sandbox
	sent      []byte // the body as it went on the wire
	canonical string // the client's canonical string
	ts        int64
	nonce     string
	resp      sandbox.Response
	ready     bool
}

func (w *verifierWidget) OnInit()                 { w.reset() }
func (w *verifierWidget) OnUpdate(app.Context)    { w.reset() }
func (w *verifierWidget) OnMount(ctx app.Context) { w.ready = true }

func (w *verifierWidget) reset() {
	v, notes := resolveParams("verifier", w.Params)
	w.notes = notes
	w.method, w.alg, w.body = v["method"], v["alg"], v["body"]
	w.skew, _ = strconv.Atoi(v["skew"])
	w.tamper = v["tamper"] == "true"
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
func (w *verifierWidget) send() {
	w.sb.Clock.Advance(time.Second)
	w.ts = w.sb.Now().Unix() + int64(w.skew)
	w.nonce = w.sb.NextNonce("verifier")
	var body []byte
	if w.method == http.MethodPost {
		body = []byte(w.body)
	}
	req, canonical := sandbox.SignedRequest(w.method, exchange.PathOrders, body, sandbox.DemoAPIKey, sandbox.DemoSecret, signing.Algorithm(w.alg), w.ts, w.nonce)
	if w.method == http.MethodPost {
		req.Header.Set("Idempotency-Key", `"`+w.nonce+`"`)
		if w.tamper {
			req.Body = []byte(tampered(w.body))
		}
	}
	w.sent, w.canonical = req.Body, canonical
	w.resp = w.sb.Send(req)
}

func (w *verifierWidget) Render() app.UI {
	id := func(s string) string { return w.ID + "-" + s }
	now := w.sb.Now().Unix()
	controls := app.Div().Class("verifier-controls").Body(
		selectField(id("method"), "Request", w.method, []string{"POST", "GET"}, func(v string) { w.method = v; w.send() }),
		app.Div().Class("field").Body(
			app.Label().For(id("skew")).Text("Client clock minus server clock: "+signedSeconds(w.skew)),
			app.Input().Type("range").ID(id("skew")).Min(-600).Max(600).Step(1).Value(w.skew).
				Aria("valuetext", signedSeconds(w.skew)).
				OnInput(func(ctx app.Context, e app.Event) {
					if n, err := strconv.Atoi(ctx.JSSrc().Get("value").String()); err == nil {
						w.skew = n
						w.send()
					}
				}),
		),
		app.Div().Class("choice").Body(
			app.Input().Type("checkbox").ID(id("tamper")).Checked(w.tamper).Disabled(w.method != http.MethodPost).
				OnChange(func(ctx app.Context, e app.Event) {
					w.tamper = ctx.JSSrc().Get("checked").Bool()
					w.send()
				}),
			app.Label().For(id("tamper")).Text("Tamper with the body after signing (POST only)"),
		),
		app.Button().Class("button").Type("button").ID(id("send")).Text("Send again (fresh nonce)").
			OnClick(func(ctx app.Context, e app.Event) { w.send() }),
	)
	facts := app.Ul().Class("verifier-facts").Body(
		app.Li().Body(app.Text("Server clock: "), app.Code().Text(strconv.FormatInt(now, 10))),
		app.Li().Body(app.Text("Timestamp signed: "), app.Code().ID(id("ts")).Text(strconv.FormatInt(w.ts, 10))),
		app.Li().Body(app.Text("Nonce: "), app.Code().Text(w.nonce)),
		app.Li().Body(app.Text("Window: 300 s either way")),
	)
	var sentNote app.UI = app.Text("")
	if w.tamper && w.method == http.MethodPost {
		sentNote = app.P().Class("widget-note").Body(
			app.Text("Signed body: "), app.Code().Text(w.body),
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
	return widgetFrame("verifier", w.ID, w.ready, w.notes, body...)
}

func signedSeconds(n int) string {
	if n > 0 {
		return "+" + strconv.Itoa(n) + " s"
	}
	return strconv.Itoa(n) + " s"
}
