package app

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/engine/signing"
)

func newSigner(id string, params map[string]string) app.UI {
	return &signer{ID: id, Params: params}
}

// signer is the canonical-string builder: the learner edits a request and
// sees, line by line, what engine/signing signs and the resulting header.
type signer struct {
	app.Compo
	ID     string
	Params map[string]string

	notes                   []string
	method, path, query     string
	body                    string
	ts                      string // as typed; must be decimal Unix seconds
	nonce, alg, key, secret string
	ready                   bool
}

func (w *signer) OnInit()                 { w.reset() }
func (w *signer) OnUpdate(app.Context)    { w.reset() }
func (w *signer) OnMount(ctx app.Context) { w.ready = true }

func (w *signer) reset() {
	v, notes := resolveParams("signer", w.Params)
	w.notes = notes
	w.method, w.path, w.query, w.body = v["method"], v["path"], v["query"], v["body"]
	w.ts, w.nonce, w.alg, w.key, w.secret = v["timestamp"], v["nonce"], v["alg"], v["key"], v["secret"]
}

// signed is everything the widget shows, computed by engine/signing.
type signed struct {
	Canonical     string
	Query         string // canonical query
	QueryErr      error
	BodyDigest    string
	Signature     string
	Authorization string
	HeaderErr     error // what a server would say about the header (bad nonce, ...)
	TSErr         error
}

func (w *signer) sign() signed {
	var s signed
	ts, err := strconv.ParseInt(strings.TrimSpace(w.ts), 10, 64)
	if err != nil || ts < 0 {
		s.TSErr = errNotUnixSeconds
		ts = 0
	}
	s.Query, s.QueryErr = signing.CanonicalQuery(w.query)
	s.BodyDigest = signing.BodyDigest([]byte(w.body))
	s.Authorization, s.Canonical = signing.Sign(w.method, w.path, w.query, []byte(w.body), w.key, w.secret,
		signing.Algorithm(w.alg), ts, w.nonce)
	s.Signature = signatureOf(s.Authorization)
	_, s.HeaderErr = signing.ParseAuthorization(s.Authorization)
	return s
}

type constError string

func (e constError) Error() string { return string(e) }

const errNotUnixSeconds = constError("the timestamp must be whole Unix seconds (digits only); signing with 0")

func (w *signer) Render() app.UI {
	s := w.sign()
	id := func(suffix string) string { return w.ID + "-" + suffix }
	set := func(p *string) func(string) { return func(v string) { *p = v } }

	form := app.Div().Class("signer-form").Body(
		selectField(id("method"), "Method", w.method, []string{"GET", "POST", "PUT", "DELETE"}, set(&w.method)),
		textField(id("path"), "Path", w.path, set(&w.path)),
		textField(id("query"), "Query (without ?)", w.query, set(&w.query)),
		areaField(id("body"), "Body", w.body, 3, set(&w.body)),
		textField(id("timestamp"), "Timestamp (Unix seconds)", w.ts, set(&w.ts)),
		textField(id("nonce"), "Nonce", w.nonce, set(&w.nonce)),
		selectField(id("alg"), "Algorithm", w.alg, []string{"hmac-sha256", "hmac-sha512"}, set(&w.alg)),
		textField(id("key"), "API key", w.key, set(&w.key)),
		textField(id("secret"), "Secret (never sent)", w.secret, set(&w.secret)),
	)

	var warnings []app.UI
	for _, err := range []error{s.TSErr, s.QueryErr, s.HeaderErr} {
		if err != nil {
			warnings = append(warnings, app.P().Class("widget-note signer-warning").Role("status").Text("The sandbox would refuse this: "+err.Error()))
		}
	}
	queryNote := "no query: the line is empty"
	if w.query != "" && s.QueryErr == nil {
		queryNote = "sent as “" + w.query + "”, signed as “" + s.Query + "”"
	}
	bodyNote := strconv.Itoa(len(w.body)) + "-byte body; SHA-256 even when the HMAC is SHA-512"
	out := app.Div().Class("signer-out").Body(
		app.H4().Text("Canonical string"),
		app.P().Class("signer-hint").Text("Six lines joined by a newline (\\n), no newline at the end. Each line is one signed part:"),
		canonicalList(id("canonical"), s.Canonical, nil),
		app.Ul().Class("signer-notes").Body(
			app.Li().Text("Query: "+queryNote),
			app.Li().Text("Body: "+bodyNote),
		),
		app.P().Class("digest").Body(
			app.Span().Class("digest-label").Text("Body SHA-256: "),
			app.Code().ID(id("digest")).Text(s.BodyDigest),
		),
		app.P().Class("digest").Body(
			app.Span().Class("digest-label").Text(strings.ToUpper(w.alg)+"(secret, canonical): "),
			app.Code().ID(id("signature")).DataSet("hex", s.Signature).Text(s.Signature),
		),
		app.P().Class("digest").Body(
			app.Span().Class("digest-label").Text("Authorization: "),
			app.Code().ID(id("authorization")).Text(s.Authorization),
		),
	)
	body := append([]app.UI{form}, warnings...)
	body = append(body, out)
	return widgetFrame("signer", w.ID, w.ready, w.notes, app.Div().Class("signer").Body(body...))
}
