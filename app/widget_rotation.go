package app

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/sandbox"
	"github.com/consensus-lab/playground/app/widgetspec"
	"github.com/consensus-lab/playground/engine/exchange"
	"github.com/consensus-lab/playground/engine/signing"
)

func newRotationWidget(id string, params map[string]string) app.UI {
	return &rotationWidget{ID: id, Params: params}
}

// The two secrets of the demo key in the rotation story.
const (
	rotationOldSecret = sandbox.DemoSecret
	rotationNewSecret = "demo-secret-rotated"
)

// rotationWidget puts a secret rotation on a timeline: the key ring holds
// the old secret until old_until and the new one from new_from; every
// request is signed at its minute and sent to a sandbox whose clock is set
// to that minute.
type rotationWidget struct {
	app.Compo
	ID     string
	Params map[string]string

	notes    []string
	newFrom  int
	oldUntil int
	requests []widgetspec.RotationRequest
	results  []rotationResult
	addWho   string
	addAt    int
	ready    bool
}

type rotationResult struct {
	Req  widgetspec.RotationRequest
	Resp sandbox.Response
}

func (w *rotationWidget) OnInit()                 { w.reset() }
func (w *rotationWidget) OnUpdate(app.Context)    { w.reset() }
func (w *rotationWidget) OnMount(ctx app.Context) { w.ready = true }

func (w *rotationWidget) reset() {
	v, notes := resolveParams("rotation", w.Params)
	w.notes = notes
	w.newFrom, _ = strconv.Atoi(v["new_from"])
	w.oldUntil, _ = strconv.Atoi(v["old_until"])
	reqs, err := widgetspec.ParseRotationRequests(v["requests"])
	if err != nil {
		w.notes = append(w.notes, err.Error()+"; showing no requests")
		reqs = nil
	}
	w.requests = reqs
	w.addWho, w.addAt = "new", 30
	w.run()
}

// run replays every request, in time order, against a fresh sandbox.
func (w *rotationWidget) run() {
	t0 := sandbox.DefaultStart
	ring := signing.NewKeyRing()
	ring.Add(sandbox.DemoAPIKey, rotationOldSecret, time.Time{}, t0.Add(time.Duration(w.oldUntil)*time.Minute))
	ring.Add(sandbox.DemoAPIKey, rotationNewSecret, t0.Add(time.Duration(w.newFrom)*time.Minute), time.Time{})
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

func (w *rotationWidget) params() map[string]string {
	parts := make([]string, len(w.requests))
	for i, r := range w.requests {
		parts[i] = r.Secret + "@" + strconv.Itoa(r.Minute)
	}
	return map[string]string{"new_from": strconv.Itoa(w.newFrom), "old_until": strconv.Itoa(w.oldUntil), "requests": strings.Join(parts, ",")}
}

func (w *rotationWidget) Render() app.UI {
	id := func(s string) string { return w.ID + "-" + s }
	minuteInput := func(suffix, label string, value int, set func(int)) app.UI {
		return app.Div().Class("field").Body(
			app.Label().For(id(suffix)).Text(label),
			app.Input().Type("number").ID(id(suffix)).Min(0).Max(widgetspec.RotationMaxMinute).Value(value).
				OnChange(func(ctx app.Context, e app.Event) {
					if n, err := strconv.Atoi(ctx.JSSrc().Get("value").String()); err == nil && n >= 0 && n <= widgetspec.RotationMaxMinute {
						set(n)
						w.run()
					}
				}),
		)
	}
	controls := app.Div().Class("rotation-controls").Body(
		minuteInput("new-from", "New secret valid from minute", w.newFrom, func(n int) { w.newFrom = n }),
		minuteInput("old-until", "Old secret retired at minute", w.oldUntil, func(n int) { w.oldUntil = n }),
	)
	adder := app.Div().Class("rotation-add").Body(
		selectField(id("add-secret"), "Sign with", w.addWho, []string{"old", "new"}, func(v string) { w.addWho = v }),
		minuteInput("add-minute", "at minute", w.addAt, func(n int) { w.addAt = n }),
		app.Button().Class("button").Type("button").ID(id("add")).Text("Send this request").
			OnClick(func(ctx app.Context, e app.Event) {
				w.requests = append(w.requests, widgetspec.RotationRequest{Secret: w.addWho, Minute: w.addAt})
				w.run()
			}),
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
	share := url.Values{}
	for k, v := range w.params() {
		share.Set(k, v)
	}
	return widgetFrame("rotation", w.ID, w.ready, w.notes,
		controls, w.timeline(), adder, app.Div().Class("table-scroll").Body(table),
		app.P().Class("share-link").Body(app.Text("This timeline as a link: "),
			app.Code().ID(id("share")).Text("embed/rotation?"+share.Encode())))
}

// timeline draws the two validity intervals and the requests as an SVG.
func (w *rotationWidget) timeline() app.UI {
	const width, left, right = 600.0, 40.0, 12.0
	x := func(m int) string {
		return strconv.FormatFloat(left+(width-left-right)*float64(m)/widgetspec.RotationMaxMinute, 'f', 1, 64)
	}
	span := func(from, until int) string {
		return strconv.FormatFloat((width-left-right)*float64(until-from)/widgetspec.RotationMaxMinute, 'f', 1, 64)
	}
	rowY := map[string]int{"old": 20, "new": 50}
	var b strings.Builder
	b.WriteString(`<svg class="chart rotation-timeline" viewBox="0 0 600 92" role="img" aria-label="Timeline over ` +
		strconv.Itoa(widgetspec.RotationMaxMinute) + ` minutes: old secret valid until minute ` + strconv.Itoa(w.oldUntil) +
		`, new secret from minute ` + strconv.Itoa(w.newFrom) + `; filled dots accepted, hollow dots refused">`)
	if w.newFrom < w.oldUntil {
		b.WriteString(`<rect class="rot-overlap" x="` + x(w.newFrom) + `" y="4" width="` + span(w.newFrom, w.oldUntil) + `" height="62"></rect>`)
	}
	b.WriteString(`<text class="tick" x="2" y="24">old</text><text class="tick" x="2" y="54">new</text>`)
	if w.oldUntil > 0 {
		b.WriteString(`<rect class="rot-old" x="` + x(0) + `" y="12" width="` + span(0, w.oldUntil) + `" height="16" rx="3"></rect>`)
	}
	if w.newFrom < widgetspec.RotationMaxMinute {
		b.WriteString(`<rect class="rot-new" x="` + x(w.newFrom) + `" y="42" width="` + span(w.newFrom, widgetspec.RotationMaxMinute) + `" height="16" rx="3"></rect>`)
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
