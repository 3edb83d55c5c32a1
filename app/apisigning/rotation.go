package apisigning

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/sandbox"
	"github.com/consensus-lab/playground/app/widgetspec"
	"github.com/consensus-lab/playground/engine/exchange"
	"github.com/consensus-lab/playground/engine/signing"
)

// NewRotation is the rotation widget's factory.
func NewRotation(p kit.Placement) app.UI { return &rotation{Placement: p} }

// The two secrets of the demo key in the rotation story.
const (
	rotationOldSecret = sandbox.DemoSecret
	rotationNewSecret = "demo-secret-rotated"
)

// rotation puts a secret rotation on a timeline: the key ring holds the
// old secret until old_until and the new one from new_from; every request
// is signed at its minute and sent to a sandbox whose clock is set to that
// minute.
type rotation struct {
	app.Compo
	kit.Placement
	base

	requests []widgetspec.RotationRequest
	results  []rotationResult
	// The next request to add, before it is sent (then it joins the
	// requests parameter).
	addWho string
	addAt  int
}

type rotationResult struct {
	Req  widgetspec.RotationRequest
	Resp sandbox.Response
}

func (w *rotation) OnInit() {
	w.addWho, w.addAt = "new", 30
	w.Init("rotation", w.Placement, w.load)
}
func (w *rotation) OnUpdate(app.Context) { w.Init("rotation", w.Placement, w.load) }

func (w *rotation) load() {
	reqs, err := widgetspec.ParseRotationRequests(w.Value("requests"))
	if err != nil {
		w.Note(err.Error() + "; showing no requests")
		reqs = nil
	}
	w.requests = reqs
	w.run()
}

// run replays every request, in time order, against a fresh sandbox.
func (w *rotation) run() {
	t0 := sandbox.DefaultStart
	ring := signing.NewKeyRing()
	ring.Add(sandbox.DemoAPIKey, rotationOldSecret, time.Time{}, t0.Add(time.Duration(w.Int("old_until"))*time.Minute))
	ring.Add(sandbox.DemoAPIKey, rotationNewSecret, t0.Add(time.Duration(w.Int("new_from"))*time.Minute), time.Time{})
	sb := sandbox.New(sandbox.Config{Keys: ring, Start: t0})

	order := make([]int, len(w.requests))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return w.requests[order[a]].Minute < w.requests[order[b]].Minute })
	w.results = make([]rotationResult, len(w.requests))
	for _, i := range order {
		r := w.requests[i]
		at := t0.Add(time.Duration(r.Minute) * time.Minute)
		if sb.Now().Before(at) {
			sb.Clock.Set(at)
		} else {
			sb.Clock.Advance(time.Second) // same minute: one second later
		}
		secret := rotationOldSecret
		if r.Secret == "new" {
			secret = rotationNewSecret
		}
		req, _ := sandbox.SignedRequest(http.MethodGet, exchange.PathOrders, nil, sandbox.DemoAPIKey, secret, signing.AlgorithmSHA256,
			sb.Now().Unix(), sb.NextNonce("rotation"))
		w.results[i] = rotationResult{Req: r, Resp: sb.Send(req)}
	}
}

// add sends one more request: it joins the requests parameter, so the
// page address and the share link keep it.
func (w *rotation) add() {
	r := w.addWho + "@" + strconv.Itoa(w.addAt)
	if v := w.Value("requests"); v != "" {
		r = v + "," + r
	}
	w.Set("requests", r)
}

func (w *rotation) Render() app.UI {
	id := func(s string) string { return w.ID + "-" + s }
	controls := app.Div().Class("rotation-controls").Body(
		w.Number("new_from", "New secret valid from minute"),
		w.Number("old_until", "Old secret retired at minute"),
	)
	p, _ := kit.Spec("rotation").Param("new_from")
	adder := app.Div().Class("rotation-add").Body(
		kit.Field(id("add-secret"), "Sign with", app.Select().ID(id("add-secret")).Body(
			kit.Option("old", "old", w.addWho == "old"),
			kit.Option("new", "new", w.addWho == "new"),
		).OnChange(func(ctx app.Context, e app.Event) { w.addWho = kit.Value(ctx) })),
		kit.Field(id("add-minute"), "at minute", app.Input().Type("number").ID(id("add-minute")).Min(p.Min).Max(p.Max).Step(1).Value(w.addAt).
			OnChange(func(ctx app.Context, e app.Event) {
				if n, err := strconv.Atoi(kit.Value(ctx)); err == nil {
					w.addAt = min(max(n, p.Min), p.Max)
				}
			})),
		kit.Button{ID: id("add"), Label: "Send this request", OnClick: kit.Click(w.add)}.UI(),
	)
	rows := make([]app.UI, len(w.results))
	for i, r := range w.results {
		answer := app.Td().Class("replay-ok").Text(strconv.Itoa(r.Resp.Status) + " OK")
		if r.Resp.Status >= 400 {
			answer = app.Td().Class("replay-bad").Body(app.Text(strconv.Itoa(r.Resp.Status)+" "), app.Code().Text(r.Resp.Code))
		}
		why := ""
		if s, failed := r.Resp.Trace.Failed(); failed {
			why = s.Detail
		} else if n := len(r.Resp.Trace.Steps); n > 0 {
			why = r.Resp.Trace.Steps[n-1].Detail
		}
		rows[i] = app.Tr().DataSet("secret", r.Req.Secret).DataSet("minute", r.Req.Minute).
			DataSet("status", r.Resp.Status).DataSet("code", r.Resp.Code).Body(
			app.Td().Text("minute "+strconv.Itoa(r.Req.Minute)),
			app.Td().Text(r.Req.Secret+" secret"),
			answer,
			app.Td().Class("replay-why").Text(why),
		)
	}
	table := app.Table().ID(id("log")).Class("replay-log").Body(
		app.Caption().Text("Each request signed at its minute (GET /api/v1/orders)"),
		app.THead().Body(app.Tr().Body(app.Th().Scope("col").Text("when"), app.Th().Scope("col").Text("signed with"),
			app.Th().Scope("col").Text("answer"), app.Th().Scope("col").Text("verifier"))),
		app.TBody().Body(rows...),
	)
	return w.Frame(controls, w.timeline(), adder, kit.ScrollTable("Requests checked against both keys", table))
}

// timeline draws the two validity intervals and the requests as an SVG.
func (w *rotation) timeline() app.UI {
	const width, left, right = 600.0, 40.0, 12.0
	x := func(m int) string {
		return strconv.FormatFloat(left+(width-left-right)*float64(m)/widgetspec.RotationMaxMinute, 'f', 1, 64)
	}
	span := func(from, until int) string {
		return strconv.FormatFloat((width-left-right)*float64(until-from)/widgetspec.RotationMaxMinute, 'f', 1, 64)
	}
	rowY := map[string]int{"old": 20, "new": 50}
	oldUntil, newFrom := w.Int("old_until"), w.Int("new_from")
	var b strings.Builder
	b.WriteString(`<svg class="chart rotation-timeline" viewBox="0 0 600 92" role="img" aria-label="Timeline over ` +
		strconv.Itoa(widgetspec.RotationMaxMinute) + ` minutes: old secret valid until minute ` + strconv.Itoa(oldUntil) +
		`, new secret from minute ` + strconv.Itoa(newFrom) + `; filled dots accepted, hollow dots refused">`)
	if newFrom < oldUntil {
		b.WriteString(`<rect class="rot-overlap" x="` + x(newFrom) + `" y="4" width="` + span(newFrom, oldUntil) + `" height="62"></rect>`)
	}
	b.WriteString(`<text class="tick" x="2" y="24">old</text><text class="tick" x="2" y="54">new</text>`)
	if oldUntil > 0 {
		b.WriteString(`<rect class="rot-old" x="` + x(0) + `" y="12" width="` + span(0, oldUntil) + `" height="16" rx="3"></rect>`)
	}
	if newFrom < widgetspec.RotationMaxMinute {
		b.WriteString(`<rect class="rot-new" x="` + x(newFrom) + `" y="42" width="` + span(newFrom, widgetspec.RotationMaxMinute) + `" height="16" rx="3"></rect>`)
	}
	for m := 0; m <= widgetspec.RotationMaxMinute; m += 30 {
		b.WriteString(`<text class="tick" text-anchor="middle" x="` + x(m) + `" y="84">` + strconv.Itoa(m) + ` min</text>`)
	}
	for _, r := range w.results {
		class := "rot-accepted"
		if r.Resp.Status >= 400 {
			class = "rot-refused"
		}
		b.WriteString(`<circle class="` + class + `" cx="` + x(r.Req.Minute) + `" cy="` + strconv.Itoa(rowY[r.Req.Secret]) + `" r="6"></circle>`)
	}
	b.WriteString(`</svg>`)
	return app.Figure().Class("chart-figure").Body(app.Raw(b.String()))
}
