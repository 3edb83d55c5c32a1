package apisigning

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/sandbox"
	"github.com/consensus-lab/playground/engine/signing"
)

// Pieces the HMAC widgets share: the canonical string drawn line by line,
// a verifier trace, and the answer to one request.

// canonicalLabels says, for each line of the canonical string, what it
// protects; the learner reads it next to the value.
var canonicalLabels = map[string]string{
	"method":      "HTTP method",
	"path":        "path, escaped as sent",
	"query":       "query, decoded, RFC 3986-encoded and sorted",
	"body_sha256": "SHA-256 of the body, hex",
	"timestamp":   "Unix seconds",
	"nonce":       "one-time value",
}

// canonicalList draws a canonical string line by line. diffs marks lines
// where the client's string differed, showing both values.
func canonicalList(id, canonical string, diffs []signing.LineDiff) app.UI {
	byIndex := map[int]signing.LineDiff{}
	for _, d := range diffs {
		byIndex[d.Index] = d
	}
	lines := strings.Split(canonical, "\n")
	items := make([]app.UI, 0, len(lines))
	for i, v := range lines {
		name := "extra"
		if i < len(signing.CanonicalLineNames) {
			name = signing.CanonicalLineNames[i]
		}
		value := app.Code().Class("canon-value").Text(visible(v))
		li := app.Li().Class("canon-line canon-"+name).DataSet("line", name)
		children := []app.UI{
			app.Span().Class("canon-name").Text(strconv.Itoa(i+1) + " " + name),
			app.Span().Class("canon-doc").Text(canonicalLabels[name]),
			value,
		}
		if d, ok := byIndex[i]; ok {
			li = li.Class("canon-diff").DataSet("diff", "differs")
			children = append(children, app.Span().Class("canon-client").Body(
				app.Strong().Text("differs: the client signed "),
				app.Code().Text(visible(d.Client)),
			))
		}
		items = append(items, li.Body(children...))
	}
	return app.Ol().ID(id).Class("canon").Aria("label", "canonical string, one line per signed part").Body(items...)
}

// visible shows an empty line as such instead of as nothing.
func visible(s string) string {
	if s == "" {
		return "(empty)"
	}
	return s
}

// traceList draws a verifier trace: each step with a pass or fail mark in
// words as well as colour.
func traceList(id string, tr signing.Trace) app.UI {
	items := make([]app.UI, len(tr.Steps))
	for i, s := range tr.Steps {
		mark, class := "pass", "trace-step ok"
		if !s.OK {
			mark, class = "fail", "trace-step fail"
		}
		row := []app.UI{
			app.Span().Class("trace-mark").Text(strings.ToUpper(mark)),
			app.Span().Class("trace-name").Text(string(s.Name)),
		}
		if s.Code != "" {
			row = append(row, app.Code().Class("trace-code").Text(s.Code))
		}
		row = append(row, app.Span().Class("trace-detail").Text(s.Detail))
		items[i] = app.Li().Class(class).DataSet("step", string(s.Name)).DataSet("result", mark).Body(row...)
	}
	return app.Ol().ID(id).Class("trace").Aria("label", "verifier steps in the order they run").Body(items...)
}

// verdictLine is the HTTP outcome of one request as a short sentence.
func verdictLine(id string, r sandbox.Response) app.UI {
	p := app.P().ID(id).Class("verdict").Role("status").Aria("live", "polite")
	switch {
	case r.Err != nil:
		return p.Class("verdict-bad").Text("No answer: " + r.Err.Error())
	case r.Status >= 400:
		return p.Class("verdict-bad").DataSet("status", r.Status).DataSet("code", r.Code).Body(
			app.Strong().Text(strconv.Itoa(r.Status)+" "),
			app.Code().Class("verdict-code").Text(r.Code),
			app.Span().Text(" "+r.Detail),
		)
	case r.Status == 0:
		return p.Text("Nothing sent yet.")
	}
	return p.Class("verdict-ok").DataSet("status", r.Status).DataSet("code", "").Body(
		app.Strong().Text(strconv.Itoa(r.Status)+" accepted "),
		app.Code().Class("verdict-body").Text(strings.TrimSpace(string(r.Body))),
	)
}

// signatureOf picks the signature parameter out of an Authorization value
// that signing.Sign built, even when the value would not parse (a bad
// nonce, say), so the widget can still show what was computed.
func signatureOf(authorization string) string {
	_, rest, ok := strings.Cut(authorization, `signature="`)
	if !ok {
		return ""
	}
	sig, _, _ := strings.Cut(rest, `"`)
	return sig
}
