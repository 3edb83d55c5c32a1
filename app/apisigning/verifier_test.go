//go:build !wasm

package apisigning

import (
	"strconv"
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

func TestVerifierAcceptsAFreshRequestAndShowsEveryStep(t *testing.T) {
	w := NewVerifier(kit.Placement{ID: "verifier-1"}).(*verifier)
	d := app.NewServerTester(w)
	defer d.Close()
	out := app.HTMLString(w)
	assert.Equal(t, 201, w.resp.Status)
	assert.True(t, kittest.HasElement(out, `data-status="201"`))
	for _, step := range []signing.StepName{signing.StepParse, signing.StepKey, signing.StepAlgorithm,
		signing.StepTimestamp, signing.StepNonce, signing.StepCanonical, signing.StepSignature} {
		assert.True(t, kittest.HasElement(out, `data-step="`+string(step)+`"`, `data-result="pass"`), step)
	}
	assert.NotContains(t, out, `data-result="fail"`)
	assert.Len(t, w.sb.Exchange.Orders(sandbox.DemoAPIKey), 1, "the order is in the exchange's ledger")
}

// The window is 300 s either way, inclusive: the engine decides, the test
// names the edge.
func TestVerifierClockSkewEdge(t *testing.T) {
	for _, tc := range []struct {
		skew int
		code string
	}{{300, ""}, {301, signing.CodeStaleTimestamp}, {-300, ""}, {-301, signing.CodeStaleTimestamp}, {600, signing.CodeStaleTimestamp}} {
		t.Run(strconv.Itoa(tc.skew), func(t *testing.T) {
			w := NewVerifier(kit.Placement{ID: "v", Params: map[string]string{"skew": strconv.Itoa(tc.skew)}}).(*verifier)
			d := app.NewServerTester(w)
			defer d.Close()
			assert.Equal(t, tc.code, w.resp.Code)
			assert.Equal(t, int64(-tc.skew), w.resp.Trace.SkewSeconds, "server minus client")
			out := app.HTMLString(w)
			if tc.code != "" {
				assert.True(t, kittest.HasElement(out, `data-step="timestamp"`, `data-result="fail"`))
				assert.NotContains(t, out, `data-step="signature"`, "no HMAC is computed for a stale request")
				assert.Contains(t, out, "stopped before rebuilding the canonical string")
			} else {
				assert.True(t, kittest.HasElement(out, `data-step="timestamp"`, `data-result="pass"`))
			}
		})
	}
}

func TestVerifierTamperedBodyPointsAtBodyLine(t *testing.T) {
	w := NewVerifier(kit.Placement{ID: "v"}).(*verifier)
	d := app.NewClientTester(w)
	defer d.Close()
	require.Equal(t, 201, w.resp.Status)
	assert.True(t, kittest.Has(app.HTMLString(w), "v-tamper"), "the browser test ticks #verifier-1-tamper")
	assert.Equal(t, "range", kittest.Attrs(t, app.HTMLString(w), "v-skew")["type"], "the browser test slides #verifier-1-skew")
	assert.Equal(t, "-600", kittest.Attrs(t, app.HTMLString(w), "v-skew")["min"])

	w.Set("tamper", "true")
	w.Update()
	d.Consume()
	assert.Equal(t, signing.CodeBadSignature, w.resp.Code)
	out := app.HTMLString(w)
	assert.True(t, kittest.HasElement(out, `data-step="signature"`, `data-result="fail"`))
	require.Len(t, w.resp.Trace.Diffs, 1)
	assert.Equal(t, "body_sha256", w.resp.Trace.Diffs[0].Name)
	assert.Equal(t, 1, strings.Count(out, `data-diff="differs"`))
	assert.True(t, kittest.HasElement(out, `data-line="body_sha256"`, `data-diff="differs"`))
	assert.Contains(t, out, signing.BodyDigest(w.sent), "the server hashed what arrived")
	assert.Contains(t, out, signing.BodyDigest([]byte(w.Value("body"))), "the client signed the original")
	assert.Empty(t, w.sb.Exchange.Orders(sandbox.DemoAPIKey), "the tampered order was not placed")

	// GET has no body to tamper with: the toggle is off for it.
	w.Set("method", "GET")
	w.Update()
	d.Consume()
	assert.Equal(t, 200, w.resp.Status)
	assert.Contains(t, string(w.resp.Body), `"orders"`)
	assert.False(t, kittest.Has(app.HTMLString(w), "v-tamper"))
}
