package apikeys

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/sandbox"
	"github.com/consensus-lab/playground/engine/exchange"
	"github.com/consensus-lab/playground/engine/signing"
)

// NewRateLimit is the ratelimit widget's factory.
func NewRateLimit(p kit.Placement) app.UI { return &rateLimit{Placement: p} }

// rateLimit sends a steady stream of signed requests to the in-page
// exchange on a simulated clock and draws what its token bucket answered.
type rateLimit struct {
	app.Compo
	kit.Placement
	base

	run rateRun
}

func (w *rateLimit) OnInit()              { w.Init("ratelimit", w.Placement, w.load) }
func (w *rateLimit) OnUpdate(app.Context) { w.Init("ratelimit", w.Placement, w.load) }

func (w *rateLimit) load() {
	w.run = runRate(w.Int("rate"), w.Int("send"), w.Int("seconds"), w.Bool("obey"))
}

// rateHit is one request of the stream.
type rateHit struct {
	At        time.Duration // since the start, on the simulated clock
	Status    int
	Remaining int // r of the RateLimit header (-1 when absent)
	Resp      sandbox.Response
}

// rateRun is a whole stream.
type rateRun struct {
	Hits        []rateHit
	OK, Limited int
	Waited      int // requests an obeying client did not send while it waited
}

// runRate runs a client sending send signed GET /orders a second, evenly
// spread, for seconds simulated seconds, against an exchange whose bucket
// holds rate tokens and refills rate a second. With obey the client sends
// nothing for Retry-After seconds after a 429.
func runRate(rate, send, seconds int, obey bool) rateRun {
	sb := sandbox.New(sandbox.Config{RateLimit: exchange.RateLimit{Rate: float64(rate), Burst: rate}})
	start := sb.Now()
	var run rateRun
	var resume time.Duration
	for i := range send * seconds {
		at := time.Duration(i) * time.Second / time.Duration(send)
		if obey && at < resume {
			run.Waited++
			continue
		}
		sb.Clock.Set(start.Add(at))
		req, _ := sandbox.SignedRequest(http.MethodGet, exchange.PathOrders, nil, sandbox.DemoAPIKey, sandbox.DemoSecret,
			signing.AlgorithmSHA256, sb.Now().Unix(), sb.NextNonce("rate"))
		resp := sb.Send(req)
		run.Hits = append(run.Hits, rateHit{At: at, Status: resp.Status, Remaining: remaining(resp.Header.Get("RateLimit")), Resp: resp})
		switch resp.Status {
		case http.StatusOK:
			run.OK++
		case http.StatusTooManyRequests:
			run.Limited++
			if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && obey {
				resume = at + time.Duration(s)*time.Second
			}
		}
	}
	return run
}

// remaining reads r from a RateLimit field such as `"default";r=19;t=1`
// (-1 when it has none).
func remaining(field string) int {
	for _, p := range strings.Split(field, ";") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(p), "r="); ok {
			if n, err := strconv.Atoi(v); err == nil {
				return n
			}
		}
	}
	return -1
}

// last returns the last hit with the status (any status when 0).
func (r rateRun) last(status int) (rateHit, bool) {
	for i := len(r.Hits) - 1; i >= 0; i-- {
		if status == 0 || r.Hits[i].Status == status {
			return r.Hits[i], true
		}
	}
	return rateHit{}, false
}

func (w *rateLimit) Render() app.UI {
	r := w.run
	pts := make([]kit.Point, 0, len(r.Hits))
	for _, h := range r.Hits {
		if h.Remaining >= 0 {
			pts = append(pts, kit.Point{X: h.At.Seconds(), Y: float64(h.Remaining)})
		}
	}
	chart := kit.Chart{
		Label:  "Tokens remaining (r of the RateLimit header) after each request",
		XLabel: "simulated time (s)", YLabel: "tokens remaining r",
		Series: []kit.Series{{Name: "r after each request", Style: "series-1", Dots: true, Points: pts}},
		XMin:   0, XMax: float64(w.Int("seconds")), YMin: 0, YMax: float64(w.Int("rate")),
	}
	totals := []app.UI{
		app.Text("Sent "), app.Strong().Text(kit.Int(len(r.Hits))), app.Text(": "),
		app.Strong().Text(kit.Int(r.OK)), app.Text(" answered 200, "),
		app.Strong().Class("bad").Text(kit.Int(r.Limited)), app.Text(" refused with 429 rate_limited."),
	}
	if w.Bool("obey") {
		totals = append(totals, app.Text(" While waiting out Retry-After the client held back "+kit.Int(r.Waited)+" requests."))
	}
	body := []app.UI{
		app.Div().Class("desk-grid").Body(
			w.Number("rate", "Bucket: refill per second (and burst)"),
			w.Number("send", "Client: requests per second"),
			w.Number("seconds", "Seconds"),
		),
		w.Checkbox("obey", "The client waits Retry-After seconds after a 429"),
		app.P().ID(w.ID+"-totals").Class("desk-summary").Role("status").Aria("live", "polite").
			DataSet("sent", len(r.Hits)).DataSet("ok", r.OK).DataSet("limited", r.Limited).
			Body(totals...),
		chart.Render(),
		w.headers(),
		w.timeline(),
	}
	return w.Frame(body...)
}

// headers shows the rate-limit headers of the last answer, and of the last
// 429 when that was an earlier one, as sent.
func (w *rateLimit) headers() app.UI {
	var items []app.UI
	show := func(id, title string, h rateHit) {
		items = append(items, app.Dt().Text(title+" (at "+kit.Nanos(float64(h.At))+", "+strconv.Itoa(h.Status)+")"),
			app.Dd().ID(id).Body(app.Pre().Class("canonical").Text(headerLines(h.Resp.Header))))
	}
	last, ok := w.run.last(0)
	if ok {
		show(w.ID+"-last", "The last answer's headers", last)
	}
	if l429, ok := w.run.last(http.StatusTooManyRequests); ok && l429.At != last.At {
		show(w.ID+"-last429", "The last 429's headers", l429)
	}
	return app.Dl().Class("kv").Body(items...)
}

// headerLines writes the rate-limit headers of an answer verbatim.
func headerLines(h http.Header) string {
	var b strings.Builder
	for _, name := range []string{"RateLimit-Policy", "RateLimit", "Retry-After"} {
		if v := h.Get(name); v != "" {
			b.WriteString(name + ": " + v + "\n")
		} else {
			b.WriteString("(no " + name + ")\n")
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// timeline lists every request: when, the status, and r.
func (w *rateLimit) timeline() app.UI {
	rows := make([]app.UI, len(w.run.Hits))
	for i, h := range w.run.Hits {
		status := app.Td().Class("replay-ok").Text(strconv.Itoa(h.Status))
		if h.Status != http.StatusOK {
			status = app.Td().Class("replay-bad").Body(app.Text(strconv.Itoa(h.Status)+" "), app.Code().Text(h.Resp.Code))
		}
		rows[i] = app.Tr().DataSet("status", h.Status).Body(
			app.Td().Text(strconv.Itoa(i+1)),
			app.Td().Text(kit.Nanos(float64(h.At))),
			status,
			app.Td().Text(strconv.Itoa(h.Remaining)),
			app.Td().Text(h.Resp.Header.Get("Retry-After")),
		)
	}
	return app.Details().Class("seq-older").Body(
		app.Summary().Text("Timeline: every request"),
		kit.ScrollTable("Timeline", app.Table().ID(w.ID+"-timeline").Class("replay-log").Body(
			app.THead().Body(app.Tr().Body(
				app.Th().Scope("col").Text("#"), app.Th().Scope("col").Text("time"), app.Th().Scope("col").Text("status"),
				app.Th().Scope("col").Text("r"), app.Th().Scope("col").Text("Retry-After"),
			)),
			app.TBody().Body(rows...),
		)),
	)
}
