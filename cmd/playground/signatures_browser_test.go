//go:build !wasm

package main

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/widgetspec"
	"github.com/consensus-lab/playground/cmd/playground/internal/browsertest"
	"github.com/consensus-lab/playground/engine/tx"
)

// In a real browser the signatures lesson's widgets do their curve work and
// hashing in the cipher worker: a transaction is signed and verifies, one
// flipped bit of its amount makes it fail; block 100,000's Merkle root
// comes out exact and a forged leaf is refused.
func TestBrowserSignaturesSignTamperAndProve(t *testing.T) {
	requireWasmBuilt(t)
	b := browsertest.New(t)
	srv := browsertest.StartServe(t, bin)
	ctx, cancel := b.Timeout(120 * time.Second)
	defer cancel()

	valid := func(id string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Poll[string](`(() => { const v = document.querySelector('#`+id+`'); const s = v && v.dataset.valid; return s !== 'pending' && s; })()`,
			chromedp.WithPollingTimeout(60*time.Second)))
		require.NoError(t, err, "console: %v", b.Messages())
		return v
	}
	attr := func(id, key string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#`+id+`').dataset.`+key))
		require.NoError(t, err)
		return v
	}

	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"embed/txsign?scheme=ecdsa"),
		chromedp.WaitVisible(chromedp.CSS(`[data-widget=txsign][data-state=ready]`)),
	), "console: %v", b.Messages())
	assert.Equal(t, "yes", valid("txsign-embed-verdict"))
	txid := attr("txsign-embed-txid", "txid")
	assert.Len(t, txid, 64)
	// Bit 327 is the lowest bit of the amount's first byte: 150,000 becomes 150,001.
	require.NoError(t, chromedp.Do(ctx, setInput(`#txsign-embed-flip`, "327")))
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`(() => { const f = document.querySelector('#txsign-embed-flipped'); return !!f && f.dataset.field === 'amount'; })()`,
		chromedp.WithPollingTimeout(60*time.Second)))
	require.NoError(t, err, "console: %v", b.Messages())
	assert.Equal(t, "no", valid("txsign-embed-verdict"))
	newID := attr("txsign-embed-newtxid", "txid")
	assert.Len(t, newID, 64)
	assert.NotEqual(t, txid, newID)

	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"embed/merkle"),
		chromedp.WaitVisible(chromedp.CSS(`[data-widget=merkle][data-state=ready]`)),
	), "console: %v", b.Messages())
	assert.Equal(t, "yes", valid("merkle-embed-verdict"))
	ids := strings.Split(widgetspec.Block100000TxIDs, ",")
	leaves := make([][32]byte, len(ids))
	for i, s := range ids {
		leaves[i], err = tx.ParseDisplayHex(s)
		require.NoError(t, err)
	}
	root, err := tx.MerkleRoot(leaves)
	require.NoError(t, err)
	assert.Equal(t, "f3e94742aca4b5ef85488dc37c06c3282295ffec960994b2c0d5ac2a25a95766", tx.DisplayHex(root))
	assert.Equal(t, tx.DisplayHex(root), attr("merkle-embed-root", "root"))
	assert.Equal(t, tx.DisplayHex(root), attr("merkle-embed-computed", "root"))

	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#merkle-embed-forge`))))
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector('#merkle-embed-verdict').dataset.valid === 'no'`,
		chromedp.WithPollingTimeout(60*time.Second)))
	require.NoError(t, err, "console: %v", b.Messages())
	assert.Equal(t, tx.DisplayHex(root), attr("merkle-embed-root", "root"), "the header's root is unchanged")
	assert.NotEqual(t, tx.DisplayHex(root), attr("merkle-embed-computed", "root"))
	assert.Empty(t, b.Errors(), "console errors")
}
