package encryption

import (
	"context"
	"math"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/encryption/cipherworker"
	"github.com/consensus-lab/playground/app/kit"
)

// NewSpeedRace is the speed race's factory.
func NewSpeedRace(p kit.Placement) app.UI { return &speedRace{Placement: p} }

// speedRace times each algorithm in the cipher worker, one algorithm per
// call: the page stays responsive, the chart grows as results come in, and
// Stop is answered at once (it stops sending and ignores the reply still
// out). The RSA key for the RSA rows is made once, in the worker, and kept
// there under a handle for later runs.
type speedRace struct {
	app.Compo
	kit.Placement
	base

	results   []measurement
	rsaBits   int
	rsaHandle uint32 // the worker's RSA-2048 key; 0 until made
	status    string
	err       error
	running   bool
	jobs      jobs
}

func (w *speedRace) OnInit()              { w.Init("speedrace", w.Placement, w.load) }
func (w *speedRace) OnUpdate(app.Context) { w.Init("speedrace", w.Placement, w.load) }
func (w *speedRace) OnDismount()          { w.stop() }

// load starts afresh: a race under other settings stops, and its results
// go (they were for another size or budget).
func (w *speedRace) load() {
	w.stop()
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
	w.jobs.send(ctx, "rsa.keygen", map[string]int{"bits": 2048}, func(r cipherworker.Reply) {
		var k rsaKeyInfo
		if err := r.Decode(&k); err != nil {
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
	args := map[string]any{"alg": alg, "size": w.Int("size"), "budgetMs": w.Int("budget"), "rsaHandle": w.rsaHandle}
	w.jobs.send(ctx, "race.measure", args, func(r cipherworker.Reply) {
		if r.Code() == cipherworker.CodeUnknownKey {
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
		if err := r.Decode(&res); err != nil {
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
		w.jobs.Drop()
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
	sizes := map[string]string{}
	p, _ := kit.Spec("speedrace").Param("size")
	for _, c := range p.Choices {
		n, _ := strconv.Atoi(c)
		sizes[c] = sizeText(n)
	}
	body := []app.UI{
		app.Div().Class("desk-grid").Body(
			w.Select("size", "Message size", sizes),
			w.Number("budget", "Time per operation (ms)"),
		),
		app.Div().Body(
			kit.Button{ID: w.ID + "-run", Label: "Run the race in this browser", Busy: w.running, OnClick: func(ctx app.Context, _ app.Event) { w.start(ctx) }}.UI(),
			kit.Button{ID: w.ID + "-stop", Label: "Stop", Secondary: true, Disabled: !w.running, OnClick: kit.Click(w.stop)}.UI(),
		),
		app.P().ID(w.ID+"-status").Class("status").Role("status").Aria("live", "polite").DataSet("running", kit.YesNo(w.running)).DataSet("rows", len(w.results)).Text(w.statusText()),
	}
	if w.err != nil {
		body = append(body, app.P().Class("status error").Text("The race failed: "+w.err.Error()))
	}
	if len(w.results) > 0 {
		body = append(body, raceChart(w.results, w.Int("size")), raceTable(w.ID, w.results))
	}
	return w.Frame(body...)
}

func (w *speedRace) statusText() string {
	if w.status != "" {
		return w.status
	}
	return "Each operation runs for " + w.Value("budget") + " ms after a warm-up, on one core of this device, on " + sizeText(w.Int("size")) + " messages. The whole race takes a few seconds."
}

// sizeText names a message size as the race's choices are written: in
// bytes, or KiB for whole kibibytes.
func sizeText(n int) string {
	if n >= 1024 && n%1024 == 0 {
		return strconv.Itoa(n/1024) + " KiB"
	}
	return strconv.Itoa(n) + " B"
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
	var bars []kit.Bar
	for _, m := range ms {
		if !m.measured() || m.OpsPerSec <= 0 {
			continue
		}
		bars = append(bars, kit.Bar{Label: raceShort(m), Value: math.Log10(m.OpsPerSec), Style: kindStyle(m.Kind)})
	}
	return app.Div().Body(
		kit.BarChart{
			Label:  "Operations per second on " + sizeText(size) + " messages, log scale: each step up the axis is ten times faster",
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
			ops = kit.PerSecond(m.OpsPerSec, "ops")
			per = kit.Nanos(m.NsPerOp)
			if m.ReadsMessage {
				rate = kit.PerSecond(m.BytesPerSec, "B")
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
	return kit.ScrollTable("Measured speeds", app.Table().ID(id+"-table").Class("api-table").Body(
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
