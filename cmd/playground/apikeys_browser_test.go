//go:build !wasm

package main

import (
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The apikeys widget in a real browser: "Send next request" steps through
// the scope scenario against the in-page exchange, each answer's status and
// code as the lesson says, and the share link keeps the step.
func TestBrowserAPIKeys(t *testing.T) {
	b, srv, ctx := attacksBrowser(t)
	waitReady(t, b, ctx, srv.URL+"embed/apikeys?scenario=scope", "apikeys")
	for n := 2; n <= 4; n++ {
		require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#apikeys-embed-next`))))
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector('#apikeys-embed-progress').dataset.sent === '`+strconv.Itoa(n)+`'`,
			chromedp.WithPollingTimeout(10*time.Second)))
		require.NoError(t, err, "request %d; console: %v", n, b.Messages())
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll('#apikeys-embed-log tbody tr')].map(r => r.dataset.status + ' ' + (r.dataset.code || ''))`))
	require.NoError(t, err)
	assert.Equal(t, []string{"200 ", "403 insufficient_scope", "200 ", "201 "}, rows)
	disabled, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('#apikeys-embed-next').disabled`))
	require.NoError(t, err)
	assert.True(t, disabled, "every request of the scenario sent")
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#apikeys-embed-share').getAttribute('href')`))
	require.NoError(t, err)
	assert.Contains(t, href, "step=4")
	assert.Empty(t, b.Errors(), "console errors")
}

// The ratelimit widget: the client that ignores 429 meets an empty bucket;
// ticking "obey" gives fewer refusals. Totals are read from the widget.
func TestBrowserRateLimit(t *testing.T) {
	b, srv, ctx := attacksBrowser(t)
	waitReady(t, b, ctx, srv.URL+"embed/ratelimit?rate=5&send=12&seconds=3", "ratelimit")
	type totals struct {
		Sent    int    `json:"sent"`
		OK      int    `json:"ok"`
		Limited int    `json:"limited"`
		Chart   bool   `json:"chart"`
		Last    string `json:"last"`
	}
	const read = `(() => { const d = document.querySelector('#ratelimit-embed-totals').dataset;
  return { sent: +d.sent, ok: +d.ok, limited: +d.limited, chart: !!document.querySelector('[data-widget=ratelimit] svg.chart'),
    last: document.querySelector('#ratelimit-embed-last').textContent }; })()`
	ignoring, err := chromedp.Run(ctx, chromedp.Evaluate[totals](read))
	require.NoError(t, err)
	assert.Equal(t, 36, ignoring.Sent)
	assert.Equal(t, ignoring.Sent, ignoring.OK+ignoring.Limited)
	assert.Positive(t, ignoring.Limited)
	assert.True(t, ignoring.Chart)
	assert.Contains(t, ignoring.Last, `RateLimit-Policy: "default";q=5;w=1`)

	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#ratelimit-embed-obey`))))
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`+document.querySelector('#ratelimit-embed-totals').dataset.sent < 36`,
		chromedp.WithPollingTimeout(10*time.Second)))
	require.NoError(t, err, "console: %v", b.Messages())
	obeying, err := chromedp.Run(ctx, chromedp.Evaluate[totals](read))
	require.NoError(t, err)
	assert.Less(t, obeying.Limited, ignoring.Limited)
	assert.Empty(t, b.Errors(), "console errors")
}

// The crashretry widget: after a crash past the commit point, a retry with
// the same key is a replay and the ledger holds one order; with a new key,
// two.
func TestBrowserCrashRetry(t *testing.T) {
	b, srv, ctx := attacksBrowser(t)
	waitReady(t, b, ctx, srv.URL+"embed/crashretry?fault=crash-after-commit", "crashretry")
	state := func() (string, string) {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
			`(() => { const d = document.querySelector('#crashretry-embed-summary').dataset; return [d.orders, d.replayed]; })()`))
		require.NoError(t, err)
		return got[0], got[1]
	}
	orders, replayed := state()
	assert.Equal(t, "1", orders)
	assert.Equal(t, "yes", replayed)

	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#crashretry-embed-samekey`))))
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector('#crashretry-embed-summary').dataset.orders === '2'`,
		chromedp.WithPollingTimeout(10*time.Second)))
	require.NoError(t, err, "a new key after a committed order makes a second one; console: %v", b.Messages())
	_, replayed = state()
	assert.Equal(t, "no", replayed)
	assert.Empty(t, b.Errors(), "console errors")
}
