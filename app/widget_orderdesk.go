package app

import (
	"math"
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/engine/exchange"
	"github.com/consensus-lab/playground/engine/exchange/flaky"
	"github.com/consensus-lab/playground/engine/exchange/retry"
)

func newOrderDesk(id string, params map[string]string) app.UI {
	return &orderDesk{ID: id, Params: params}
}

// orderDesk is the idempotency lesson's main exhibit: the learner presses
// "Place an order", a retrying client sends it to the real sandbox exchange
// over a lossy network, and the ledger shows how many orders the exchange
// really holds. With the same key on every retry each press is one order;
// with a new key per attempt a lost response becomes a duplicate.
type orderDesk struct {
	app.Compo
	ID     string
	Params map[string]string

	notes []string
	setup deskSetup
	run   *deskRun
	ready bool
}

func (w *orderDesk) OnInit()                 { w.reset() }
func (w *orderDesk) OnUpdate(app.Context)    { w.reset() }
func (w *orderDesk) OnMount(ctx app.Context) { w.ready = true }

func (w *orderDesk) reset() {
	values, notes := resolveParams("orderdesk", w.Params)
	w.notes = notes
	atoi := func(k string) int { n, _ := strconv.Atoi(values[k]); return n }
	w.setup = deskSetup{
		Seed:    uint64(atoi("seed")),
		SameKey: values["keys"] == "true",
		Odds: flaky.Odds{
			LoseRequest:  float64(atoi("loserequest")) / 100,
			LoseResponse: float64(atoi("loseresponse")) / 100,
			Delay:        float64(atoi("delay")) / 100,
		},
		Attempts: atoi("attempts"),
	}
	w.rebuild(atoi("clicks"))
}

// rebuild starts a fresh exchange with the current setup and replays
// clicks presses, so a changed setting shows the same story told again.
func (w *orderDesk) rebuild(clicks int) {
	w.run = newDeskRun(w.setup)
	for range clicks {
		w.run.place()
	}
}

func (w *orderDesk) Render() app.UI {
	counts := w.run.perClick()
	ledger := w.run.ledger()
	dups := 0
	for _, c := range w.run.clicks {
		if counts[c.N] > 1 {
			dups += counts[c.N] - 1
		}
	}
	body := []app.UI{
		w.controls(),
		app.Div().Class("desk-actions").Body(
			app.Button().ID(w.ID+"-place").Class("button").Type("button").Text("Place an order").
				Disabled(len(w.run.clicks) >= 100).
				OnClick(func(ctx app.Context, e app.Event) { w.run.place() }),
			app.Button().ID(w.ID+"-place5").Class("button secondary").Type("button").Text("Place five").
				Disabled(len(w.run.clicks) >= 96).
				OnClick(func(ctx app.Context, e app.Event) {
					for range 5 {
						w.run.place()
					}
				}),
			app.Button().ID(w.ID+"-restart").Class("button secondary").Type("button").Text("Start over").
				OnClick(func(ctx app.Context, e app.Event) { w.rebuild(0) }),
		),
		app.P().ID(w.ID+"-summary").Class("desk-summary").Role("status").Aria("live", "polite").
			DataSet("clicks", len(w.run.clicks)).DataSet("orders", len(ledger)).DataSet("duplicates", dups).
			Body(w.summary(len(ledger), dups)...),
		w.ledgerTable(ledger, counts),
	}
	if n := len(w.run.clicks); n > 0 {
		body = append(body, app.H4().Text("What happened on the wire"))
		for i := n - 1; i >= 0 && i >= n-8; i-- {
			c := w.run.clicks[i]
			diagram := w.sequence(c, counts[c.N])
			if i == n-1 {
				body = append(body, app.Div().Class("seq-latest").Body(diagram))
			} else {
				body = append(body, app.Details().Class("seq-older").Body(app.Summary().Text(w.clickHeadline(c, counts[c.N])), diagram))
			}
		}
	}
	return widgetFrame("orderdesk", w.ID, w.ready, w.notes, body...)
}

func (w *orderDesk) controls() app.UI {
	pct := func(suffix, label string, v float64, set func(float64)) app.UI {
		id := w.ID + "-" + suffix
		return app.Div().Class("field").Body(
			app.Label().For(id).Text(label),
			app.Input().ID(id).Type("number").Min(0).Max(90).Step(5).Value(int(v*100+0.5)).
				OnChange(func(ctx app.Context, e app.Event) {
					n, err := strconv.Atoi(ctx.JSSrc().Get("value").String())
					if err != nil {
						return
					}
					set(float64(min(max(n, 0), 90)) / 100)
					w.rebuild(len(w.run.clicks))
				}),
		)
	}
	return app.Div().Class("desk-controls").Body(
		app.Div().Class("choice").Body(
			app.Input().Type("checkbox").ID(w.ID+"-keys").Checked(w.setup.SameKey).
				OnChange(func(ctx app.Context, e app.Event) {
					w.setup.SameKey = ctx.JSSrc().Get("checked").Bool()
					w.rebuild(len(w.run.clicks))
				}),
			app.Label().For(w.ID+"-keys").Text("Send the same Idempotency-Key on every retry (untick: a new key on every attempt)"),
		),
		app.Div().Class("desk-grid").Body(
			pct("loserequest", "Requests lost (%)", w.setup.Odds.LoseRequest, func(v float64) { w.setup.Odds.LoseRequest = v }),
			pct("loseresponse", "Responses lost (%)", w.setup.Odds.LoseResponse, func(v float64) { w.setup.Odds.LoseResponse = v }),
			pct("delay", "Attempts delayed (%)", w.setup.Odds.Delay, func(v float64) { w.setup.Odds.Delay = v }),
			app.Div().Class("field").Body(
				app.Label().For(w.ID+"-seed").Text("Seed"),
				app.Input().ID(w.ID+"-seed").Type("number").Min(0).Max(1_000_000).Value(w.setup.Seed).
					OnChange(func(ctx app.Context, e app.Event) {
						if n, err := strconv.Atoi(ctx.JSSrc().Get("value").String()); err == nil && n >= 0 && n <= 1_000_000 {
							w.setup.Seed = uint64(n)
							w.rebuild(len(w.run.clicks))
						}
					}),
			),
		),
	)
}

func (w *orderDesk) summary(orders, dups int) []app.UI {
	clicks := len(w.run.clicks)
	failed := 0
	for _, c := range w.run.clicks {
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
	} else if clicks > 0 && w.setup.SameKey {
		out = append(out, app.Text(" No duplicates: every retry carried the key of its first attempt."))
	}
	if failed > 0 {
		out = append(out, app.Text(" The client gave up on "+plural(failed, "order", "orders")+
			" after "+plural(w.setup.Attempts, "attempt", "attempts")+"; such an order may or may not exist, so check the ledger, and retry with the same key."))
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func (w *orderDesk) ledgerTable(ledger []exchange.Order, counts map[int]int) app.UI {
	if len(ledger) == 0 {
		return app.P().ID(w.ID + "-ledger").Class("status").Text("The ledger is empty: no order placed yet.")
	}
	byQty := map[string]int{}
	for _, c := range w.run.clicks {
		byQty[c.Quantity] = c.N
	}
	rows := make([]app.UI, len(ledger))
	seen := map[int]bool{}
	for i, o := range ledger {
		click := byQty[o.Quantity]
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
	return app.Div().Class("table-wrap").Body(
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

func (w *orderDesk) clickHeadline(c deskClick, orders int) string {
	verdict := "placed " + plural(orders, "order", "orders")
	if !c.Succeeded() {
		verdict = "client gave up; " + verdict
	}
	return "Press " + strconv.Itoa(c.N) + ": " + plural(len(c.Attempts), "attempt", "attempts") + ", " + verdict
}

// sequence draws one click as a sequence diagram: three lanes (client,
// network, exchange), one request row and one response row per attempt,
// then the backoff wait.
func (w *orderDesk) sequence(c deskClick, orders int) app.UI {
	rows := []app.UI{
		app.Li().Class("seq-head").Aria("hidden", "true").Body(
			app.Span().Class("lane client").Text("Client"), app.Span().Class("lane wire").Text("Network"), app.Span().Class("lane server").Text("Exchange"),
		),
	}
	for _, a := range c.Attempts {
		rows = append(rows, seqRequest(a), seqResponse(a))
		if a.Wait > 0 {
			rows = append(rows, app.Li().Class("seq-row seq-wait").Body(
				app.Span().Class("lane client").Text("waits "+fmtDur(a.Wait)),
				app.Span().Class("lane wire").Text("backoff with full jitter"),
				app.Span().Class("lane server"),
			))
		}
	}
	return app.Figure().Class("seq").DataSet("click", c.N).DataSet("orders", orders).Body(
		app.FigCaption().Text(w.clickHeadline(c, orders)),
		app.Ol().Class("seq-rows").Body(rows...),
	)
}

func seqRequest(a deskAttempt) app.UI {
	key := a.Key
	if len(key) > 8 {
		key = key[:8] + "…"
	}
	wire := app.Span().Class("lane wire").Body(app.Span().Class("arrow right").Text("POST /orders"))
	server := app.Span().Class("lane server")
	if a.HasEvent {
		if a.Event.Delay > 0 {
			wire = app.Span().Class("lane wire").Body(app.Span().Class("arrow right slow").Text("delayed " + fmtDur(a.Event.Delay)))
		}
		switch a.Event.Fate {
		case flaky.FateRequestLost:
			wire = app.Span().Class("lane wire").Body(app.Span().Class("arrow right lost").Text("✗ request lost"))
		default:
			server = server.Body(app.Text(serverAction(a)))
		}
	}
	return app.Li().Class("seq-row").DataSet("attempt", a.N).DataSet("fate", a.Event.Fate).Body(
		app.Span().Class("lane client").Text("attempt "+strconv.Itoa(a.N)+" at "+fmtDur(a.At)+", key "+key),
		wire,
		server,
	)
}

// serverAction says what the exchange did with a request that reached it.
func serverAction(a deskAttempt) string {
	st := a.Event.Status
	switch {
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

func seqResponse(a deskAttempt) app.UI {
	var wire app.UI
	switch {
	case a.HasEvent && a.Event.Fate == flaky.FateRequestLost:
		wire = app.Span().Class("arrow left none").Text("no answer")
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

// fmtDur prints a virtual-clock duration in milliseconds or seconds.
func fmtDur(d time.Duration) string {
	if d < time.Second {
		return strconv.FormatInt(d.Milliseconds(), 10) + " ms"
	}
	return strconv.FormatFloat(math.Round(d.Seconds()*100)/100, 'f', -1, 64) + " s"
}
