//go:build !wasm

package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/cmd/playground/internal/browsertest"
)

// The HMAC lesson in a real browser: it loads without console errors, every
// widget becomes interactive, a replay is refused with replayed_nonce, a
// body tampered with after signing fails with bad_signature and the trace
// marks the body line, the clock-skew edge sits at 300 s, and the Binance
// preset shows the documented signature.
func TestBrowserHMACLesson(t *testing.T) {
	requireWasmBuilt(t)
	var vec struct {
		Binance struct {
			Cases []struct {
				Expected string `json:"expected_signature_hex"`
			} `json:"cases"`
		} `json:"binance"`
	}
	raw, err := os.ReadFile("../../engine/internal/vectors/testdata/hmac.json")
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &vec))
	require.NotEmpty(t, vec.Binance.Cases)

	b := browsertest.New(t)
	srv := browsertest.StartServe(t, bin)
	ctx, cancel := b.Timeout(90 * time.Second)
	defer cancel()

	const page = `main[data-lesson="hmac-signing"] `
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(strings.TrimSuffix(srv.URL, "/")+"/lessons/hmac-signing")), "console: %v", b.Messages())
	for _, w := range []string{"signer", "verifier", "replay", "rotation", "presets", "check"} {
		require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(page+`[data-widget="`+w+`"][data-state="ready"]`))),
			"%s never became ready; console: %v", w, b.Messages())
	}

	t.Run("binance preset", func(t *testing.T) {
		sig, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS(`#presets-1-signature`)))
		require.NoError(t, err)
		assert.Equal(t, vec.Binance.Cases[0].Expected, strings.TrimSpace(sig))
	})

	t.Run("replay refused", func(t *testing.T) {
		require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#replay-1-replay`))))
		code, err := chromedp.Run(ctx, chromedp.Poll[string](
			`(() => { const r = document.querySelector('#replay-1-log tr[data-action="replay"]'); return r && r.dataset.code; })()`,
			chromedp.WithPollingTimeout(10*time.Second)))
		require.NoError(t, err, "console: %v", b.Messages())
		assert.Equal(t, "replayed_nonce", code)
		first, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#replay-1-log tr[data-action="send"]').dataset.status`))
		require.NoError(t, err)
		assert.Equal(t, "201", first, "the original was accepted")
	})

	verdict := func(want string) string {
		t.Helper()
		got, err := chromedp.Run(ctx, chromedp.Poll[string](
			`(() => { const v = document.querySelector('#verifier-1-verdict'); return v && v.dataset.code === '`+want+`' && v.dataset.code + ' ' + v.dataset.status; })()`,
			chromedp.WithPollingTimeout(10*time.Second)))
		require.NoError(t, err, "the verifier never answered %q; console: %v", want, b.Messages())
		return got
	}

	t.Run("tampered body", func(t *testing.T) {
		require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#verifier-1-tamper`))))
		assert.Equal(t, "bad_signature 401", verdict("bad_signature"))
		marked, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
			`[...document.querySelectorAll('#verifier-1-canonical li[data-diff="differs"]')].map(li => li.dataset.line)`))
		require.NoError(t, err)
		assert.Equal(t, []string{"body_sha256"}, marked, "the trace points at the body line and only there")
		failed, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
			`[...document.querySelectorAll('#verifier-1-trace li[data-result="fail"]')].map(li => li.dataset.step)`))
		require.NoError(t, err)
		assert.Equal(t, []string{"signature"}, failed)
		require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#verifier-1-tamper`))))
		verdict("")
	})

	t.Run("clock skew edge", func(t *testing.T) {
		slide := func(v string) {
			require.NoError(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](
				`(() => { const s = document.querySelector('#verifier-1-skew'); s.value = '`+v+`'; s.dispatchEvent(new Event('input', {bubbles: true})); })()`)))
		}
		slide("301")
		assert.Equal(t, "stale_timestamp 401", verdict("stale_timestamp"))
		slide("300")
		assert.Equal(t, " 201", verdict(""))
	})

	assert.Empty(t, b.Errors(), "console errors")
}
