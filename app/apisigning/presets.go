package apisigning

import (
	"bytes"
	"errors"
	"net/http"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/engine/signing"
)

// NewPresets is the presets widget's factory.
func NewPresets(p kit.Placement) app.UI { return &presets{Placement: p} }

// presets signs like Binance, Kraken or AWS SigV4 (engine/signing) and
// lists every intermediate string; its inputs are its parameters.
type presets struct {
	app.Compo
	kit.Placement
	base

	steps []presetStep
	err   error
}

func (w *presets) OnInit()              { w.Init("presets", w.Placement, w.load) }
func (w *presets) OnUpdate(app.Context) { w.Init("presets", w.Placement, w.load) }

func (w *presets) load() { w.steps, w.err = presetSteps(w.Values()) }

// presetStep is one intermediate value.
type presetStep struct {
	Name, Value, Doc string
}

// sigv4Time is the layout of X-Amz-Date.
const sigv4Time = "20060102T150405Z"

// presetSteps computes the chosen preset's intermediate values from the
// widget's parameters. The last step is the signature the provider expects.
func presetSteps(v map[string]string) ([]presetStep, error) {
	switch v["preset"] {
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
			return nil, errors.New("aws_time must look like 20150830T123600Z")
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

func (w *presets) Render() app.UI {
	id := func(s string) string { return w.ID + "-" + s }
	var fields []app.UI
	for _, f := range presetFields[w.Value("preset")] {
		if name := f[0]; name == "aws_method" {
			fields = append(fields, w.Select(name, f[1], nil))
		} else {
			fields = append(fields, w.LiveText(name, f[1]))
		}
	}
	steps := w.steps
	var out []app.UI
	if w.err != nil {
		out = append(out, app.P().Class("widget-note").Role("status").Text("Cannot sign: "+w.err.Error()))
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
	out = append(out, app.Ol().ID(id("steps")).Class("preset-steps").DataSet("preset", w.Value("preset")).Body(items...))
	return w.Frame(
		app.Div().Class("preset-choice").Body(w.Radio("preset", "Preset", presetNames)),
		app.Div().Class("preset-fields").Body(fields...),
		app.Div().Class("preset-out").Aria("live", "polite").Body(out...),
	)
}
