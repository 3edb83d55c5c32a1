package app

import (
	"context"
	"math"
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

func newSpeedRace(id string, params map[string]string) app.UI {
	return &speedRace{ID: id, Params: params}
}

// speedRace times each algorithm in the cipher worker, one algorithm per
// call: the page stays responsive, the chart grows as results come in, and
// Stop is answered at once (it stops sending and ignores the reply still
// out). The RSA key for the RSA rows is made once, in the worker, and kept
// there under a handle for later runs.
type speedRace struct {
	app.Compo
	ID     string
	Params map[string]string

	notes     []string
	size      int
	budget    time.Duration
	results   []measurement
	rsaBits   int
	rsaHandle uint32 // the worker's RSA-2048 key; 0 until made
	status    string
	err       error
	running   bool
	jobs      cipherJobs
	ready     bool
}

func (w *speedRace) OnInit()                 { w.reset() }
func (w *speedRace) OnUpdate(app.Context)    { w.reset() }
func (w *speedRace) OnMount(ctx app.Context) { w.ready = true }
func (w *speedRace) OnDismount()             { w.stop() }

func (w *speedRace) reset() {
	values, notes := resolveParams("speedrace", w.Params)
	w.notes = notes
	w.size, _ = strconv.Atoi(values["size"])
	ms, _ := strconv.Atoi(values["budget"])
	w.budget = time.Duration(ms) * time.Millisecond
	w.results, w.err, w.status = nil, nil, ""
}

func (w *speedRace) start(ctx app.Context) {
	if w.running {
		return
	}
	w.running = true
	w.results, w.err = nil, nil
	if w.rsaHandle != 0 {
		w.next(ctx, 0)
		return
	}
	w.status = "Generating an RSA-2048 key for the RSA rows…"
	w.jobs.send(ctx, "rsa.keygen", map[string]int{"bits": 2048}, func(r cipherReply) {
		var k rsaKeyInfo
		if err := r.decode(&k); err != nil {
			w.finish(err)
			return
		}
		w.rsaHandle = k.Handle
		w.next(ctx, 0)
	})
}

// next times algorithm i, then the one after it.
func (w *speedRace) next(ctx app.Context, i int) {
	if i == len(raceAlgorithms) {
		w.finish(nil)
		return
	}
	alg := raceAlgorithms[i]
	w.status = "Timing " + alg + "…"
	args := map[string]any{"alg": alg, "size": w.size, "budgetMs": int(w.budget / time.Millisecond), "rsaHandle": w.rsaHandle}
	w.jobs.send(ctx, "race.measure", args, func(r cipherReply) {
		if r.code() == codeUnknownKey {
			// The worker restarted and forgot the key: make another, and
			// start over so every row uses the same key.
			w.rsaHandle, w.running = 0, false
			w.start(ctx)
			return
		}
		var res struct {
			Measurements []measurement `json:"measurements"`
			RSABits      int           `json:"rsaBits"`
		}
		if err := r.decode(&res); err != nil {
			w.finish(err)
			return
		}
		w.results = append(w.results, res.Measurements...)
		if res.RSABits != 0 {
			w.rsaBits = res.RSABits
		}
		w.next(ctx, i+1)
	})
}

// stop ends the race now; the measurement still running in the worker
// finishes there and its reply is dropped.
func (w *speedRace) stop() {
	if w.running {
		w.jobs.drop()
		w.finish(context.Canceled)
	}
}

// finish ends a race: err is nil when it ran to the end, context.Canceled
// when the learner stopped it.
func (w *speedRace) finish(err error) {
	w.running = false
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
				OnClick(func(ctx app.Context, e app.Event) { w.stop() }),
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
func raceShort(m measurement) string {
	names := map[string]string{
		"AES-256-GCM": "AES", "ChaCha20-Poly1305": "ChaCha", "Ed25519": "Ed25519",
		"RSA-PSS": "PSS", "RSA-OAEP": "OAEP", "X25519": "X25519", "HPKE": "HPKE",
	}
	return names[m.Algorithm] + " " + m.Operation
}

func kindStyle(kind string) string {
	switch kind {
	case kindSymmetric:
		return "series-1"
	case kindAsymmetric:
		return "series-2"
	default:
		return "series-3"
	}
}

// raceChart draws operations per second on a log scale (bar height is
// log10 of ops/s): the fastest and slowest differ by several powers of ten.
func raceChart(ms []measurement, size int) app.UI {
	var bars []Bar
	for _, m := range ms {
		if !m.measured() || m.OpsPerSec <= 0 {
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

func raceTable(id string, ms []measurement) app.UI {
	rows := make([]app.UI, len(ms))
	for i, m := range ms {
		ops, per, rate := "—", "—", "—"
		if m.measured() {
			ops = fmtCount(m.OpsPerSec)
			per = fmtNs(m.NsPerOp)
			if m.ReadsMessage {
				rate = fmtCount(m.BytesPerSec/1e6) + " MB/s"
			}
		}
		rows[i] = app.Tr().DataSet("alg", m.Algorithm).DataSet("op", m.Operation).DataSet("ops", strconv.FormatFloat(m.OpsPerSec, 'f', 0, 64)).Body(
			app.Td().Text(m.Algorithm+" "+m.Operation),
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

func skipOrDetail(m measurement) string {
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
