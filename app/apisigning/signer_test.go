//go:build !wasm

package apisigning

import (
	"html"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/kit/kittest"
	"github.com/consensus-lab/playground/app/sandbox"
	"github.com/consensus-lab/playground/engine/signing"
)

func TestSignerShowsEachSignedPartAndTheEngineSignature(t *testing.T) {
	w := NewSigner(kit.Placement{ID: "signer-1", Params: map[string]string{
		"method": "GET", "path": "/api/v1/orders", "query": "symbol=BTC-USD&note=a+b&limit=10",
		"body": "", "timestamp": "1767225600", "nonce": "lesson-nonce-000000000001",
	}}).(*signer)
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
	w := NewSigner(kit.Placement{ID: "s"}).(*signer)
	d := app.NewClientTester(w)
	defer d.Close()
	before := w.s
	assert.Contains(t, app.HTMLString(w), `data-state="ready"`)
	html := app.HTMLString(w)
	for _, p := range []string{"method", "path", "query", "body", "timestamp", "nonce", "alg", "key", "secret"} {
		assert.True(t, kittest.Has(html, "s-"+p), "an input for %s", p)
	}

	w.Set("alg", "hmac-sha512")
	w.Update()
	d.Consume()
	after := w.s
	assert.Len(t, after.Signature, 128, "SHA-512 is 64 bytes")
	assert.Equal(t, before.BodyDigest, after.BodyDigest, "the body digest stays SHA-256")
	assert.Contains(t, app.HTMLString(w), `algorithm=&#34;hmac-sha512&#34;`)

	w.SetMany(map[string]string{"nonce": "short", "query": "a=%zz"})
	w.Update()
	d.Consume()
	out := app.HTMLString(w)
	assert.Equal(t, 2, strings.Count(out, "The sandbox would refuse this"), out)
	_, err := signing.ParseAuthorization(w.s.Authorization)
	assert.ErrorContains(t, err, "nonce")
	assert.Equal(t, map[string]string{"alg": "hmac-sha512", "nonce": "short", "query": "a=%zz"}, w.Modified(), "the edits are the state a link carries")

	// A timestamp that is not whole seconds is clamped with a note, never
	// signed as typed.
	w.Set("timestamp", "soon")
	assert.Equal(t, "1767225600", w.Value("timestamp"))
	assert.NotEmpty(t, w.Notes())
}
