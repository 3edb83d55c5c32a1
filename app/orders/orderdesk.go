package orders

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/orders/desk"
	"github.com/consensus-lab/playground/engine/exchange"
	"github.com/consensus-lab/playground/engine/exchange/flaky"
	"github.com/consensus-lab/playground/engine/exchange/retry"
)

// NewOrderDesk is the order desk's factory.
func NewOrderDesk(p kit.Placement) app.UI { return &orderDesk{Placement: p} }

// orderDesk is the idempotency lesson's main exhibit: the learner presses
// "Place an order", a retrying client sends it to the real sandbox exchange
// over a lossy network, and the ledger shows how many orders the exchange
// really holds. With the same key on every retry each press is one order;
// with a new key per attempt a lost response becomes a duplicate.
//
// The number of presses is the clicks parameter, so a shared link replays
// the same presses on the same seeded network: the same story.
type orderDesk struct {
	app.Compo
	kit.Placement
	base

	run *desk.Run
}

func (w *orderDesk) OnInit()              { w.Init("orderdesk", w.Placement, w.load) }
func (w *orderDesk) OnUpdate(app.Context) { w.Init("orderdesk", w.Placement, w.load) }

// load starts a fresh exchange with the current setup and replays the
// presses, so a changed setting shows the same story told again.
func (w *orderDesk) load() {
	w.run = desk.New(desk.Setup{
		Seed:    uint64(w.Int("seed")),
		SameKey: w.Bool("keys"),
		Odds: flaky.Odds{
			LoseRequest:  float64(w.Int("loserequest")) / 100,
			LoseResponse: float64(w.Int("loseresponse")) / 100,
			Delay:        float64(w.Int("delay")) / 100,
		},
		Attempts: w.Int("attempts"),
		Fault:    deskFault(w.Value("fault")),
	})
	for range w.Int("clicks") {
		w.run.Place()
	}
}

// deskFault is the X-Sandbox-Fault of a fault choice ("" for none).
func deskFault(choice string) string {
	if choice == "none" {
		return ""
	}
	return choice
}

var deskFaultLabels = map[string]string{
	"none":                "none",
	"crash-before-commit": "crash before the commit",
	"crash-after-commit":  "crash after the commit",
}

// press places n more orders (as many as the clicks parameter allows).
func (w *orderDesk) press(n int) {
	w.Set("clicks", strconv.Itoa(min(w.Int("clicks")+n, w.maxClicks())))
}

func (w *orderDesk) maxClicks() int {
	p, _ := kit.Spec("orderdesk").Param("clicks")
	return p.Max
}

func (w *orderDesk) Render() app.UI {
	clicks := w.run.Clicks()
	counts := w.run.PerClick()
	ledger := w.run.Ledger()
	dups := 0
	for _, c := range clicks {
		if counts[c.N] > 1 {
			dups += counts[c.N] - 1
		}
	}
	full := len(clicks) >= w.maxClicks()
	body := []app.UI{
		app.Div().Class("desk-controls").Body(
			w.Checkbox("keys", "Send the same Idempotency-Key on every retry (untick: a new key on every attempt)"),
			app.Div().Class("desk-grid").Body(
				w.Number("loserequest", "Requests lost (%)"),
				w.Number("loseresponse", "Responses lost (%)"),
				w.Number("delay", "Attempts delayed (%)"),
				w.Number("attempts", "Attempts per order"),
				w.Number("seed", "Seed"),
			),
			w.Select("fault", "Server fault on each order's first attempt", deskFaultLabels),
		),
		app.Div().Class("desk-actions").Body(
			kit.Button{ID: w.ID + "-place", Label: "Place an order", Disabled: full, OnClick: kit.Click(func() { w.press(1) })}.UI(),
			kit.Button{ID: w.ID + "-place5", Label: "Place five", Secondary: true, Disabled: full, OnClick: kit.Click(func() { w.press(5) })}.UI(),
			kit.Button{ID: w.ID + "-restart", Label: "Start over", Secondary: true, OnClick: kit.Click(func() { w.Set("clicks", "0") })}.UI(),
		),
		app.P().ID(w.ID+"-summary").Class("desk-summary").Role("status").Aria("live", "polite").
			DataSet("clicks", len(clicks)).DataSet("orders", len(ledger)).DataSet("duplicates", dups).
			Body(w.summary(len(ledger), dups)...),
		w.ledgerTable(ledger),
	}
	if full {
		body = append(body, app.P().Class("widget-small").Text("That is as many presses as one desk keeps; start over to press again."))
	}
	if n := len(clicks); n > 0 {
		body = append(body, app.H4().Text("What happened on the wire"))
		for i := n - 1; i >= 0 && i >= n-8; i-- {
			c := clicks[i]
			diagram := sequence(c, counts[c.N])
			if i == n-1 {
				body = append(body, app.Div().Class("seq-latest").Body(diagram))
			} else {
				body = append(body, app.Details().Class("seq-older").Body(app.Summary().Text(clickHeadline(c, counts[c.N])), diagram))
			}
		}
	}
	return w.Frame(body...)
}

func (w *orderDesk) summary(orders, dups int) []app.UI {
	clicks := len(w.run.Clicks())
	failed := 0
	for _, c := range w.run.Clicks() {
		if !c.Succeeded() {
			failed++
		}
	}
	out := []app.UI{
		app.Text("You pressed the button "), app.Strong().Text(plural(clicks, "time", "times")),
		app.Text("; the exchange holds "), app.Strong().Text(plural(orders, "order", "orders")), app.Text("."),
	}
	if dups > 0 {
		out = append(out, app.Text(" "), app.Strong().Class("bad").Text(plural(dups, "duplicate", "duplicates")),
			app.Text(": a retry with a new key looks like a new order to the server."))
	} else if clicks > 0 && w.Bool("keys") {
		out = append(out, app.Text(" No duplicates: every retry carried the key of its first attempt."))
	}
	if failed > 0 {
		out = append(out, app.Text(" The client gave up on "+plural(failed, "order", "orders")+
			" after "+plural(w.Int("attempts"), "attempt", "attempts")+"; such an order may or may not exist, so check the ledger, and retry with the same key."))
	}
	return out
}

func (w *orderDesk) ledgerTable(ledger []exchange.Order) app.UI {
	if len(ledger) == 0 {
		return app.P().ID(w.ID + "-ledger").Class("status").Text("The ledger is empty: no order placed yet.")
	}
	rows := make([]app.UI, len(ledger))
	seen := map[int]bool{}
	for i, o := range ledger {
		click := w.run.ClickOf(o)
		tr := app.Tr().DataSet("click", click)
		note := ""
		if seen[click] {
			tr = tr.Class("duplicate")
			note = " (duplicate)"
		}
		seen[click] = true
		rows[i] = tr.Body(
			app.Td().Text(strconv.Itoa(i+1)),
			app.Td().Body(app.Code().Text(o.ID)),
			app.Td().Text(o.Side+" "+o.Quantity+" "+o.Symbol),
			app.Td().Text("press "+strconv.Itoa(click)+note),
			app.Td().Text(o.CreatedAt.UTC().Format("15:04:05.000")),
		)
	}
	return kit.ScrollTable("Ledger",
		app.Table().ID(w.ID+"-ledger").Class("desk-ledger").Body(
			app.Caption().Text("Ledger: the orders the exchange holds (GET /api/v1/orders)"),
			app.THead().Body(app.Tr().Body(
				app.Th().Scope("col").Text("#"), app.Th().Scope("col").Text("Order id"), app.Th().Scope("col").Text("Order"),
				app.Th().Scope("col").Text("From"), app.Th().Scope("col").Text("Created (sandbox clock)"),
			)),
			app.TBody().Body(rows...),
		),
	)
}

func clickHeadline(c desk.Click, orders int) string {
	verdict := "placed " + plural(orders, "order", "orders")
	if !c.Succeeded() {
		verdict = "client gave up; " + verdict
	}
	return "Press " + strconv.Itoa(c.N) + ": " + plural(len(c.Attempts), "attempt", "attempts") + ", " + verdict
}

// sequence draws one click as a sequence diagram: three lanes (client,
// network, exchange), one request row and one response row per attempt,
// then the backoff wait.
func sequence(c desk.Click, orders int) app.UI {
	rows := []app.UI{
		app.Li().Class("seq-head").Aria("hidden", "true").Body(
			app.Span().Class("lane client").Text("Client"), app.Span().Class("lane wire").Text("Network"), app.Span().Class("lane server").Text("Exchange"),
		),
	}
	for _, a := range c.Attempts {
		rows = append(rows, seqRequest(a), seqResponse(a))
		if a.Wait > 0 {
			rows = append(rows, app.Li().Class("seq-row seq-wait").Body(
				app.Span().Class("lane client").Text("waits "+waitText(a.Wait)),
				app.Span().Class("lane wire").Text("backoff with full jitter"),
				app.Span().Class("lane server"),
			))
		}
	}
	return app.Figure().Class("seq").DataSet("click", c.N).DataSet("orders", orders).Body(
		app.FigCaption().Text(clickHeadline(c, orders)),
		app.Ol().Class("seq-rows").Body(rows...),
	)
}

func seqRequest(a desk.Attempt) app.UI {
	key := a.Key
	if len(key) > 8 {
		key = key[:8] + "…"
	}
	wire := app.Span().Class("lane wire").Body(app.Span().Class("arrow right").Text("POST /orders"))
	server := app.Span().Class("lane server")
	if a.HasEvent {
		if a.Event.Delay > 0 {
			wire = app.Span().Class("lane wire").Body(app.Span().Class("arrow right slow").Text("delayed " + waitText(a.Event.Delay)))
		}
		switch a.Event.Fate {
		case flaky.FateRequestLost:
			wire = app.Span().Class("lane wire").Body(app.Span().Class("arrow right lost").Text("✗ request lost"))
		default:
			server = server.Body(app.Text(serverAction(a)))
		}
	}
	return app.Li().Class("seq-row").DataSet("attempt", a.N).DataSet("fate", a.Event.Fate).Body(
		app.Span().Class("lane client").Text("attempt "+strconv.Itoa(a.N)+" at "+waitText(a.At)+", key "+key),
		wire,
		server,
	)
}

// serverAction says what the exchange did with a request that reached it.
func serverAction(a desk.Attempt) string {
	st := a.Event.Status
	switch {
	case st == 0 && a.Fault == "crash-before-commit":
		return "crashed before the commit: nothing stored"
	case st == 0 && a.Fault == "crash-after-commit":
		return "committed order and key, then crashed"
	case a.NewOrder:
		return strconv.Itoa(st) + ": new order placed"
	case st == 201:
		return "201 replayed from the key's record, no new order"
	case st == 0:
		return "connection closed"
	default:
		return strconv.Itoa(st) + " " + a.Attempt.Code
	}
}

func seqResponse(a desk.Attempt) app.UI {
	var wire app.UI
	switch {
	case a.HasEvent && a.Event.Fate == flaky.FateRequestLost:
		wire = app.Span().Class("arrow left none").Text("no answer")
	case a.HasEvent && a.Event.Fate == flaky.FateConnectionLost:
		wire = app.Span().Class("arrow left lost").Text("✗ connection closed, no answer")
	case a.Outcome == retry.OutcomeTransport:
		wire = app.Span().Class("arrow left lost").Text("✗ response lost")
	default:
		label := strconv.Itoa(a.Status)
		if a.Code != "" {
			label += " " + a.Code
		}
		if a.Replayed {
			label += ", Idempotent-Replayed: true"
		}
		wire = app.Span().Class("arrow left").Text(label)
	}
	client := "got " + strconv.Itoa(a.Status)
	switch a.Outcome {
	case retry.OutcomeTransport:
		client = "error: will retry"
		if a.Wait == 0 {
			client = "error: no attempts left"
		}
	case retry.OutcomeSuccess:
		client = "success"
	case retry.OutcomeRetryable:
		client = "retryable " + strconv.Itoa(a.Status)
	case retry.OutcomeFatal:
		client = "gave up: " + strconv.Itoa(a.Status)
	}
	return app.Li().Class("seq-row").DataSet("outcome", string(a.Outcome)).Body(
		app.Span().Class("lane client").Text(client),
		app.Span().Class("lane wire").Body(wire),
		app.Span().Class("lane server"),
	)
}
