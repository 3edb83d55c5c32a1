//go:build !wasm

package main

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/cmd/playground/internal/browsertest"
	"github.com/consensus-lab/playground/engine/ciphers"
)

// deskCounts reads the order desk's summary: presses, orders in the
// exchange's ledger, duplicates, and the orders per press from the ledger.
type deskCounts struct {
	Clicks     int            `json:"clicks"`
	Orders     int            `json:"orders"`
	Duplicates int            `json:"duplicates"`
	PerClick   map[string]int `json:"perClick"`
	Replayed   bool           `json:"replayed"`
	Lost       bool           `json:"lost"`
}

const deskRead = `(() => {
  const s = document.querySelector('#orderdesk-embed-summary');
  const per = {};
  document.querySelectorAll('#orderdesk-embed-ledger tr[data-click]').forEach(r => { per[r.dataset.click] = (per[r.dataset.click] || 0) + 1; });
  const text = document.querySelector('[data-widget=orderdesk]').textContent;
  return { clicks: +s.dataset.clicks, orders: +s.dataset.orders, duplicates: +s.dataset.duplicates, perClick: per,
    replayed: text.includes('Idempotent-Replayed: true'), lost: text.includes('response lost') };
})()`

// The order desk over a lossy network: with the same key on every retry,
// each press is exactly one order in the exchange's ledger; with a new key
// per attempt, the same network leaves duplicates.
func TestBrowserOrderDesk(t *testing.T) {
	requireWasmBuilt(t)
	b := browsertest.New(t)
	srv := browsertest.StartServe(t, bin)
	ctx, cancel := b.Timeout(90 * time.Second)
	defer cancel()

	const presses = 8
	run := func(keys bool) deskCounts {
		url := srv.URL + "embed/orderdesk?seed=12&loserequest=15&loseresponse=40&delay=20&attempts=6&keys=" + strconv.FormatBool(keys)
		require.NoError(t, chromedp.Do(ctx,
			chromedp.Navigate(url),
			chromedp.WaitVisible(chromedp.CSS(`[data-widget=orderdesk][data-state=ready]`)),
		), "console: %v", b.Messages())
		for i := 1; i <= presses; i++ {
			require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#orderdesk-embed-place`))))
			_, err := chromedp.Run(ctx, chromedp.Poll[bool](`+document.querySelector('#orderdesk-embed-summary').dataset.clicks === `+strconv.Itoa(i),
				chromedp.WithPollingTimeout(10*time.Second)))
			require.NoError(t, err, "press %d; console: %v", i, b.Messages())
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[deskCounts](deskRead))
		require.NoError(t, err)
		return got
	}

	with := run(true)
	assert.Equal(t, presses, with.Clicks)
	assert.Equal(t, presses, with.Orders, "exactly one order per press")
	assert.Zero(t, with.Duplicates)
	require.Len(t, with.PerClick, presses)
	for click, n := range with.PerClick {
		assert.Equal(t, 1, n, "press %s", click)
	}
	assert.True(t, with.Lost, "the network did lose responses")
	assert.True(t, with.Replayed, "retries were answered from the key's record")

	without := run(false)
	assert.Equal(t, presses, without.Clicks)
	assert.Greater(t, without.Orders, presses, "duplicates without a stable key")
	assert.Equal(t, without.Orders-presses, without.Duplicates)
	maxPer := 0
	for _, n := range without.PerClick {
		maxPer = max(maxPer, n)
	}
	assert.Greater(t, maxPer, 1)
	assert.Empty(t, b.Errors(), "console errors")
}

// Flipping one ciphertext bit makes AES-GCM refuse to decrypt.
func TestBrowserAESGCMFlip(t *testing.T) {
	requireWasmBuilt(t)
	b := browsertest.New(t)
	srv := browsertest.StartServe(t, bin)
	ctx, cancel := b.Timeout(60 * time.Second)
	defer cancel()
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"embed/aesgcm?plaintext=pay+bob&part=ciphertext&bit=9"),
		chromedp.WaitVisible(chromedp.CSS(`[data-widget=aesgcm][data-state=ready]`)),
	), "console: %v", b.Messages())
	state, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#aesgcm-embed-result').dataset.open`))
	require.NoError(t, err)
	assert.Equal(t, "ok", state, "the untouched message decrypts")
	before, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#aesgcm-embed-ciphertext').dataset.hex`))
	require.NoError(t, err)

	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#aesgcm-embed-flip`))))
	state, err = chromedp.Run(ctx, chromedp.Poll[string](`(() => { const r = document.querySelector('#aesgcm-embed-result'); return r.dataset.open === 'failed' && r.textContent; })()`,
		chromedp.WithPollingTimeout(10*time.Second)))
	require.NoError(t, err, "console: %v", b.Messages())
	assert.Contains(t, state, "authentication failed")
	after, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#aesgcm-embed-ciphertext').dataset.hex`))
	require.NoError(t, err)
	require.Len(t, after, len(before))
	// Bit 9 is the second byte's 0x40 bit: exactly that byte differs.
	bb, ab := hexByte(t, before[2:4]), hexByte(t, after[2:4])
	assert.Equal(t, byte(0x40), bb^ab)
	assert.Equal(t, before[:2]+before[4:], after[:2]+after[4:])
	assert.Empty(t, b.Errors(), "console errors")
}

func hexByte(t *testing.T, s string) byte {
	t.Helper()
	n, err := strconv.ParseUint(s, 16, 8)
	require.NoError(t, err)
	return byte(n)
}

// The two lessons load in a real browser, every widget on them becomes
// interactive, and nothing is logged as a console error.
func TestBrowserIdemLessonsLoad(t *testing.T) {
	requireWasmBuilt(t)
	b := browsertest.New(t)
	srv := browsertest.StartServe(t, bin)
	ctx, cancel := b.Timeout(120 * time.Second)
	defer cancel()
	for _, tc := range []struct {
		slug    string
		widgets []string
	}{
		{"idempotency", []string{"orderdesk", "conflicts", "retrypolicy", "crashretry", "check"}},
		{"encryption", []string{"aesgcm", "signlab", "hybrid", "speedrace", "check"}},
	} {
		main := `main[data-lesson="` + tc.slug + `"]`
		require.NoError(t, chromedp.Do(ctx,
			chromedp.Navigate(srv.URL+"lessons/"+tc.slug),
			chromedp.WaitVisible(chromedp.CSS(main+` [data-widget="`+tc.widgets[0]+`"][data-state="ready"]`)),
		), "%s; console: %v", tc.slug, b.Messages())
		for _, name := range tc.widgets {
			js := `(() => { const all = document.querySelectorAll('` + main + ` [data-widget="` + name + `"]'); return all.length > 0 && [...all].every(e => e.dataset.state === 'ready'); })()`
			_, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(20*time.Second)))
			require.NoError(t, err, "%s: widget %s not ready; console: %v", tc.slug, name, b.Messages())
		}
	}
	assert.Empty(t, b.Errors(), "console errors")
}

// The speed race runs in the browser (tiny budget), fills a row per
// operation, and logs the figures it measured.
func TestBrowserSpeedRace(t *testing.T) {
	requireWasmBuilt(t)
	b := browsertest.New(t)
	srv := browsertest.StartServe(t, bin)
	ctx, cancel := b.Timeout(120 * time.Second)
	defer cancel()
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"embed/speedrace?size=32&budget=40"),
		chromedp.WaitVisible(chromedp.CSS(`[data-widget=speedrace][data-state=ready]`)),
		chromedp.Click(chromedp.CSS(`#speedrace-embed-run`)),
	), "console: %v", b.Messages())
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`(() => { const s = document.querySelector('#speedrace-embed-status'); return s.dataset.running === 'no' && s.textContent === 'Done.'; })()`,
		chromedp.WithPollingTimeout(90*time.Second)))
	require.NoError(t, err, "console: %v", b.Messages())
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[[]map[string]string](`[...document.querySelectorAll('#speedrace-embed-table tr[data-alg]')].map(r => ({alg: r.dataset.alg, op: r.dataset.op, ops: r.dataset.ops}))`))
	require.NoError(t, err)
	// As many rows as the engine's race measures for one size.
	key, err := ciphers.NewRSAKey(1024)
	require.NoError(t, err)
	native, err := ciphers.Race(context.Background(), ciphers.RaceConfig{Sizes: []int{32}, Budget: time.Millisecond, WarmUp: -1, RSA: key})
	require.NoError(t, err)
	require.Len(t, rows, len(native.Measurements), "every operation of every algorithm")
	for i, m := range native.Measurements {
		assert.Equal(t, string(m.Algorithm)+" "+m.Operation, rows[i]["alg"]+" "+rows[i]["op"])
	}
	for _, r := range rows {
		n, err := strconv.ParseFloat(r["ops"], 64)
		require.NoError(t, err)
		assert.Positive(t, n, "%s %s", r["alg"], r["op"])
		t.Logf("browser wasm, 32 B: %-18s %-8s %12.0f ops/s", r["alg"], r["op"], n)
	}
	assert.Empty(t, b.Errors(), "console errors")
}
