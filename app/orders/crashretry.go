package orders

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/sandbox"
	"github.com/consensus-lab/playground/engine/exchange"
	"github.com/consensus-lab/playground/engine/signing"
)

// NewCrashRetry is the crashretry widget's factory.
func NewCrashRetry(p kit.Placement) app.UI { return &crashRetry{Placement: p} }

// crashRetry kills the in-page exchange at one point of an order (the
// X-Sandbox-Fault crash faults, or a dropped answer), retries, and reads
// the ledger: exactly one order with the same key, two when a new key
// follows a committed order.
type crashRetry struct {
	app.Compo
	kit.Placement
	base

	run crashRun
}

func (w *crashRetry) OnInit()              { w.Init("crashretry", w.Placement, w.load) }
func (w *crashRetry) OnUpdate(app.Context) { w.Init("crashretry", w.Placement, w.load) }

func (w *crashRetry) load() { w.run = runCrash(w.Value("fault"), w.Bool("samekey")) }

// crashRun is one crash and its retry on a fresh sandbox.
type crashRun struct {
	Fault      string
	Keys       [2]string // the Idempotency-Key of each attempt
	First      sandbox.Response
	Stored     int // orders the exchange held once the first attempt died
	Retry      sandbox.Response
	RetryOrder exchange.Order
	Ledger     []exchange.Order // GET /orders after the retry
	LedgerResp sandbox.Response
}

const crashOrder = `{"symbol":"BTC-USD","side":"buy","type":"limit","quantity":"0.25","price":"64000"}`

// runCrash sends the order with fault, retries it once with the same key
// or a new one, and lists the demo key's orders.
func runCrash(fault string, sameKey bool) crashRun {
	sb := sandbox.New(sandbox.Config{})
	r := crashRun{Fault: fault, Keys: [2]string{"order-7f3a", "order-7f3a"}}
	if !sameKey {
		r.Keys[1] = "order-9c1e"
	}
	send := func(method, body, key, fault string) sandbox.Response {
		sb.Clock.Advance(time.Second)
		req, _ := sandbox.SignedRequest(method, exchange.PathOrders, []byte(body), sandbox.DemoAPIKey, sandbox.DemoSecret,
			signing.AlgorithmSHA256, sb.Now().Unix(), sb.NextNonce("crash"))
		if key != "" {
			req.Header.Set("Idempotency-Key", strconv.Quote(key))
		}
		if fault != "" {
			req.Header.Set(exchange.FaultHeader, fault)
		}
		return sb.Send(req)
	}
	r.First = send(http.MethodPost, crashOrder, r.Keys[0], fault)
	r.Stored = len(sb.Exchange.Orders(sandbox.DemoAPIKey))
	r.Retry = send(http.MethodPost, crashOrder, r.Keys[1], "")
	_ = json.Unmarshal(r.Retry.Body, &r.RetryOrder)
	r.LedgerResp = send(http.MethodGet, "", "", "")
	var list struct{ Orders []exchange.Order }
	_ = json.Unmarshal(r.LedgerResp.Body, &list)
	r.Ledger = list.Orders
	return r
}

// Replayed reports whether the retry got the stored answer of the first.
func (r crashRun) Replayed() bool { return r.Retry.Header.Get("Idempotent-Replayed") == "true" }

var faultLabels = map[string]string{
	"crash-before-commit": "crash before the commit",
	"crash-after-commit":  "crash after the commit",
	"drop-response":       "answer dropped after the commit",
}

// died says where the first attempt ended, from what the store held after it.
func (r crashRun) died() string {
	where := "after the commit point: the order and its key record were written together, "
	if r.Stored == 0 {
		where = "before the commit point: nothing of the request was written, "
	}
	switch r.Fault {
	case "drop-response":
		return where + "then the answer was dropped"
	default:
		return where + "then the process died"
	}
}

func (w *crashRetry) Render() app.UI {
	r := w.run
	retry := "new order " + r.RetryOrder.ID
	if r.Replayed() {
		retry = "replayed: the stored answer, order " + r.RetryOrder.ID + ", Idempotent-Replayed: true"
	}
	if r.Retry.Status != http.StatusCreated {
		retry = strconv.Itoa(r.Retry.Status) + " " + r.Retry.Code
	}
	firstAnswer, back := "no answer: the client sees a timeout", "✗ connection closed unanswered"
	if r.First.Err == nil {
		firstAnswer, back = "got "+strconv.Itoa(r.First.Status), strconv.Itoa(r.First.Status)+" "+r.First.Code
	}
	keyNote := "the same key"
	if r.Keys[0] != r.Keys[1] {
		keyNote = "a new key"
	}
	rows := []app.UI{
		app.Li().Class("seq-head").Aria("hidden", "true").Body(
			app.Span().Class("lane client").Text("Client"), app.Span().Class("lane wire").Text("Request"), app.Span().Class("lane server").Text("Exchange"),
		),
		crashRow(w.ID+"-first", "attempt 1, key "+r.Keys[0],
			"POST /orders, "+exchange.FaultHeader+": "+r.Fault, r.died()),
		crashRow(w.ID+"-first-answer", firstAnswer, back, "the store now holds "+plural(r.Stored, "order", "orders")),
		crashRow(w.ID+"-retry", "attempt 2, "+keyNote+" "+r.Keys[1], "POST /orders, the same body", retry),
		crashRow(w.ID+"-ledger-row", "reads the ledger", "GET /orders", strconv.Itoa(r.LedgerResp.Status)+": "+plural(len(r.Ledger), "order", "orders")),
	}
	verdict := app.Strong().Text("exactly one order")
	if len(r.Ledger) != 1 {
		verdict = app.Strong().Class("bad").Text(plural(len(r.Ledger), "order", "orders") + ": a duplicate")
	}
	return w.Frame(
		app.Div().Class("desk-controls").Body(
			w.Select("fault", "Where the first attempt dies", faultLabels),
			w.Checkbox("samekey", "The retry sends the same Idempotency-Key (untick: a new key)"),
		),
		app.Figure().Class("seq").Body(
			app.FigCaption().Text("An order, a crash, a retry"),
			app.Ol().Class("seq-rows").Body(rows...),
		),
		app.P().ID(w.ID+"-summary").Class("desk-summary").Role("status").Aria("live", "polite").
			DataSet("orders", len(r.Ledger)).DataSet("stored", r.Stored).DataSet("replayed", kit.YesNo(r.Replayed())).
			Body(app.Text("The ledger (GET /api/v1/orders) holds "), verdict, app.Text(".")),
	)
}

func crashRow(id, client, wire, server string) app.UI {
	return app.Li().ID(id).Class("seq-row").Body(
		app.Span().Class("lane client").Text(client),
		app.Span().Class("lane wire").Body(app.Span().Class("arrow right").Text(wire)),
		app.Span().Class("lane server").Text(server),
	)
}
