package app

import (
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/engine/exchange/retry"
)

func newRetryPolicy(id string, params map[string]string) app.UI {
	return &retryPolicy{ID: id, Params: params}
}

// retryPolicy shows the waits of the engine's retry client: the ceiling
// min(cap, base·2^n) of each retry, the full-jitter draws under it, and
// when a crowd of clients that failed together comes back.
type retryPolicy struct {
	app.Compo
	ID     string
	Params map[string]string

	notes    []string
	policy   retry.Policy
	jitter   bool
	clients  int
	seed     uint64
	schedule retrySchedule
	ready    bool
}

// retrySchedule is every client's waits, one row per client, one column
// per retry (attempts-1 of them).
type retrySchedule struct {
	Ceilings []time.Duration
	Waits    [][]time.Duration
}

// planRetries draws each client's waits from its own retry.Client (seeded
// seed+i), or takes the ceilings when there is no jitter.
func planRetries(p retry.Policy, jitter bool, clients int, seed uint64) retrySchedule {
	var s retrySchedule
	for n := range p.MaxAttempts - 1 {
		s.Ceilings = append(s.Ceilings, p.Ceiling(n))
	}
	for i := range clients {
		c := &retry.Client{Policy: p, Seed: seed + uint64(i)}
		row := make([]time.Duration, len(s.Ceilings))
		for n := range row {
			if jitter {
				row[n] = c.Backoff(n)
			} else {
				row[n] = s.Ceilings[n]
			}
		}
		s.Waits = append(s.Waits, row)
	}
	return s
}

// arrivals is when each client sends each retry, counting from the moment
// they all failed (ignoring how long an attempt itself takes).
func (s retrySchedule) arrivals() []time.Duration {
	var out []time.Duration
	for _, row := range s.Waits {
		var t time.Duration
		for _, w := range row {
			t += w
			out = append(out, t)
		}
	}
	return out
}

func (w *retryPolicy) OnInit()                 { w.reset() }
func (w *retryPolicy) OnUpdate(app.Context)    { w.reset() }
func (w *retryPolicy) OnMount(ctx app.Context) { w.ready = true }

func (w *retryPolicy) reset() {
	values, notes := resolveParams("retrypolicy", w.Params)
	w.notes = notes
	atoi := func(k string) int { n, _ := strconv.Atoi(values[k]); return n }
	w.policy = retry.Policy{
		MaxAttempts: atoi("attempts"),
		Base:        time.Duration(atoi("base")) * time.Millisecond,
		Cap:         time.Duration(atoi("cap")) * time.Millisecond,
	}
	if w.policy.Cap < w.policy.Base {
		w.notes = append(w.notes, "cap is below base; using cap = base")
		w.policy.Cap = w.policy.Base
	}
	w.jitter = values["jitter"] == "full"
	w.clients = atoi("clients")
	w.seed = uint64(atoi("seed"))
	w.plan()
}

func (w *retryPolicy) plan() {
	w.schedule = planRetries(w.policy, w.jitter, w.clients, w.seed)
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func (w *retryPolicy) Render() app.UI {
	return widgetFrame("retrypolicy", w.ID, w.ready, w.notes,
		w.controls(),
		w.waitChart(),
		w.waitTable(),
		w.herdChart(),
	)
}

func (w *retryPolicy) controls() app.UI {
	num := func(suffix, label string, v, lo, hi int, set func(int)) app.UI {
		id := w.ID + "-" + suffix
		return app.Div().Class("field").Body(
			app.Label().For(id).Text(label),
			app.Input().ID(id).Type("number").Min(lo).Max(hi).Value(v).
				OnChange(func(ctx app.Context, e app.Event) {
					n, err := strconv.Atoi(ctx.JSSrc().Get("value").String())
					if err != nil {
						return
					}
					set(min(max(n, lo), hi))
					if w.policy.Cap < w.policy.Base {
						w.policy.Cap = w.policy.Base
					}
					w.plan()
				}),
		)
	}
	return app.Div().Class("desk-grid").Body(
		num("base", "Base (ms)", int(ms(w.policy.Base)), 10, 5000, func(n int) { w.policy.Base = time.Duration(n) * time.Millisecond }),
		num("cap", "Cap (ms)", int(ms(w.policy.Cap)), 100, 60000, func(n int) { w.policy.Cap = time.Duration(n) * time.Millisecond }),
		num("attempts", "Attempts", w.policy.MaxAttempts, 2, 12, func(n int) { w.policy.MaxAttempts = n }),
		num("clients", "Clients", w.clients, 1, 1000, func(n int) { w.clients = n }),
		app.Div().Class("field").Body(
			app.Label().For(w.ID+"-jitter").Text("Jitter"),
			app.Select().ID(w.ID+"-jitter").Body(
				app.Option().Value("full").Selected(w.jitter).Text("Full jitter: random in [0, ceiling]"),
				app.Option().Value("none").Selected(!w.jitter).Text("None: wait the ceiling"),
			).OnChange(func(ctx app.Context, e app.Event) {
				w.jitter = ctx.JSSrc().Get("value").String() == "full"
				w.plan()
			}),
		),
		app.Div().Class("field").Body(
			app.Label().Text("New random draws"),
			app.Button().ID(w.ID+"-reroll").Class("button secondary").Type("button").Text("Draw again").Disabled(!w.jitter).
				OnClick(func(ctx app.Context, e app.Event) {
					w.seed += uint64(max(w.clients, 1))
					w.plan()
				}),
		),
	)
}

func (w *retryPolicy) waitChart() app.UI {
	ceil := Series{Name: "ceiling min(cap, base·2ⁿ)", Style: "series-1", Dashed: true, Dots: true}
	for n, c := range w.schedule.Ceilings {
		ceil.Points = append(ceil.Points, Point{X: float64(n + 1), Y: ms(c)})
	}
	series := []Series{ceil}
	if w.jitter {
		for i, style := range []string{"series-2", "series-3", "series-4"} {
			if i >= len(w.schedule.Waits) {
				break
			}
			s := Series{Name: "client " + strconv.Itoa(i+1) + " (drawn)", Style: style, Dots: true}
			for n, d := range w.schedule.Waits[i] {
				s.Points = append(s.Points, Point{X: float64(n + 1), Y: ms(d)})
			}
			series = append(series, s)
		}
	}
	return Chart{
		Label:  "Wait before each retry, in milliseconds: the ceiling doubles from base until it reaches cap; with full jitter each wait is drawn uniformly below it",
		XLabel: "retry number",
		YLabel: "wait (ms)",
		Series: series,
		YMax:   ms(w.policy.Cap) * 1.05, // with YMin 0: the axis starts at zero
	}.Render()
}

func (w *retryPolicy) waitTable() app.UI {
	rows := make([]app.UI, len(w.schedule.Ceilings))
	var worst, first time.Duration
	for n, c := range w.schedule.Ceilings {
		worst += c
		drawn := "—"
		if len(w.schedule.Waits) > 0 {
			first += w.schedule.Waits[0][n]
			drawn = fmtDur(w.schedule.Waits[0][n])
		}
		rows[n] = app.Tr().Body(
			app.Td().Text(strconv.Itoa(n+1)),
			app.Td().Text(fmtDur(c)),
			app.Td().DataSet("wait", w.schedule.Waits[0][n].Milliseconds()).Text(drawn),
			app.Td().Text(fmtDur(first)),
		)
	}
	return app.Div().Class("table-wrap").Body(
		app.Table().ID(w.ID+"-table").Class("api-table").Body(
			app.Caption().Text("Client 1's schedule: at most "+fmtDur(worst)+" of waiting in all (the sum of the ceilings)"),
			app.THead().Body(app.Tr().Body(
				app.Th().Scope("col").Text("Retry"), app.Th().Scope("col").Text("Ceiling"),
				app.Th().Scope("col").Text("Wait"), app.Th().Scope("col").Text("Waited so far"),
			)),
			app.TBody().Body(rows...),
		),
	)
}

// herdChart counts the retries of all clients per time slot: without
// jitter they arrive together in spikes; with full jitter they spread.
func (w *retryPolicy) herdChart() app.UI {
	arr := w.schedule.arrivals()
	var last time.Duration
	for _, a := range arr {
		last = max(last, a)
	}
	const bins = 40
	width := max(last/bins+1, time.Millisecond)
	counts := make([]int, bins+1)
	peak := 0
	for _, a := range arr {
		i := min(int(a/width), bins)
		counts[i]++
		peak = max(peak, counts[i])
	}
	bars := make([]Bar, len(counts))
	for i, c := range counts {
		label := ""
		if i%10 == 0 {
			label = fmtDur(time.Duration(i) * width)
		}
		bars[i] = Bar{Label: label, Value: float64(c), Style: "series-2"}
	}
	return app.Div().Body(
		app.P().ID(w.ID+"-herd").DataSet("peak", peak).DataSet("retries", len(arr)).Body(
			app.Text("An outage hits "+plural(w.clients, "client", "clients")+" at the same moment and each retries. Busiest slot ("+fmtDur(width)+" wide): "),
			app.Strong().Text(plural(peak, "request", "requests")),
			app.Text(" of "+strconv.Itoa(len(arr))+" retries."),
		),
		BarChart{
			Label:  "Retries arriving at the server per " + fmtDur(width) + " after an outage that hit every client at once; peak " + strconv.Itoa(peak),
			YLabel: "retries per slot",
			Bars:   bars,
		}.Render(),
	)
}
