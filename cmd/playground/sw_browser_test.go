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

// The service worker's install (the whole site, for offline use) waits until
// the app runs, so it does not compete with the first visit's own download
// and compilation (web/playground.js); it still happens on that visit. The
// browser's own register is wrapped before any page script runs, to record
// whether go-app's loader was still there when registration really began.
func TestBrowserServiceWorkerRegistersOnceTheAppRuns(t *testing.T) {
	requireWasmBuilt(t)
	b := browsertest.New(t)
	srv := browsertest.StartServe(t, bin)
	ctx, cancel := b.Timeout(90 * time.Second)
	defer cancel()

	const record = `(() => {
  const proto = ServiceWorkerContainer.prototype, real = proto.register;
  proto.register = function (...args) {
    window.__swRegistered = { loaderPresent: !!document.getElementById('app-wasm-loader') };
    return real.apply(this, args);
  };
})();`
	_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: record})
	require.NoError(t, err)

	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL+"lessons/hashes")))
	loaderPresent, err := chromedp.Run(ctx, chromedp.Poll[string](`window.__swRegistered ? String(window.__swRegistered.loaderPresent) : false`,
		chromedp.WithPollingTimeout(30*time.Second)))
	require.NoError(t, err, "console: %v", b.Messages())
	assert.Equal(t, "false", loaderPresent, "registration began while the wasm was still loading")
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`!!navigator.serviceWorker.controller`, chromedp.WithPollingTimeout(30*time.Second)))
	require.NoError(t, err, "the first visit still installs the service worker")
}
