package apisigning

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/sandbox"
	"github.com/consensus-lab/playground/app/widgetspec"
	"github.com/consensus-lab/playground/engine/exchange"
	"github.com/consensus-lab/playground/engine/signing"
)

// NewReplay is the replay widget's factory.
func NewReplay(p kit.Placement) app.UI { return &replay{Placement: p} }

// replay plays a client and an attacker against the in-process exchange.
// Its state is the list of moves made (param steps), so a teacher can link
// to any point of the story.
type replay struct {
	app.Compo
	kit.Placement
	base

	sb       *sandbox.Sandbox
	steps    []string
	log      []replayEntry
	captured *sandbox.Request // the client's last order, as the attacker saw it
	forged   string           // the nonce the last forgery used
	orders   int              // client orders placed
}

// replayEntry is one line of the widget's log.
type replayEntry struct {
	Action string
	Who    string
	What   string
	Nonce  string
	Resp   sandbox.Response
}

func (w *replay) OnInit()              { w.Init("replay", w.Placement, w.load) }
func (w *replay) OnUpdate(app.Context) { w.Init("replay", w.Placement, w.load) }

// load plays the steps from the start against a fresh sandbox.
func (w *replay) load() {
	w.sb = sandbox.New(sandbox.Config{})
	w.steps, w.log, w.captured, w.forged, w.orders = nil, nil, nil, "", 0
	for _, s := range widgetspec.SplitSteps(w.Value("steps")) {
		if !w.do(s) {
			w.Note("step “" + s + "” cannot run at that point (or is unknown); later steps were skipped")
			break
		}
	}
}

// move makes one more move, as a button does: the steps parameter grows,
// so the page address and the share link keep the story.
func (w *replay) move(action string) {
	w.Set("steps", strings.Join(append(slices.Clone(w.steps), action), ","))
}

// can reports whether action may run now.
func (w *replay) can(action string) bool {
	switch action {
	case "send":
		return true
	case "replay", "forge", "late":
		return w.captured != nil
	case "reuse":
		return w.forged != ""
	}
	return false
}

// do runs one move and logs the sandbox's answer.
func (w *replay) do(action string) bool {
	if !w.can(action) {
		return false
	}
	w.sb.Clock.Advance(time.Second)
	e := replayEntry{Action: action}
	switch action {
	case "send", "reuse":
		w.orders++
		nonce := w.sb.NextNonce("client")
		e.Who, e.What = "client", "signs and places order "+strconv.Itoa(w.orders)
		if action == "reuse" {
			nonce = w.forged
			e.What = "signs order " + strconv.Itoa(w.orders) + " with the nonce the forgery used"
		}
		body := `{"symbol":"BTC-USD","side":"buy","type":"market","quantity":"0.` + strconv.Itoa(w.orders) + `"}`
		req, _ := sandbox.SignedRequest(http.MethodPost, exchange.PathOrders, []byte(body), sandbox.DemoAPIKey, sandbox.DemoSecret,
			signing.AlgorithmSHA256, w.sb.Now().Unix(), nonce)
		req.Header.Set("Idempotency-Key", `"order-`+strconv.Itoa(w.orders)+`"`)
		c := req
		w.captured, e.Nonce = &c, nonce
		e.Resp = w.sb.Send(req)
	case "replay", "late":
		e.Who, e.What = "attacker", "resends the captured request byte for byte"
		if action == "late" {
			w.sb.Clock.Advance(301 * time.Second)
			e.What = "waits 301 s, then resends the captured request"
		}
		e.Nonce = nonceOf(w.captured.Header.Get("Authorization"))
		e.Resp = w.sb.Send(*w.captured)
	case "forge":
		a, err := signing.ParseAuthorization(w.captured.Header.Get("Authorization"))
		if err != nil {
			return false
		}
		a.Nonce = w.sb.NextNonce("attacker")
		w.forged, e.Nonce = a.Nonce, a.Nonce
		forged := sandbox.Request{Method: w.captured.Method, Target: w.captured.Target, Body: w.captured.Body, Header: http.Header{}}
		forged.Header.Set("Authorization", a.String())
		forged.Header.Set("Idempotency-Key", w.captured.Header.Get("Idempotency-Key"))
		e.Who, e.What = "attacker", "swaps in a fresh nonce, keeps the captured signature (it has no secret)"
		e.Resp = w.sb.Send(forged)
	}
	w.steps = append(w.steps, action)
	w.log = append(w.log, e)
	return true
}

func nonceOf(authorization string) string {
	a, err := signing.ParseAuthorization(authorization)
	if err != nil {
		return ""
	}
	return a.Nonce
}

var replayButtons = map[string]string{
	"send":   "Client: place a signed order",
	"replay": "Attacker: replay it as captured",
	"forge":  "Attacker: replay with a fresh nonce",
	"reuse":  "Client: sign with the forgery's nonce",
	"late":   "Attacker: replay after 301 s",
}

func (w *replay) Render() app.UI {
	buttons := make([]app.UI, 0, len(widgetspec.ReplayActions)+1)
	for _, a := range widgetspec.ReplayActions {
		buttons = append(buttons, kit.Button{ID: w.ID + "-" + a, Label: replayButtons[a], Disabled: !w.can(a),
			OnClick: kit.Click(func() { w.move(a) })}.UI())
	}
	buttons = append(buttons, kit.Button{ID: w.ID + "-restart", Label: "Start over", Secondary: true,
		OnClick: kit.Click(func() { w.Set("steps", "") })}.UI())

	rows := make([]app.UI, len(w.log))
	for i, e := range w.log {
		outcome := app.Td().Class("replay-ok").Text(strconv.Itoa(e.Resp.Status) + " accepted")
		if e.Resp.Status >= 400 {
			outcome = app.Td().Class("replay-bad").Body(app.Text(strconv.Itoa(e.Resp.Status)+" "), app.Code().Text(e.Resp.Code))
		}
		step := ""
		if s, failed := e.Resp.Trace.Failed(); failed {
			step = "failed at " + string(s.Name) + ": " + s.Detail
		} else if e.Resp.HasTrace {
			step = "every step passed; nonce spent"
		}
		rows[i] = app.Tr().DataSet("action", e.Action).DataSet("status", e.Resp.Status).DataSet("code", e.Resp.Code).Body(
			app.Td().Text(strconv.Itoa(i+1)),
			app.Td().Text(e.Who),
			app.Td().Text(e.What),
			app.Td().Body(app.Code().Text(e.Nonce)),
			outcome,
			app.Td().Class("replay-why").Text(step),
		)
	}
	table := app.Table().ID(w.ID+"-log").Class("replay-log").Body(
		app.Caption().Text("What reached the sandbox, in order"),
		app.THead().Body(app.Tr().Body(
			app.Th().Scope("col").Text("#"), app.Th().Scope("col").Text("who"), app.Th().Scope("col").Text("does"),
			app.Th().Scope("col").Text("nonce"), app.Th().Scope("col").Text("answer"), app.Th().Scope("col").Text("verifier"),
		)),
		app.TBody().Body(rows...),
	)
	placed := len(w.sb.Exchange.Orders(sandbox.DemoAPIKey))
	return w.Frame(
		app.Div().Class("replay-buttons").Body(buttons...),
		kit.ScrollTable("Requests and verdicts", table),
		app.P().Class("replay-ledger").Role("status").Aria("live", "polite").Body(
			app.Text("Orders in the exchange's ledger: "),
			app.Strong().ID(w.ID+"-orders").Text(strconv.Itoa(placed)),
			app.Text(" (steps so far: "+strings.Join(w.steps, ", ")+")"),
		),
	)
}
