//go:build !wasm

package app

import (
	"html"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/sandbox"
	"github.com/consensus-lab/playground/engine/signing"
)

func TestSignerShowsEachSignedPartAndTheEngineSignature(t *testing.T) {
	w := &signer{ID: "signer-1", Params: map[string]string{
		"method": "GET", "path": "/api/v1/orders", "query": "symbol=BTC-USD&note=a+b&limit=10",
		"body": "", "timestamp": "1767225600", "nonce": "lesson-nonce-000000000001",
	}}
	d := app.NewServerTester(w)
	defer d.Close()
	out := html.UnescapeString(app.HTMLString(w))

	auth, canonical := signing.Sign("GET", "/api/v1/orders", "symbol=BTC-USD&note=a+b&limit=10", nil,
		sandbox.DemoAPIKey, sandbox.DemoSecret, signing.AlgorithmSHA256, 1767225600, "lesson-nonce-000000000001")
	a, err := signing.ParseAuthorization(auth)
	require.NoError(t, err)
	assert.Contains(t, out, `data-hex="`+a.Signature+`"`)
	assert.Contains(t, out, auth, "the Authorization header is shown whole")
	lines := strings.Split(canonical, "\n")
	require.Len(t, lines, 6)
	for i, name := range signing.CanonicalLineNames {
		assert.Contains(t, out, `data-line="`+name+`"`)
		want := lines[i]
		if want == "" {
			want = "(empty)"
		}
		assert.Contains(t, out, `<code class="canon-value">`+want+`</code>`, name)
	}
	assert.Contains(t, out, "limit=10&note=a%20b&symbol=BTC-USD", "sorted, + decoded and re-encoded as %20")
	assert.Contains(t, out, signing.BodyDigest(nil), "the digest of zero bytes for an empty body")
	assert.NotContains(t, out, "would refuse")
}

func TestSignerReactsToEditsAndFlagsWhatTheServerWouldRefuse(t *testing.T) {
	w := &signer{ID: "s"}
	d := app.NewClientTester(w)
	defer d.Close()
	before := w.sign()
	assert.Contains(t, app.HTMLString(w), `data-state="ready"`)

	w.alg = "hmac-sha512"
	w.Update()
	d.Consume()
	after := w.sign()
	assert.Len(t, after.Signature, 128, "SHA-512 is 64 bytes")
	assert.Equal(t, before.BodyDigest, after.BodyDigest, "the body digest stays SHA-256")
	assert.Contains(t, app.HTMLString(w), `algorithm=&#34;hmac-sha512&#34;`)

	w.nonce = "short"
	w.query = "a=%zz"
	w.Update()
	d.Consume()
	out := app.HTMLString(w)
	assert.Equal(t, 2, strings.Count(out, "The sandbox would refuse this"), out)
	_, err := signing.ParseAuthorization(w.sign().Authorization)
	assert.ErrorContains(t, err, "nonce")
}
