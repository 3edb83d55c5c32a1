package app

import (
	"bytes"
	"net/http"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/engine/signing"
)

func newPresetsWidget(id string, params map[string]string) app.UI {
	return &presetsWidget{ID: id, Params: params}
}

// presetsWidget signs like Binance, Kraken or AWS SigV4 (engine/signing)
// and lists every intermediate string; its inputs are its parameters.
type presetsWidget struct {
	app.Compo
	ID     string
	Params map[string]string

	notes  []string
	preset string
	v      map[string]string // current inputs, by parameter name
	ready  bool
}

func (w *presetsWidget) OnInit()                 { w.reset() }
func (w *presetsWidget) OnUpdate(app.Context)    { w.reset() }
func (w *presetsWidget) OnMount(ctx app.Context) { w.ready = true }

func (w *presetsWidget) reset() {
	v, notes := resolveParams("presets", w.Params)
	w.notes, w.v, w.preset = notes, v, v["preset"]
}

// presetStep is one intermediate value.
type presetStep struct {
	Name, Value, Doc string
}

// sigv4Time is the layout of X-Amz-Date.
const sigv4Time = "20060102T150405Z"

// steps computes the chosen preset's intermediate values. The last step
// is the signature the provider expects.
func (w *presetsWidget) steps() ([]presetStep, error) {
	v := w.v
	switch w.preset {
	case "kraken":
		s, err := signing.KrakenSign(v["kraken_secret"], v["kraken_path"], v["kraken_nonce"], v["kraken_postdata"])
		if err != nil {
			return nil, err
		}
		return []presetStep{
			{"nonce + POST data", s.NoncePostData, "the nonce, then the url-encoded body (which carries the nonce again)"},
			{"SHA-256(nonce + POST data)", s.SHA256Hex, "hex here; the 32 raw bytes are used"},
			{"HMAC input: URI path + SHA-256 bytes", s.MessageHex, "hex of the path bytes followed by the digest bytes"},
			{"API-Sign", s.Signature, "base64(HMAC-SHA512(base64-decoded secret, HMAC input)), sent in the API-Sign header"},
		}, nil
	case "sigv4":
		t, err := time.Parse(sigv4Time, v["aws_time"])
		if err != nil {
			return nil, constError("aws_time must look like 20150830T123600Z")
		}
		target := "https://" + v["aws_host"] + v["aws_path"]
		if v["aws_query"] != "" {
			target += "?" + v["aws_query"]
		}
		req, err := http.NewRequest(v["aws_method"], target, bytes.NewReader([]byte(v["aws_body"])))
		if err != nil {
			return nil, err
		}
		s, err := signing.SigV4Sign(req, []byte(v["aws_body"]), v["aws_key"], v["aws_secret"], v["aws_region"], v["aws_service"], t)
		if err != nil {
			return nil, err
		}
		return []presetStep{
			{"Canonical request", s.CanonicalRequest, "method, URI, query, headers, signed header names, payload hash"},
			{"Payload hash", s.PayloadHash, "SHA-256 of the body"},
			{"Credential scope", s.CredentialScope, "date/region/service/aws4_request"},
			{"String to sign", s.StringToSign, "algorithm, time, scope, SHA-256 of the canonical request"},
			{"kDate", s.KDate, "HMAC(\"AWS4\" + secret, date)"},
			{"kRegion", s.KRegion, "HMAC(kDate, region)"},
			{"kService", s.KService, "HMAC(kRegion, service)"},
			{"kSigning", s.KSigning, "HMAC(kService, \"aws4_request\"): valid for one day, region and service"},
			{"Authorization", s.Authorization, "the header sent with the request"},
			{"Signature", s.Signature, "hex HMAC-SHA256(kSigning, string to sign)"},
		}, nil
	default:
		s := signing.BinanceSign(v["binance_secret"], v["binance_query"], v["binance_body"])
		return []presetStep{
			{"Query string", s.QueryString, "as sent; non-ASCII bytes percent-encoded"},
			{"Body", s.Body, "as sent"},
			{"totalParams", s.TotalParams, "query string then body, with no separator between them"},
			{"signature", s.Signature, "hex HMAC-SHA256(secret, totalParams), appended as &signature=..."},
		}, nil
	}
}

// presetFields lists the inputs of each preset: parameter name and label.
var presetFields = map[string][][2]string{
	"binance": {{"binance_secret", "Secret key"}, {"binance_query", "Query string"}, {"binance_body", "Body"}},
	"kraken":  {{"kraken_secret", "API secret (base64)"}, {"kraken_path", "URI path"}, {"kraken_nonce", "Nonce"}, {"kraken_postdata", "POST data"}},
	"sigv4": {{"aws_key", "Access key ID"}, {"aws_secret", "Secret access key"}, {"aws_region", "Region"}, {"aws_service", "Service"},
		{"aws_time", "Time (X-Amz-Date)"}, {"aws_method", "Method"}, {"aws_host", "Host"}, {"aws_path", "Path"}, {"aws_query", "Query"}, {"aws_body", "Body"}},
}

var presetNames = map[string]string{"binance": "Binance (HMAC-SHA256)", "kraken": "Kraken (HMAC-SHA512)", "sigv4": "AWS Signature Version 4"}

func (w *presetsWidget) Render() app.UI {
	id := func(s string) string { return w.ID + "-" + s }
	choices := make([]app.UI, 0, 3)
	for _, p := range []string{"binance", "kraken", "sigv4"} {
		p := p
		rid := id("preset-" + p)
		choices = append(choices, app.Div().Class("choice").Body(
			app.Input().Type("radio").ID(rid).Name(id("preset")).Value(p).Checked(w.preset == p).
				OnChange(func(ctx app.Context, e app.Event) { w.preset = p }),
			app.Label().For(rid).Text(presetNames[p]),
		))
	}
	fields := []app.UI{}
	for _, f := range presetFields[w.preset] {
		name := f[0]
		set := func(s string) { w.v[name] = s }
		if name == "aws_method" {
			fields = append(fields, selectField(id(name), f[1], w.v[name], []string{"GET", "POST", "PUT", "DELETE"}, set))
		} else {
			fields = append(fields, textField(id(name), f[1], w.v[name], set))
		}
	}
	steps, err := w.steps()
	out := []app.UI{}
	if err != nil {
		out = append(out, app.P().Class("widget-note").Role("status").Text("Cannot sign: "+err.Error()))
	}
	items := make([]app.UI, len(steps))
	for i, s := range steps {
		val := app.Pre().Class("preset-value").Body(app.Code().Text(visible(s.Value)))
		if i == len(steps)-1 {
			val = app.Pre().Class("preset-value preset-signature").Body(app.Code().ID(id("signature")).Text(s.Value))
		}
		items[i] = app.Li().Class("preset-step").Body(
			app.Strong().Text(s.Name), app.Span().Class("canon-doc").Text(" "+s.Doc), val,
		)
	}
	out = append(out, app.Ol().ID(id("steps")).Class("preset-steps").DataSet("preset", w.preset).Body(items...))
	return widgetFrame("presets", w.ID, w.ready, w.notes,
		app.FieldSet().Class("preset-choice").Body(app.Legend().Text("Preset"), app.Div().Body(choices...)),
		app.Div().Class("preset-fields").Body(fields...),
		app.Div().Class("preset-out").Aria("live", "polite").Body(out...),
	)
}
