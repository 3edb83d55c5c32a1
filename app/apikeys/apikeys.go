package apikeys

import (
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/sandbox"
	"github.com/consensus-lab/playground/engine/exchange"
	"github.com/consensus-lab/playground/engine/signing"
)

// NewAPIKeys is the apikeys widget's factory.
func NewAPIKeys(p kit.Placement) app.UI { return &apiKeys{Placement: p} }

// The allow-list scenario's key: HMAC, read only, usable from one
// documentation network (RFC 5737) only.
const (
	officeKey    = "demo-office"
	officeSecret = "demo-office-secret"
)

var (
	officeNet = netip.MustParsePrefix("203.0.113.0/24")
	// The allow-list scenario's two clients: a stranger and a machine in
	// the office network.
	strangerAddr = netip.MustParseAddr("198.51.100.7")
	officeAddr   = netip.MustParseAddr("203.0.113.10")
)

// madeUpID is an order id no key ever had, shown beside another key's
// real order id.
const madeUpID = "ord_99999999"

// apiKeys plays one scenario of the lesson, one signed request per press of
// "Send next request". The number of requests sent is the step parameter,
// so a shared link restores the story.
type apiKeys struct {
	app.Compo
	kit.Placement
	base

	play *play
}

func (w *apiKeys) OnInit()              { w.Init("apikeys", w.Placement, w.load) }
func (w *apiKeys) OnUpdate(app.Context) { w.Init("apikeys", w.Placement, w.load) }

// load replays the scenario's first step requests on a fresh sandbox.
func (w *apiKeys) load() {
	w.play = newPlay(w.Value("scenario"))
	n := w.Int("step")
	if total := w.play.total(); n > total {
		w.Note("the " + w.Value("scenario") + " scenario has " + strconv.Itoa(total) + " requests; step " + strconv.Itoa(n) + " shows them all")
		n = total
	}
	for range n {
		w.play.next()
	}
}

// sent is one request of a scenario and the sandbox's answer.
type sent struct {
	Who    string // the client, in words
	Why    string // what the request shows
	Method string
	Path   string
	Key    string
	From   netip.Addr // zero: the in-page network's own address
	Nonce  string
	Resp   sandbox.Response
	// Canonical and Authorization are kept for the Ed25519 scenario.
	Canonical     string
	Authorization string
	Tampered      bool
}

// play is one scenario's run: a fresh sandbox with the demo keys (and the
// allow-listed key) and the requests sent so far.
type play struct {
	scenario string
	sb       *sandbox.Sandbox
	sent     []sent
	orderID  string // the order demo placed (bola)
	nonce    string // the nonce of the refused order (scope)
}

const testOrder = `{"symbol":"BTC-USD","side":"buy","type":"limit","quantity":"0.5","price":"65000"}`

func newPlay(scenario string) *play {
	ring, policies := exchange.DemoKeys()
	ring.Add(officeKey, officeSecret, time.Time{}, time.Time{})
	policies[officeKey] = exchange.KeyPolicy{Scopes: []string{exchange.ScopeRead}, Allow: []netip.Prefix{officeNet}}
	return &play{scenario: scenario, sb: sandbox.New(sandbox.Config{Keys: ring, Policies: policies})}
}

// secrets of the HMAC keys the scenarios sign with.
var secrets = map[string]string{
	exchange.DemoKey:     exchange.DemoSecret,
	exchange.DemoReadKey: exchange.DemoReadSecret,
	officeKey:            officeSecret,
}

// steps are the requests of each scenario, in order.
var steps = map[string][]func(p *play) sent{
	"scope": {
		func(p *play) sent {
			return p.hmac(sent{Who: "demo-read", Why: "reads its orders: read is in its scopes"}, http.MethodGet, exchange.PathOrders, "")
		},
		func(p *play) sent {
			s := p.hmac(sent{Who: "demo-read", Why: "places an order: that needs trade, which it lacks"}, http.MethodPost, exchange.PathOrders, "")
			p.nonce = s.Nonce
			return s
		},
		func(p *play) sent {
			return p.hmac(sent{Who: "demo-read", Why: "reads again with the refused order's nonce: a refusal spends no nonce", Nonce: p.nonce}, http.MethodGet, exchange.PathOrders, "")
		},
		func(p *play) sent {
			return p.hmac(sent{Who: "demo", Why: "places the same order: demo has read and trade"}, http.MethodPost, exchange.PathOrders, "")
		},
	},
	"allowlist": {
		func(p *play) sent {
			return p.hmac(sent{Who: "someone at " + strangerAddr.String(), Why: "uses the key, signed correctly, from outside " + officeNet.String(), From: strangerAddr}, http.MethodGet, exchange.PathOrders, officeKey)
		},
		func(p *play) sent {
			return p.hmac(sent{Who: "the office at " + officeAddr.String(), Why: "uses the key from inside " + officeNet.String(), From: officeAddr}, http.MethodGet, exchange.PathOrders, officeKey)
		},
	},
	"bola": {
		func(p *play) sent {
			s := p.hmac(sent{Who: "demo", Why: "places an order"}, http.MethodPost, exchange.PathOrders, "")
			var o exchange.Order
			if json.Unmarshal(s.Resp.Body, &o) == nil {
				p.orderID = o.ID
			}
			return s
		},
		func(p *play) sent {
			return p.hmac(sent{Who: "demo", Why: "reads its own order"}, http.MethodGet, exchange.PathOrders+"/"+p.orderID, "")
		},
		func(p *play) sent {
			return p.hmac(sent{Who: "demo-read", Why: "asks for demo's order by its id"}, http.MethodGet, exchange.PathOrders+"/"+p.orderID, "")
		},
		func(p *play) sent {
			return p.hmac(sent{Who: "demo-read", Why: "asks for an id that never existed"}, http.MethodGet, exchange.PathOrders+"/"+madeUpID, "")
		},
	},
	"ed25519": {
		func(p *play) sent {
			return p.ed25519(sent{Who: "demo-ed25519", Why: "signs an order with its private key"}, false)
		},
		func(p *play) sent {
			return p.ed25519(sent{Who: "demo-ed25519", Why: "signs another order, then the body is changed on the way (quantity 0.5 becomes 50)"}, true)
		},
	},
}

func (p *play) total() int { return len(steps[p.scenario]) }

// next sends the scenario's next request, if there is one.
func (p *play) next() {
	if len(p.sent) < p.total() {
		p.sb.Clock.Advance(time.Second)
		p.sent = append(p.sent, steps[p.scenario][len(p.sent)](p))
	}
}

// hmac signs and sends a request as s.Who's key (or key when given).
func (p *play) hmac(s sent, method, path, key string) sent {
	if key == "" {
		key = s.Who
	}
	if s.Nonce == "" {
		s.Nonce = p.sb.NextNonce("keys")
	}
	var body []byte
	if method == http.MethodPost {
		body = []byte(testOrder)
	}
	req, canonical := sandbox.SignedRequest(method, path, body, key, secrets[key], signing.AlgorithmSHA256, p.sb.Now().Unix(), s.Nonce)
	if method == http.MethodPost {
		req.Header.Set("Idempotency-Key", `"`+s.Nonce+`"`)
	}
	req.From = s.From
	s.Method, s.Path, s.Key, s.Canonical, s.Authorization = method, path, key, canonical, req.Header.Get("Authorization")
	s.Resp = p.sb.Send(req)
	return s
}

// ed25519 signs an order with the demo Ed25519 key; tamper changes the
// body after signing.
func (p *play) ed25519(s sent, tamper bool) sent {
	s.Nonce = p.sb.NextNonce("keys")
	req, canonical := sandbox.SignedEd25519Request(http.MethodPost, exchange.PathOrders, []byte(testOrder), exchange.DemoEd25519Key,
		exchange.DemoEd25519PrivateKey(), p.sb.Now().Unix(), s.Nonce)
	req.Header.Set("Idempotency-Key", `"`+s.Nonce+`"`)
	if tamper {
		req.Body = []byte(strings.Replace(testOrder, `"0.5"`, `"50"`, 1))
	}
	s.Method, s.Path, s.Key, s.Canonical, s.Authorization, s.Tampered = http.MethodPost, exchange.PathOrders, exchange.DemoEd25519Key, canonical, req.Header.Get("Authorization"), tamper
	s.Resp = p.sb.Send(req)
	return s
}

// sendNext sends one more request, as the step parameter, so the page
// address and the share link keep the story. It reads the play at click
// time: go-app may keep the handler of an earlier render.
func (w *apiKeys) sendNext() { w.Set("step", strconv.Itoa(len(w.play.sent)+1)) }

var scenarioLabels = map[string]string{
	"scope":     "Scopes: a read-only key",
	"allowlist": "IP allow-list",
	"bola":      "Another key's order",
	"ed25519":   "Ed25519 key",
}

func (w *apiKeys) Render() app.UI {
	p := w.play
	done := len(p.sent) >= p.total()
	body := []app.UI{
		w.scenarioSelect(),
		w.intro(),
		app.Div().Class("replay-buttons").Body(
			kit.Button{ID: w.ID + "-next", Label: "Send next request", Disabled: done,
				OnClick: kit.Click(w.sendNext)}.UI(),
			kit.Button{ID: w.ID + "-restart", Label: "Start over", Secondary: true, Disabled: len(p.sent) <= 1,
				OnClick: kit.Click(func() { w.Set("step", "1") })}.UI(),
		),
		app.P().ID(w.ID+"-progress").Class("widget-small").Role("status").Aria("live", "polite").
			DataSet("sent", len(p.sent)).DataSet("total", p.total()).
			Text("Sent " + strconv.Itoa(len(p.sent)) + " of " + strconv.Itoa(p.total()) + " requests."),
		app.Div().Class("table-scroll").Body(w.log()),
	}
	if p.scenario == "ed25519" && len(p.sent) > 0 {
		body = append(body, w.signature(p.sent[len(p.sent)-1]))
	}
	if p.scenario == "bola" && len(p.sent) == 4 {
		body = append(body, w.sideBySide(p.sent[2], p.sent[3]))
	}
	return w.Frame(body...)
}

// scenarioSelect picks a scenario and starts it from its first request
// (the kit's Select would keep a step the new scenario may not have).
func (w *apiKeys) scenarioSelect() app.UI {
	p, _ := kit.Spec("apikeys").Param("scenario")
	opts := make([]app.UI, len(p.Choices))
	for i, c := range p.Choices {
		opts[i] = kit.Option(c, scenarioLabels[c], c == w.Value("scenario"))
	}
	id := w.InputID("scenario")
	return kit.Field(id, "Scenario", app.Select().ID(id).
		OnChange(func(ctx app.Context, e app.Event) {
			w.SetMany(map[string]string{"scenario": kit.Value(ctx), "step": "1"})
		}).
		Body(opts...))
}

// intro says what the scenario sets up.
func (w *apiKeys) intro() app.UI {
	var text string
	switch w.play.scenario {
	case "scope":
		text = "demo-read has the scope read only; demo has read and trade."
	case "allowlist":
		text = "The key " + officeKey + " (read only) may be used from " + officeNet.String() + " only; the in-page exchange sees the address each client sends from."
	case "bola":
		text = "Each key has its own orders. demo places one; demo-read, correctly signed and allowed to read, asks for it."
	default:
		text = "The server holds only demo-ed25519's public key; the client signs with the private key."
	}
	return app.P().Class("widget-small").Text(text)
}

func (w *apiKeys) log() app.UI {
	rows := make([]app.UI, len(w.play.sent))
	for i, s := range w.play.sent {
		answer := app.Td().Class("replay-ok").Text(strconv.Itoa(s.Resp.Status))
		if s.Resp.Status >= 400 {
			answer = app.Td().Class("replay-bad").Body(app.Text(strconv.Itoa(s.Resp.Status)+" "), app.Code().Text(s.Resp.Code))
		}
		who := s.Who
		if s.Key != s.Who {
			who += " (key " + s.Key + ")"
		}
		rows[i] = app.Tr().ID(w.ID+"-req-"+strconv.Itoa(i+1)).DataSet("status", s.Resp.Status).DataSet("code", s.Resp.Code).Body(
			app.Td().Text(strconv.Itoa(i+1)),
			app.Td().Body(app.Text(who+" "+s.Why)),
			app.Td().Body(app.Code().Text(s.Method+" "+s.Path)),
			app.Td().Body(app.Code().Text(s.Key)),
			app.Td().Body(app.Code().Text(s.Nonce)),
			answer,
			app.Td().Body(headerCode(s.Resp.Header, "RateLimit-Policy"), app.Br(), headerCode(s.Resp.Header, "RateLimit")),
		)
	}
	return kit.ScrollTable("Requests sent to the sandbox", app.Table().ID(w.ID+"-log").Class("replay-log").Body(
		app.Caption().Text("Requests sent to the sandbox, and its answers"),
		app.THead().Body(app.Tr().Body(
			app.Th().Scope("col").Text("#"), app.Th().Scope("col").Text("who, and why"), app.Th().Scope("col").Text("request"),
			app.Th().Scope("col").Text("key"), app.Th().Scope("col").Text("nonce"), app.Th().Scope("col").Text("status and code"),
			app.Th().Scope("col").Text("RateLimit-Policy, RateLimit"),
		)),
		app.TBody().Body(rows...),
	))
}

// headerCode shows a response header as sent, or a dash.
func headerCode(h http.Header, name string) app.UI {
	if v := h.Get(name); v != "" {
		return app.Code().Text(name + ": " + v)
	}
	return app.Span().Text("no " + name)
}

// signature shows the Ed25519 key pair and what the last request signed.
func (w *apiKeys) signature(s sent) app.UI {
	pub := exchange.DemoEd25519PrivateKey().Public().(ed25519.PublicKey)
	return app.Dl().ID(w.ID+"-ed25519").Class("kv").Body(
		app.Dt().Text("Private key seed (published for learners; never on the server)"),
		app.Dd().Body(app.Code().Text(exchange.DemoEd25519Seed)),
		app.Dt().Text("Public key, derived from the seed (all the server holds)"),
		app.Dd().Body(app.Code().ID(w.ID+"-pub").Text(hex.EncodeToString(pub))),
		app.Dt().Text("Canonical string signed (request "+strconv.Itoa(len(w.play.sent))+")"),
		app.Dd().Body(app.Pre().Class("canonical").Text(s.Canonical)),
		app.Dt().Text("Authorization header"),
		app.Dd().Body(app.Code().Class("wrap").Text(s.Authorization)),
		app.Dt().Text("Body sent"),
		app.Dd().Body(app.Code().Text(s.body())),
	)
}

// body is the body sent, in words when it was changed after signing.
func (s sent) body() string {
	if s.Tampered {
		return strings.Replace(testOrder, `"0.5"`, `"50"`, 1) + " (changed after signing: its SHA-256 is no longer the one signed)"
	}
	return testOrder
}

// sideBySide shows the two 404s of the bola scenario: the same code and
// the same wording whether the order is someone else's or does not exist.
func (w *apiKeys) sideBySide(other, none sent) app.UI {
	col := func(title string, s sent) app.UI {
		return app.Figure().Body(
			app.FigCaption().Text(title),
			app.P().Body(app.Code().Text(s.Method+" "+s.Path)),
			app.P().Body(app.Text(strconv.Itoa(s.Resp.Status)+" "), app.Code().Text(s.Resp.Code)),
			app.P().Class("widget-small").Text(s.Resp.Detail),
		)
	}
	return app.Div().ID(w.ID+"-compare").Class("compare-grid").Body(
		col("demo's real order, asked by demo-read", other),
		col("an order that never existed", none),
	)
}
