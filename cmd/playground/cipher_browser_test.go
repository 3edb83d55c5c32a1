//go:build !wasm

package main

import (
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/cmd/playground/internal/browsertest"
)

// In a real browser the RSA signing lab makes its key in the cipher worker
// and signs; then Stop in the speed race is answered while the worker is
// still busy, and no later reply undoes it.
func TestBrowserCipherWorkerSignsAndStops(t *testing.T) {
	requireWasmBuilt(t)
	b := browsertest.New(t)
	srv := browsertest.StartServe(t, bin)
	ctx, cancel := b.Timeout(120 * time.Second)
	defer cancel()

	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"embed/signlab?alg=rsa-pss&rsabits=1024&message=hello"),
		chromedp.WaitVisible(chromedp.CSS(`[data-widget=signlab][data-state=ready]`)),
	), "console: %v", b.Messages())
	verdict, err := chromedp.Run(ctx, chromedp.Poll[string](`(() => { const v = document.querySelector('#signlab-embed-verdict'); return v.dataset.verify !== 'none' && v.dataset.verify; })()`,
		chromedp.WithPollingTimeout(60*time.Second)))
	require.NoError(t, err, "console: %v", b.Messages())
	assert.Equal(t, "ok", verdict)
	sig, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#signlab-embed-sig').dataset.hex`))
	require.NoError(t, err)
	assert.Len(t, sig, 256, "a 128-byte RSA-1024 signature")

	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"embed/speedrace?size=32&budget=500"),
		chromedp.WaitVisible(chromedp.CSS(`[data-widget=speedrace][data-state=ready]`)),
		chromedp.Click(chromedp.CSS(`#speedrace-embed-run`)),
	), "console: %v", b.Messages())
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector('#speedrace-embed-status').textContent.startsWith('Timing')`,
		chromedp.WithPollingTimeout(60*time.Second)))
	require.NoError(t, err, "console: %v", b.Messages())
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#speedrace-embed-stop`))))
	// The click's handler ran on the UI thread while the worker computes:
	// the status changed without waiting for the measurement.
	state, err := chromedp.Run(ctx, chromedp.Poll[string](`(() => { const s = document.querySelector('#speedrace-embed-status'); return s.dataset.running === 'no' && s.textContent + ' ' + s.dataset.rows; })()`,
		chromedp.WithPollingTimeout(30*time.Second)))
	require.NoError(t, err, "console: %v", b.Messages())
	assert.Regexp(t, `^Stopped\. \d+$`, state)
	rows := state[len("Stopped. "):]
	// Long enough for the measurement still out to have come back.
	time.Sleep(2 * time.Second)
	after, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const s = document.querySelector('#speedrace-embed-status'); return s.textContent + ' ' + s.dataset.rows; })()`))
	require.NoError(t, err)
	assert.Equal(t, "Stopped. "+rows, after, "a late reply neither adds rows nor restarts the race")
	assert.Empty(t, b.Errors(), "console errors")
}

// When the cipher worker fails, the encryption widget says why instead of
// hanging, and the next action starts a fresh worker that works: the
// failure and restart path of app/encryption/cipherworker/client_wasm.go, in a real browser. The
// first cipher worker the page makes is pointed at a script that does not
// exist (its error event is what a crashed or unloadable worker gives);
// later ones are left alone.
func TestBrowserCipherWorkerRecoversAfterAFailure(t *testing.T) {
	requireWasmBuilt(t)
	b := browsertest.New(t)
	srv := browsertest.StartServe(t, bin)
	ctx, cancel := b.Timeout(120 * time.Second)
	defer cancel()

	const breakFirst = `(() => {
  const Real = self.Worker;
  let broken = false;
  self.Worker = function (url, opts) {
    if (!broken && String(url).includes('cipher-worker.js')) {
      broken = true;
      return new Real(String(url).replace('cipher-worker.js', 'no-such-worker.js'), opts);
    }
    return new Real(url, opts);
  };
})();`
	_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: breakFirst})
	require.NoError(t, err)

	// Pre-rendered HTML already shows a sealed message (the server ran the
	// ops in-process); data-state="ready" marks the browser's own answer.
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"embed/aesgcm?plaintext=attack+at+dawn"),
		chromedp.WaitVisible(chromedp.CSS(`[data-widget=aesgcm][data-state=ready]`)),
	), "console: %v", b.Messages())
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const r = document.querySelector('#aesgcm-embed-result'); return r.dataset.open + ': ' + r.textContent; })()`))
	require.NoError(t, err, "console: %v", b.Messages())
	assert.Regexp(t, `^failed: .*cipher worker failed.*restarts on the next try`, got, "the widget names the cause")

	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#aesgcm-embed-reseal`))))
	got, err = chromedp.Run(ctx, chromedp.Poll[string](`(() => { const r = document.querySelector('#aesgcm-embed-result'); return r && r.dataset.open === 'ok' && r.textContent; })()`,
		chromedp.WithPollingTimeout(60*time.Second)))
	require.NoError(t, err, "console: %v", b.Messages())
	assert.Contains(t, got, "attack at dawn", "a new worker sealed and opened the message")
}
