package orders

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/sandbox"
	"github.com/consensus-lab/playground/engine/exchange"
	"github.com/consensus-lab/playground/engine/idempotency"
	"github.com/consensus-lab/playground/engine/signing"
)

// NewConflicts is the conflicts widget's factory.
func NewConflicts(p kit.Placement) app.UI { return &conflicts{Placement: p} }

// conflicts plays one Idempotency-Key scenario against the real exchange in
// a Sandbox, a request at a time. Each scenario is played in full when it
// is chosen (the sandbox clock is virtual, so "24 hours later" is instant);
// the learner reveals the requests one by one (the step parameter) and can
// predict each answer.
type conflicts struct {
	app.Compo
	kit.Placement
	base

	steps []conflictStep
	shown int
}

// conflictStep is one request of a scenario and what the exchange answered.
type conflictStep struct {
	Title    string // what the client does
	Key      string // Idempotency-Key sent ("" for none)
	Body     string
	Fault    string // X-Sandbox-Fault, if any
	At       time.Time
	Status   int
	Code     string
	Detail   string
	Replayed bool
	OrderID  string
	Orders   int // orders in the ledger after this step
	Lesson   string
}

// conflictScenarios names the scenarios (widgetspec's choices) for people.
var conflictScenarios = map[string]string{
	"replay":   "Retry after success: the stored answer again",
	"reused":   "Same key, different payload: 422",
	"inflight": "Retry while the first still runs: 409",
	"expiry":   "After 24 hours the key is gone",
	"missing":  "No key at all: 400",
}

func (w *conflicts) OnInit()              { w.Init("conflicts", w.Placement, w.load) }
func (w *conflicts) OnUpdate(app.Context) { w.Init("conflicts", w.Placement, w.load) }

// load plays the scenario from the start (the sandbox clock is virtual, so
// this is instant) and shows its first step requests.
func (w *conflicts) load() {
	w.steps = playConflict(w.Value("scenario"))
	w.shown = w.Int("step")
	if w.shown > len(w.steps) {
		w.Note("step=" + w.Value("step") + " is past the last request of this scenario; showing all " + strconv.Itoa(len(w.steps)))
		w.shown = len(w.steps)
	}
}

const (
	conflictBodyA = `{"symbol":"BTC-USD","side":"buy","type":"limit","quantity":"0.5","price":"65000"}`
	conflictBodyB = `{"symbol":"BTC-USD","side":"buy","type":"limit","quantity":"5","price":"65000"}`
)

// conflictLab sends signed requests to a fresh sandbox whose delay= fault
// can be held open, so a second request arrives while the first one waits.
type conflictLab struct {
	sb *sandbox.Sandbox

	mu      sync.Mutex
	hold    chan struct{} // closed to let a held delay finish; nil: do not hold
	started chan struct{} // receives when a delay begins
}

func newConflictLab() *conflictLab {
	l := &conflictLab{}
	l.sb = sandbox.New(sandbox.Config{
		// The delay= fault waits here: held open while the lab sends its
		// concurrent requests, then the virtual clock moves on.
		Sleep: func(ctx context.Context, d time.Duration) error {
			l.mu.Lock()
			hold, started := l.hold, l.started
			l.mu.Unlock()
			if hold != nil {
				started <- struct{}{}
				select {
				case <-hold:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			l.sb.Clock.Advance(d)
			return nil
		},
	})
	return l
}

func (l *conflictLab) send(title, key, body, fault string) conflictStep {
	req, _ := sandbox.SignedRequest(http.MethodPost, exchange.PathOrders, []byte(body), sandbox.DemoAPIKey, sandbox.DemoSecret,
		signing.AlgorithmSHA256, l.sb.Now().Unix(), l.sb.NextNonce("conflict"))
	if key != "" {
		req.Header.Set(idempotency.HeaderName, strconv.Quote(key))
	}
	if fault != "" {
		req.Header.Set(exchange.FaultHeader, fault)
	}
	st := conflictStep{Title: title, Key: key, Body: body, Fault: fault, At: l.sb.Now()}
	r := l.sb.Send(req)
	st.Status, st.Code, st.Detail = r.Status, r.Code, r.Detail
	st.Replayed = r.Header.Get(idempotency.ReplayedHeader) == "true"
	if r.Status == http.StatusCreated {
		var o exchange.Order
		if json.Unmarshal(r.Body, &o) == nil {
			st.OrderID = o.ID
		}
	}
	if r.Err != nil {
		st.Detail = r.Err.Error()
	}
	st.Orders = len(l.sb.Exchange.Orders(sandbox.DemoAPIKey))
	return st
}

// sendWhileHeld sends first with a delay fault and, while the exchange holds
// it, the others; then lets the first finish. The steps come back in the
// order the answers arrived.
func (l *conflictLab) sendWhileHeld(first conflictStep, others []conflictStep) []conflictStep {
	l.mu.Lock()
	l.hold, l.started = make(chan struct{}), make(chan struct{}, 1)
	hold, started := l.hold, l.started
	l.mu.Unlock()
	done := make(chan conflictStep, 1)
	go func() { done <- l.send(first.Title, first.Key, first.Body, first.Fault) }()
	var out []conflictStep
	select {
	case <-started:
		for _, o := range others {
			out = append(out, l.send(o.Title, o.Key, o.Body, o.Fault))
		}
		close(hold)
		out = append(out, <-done)
	case st := <-done: // refused before the delay began: nothing to overlap
		out = append(out, st)
		for _, o := range others {
			out = append(out, l.send(o.Title, o.Key, o.Body, o.Fault))
		}
	}
	l.mu.Lock()
	l.hold, l.started = nil, nil
	l.mu.Unlock()
	return out
}

// playConflict runs a scenario from the start against a fresh exchange.
func playConflict(name string) []conflictStep {
	l := newConflictLab()
	const key = "order-7f3c9a"
	var steps []conflictStep
	add := func(st conflictStep, lesson string) {
		st.Lesson = lesson
		steps = append(steps, st)
	}
	switch name {
	case "reused":
		add(l.send("Buy 0.5 BTC with a new key", key, conflictBodyA, ""), "The first use of a key runs the request and stores its answer under the key.")
		l.sb.Clock.Advance(2 * time.Second)
		add(l.send("Same key, but now 5 BTC", key, conflictBodyB, ""), "The fingerprint (method, path, body) differs from the stored one: the key was reused for another request. Nothing runs; fix the client, which must make a new key for a new order.")
		l.sb.Clock.Advance(2 * time.Second)
		add(l.send("The original 0.5 BTC again", key, conflictBodyA, ""), "The record is intact: the matching request still gets its stored answer.")
	case "inflight":
		first := conflictStep{Title: "Buy 0.5 BTC; the server is slow (delay=2s fault)", Key: key, Body: conflictBodyA, Fault: "delay=2s"}
		others := []conflictStep{
			{Title: "Impatient retry, same key and body, while the first waits", Key: key, Body: conflictBodyA},
			{Title: "Same key, other body, while the first waits", Key: key, Body: conflictBodyB},
		}
		got := l.sendWhileHeld(first, others)
		// Shown in the order they were sent; the first one's answer came last.
		if len(got) == 3 {
			got = []conflictStep{got[2], got[0], got[1]}
		}
		lessons := []string{
			"The server takes the key, then waits 2 s before placing the order. This answer arrived last, after those of steps 2 and 3.",
			"The key is locked while its first request runs: the retry is told to come back later (Retry-After), and no second order starts.",
			"A different payload is refused as reuse even while the first request runs: 422 is checked before 409.",
		}
		for i, st := range got {
			add(st, lessons[min(i, len(lessons)-1)])
		}
		l.sb.Clock.Advance(time.Second)
		add(l.send("Retry once more, same key and body", key, conflictBodyA, ""), "Now the first has finished, the retry gets its stored answer, marked Idempotent-Replayed.")
	case "expiry":
		add(l.send("Buy 0.5 BTC with a new key", key, conflictBodyA, ""), "Stored under the key for 24 hours from this first request.")
		l.sb.Clock.Advance(23*time.Hour + 59*time.Minute)
		add(l.send("23 h 59 min later, retry with the same key", key, conflictBodyA, ""), "Still within 24 hours: a replay, no new order.")
		l.sb.Clock.Advance(2 * time.Minute)
		add(l.send("24 h 1 min after the first, retry again", key, conflictBodyA, ""), "The key has expired and been forgotten: the same key now places a second order. Retries must end well within the key's lifetime.")
	case "missing":
		add(l.send("Buy 0.5 BTC without an Idempotency-Key", "", conflictBodyA, ""), "The sandbox requires a key on POST /orders (the IETF draft allows a resource to); nothing is stored, nothing runs.")
		l.sb.Clock.Advance(time.Second)
		add(l.send("The same with a key", key, conflictBodyA, ""), "With a key the order is placed.")
	default: // replay
		add(l.send("Buy 0.5 BTC with a new key", key, conflictBodyA, ""), "The first use of a key runs the request and stores its answer under the key.")
		l.sb.Clock.Advance(2 * time.Second)
		add(l.send("The response was lost: retry, same key, same body", key, conflictBodyA, ""), "Same key, same fingerprint, first request finished: the stored status and body again, with Idempotent-Replayed: true. Same order id, no second order.")
		l.sb.Clock.Advance(2 * time.Second)
		add(l.send("A new order: new key, same body", "order-81d2e4", conflictBodyA, ""), "A new key is a new operation, even with an identical body: a second order, as intended.")
	}
	return steps
}

func (w *conflicts) Render() app.UI {
	items := make([]app.UI, 0, w.shown)
	for i, st := range w.steps[:w.shown] {
		items = append(items, w.stepView(i, st))
	}
	body := []app.UI{
		w.scenarioSelect(),
		app.Ol().ID(w.ID+"-steps").Class("conflict-steps").Aria("live", "polite").Body(items...),
	}
	if w.shown < len(w.steps) {
		next := w.steps[w.shown]
		body = append(body,
			app.P().Class("conflict-next").Body(app.Strong().Text("Next: "), app.Text(next.Title+". Predict the status, then send it.")),
			kit.Button{ID: w.ID + "-next", Label: "Send the next request", OnClick: kit.Click(func() {
				w.Set("step", strconv.Itoa(w.shown+1))
			})}.UI(),
		)
	}
	body = append(body, kit.Button{ID: w.ID + "-restart", Label: "Start the scenario over", Secondary: true, OnClick: kit.Click(func() {
		w.Set("step", "1")
	})}.UI())
	return w.Frame(body...)
}

// scenarioSelect is the scenario parameter as a drop-down that also starts
// the new scenario at its first request (kit's Select would keep the step).
func (w *conflicts) scenarioSelect() app.UI {
	p, _ := kit.Spec("conflicts").Param("scenario")
	opts := make([]app.UI, len(p.Choices))
	for i, c := range p.Choices {
		opts[i] = kit.Option(c, conflictScenarios[c], c == w.Value("scenario"))
	}
	id := w.InputID("scenario")
	return kit.Field(id, "Scenario", app.Select().ID(id).Body(opts...).OnChange(func(ctx app.Context, e app.Event) {
		w.SetMany(map[string]string{"scenario": kit.Value(ctx), "step": "1"})
	}))
}

func (w *conflicts) stepView(i int, st conflictStep) app.UI {
	key := "(none)"
	if st.Key != "" {
		key = strconv.Quote(st.Key)
	}
	headers := "Idempotency-Key: " + key
	if st.Fault != "" {
		headers += "\n" + exchange.FaultHeader + ": " + st.Fault
	}
	var q string
	if o, err := exchange.ParseOrder([]byte(st.Body)); err == nil {
		q = o.Side + " " + o.Quantity + " " + o.Symbol
	}
	status := strconv.Itoa(st.Status) + " " + http.StatusText(st.Status)
	if st.Code != "" {
		status += " · " + st.Code
	}
	cls := "ok"
	if st.Status >= 400 || st.Status == 0 {
		cls = "bad"
	}
	answer := []app.UI{app.Strong().Class(cls).Text(status)}
	if st.Replayed {
		answer = append(answer, app.Text(" · "), app.Code().Text("Idempotent-Replayed: true"))
	}
	if st.OrderID != "" {
		answer = append(answer, app.Text(" · order "), app.Code().Text(st.OrderID))
	}
	return app.Li().Class("conflict-step").DataSet("status", st.Status).DataSet("code", st.Code).DataSet("replayed", kit.YesNo(st.Replayed)).Body(
		app.P().Class("conflict-title").Body(app.Strong().Text(strconv.Itoa(i+1)+". "+st.Title), app.Span().Class("lesson-meta").Text(" · sandbox clock "+st.At.UTC().Format("Jan 2 15:04:05"))),
		app.Pre().Class("conflict-req").Text("POST "+exchange.PathOrders+"\n"+headers+"\n\n"+strings.TrimSpace(q)),
		app.P().Class("conflict-answer").Body(answer...),
		app.P().Class("conflict-lesson").Body(app.Text(st.Lesson+" "), app.Span().Class("lesson-meta").Text("Ledger: "+plural(st.Orders, "order", "orders")+".")),
	)
}
