//go:build !wasm

package apisigning

import (
	"encoding/json"
	"html"
	"os"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/kit/kittest"
	"github.com/consensus-lab/playground/app/widgetspec"
)

// The published examples. app cannot import engine/internal/vectors, so
// the test reads the same embedded files by path.
type presetVectors struct {
	Binance struct {
		SecretKey string `json:"secret_key"`
		Cases     []struct {
			Payload  string `json:"payload"`
			Expected string `json:"expected_signature_hex"`
		} `json:"cases"`
	} `json:"binance"`
	AWS struct {
		Context struct {
			AccessKeyID string `json:"access_key_id"`
			Secret      string `json:"secret_access_key"`
			Region      string `json:"region"`
			Service     string `json:"service"`
			AmzDate     string `json:"amz_date"`
		} `json:"context"`
		Cases []struct {
			Name             string `json:"name"`
			Placement        string `json:"signature_placement"`
			CanonicalRequest string `json:"canonical_request"`
			StringToSign     string `json:"string_to_sign"`
			Expected         string `json:"expected_signature"`
		} `json:"cases"`
	} `json:"aws_sigv4"`
	Kraken struct {
		Secret   string `json:"secret_base64"`
		Nonce    string `json:"nonce"`
		PostData string `json:"post_data"`
		URLPath  string `json:"url_path"`
		APISign  string `json:"api_sign"`
	} `json:"kraken"`
}

func loadPresetVectors(t *testing.T) presetVectors {
	t.Helper()
	var v presetVectors
	for _, f := range []string{"../../engine/internal/vectors/testdata/hmac.json", "../../engine/signing/testdata/presets.json"} {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(b, &v), f)
	}
	require.NotEmpty(t, v.Binance.Cases)
	require.NotEmpty(t, v.Kraken.APISign)
	return v
}

func TestPresetsDefaultsAreTheDocumentedExamples(t *testing.T) {
	v := loadPresetVectors(t)
	s, ok := widgetspec.Lookup("presets")
	require.True(t, ok)
	def, _ := s.Resolve(nil)
	assert.Equal(t, v.Binance.SecretKey, def["binance_secret"])
	assert.Equal(t, v.Binance.Cases[0].Payload, def["binance_query"])
	assert.Equal(t, "", def["binance_body"])
	assert.Equal(t, v.Kraken.Secret, def["kraken_secret"])
	assert.Equal(t, v.Kraken.URLPath, def["kraken_path"])
	assert.Equal(t, v.Kraken.Nonce, def["kraken_nonce"])
	assert.Equal(t, v.Kraken.PostData, def["kraken_postdata"])
	c := v.AWS.Context
	assert.Equal(t, []string{c.AccessKeyID, c.Secret, c.Region, c.Service, c.AmzDate},
		[]string{def["aws_key"], def["aws_secret"], def["aws_region"], def["aws_service"], def["aws_time"]})
	assert.Empty(t, s.Check(nil))
}

func TestPresetsShowThePublishedSignatures(t *testing.T) {
	v := loadPresetVectors(t)
	var getVanilla = v.AWS.Cases[0]
	require.Equal(t, "header", getVanilla.Placement)
	for _, tc := range []struct {
		preset, want string
		also         []string
	}{
		{"binance", v.Binance.Cases[0].Expected, []string{v.Binance.Cases[0].Payload}},
		{"kraken", v.Kraken.APISign, []string{v.Kraken.Nonce + v.Kraken.PostData}},
		{"sigv4", getVanilla.Expected, []string{getVanilla.CanonicalRequest, getVanilla.StringToSign}},
	} {
		t.Run(tc.preset, func(t *testing.T) {
			w := NewPresets(kit.Placement{ID: "presets-1", Params: map[string]string{"preset": tc.preset}}).(*presets)
			d := app.NewServerTester(w)
			defer d.Close()
			out := html.UnescapeString(app.HTMLString(w))
			assert.Contains(t, out, `<code id="presets-1-signature">`+tc.want+`</code>`)
			for _, s := range tc.also {
				assert.Contains(t, out, s, "intermediate string")
			}
		})
	}
}

func TestPresetsReactToInputsAndReportBadOnes(t *testing.T) {
	w := NewPresets(kit.Placement{ID: "p"}).(*presets)
	d := app.NewClientTester(w)
	defer d.Close()
	require.NoError(t, w.err)
	before := w.steps
	w.Set("binance_query", w.Value("binance_query")+"&x=1")
	require.NoError(t, w.err)
	assert.NotEqual(t, before[len(before)-1].Value, w.steps[len(w.steps)-1].Value)

	w.SetMany(map[string]string{"preset": "kraken", "kraken_secret": "not base64!"})
	w.Update()
	d.Consume()
	html := app.HTMLString(w)
	assert.Contains(t, html, "Cannot sign:")
	assert.True(t, kittest.Has(html, "p-kraken_secret"), "the chosen preset's inputs")
	assert.False(t, kittest.Has(html, "p-binance_secret"))
	w.SetMany(map[string]string{"preset": "sigv4", "aws_time": "yesterday"})
	w.Update()
	d.Consume()
	assert.Contains(t, app.HTMLString(w), "aws_time must look like")

	// Pre-rendered, the radio of the default preset alone is checked.
	pre := kittest.Render(t, NewPresets, kit.Placement{ID: "p", Params: map[string]string{"preset": "kraken"}})
	assert.NotRegexp(t, `(checked|selected|disabled)="false"`, pre, "no false boolean attribute pre-rendered")
	assert.True(t, kittest.HasElement(pre, `value="kraken"`, `checked`))
	assert.False(t, kittest.HasElement(pre, `value="binance"`, `checked`))
}
