//go:build !js

package exchange_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/engine/exchange"
	"github.com/consensus-lab/playground/engine/exchange/retry"
	"github.com/consensus-lab/playground/engine/idempotency"
	"github.com/consensus-lab/playground/engine/signing"
)

// Over a real socket drop-response closes the connection without a status
// line, after the order is stored; the retry gets the stored answer.
func TestDropResponseOverTCP(t *testing.T) {
	f := newFixture(t)
	srv := httptest.NewServer(f.ex)
	defer srv.Close()
	c := &http.Client{Transport: &signing.Transport{APIKey: "alice", Secret: "alice-secret", Now: f.clk.Now}}
	post := func(fault string) (*http.Response, error) {
		req, err := http.NewRequest(http.MethodPost, srv.URL+exchange.PathOrders, strings.NewReader(btcLimit))
		require.NoError(t, err)
		req.Header.Set("Idempotency-Key", `"tcp"`)
		if fault != "" {
			req.Header.Set(exchange.FaultHeader, fault)
		}
		return c.Do(req)
	}

	_, err := post("drop-response")
	require.Error(t, err, "no answer at all")
	require.Len(t, f.ex.Orders("alice"), 1)

	resp, err := post("")
	require.NoError(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	assert.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Equal(t, "true", resp.Header.Get(idempotency.ReplayedHeader))
	assert.Contains(t, string(body), f.ex.Orders("alice")[0].ID)
	assert.Len(t, f.ex.Orders("alice"), 1)
}

// Fault 4 of issue 17 end to end: the answer to an order is lost on a
// reused connection. net/http used to resend the identical signed request,
// which the server refused as replayed_nonce, and retry.Client reported
// that 401 as final for an order that existed. Now the loss reaches the
// client, which retries with a new signature and the same key: one order,
// and the caller sees it.
func TestRetryClientOverTCPReportsTheOrderAfterALostAnswer(t *testing.T) {
	f := newFixture(t)
	var posts atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && posts.Add(1) == 1 {
			r.Header.Set(exchange.FaultHeader, "drop-response")
		}
		f.ex.ServeHTTP(w, r)
	}))
	defer srv.Close()
	base := &http.Transport{}
	defer base.CloseIdleConnections()
	signer := &signing.Transport{Base: base, APIKey: "alice", Secret: "alice-secret", Now: f.clk.Now}
	// Open the connection the order will reuse.
	warm, err := (&http.Client{Transport: signer}).Get(srv.URL + exchange.PathOrders)
	require.NoError(t, err)
	_, _ = io.Copy(io.Discard, warm.Body)
	warm.Body.Close()
	time.Sleep(50 * time.Millisecond) // back in the idle pool

	c := &retry.Client{Transport: signer, Sleep: func(context.Context, time.Duration) error { return nil }}
	rep, err := c.Do(context.Background(), retry.Request{Method: http.MethodPost, URL: srv.URL + exchange.PathOrders, Body: []byte(btcLimit)})
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, rep.Status, "%s", rep.Body)
	require.Len(t, rep.Attempts, 2)
	assert.Equal(t, retry.OutcomeTransport, rep.Attempts[0].Outcome)
	assert.True(t, rep.Attempts[1].Replayed, "the retry replays the stored answer")
	assert.Len(t, f.ex.Orders("alice"), 1)
}
