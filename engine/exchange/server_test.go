//go:build !js

package exchange_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/engine/exchange"
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
