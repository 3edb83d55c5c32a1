package app

import (
	"context"
	"math"
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/engine/ciphers"
)

func init() {
	registerWidget("speedrace", func(id string, params map[string]string) app.UI {
		return &speedRace{ID: id, Params: params}
	})
}

// speedRace runs the engine's ciphers.Race in the learner's browser, one
// algorithm at a time with a short pause between them, so the page stays
// responsive, the chart grows as results come in, and Stop is answered.
type speedRace struct {
	app.Compo
	ID     string
	Params map[string]string

	notes   []string
	size    int
	budget  time.Duration
	results []ciphers.Measurement
	rsaBits int
	status  string
	err     error
	running bool
	cancel  context.CancelFunc
	ready   bool
}

func (w *speedRace) OnInit()                 { w.reset() }
func (w *speedRace) OnUpdate(app.Context)    { w.reset() }
func (w *speedRace) OnMount(ctx app.Context) { w.ready = true }

func (w *speedRace) OnDismount() {
	if w.cancel != nil {
		w.cancel()
	}
}

func (w *speedRace) reset() {
	values, notes := resolveParams("speedrace", w.Params)
	w.notes = notes
	w.size, _ = strconv.Atoi(values["size"])
	ms, _ := strconv.Atoi(values["budget"])
	w.budget = time.Duration(ms) * time.Millisecond
	w.results, w.err, w.status = nil, nil, ""
}

// raceOne times one algorithm with the widget's size and budget.
func raceOne(ctx context.Context, alg ciphers.Algorithm, size int, budget time.Duration, rsa ciphers.RSAKey) ([]ciphers.Measurement, error) {
	rep, err := ciphers.Race(ctx, ciphers.RaceConfig{Sizes: []int{size}, Budget: budget, Only: []ciphers.Algorithm{alg}, RSA: rsa})
	return rep.Measurements, err
}

func (w *speedRace) start(ctx app.Context) {
	if w.running {
		return
	}
	runCtx, cancel := context.WithCancel(context.Background())
	w.cancel, w.running = cancel, true
	w.results, w.err = nil, nil
	w.status = "Generating an RSA-2048 key for the RSA rows…"
	size, budget := w.size, w.budget
	ctx.Async(func() {
		// Yield first so the status above is painted before the CPU is busy.
		time.Sleep(30 * time.Millisecond)
		rsa, err := ciphers.NewRSAKey(ciphers.RSADefaultBits)
		if err != nil {
			ctx.Dispatch(func(ctx app.Context) { w.finish(err) })
			return
		}
		for _, alg := range ciphers.Algorithms() {
			if runCtx.Err() != nil {
				break
			}
			ctx.Dispatch(func(ctx app.Context) { w.status = "Timing " + string(alg) + "…" })
			time.Sleep(20 * time.Millisecond)
			ms, err := raceOne(runCtx, alg, size, budget, rsa)
			ctx.Dispatch(func(ctx app.Context) {
				w.results = append(w.results, ms...)
				w.rsaBits = rsa.Bits()
				if err != nil && runCtx.Err() == nil {
					w.err = err
				}
			})
			if err != nil {
				break
			}
		}
		ctx.Dispatch(func(ctx app.Context) { w.finish(runCtx.Err()) })
	})
}

func (w *speedRace) finish(err error) {
	w.running = false
	if w.cancel != nil {
		w.cancel()
		w.cancel = nil
	}
	switch {
	case err == context.Canceled:
		w.status = "Stopped."
	case err != nil:
		w.err = err
		w.status = ""
	default:
		w.status = "Done."
	}
}

func (w *speedRace) Render() app.UI {
	sizeOpts := []app.UI{}
	for _, s := range []int{32, 1024, 16384} {
		sizeOpts = append(sizeOpts, app.Option().Value(s).Selected(s == w.size).Text(fmtBytes(s)))
	}
	body := []app.UI{
		app.Div().Class("desk-grid").Body(
			app.Div().Class("field").Body(
				app.Label().For(w.ID+"-size").Text("Message size"),
				app.Select().ID(w.ID+"-size").Disabled(w.running).Body(sizeOpts...).OnChange(func(ctx app.Context, e app.Event) {
					if n, err := strconv.Atoi(ctx.JSSrc().Get("value").String()); err == nil {
						w.size, w.results = n, nil
					}
				}),
			),
			app.Div().Class("field").Body(
				app.Label().For(w.ID+"-budget").Text("Time per operation (ms)"),
				app.Input().ID(w.ID+"-budget").Type("number").Min(10).Max(500).Value(int(w.budget/time.Millisecond)).Disabled(w.running).
					OnChange(func(ctx app.Context, e app.Event) {
						if n, err := strconv.Atoi(ctx.JSSrc().Get("value").String()); err == nil {
							w.budget = time.Duration(min(max(n, 10), 500)) * time.Millisecond
						}
					}),
			),
		),
		app.Div().Body(
			app.Button().ID(w.ID+"-run").Class("button").Type("button").Text("Run the race in this browser").Disabled(w.running).
				OnClick(func(ctx app.Context, e app.Event) { w.start(ctx) }),
			app.Button().ID(w.ID+"-stop").Class("button secondary").Type("button").Text("Stop").Disabled(!w.running).
				OnClick(func(ctx app.Context, e app.Event) {
					if w.cancel != nil {
						w.cancel()
					}
				}),
		),
		app.P().ID(w.ID+"-status").Class("status").Role("status").Aria("live", "polite").DataSet("running", map[bool]string{true: "yes", false: "no"}[w.running]).DataSet("rows", len(w.results)).Text(w.statusText()),
	}
	if w.err != nil {
		body = append(body, app.P().Class("status error").Text("The race failed: "+w.err.Error()))
	}
	if len(w.results) > 0 {
		body = append(body, raceChart(w.results, w.size), raceTable(w.ID, w.results))
	}
	return widgetFrame("speedrace", w.ID, w.ready, w.notes, body...)
}

func (w *speedRace) statusText() string {
	if w.status != "" {
		return w.status
	}
	return "Each operation runs for " + strconv.Itoa(int(w.budget/time.Millisecond)) + " ms after a warm-up, on one core of this device, on " + fmtBytes(w.size) + " messages. The whole race takes a few seconds."
}

func fmtBytes(n int) string {
	switch {
	case n >= 1024 && n%1024 == 0:
		return strconv.Itoa(n/1024) + " KiB"
	default:
		return strconv.Itoa(n) + " B"
	}
}

// raceShort names a measurement briefly enough for a bar label.
func raceShort(m ciphers.Measurement) string {
	names := map[ciphers.Algorithm]string{
		ciphers.AlgAESGCM: "AES", ciphers.AlgChaCha20Poly1305: "ChaCha", ciphers.AlgEd25519: "Ed25519",
		ciphers.AlgRSAPSS: "PSS", ciphers.AlgRSAOAEP: "OAEP", ciphers.AlgX25519: "X25519", ciphers.AlgHPKE: "HPKE",
	}
	return names[m.Algorithm] + " " + m.Operation
}

func kindStyle(kind string) string {
	switch kind {
	case ciphers.KindSymmetric:
		return "series-1"
	case ciphers.KindAsymmetric:
		return "series-2"
	default:
		return "series-3"
	}
}

// raceChart draws operations per second on a log scale (bar height is
// log10 of ops/s): the fastest and slowest differ by several powers of ten.
func raceChart(ms []ciphers.Measurement, size int) app.UI {
	var bars []Bar
	for _, m := range ms {
		if !m.Measured() || m.OpsPerSec <= 0 {
			continue
		}
		bars = append(bars, Bar{Label: raceShort(m), Value: math.Log10(m.OpsPerSec), Style: kindStyle(m.Kind)})
	}
	return app.Div().Body(
		BarChart{
			Label:  "Operations per second on " + fmtBytes(size) + " messages, log scale: each step up the axis is ten times faster",
			YLabel: "log₁₀ operations per second",
			Bars:   bars,
		}.Render(),
		app.Ul().Class("legend").Body(
			app.Li().Body(app.Span().Class("swatch series-1").Aria("hidden", "true"), app.Text("symmetric")),
			app.Li().Body(app.Span().Class("swatch series-2").Aria("hidden", "true"), app.Text("asymmetric")),
			app.Li().Body(app.Span().Class("swatch series-3").Aria("hidden", "true"), app.Text("hybrid")),
		),
	)
}

func raceTable(id string, ms []ciphers.Measurement) app.UI {
	rows := make([]app.UI, len(ms))
	for i, m := range ms {
		ops, per, rate := "—", "—", "—"
		if m.Measured() {
			ops = fmtCount(m.OpsPerSec)
			per = fmtNs(m.NsPerOp)
			if m.ReadsMessage {
				rate = fmtCount(m.BytesPerSec/1e6) + " MB/s"
			}
		}
		rows[i] = app.Tr().DataSet("alg", string(m.Algorithm)).DataSet("op", m.Operation).DataSet("ops", strconv.FormatFloat(m.OpsPerSec, 'f', 0, 64)).Body(
			app.Td().Text(string(m.Algorithm)+" "+m.Operation),
			app.Td().Text(m.Kind),
			app.Td().Text(ops),
			app.Td().Text(per),
			app.Td().Text(rate),
			app.Td().Class("lesson-meta").Text(skipOrDetail(m)),
		)
	}
	return app.Div().Class("table-wrap").Body(app.Table().ID(id+"-table").Class("api-table").Body(
		app.Caption().Text("Measured in this browser, one core"),
		app.THead().Body(app.Tr().Body(
			app.Th().Scope("col").Text("Operation"), app.Th().Scope("col").Text("Kind"), app.Th().Scope("col").Text("Ops/s"),
			app.Th().Scope("col").Text("Time per op"), app.Th().Scope("col").Text("Throughput"), app.Th().Scope("col").Text("Detail"),
		)),
		app.TBody().Body(rows...),
	))
}

func skipOrDetail(m ciphers.Measurement) string {
	if m.Skipped != "" {
		return m.Skipped
	}
	return m.Detail
}

// fmtCount prints a rate with three significant digits and a thousands
// separator where that helps reading.
func fmtCount(v float64) string {
	switch {
	case v >= 1e6:
		return strconv.FormatFloat(v/1e6, 'f', 2, 64) + " M"
	case v >= 1e4:
		return strconv.FormatFloat(v/1e3, 'f', 1, 64) + " k"
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	default:
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
}

func fmtNs(ns float64) string {
	switch {
	case ns >= 1e6:
		return strconv.FormatFloat(ns/1e6, 'f', 2, 64) + " ms"
	case ns >= 1e3:
		return strconv.FormatFloat(ns/1e3, 'f', 1, 64) + " µs"
	default:
		return strconv.FormatFloat(ns, 'f', 0, 64) + " ns"
	}
}
