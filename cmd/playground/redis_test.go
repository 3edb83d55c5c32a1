//go:build !wasm

package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/cmd/playground/internal/browsertest"
	"github.com/consensus-lab/playground/engine/exchange/storetest"
)

// serveOnRedis starts a `playground serve --redis` with room for a burst
// from one test client.
func serveOnRedis(t *testing.T, r *storetest.Redis, extra ...string) *browsertest.Server {
	return browsertest.StartServe(t, bin, append([]string{"--redis", r.URL(), "--rate", "10000", "--max-conns-per-ip", "1000"}, extra...)...)
}

func clientFor(t *testing.T, s *browsertest.Server, key, secret string) *apiClient {
	return &apiClient{t: t, base: strings.TrimSuffix(s.URL, "/"), key: key, secret: secret}
}

// Two serve processes on one Redis act as one API.
func TestTwoServersOneRedis(t *testing.T) {
	rd := storetest.StartRedis(t)
	a, b := serveOnRedis(t, rd), serveOnRedis(t, rd)
	assert.Contains(t, a.Output(), "state in Redis at "+rd.Addr)
	ca, cb := clientFor(t, a, "demo", "demo-secret"), clientFor(t, b, "demo", "demo-secret")

	t.Run("200 concurrent same-key orders over both: one order", func(t *testing.T) {
		key := newNonce()
		statuses := map[int]int{}
		ids := map[string]bool{}
		var mu sync.Mutex
		var wg sync.WaitGroup
		for i := range 200 {
			c := ca
			if i%2 == 1 {
				c = cb
			}
			wg.Go(func() {
				r := c.signedNoPace("POST", "/api/v1/orders", []byte(orderJSON), idem(key))
				mu.Lock()
				defer mu.Unlock()
				statuses[r.Status]++
				if r.Status == 201 {
					var o struct{ ID string }
					if json.Unmarshal(r.Body, &o) == nil {
						ids[o.ID] = true
					}
				}
			})
		}
		wg.Wait()
		t.Logf("statuses: %v", statuses)
		assert.Equal(t, 200, statuses[201]+statuses[409], "every answer is the order or in flight: %v", statuses)
		assert.Len(t, ids, 1, "every 201 names the same order")
		assert.Equal(t, 1, countOrders(t, ca))
		assert.Equal(t, 1, countOrders(t, cb), "both servers see the one order")
	})

	t.Run("a request replayed to the other process is refused", func(t *testing.T) {
		body := []byte(orderJSON)
		auth := ca.sign("POST", "/api/v1/orders", "", body, time.Now().Unix(), newNonce())
		key := newNonce()
		first := ca.do("POST", "/api/v1/orders", body, idem(key), auth)
		require.Equal(t, 201, first.Status, string(first.Body))
		replay := cb.do("POST", "/api/v1/orders", body, idem(key), auth)
		assert.Equal(t, 401, replay.Status)
		assert.Equal(t, "replayed_nonce", replay.code())
	})

	t.Run("a key issued by one works on the other", func(t *testing.T) {
		resp, err := http.Post(ca.base+"/api/v1/keys", "application/json", nil)
		require.NoError(t, err)
		var k struct{ APIKey, Secret string }
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&k))
		resp.Body.Close()
		require.Equal(t, 201, resp.StatusCode)
		onB := clientFor(t, b, k.APIKey, k.Secret)
		orderID(t, onB.signed("POST", "/api/v1/orders", "", []byte(orderJSON), idem(newNonce())))
		assert.Equal(t, 1, countOrders(t, clientFor(t, a, k.APIKey, k.Secret)))
	})
}

// Kill -9 one of two servers in the middle of a burst: every logical order
// ends placed exactly once, its retries answered by the other server.
func TestKillOneServerMidBurst(t *testing.T) {
	rd := storetest.StartRedis(t)
	// A short claim lease, so that the orders the dead server held are
	// retried within the test (the default is 60 s).
	a, b := serveOnRedis(t, rd, "--claim-lease", "2s"), serveOnRedis(t, rd, "--claim-lease", "2s")
	pk := personalKey(t, strings.TrimSuffix(b.URL, "/"))
	ca, cb := clientFor(t, a, pk.APIKey, pk.Secret), clientFor(t, b, pk.APIKey, pk.Secret)

	const n = 40
	type result struct {
		id       string
		attempts int
		err      string
	}
	results := make([]result, n)
	var wg sync.WaitGroup
	killed := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			key := newNonce()
			body := []byte(fmt.Sprintf(`{"symbol":"BTC-USD","side":"buy","type":"market","quantity":"0.%03d"}`, i+1))
			deadline := time.Now().Add(30 * time.Second)
			for attempt := 1; time.Now().Before(deadline); attempt++ {
				c, h := ca, idem(key)
				if attempt > 1 {
					c = cb
				} else {
					h["X-Sandbox-Fault"] = "delay=400ms" // in flight when the server dies
				}
				r := c.signedNoPace("POST", "/api/v1/orders", body, h)
				if r.Err == nil && r.Status == 201 {
					var o struct{ ID string }
					_ = json.Unmarshal(r.Body, &o)
					results[i] = result{id: o.ID, attempts: attempt}
					return
				}
				if r.Err == nil && r.Status != 409 && r.Status < 500 {
					results[i] = result{err: fmt.Sprintf("%d %s", r.Status, r.Body)}
					return
				}
				if attempt == 1 {
					<-killed
				}
				time.Sleep(200 * time.Millisecond)
			}
			results[i].err = "no answer within 30 s"
		})
	}
	time.Sleep(200 * time.Millisecond) // the burst is in flight on a
	a.Kill()
	close(killed)
	wg.Wait()

	ids := map[string]bool{}
	retried := 0
	for i, r := range results {
		require.Empty(t, r.err, "order %d", i)
		assert.False(t, ids[r.id], "order %d's id %s given twice", i, r.id)
		ids[r.id] = true
		if r.attempts > 1 {
			retried++
		}
	}
	assert.Greater(t, retried, 0, "some orders were cut off by the kill and retried on the other server")
	assert.Equal(t, n, countOrders(t, cb), "no order lost or duplicated")
}

// Redis restarts (with its append-only file) between a request and its
// retry: the retry replays the stored answer.
func TestRedisRestartBetweenRequestAndRetry(t *testing.T) {
	rd := storetest.StartRedis(t, "--appendonly", "yes", "--appendfsync", "always")
	s := serveOnRedis(t, rd)
	c := clientFor(t, s, "demo", "demo-secret")
	key := newNonce()
	h := idem(key)
	h["X-Sandbox-Fault"] = "drop-response"
	require.Error(t, c.signed("POST", "/api/v1/orders", "", []byte(orderJSON), h).Err, "the answer is lost")

	rd.Restart(t)

	var retry apiResp
	for range 10 { // the server's pooled connections to the old Redis fail once
		if retry = c.signed("POST", "/api/v1/orders", "", []byte(orderJSON), idem(key)); retry.Status != 503 {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	require.Equal(t, 201, retry.Status, string(retry.Body))
	assert.Equal(t, "true", retry.Header.Get("Idempotent-Replayed"))
	assert.Equal(t, 1, countOrders(t, c))
}

type issuedKey struct{ APIKey, Secret string }

func personalKey(t *testing.T, base string) issuedKey {
	t.Helper()
	resp, err := http.Post(base+"/api/v1/keys", "application/json", nil)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, 201, resp.StatusCode)
	var k issuedKey
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&k))
	return k
}
