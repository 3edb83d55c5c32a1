package apisigning

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/engine/signing"
)

// NewSigner is the signer widget's factory.
func NewSigner(p kit.Placement) app.UI { return &signer{Placement: p} }

// signer is the canonical-string builder: the learner edits a request (its
// parameters) and sees, line by line, what engine/signing signs and the
// resulting header.
type signer struct {
	app.Compo
	kit.Placement
	base

	s signed
}

func (w *signer) OnInit()              { w.Init("signer", w.Placement, w.load) }
func (w *signer) OnUpdate(app.Context) { w.Init("signer", w.Placement, w.load) }

// signed is everything the widget shows, computed by engine/signing.
type signed struct {
	Canonical     string
	Query         string // canonical query
	QueryErr      error
	BodyDigest    string
	Signature     string
	Authorization string
	HeaderErr     error // what a server would say about the header (bad nonce, ...)
}

// load signs the request the parameters describe (the timestamp is an Int
// parameter: always whole Unix seconds).
func (w *signer) load() {
	var s signed
	ts, _ := strconv.ParseInt(w.Value("timestamp"), 10, 64)
	query, body := w.Value("query"), []byte(w.Value("body"))
	s.Query, s.QueryErr = signing.CanonicalQuery(query)
	s.BodyDigest = signing.BodyDigest(body)
	s.Authorization, s.Canonical = signing.Sign(w.Value("method"), w.Value("path"), query, body, w.Value("key"), w.Value("secret"),
		signing.Algorithm(w.Value("alg")), ts, w.Value("nonce"))
	s.Signature = signatureOf(s.Authorization)
	_, s.HeaderErr = signing.ParseAuthorization(s.Authorization)
	w.s = s
}

func (w *signer) Render() app.UI {
	s := w.s
	id := func(suffix string) string { return w.ID + "-" + suffix }
	form := app.Div().Class("signer-form").Body(
		w.Select("method", "Method", nil),
		w.LiveText("path", "Path"),
		w.LiveText("query", "Query (without ?)"),
		w.Area("body", "Body", 3),
		w.Number("timestamp", "Timestamp (Unix seconds)"),
		w.LiveText("nonce", "Nonce"),
		w.Select("alg", "Algorithm", nil),
		w.LiveText("key", "API key"),
		w.LiveText("secret", "Secret (never sent)"),
	)

	var warnings []app.UI
	for _, err := range []error{s.QueryErr, s.HeaderErr} {
		if err != nil {
			warnings = append(warnings, app.P().Class("widget-note signer-warning").Role("status").Text("The sandbox would refuse this: "+err.Error()))
		}
	}
	queryNote := "no query: the line is empty"
	if q := w.Value("query"); q != "" && s.QueryErr == nil {
		queryNote = "sent as “" + q + "”, signed as “" + s.Query + "”"
	}
	bodyNote := kit.Bytes(len(w.Value("body"))) + " body; SHA-256 even when the HMAC is SHA-512"
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
			app.Span().Class("digest-label").Text(strings.ToUpper(w.Value("alg"))+"(secret, canonical): "),
			app.Code().ID(id("signature")).DataSet("hex", s.Signature).Text(s.Signature),
		),
		app.P().Class("digest").Body(
			app.Span().Class("digest-label").Text("Authorization: "),
			app.Code().ID(id("authorization")).Text(s.Authorization),
		),
	)
	body := append([]app.UI{form}, warnings...)
	body = append(body, out)
	return w.Frame(app.Div().Class("signer").Body(body...))
}
