package orders

import (
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/engine/exchange/retry"
)

// NewRetryPolicy is the retry policy widget's factory.
func NewRetryPolicy(p kit.Placement) app.UI { return &retryPolicy{Placement: p} }

// retryPolicy shows the waits of the engine's retry client: the ceiling
// min(cap, base·2^n) of each retry, the full-jitter draws under it, and
// when a crowd of clients that failed together comes back.
type retryPolicy struct {
	app.Compo
	kit.Placement
	base

	policy   retry.Policy
	schedule retrySchedule
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

func (w *retryPolicy) OnInit()              { w.Init("retrypolicy", w.Placement, w.load) }
func (w *retryPolicy) OnUpdate(app.Context) { w.Init("retrypolicy", w.Placement, w.load) }

func (w *retryPolicy) load() {
	w.policy = retry.Policy{
		MaxAttempts: w.Int("attempts"),
		Base:        time.Duration(w.Int("base")) * time.Millisecond,
		Cap:         time.Duration(w.Int("cap")) * time.Millisecond,
	}
	if w.policy.Cap < w.policy.Base {
		w.Note("cap is below base; using cap = base")
		w.policy.Cap = w.policy.Base
	}
	w.schedule = planRetries(w.policy, w.jitter(), w.Int("clients"), uint64(w.Int("seed")))
}

func (w *retryPolicy) jitter() bool { return w.Value("jitter") == "full" }

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func (w *retryPolicy) Render() app.UI {
	return w.Frame(
		app.Div().Class("desk-grid").Body(
			w.Number("base", "Base (ms)"),
			w.Number("cap", "Cap (ms)"),
			w.Number("attempts", "Attempts"),
			w.Number("clients", "Clients"),
			w.Select("jitter", "Jitter", map[string]string{"full": "Full jitter: random in [0, ceiling]", "none": "None: wait the ceiling"}),
			kit.Field(w.ID+"-reroll", "New random draws", kit.Button{ID: w.ID + "-reroll", Label: "Draw again", Secondary: true, Disabled: !w.jitter(),
				OnClick: kit.Click(w.reroll)}.UI()),
		),
		w.waitChart(),
		w.waitTable(),
		w.herdChart(),
	)
}

// reroll moves the seed past every client's, so each client draws anew.
func (w *retryPolicy) reroll() {
	p, _ := kit.Spec("retrypolicy").Param("seed")
	w.Set("seed", strconv.Itoa((w.Int("seed")+w.Int("clients"))%(p.Max+1)))
}

func (w *retryPolicy) waitChart() app.UI {
	ceil := kit.Series{Name: "ceiling min(cap, base·2ⁿ)", Style: "series-1", Dashed: true, Dots: true}
	for n, c := range w.schedule.Ceilings {
		ceil.Points = append(ceil.Points, kit.Point{X: float64(n + 1), Y: ms(c)})
	}
	series := []kit.Series{ceil}
	if w.jitter() {
		for i, style := range []string{"series-2", "series-3", "series-4"} {
			if i >= len(w.schedule.Waits) {
				break
			}
			s := kit.Series{Name: "client " + strconv.Itoa(i+1) + " (drawn)", Style: style, Dots: true}
			for n, d := range w.schedule.Waits[i] {
				s.Points = append(s.Points, kit.Point{X: float64(n + 1), Y: ms(d)})
			}
			series = append(series, s)
		}
	}
	return kit.Chart{
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
			drawn = waitText(w.schedule.Waits[0][n])
		}
		rows[n] = app.Tr().Body(
			app.Td().Text(strconv.Itoa(n+1)),
			app.Td().Text(waitText(c)),
			app.Td().DataSet("wait", w.schedule.Waits[0][n].Milliseconds()).Text(drawn),
			app.Td().Text(waitText(first)),
		)
	}
	return kit.ScrollTable("Client 1's schedule",
		app.Table().ID(w.ID+"-table").Class("api-table").Body(
			app.Caption().Text("Client 1's schedule: at most "+waitText(worst)+" of waiting in all (the sum of the ceilings)"),
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
	bars := make([]kit.Bar, len(counts))
	for i, c := range counts {
		label := ""
		if i%10 == 0 {
			label = waitText(time.Duration(i) * width)
		}
		bars[i] = kit.Bar{Label: label, Value: float64(c), Style: "series-2"}
	}
	return app.Div().Body(
		app.P().ID(w.ID+"-herd").DataSet("peak", peak).DataSet("retries", len(arr)).Body(
			app.Text("An outage hits "+plural(w.Int("clients"), "client", "clients")+" at the same moment and each retries. Busiest slot ("+waitText(width)+" wide): "),
			app.Strong().Text(plural(peak, "request", "requests")),
			app.Text(" of "+strconv.Itoa(len(arr))+" retries."),
		),
		kit.BarChart{
			Label:  "Retries arriving at the server per " + waitText(width) + " after an outage that hit every client at once; peak " + strconv.Itoa(peak),
			YLabel: "retries per slot",
			Bars:   bars,
		}.Render(),
	)
}
