package orders

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/kit/kittest"
	"github.com/consensus-lab/playground/engine/exchange/flaky"
)

// Every fault leaves the client without an answer; a retry with the same
// key ends with one order, and with a new key with two whenever the first
// attempt had committed.
func TestCrashRetryLedger(t *testing.T) {
	for _, tc := range []struct {
		fault    string
		sameKey  bool
		stored   int
		orders   int
		replayed bool
	}{
		{"crash-before-commit", true, 0, 1, false},
		{"crash-after-commit", true, 1, 1, true},
		{"drop-response", true, 1, 1, true},
		{"crash-before-commit", false, 0, 1, false},
		{"crash-after-commit", false, 1, 2, false},
		{"drop-response", false, 1, 2, false},
	} {
		t.Run(tc.fault+" samekey="+strconv.FormatBool(tc.sameKey), func(t *testing.T) {
			r := runCrash(tc.fault, tc.sameKey)
			assert.ErrorIs(t, r.First.Err, flaky.ErrConnectionClosed, "the client gets no answer")
			assert.Equal(t, tc.stored, r.Stored)
			require.NoError(t, r.Retry.Err)
			assert.Equal(t, 201, r.Retry.Status, "%s", r.Retry.Body)
			assert.Equal(t, tc.replayed, r.Replayed())
			assert.Equal(t, 200, r.LedgerResp.Status)
			require.Len(t, r.Ledger, tc.orders)
			assert.Equal(t, r.RetryOrder.ID, r.Ledger[len(r.Ledger)-1].ID, "the retry's order is in the ledger")
		})
	}
}

func TestCrashRetryRender(t *testing.T) {
	render := func(params map[string]string) string {
		return kittest.Render(t, NewCrashRetry, kit.Placement{ID: "cr", Params: params})
	}
	html := render(map[string]string{"fault": "crash-after-commit"})
	sum := kittest.Attrs(t, html, "cr-summary")
	assert.Equal(t, "1", sum["data-orders"])
	assert.Equal(t, "yes", sum["data-replayed"])
	assert.Contains(t, kittest.Text(t, html, "cr-first"), "after the commit point")
	assert.Contains(t, kittest.Text(t, html, "cr-retry"), "Idempotent-Replayed: true")
	assert.Contains(t, kittest.Text(t, html, "cr-first-answer"), "timeout")

	html = render(map[string]string{"fault": "crash-before-commit"})
	assert.Contains(t, kittest.Text(t, html, "cr-first"), "before the commit point")
	assert.Equal(t, "0", kittest.Attrs(t, html, "cr-summary")["data-stored"])

	html = render(map[string]string{"fault": "crash-after-commit", "samekey": "false"})
	assert.Equal(t, "2", kittest.Attrs(t, html, "cr-summary")["data-orders"])
	assert.Contains(t, kittest.Text(t, html, "cr-summary"), "a duplicate")
	assert.Contains(t, kittest.Text(t, html, "cr-retry"), "new order")
}
