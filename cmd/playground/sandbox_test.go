//go:build !wasm

package main

import (
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/cmd/playground/internal/browsertest"
)

// The README's documented seed of demo-ed25519: RFC 8032 section 7.1,
// test 1. Written out here, not taken from the engine, so that a change
// there fails this test.
const demoEd25519Seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"

func seedKey(t *testing.T, hexSeed string) ed25519.PrivateKey {
	b, err := hex.DecodeString(hexSeed)
	require.NoError(t, err)
	return ed25519.NewKeyFromSeed(b)
}

func orderID(t *testing.T, r apiResp) string {
	t.Helper()
	require.Equal(t, 201, r.Status, string(r.Body))
	var o struct{ ID string }
	require.NoError(t, json.Unmarshal(r.Body, &o))
	require.NotEmpty(t, o.ID)
	return o.ID
}

// The rules of CONTRACT.md section 3 on keys, through the binary, by a
// client that signs from the contract's text.
func TestAPIKeysScopesRateLimitAndCrashes(t *testing.T) {
	srv := browsertest.StartServe(t, bin, "--rate", "5")
	base := strings.TrimSuffix(srv.URL, "/")
	demo := &apiClient{t: t, base: base, key: "demo", secret: "demo-secret"}
	reader := &apiClient{t: t, base: base, key: "demo-read", secret: "demo-read-secret"}
	ed := &apiClient{t: t, base: base, key: "demo-ed25519", priv: seedKey(t, demoEd25519Seed)}
	assert.Contains(t, srv.Output(), `"demo-read"`)

	t.Run("scopes", func(t *testing.T) {
		r := reader.signed("GET", "/api/v1/orders", "", nil, nil)
		assert.Equal(t, 200, r.Status, string(r.Body))
		assert.Equal(t, `"default";q=5;w=1`, r.Header.Get("RateLimit-Policy"))
		assert.Regexp(t, `^"default";r=\d+;t=\d+$`, r.Header.Get("RateLimit"))
		r = reader.signed("POST", "/api/v1/orders", "", []byte(orderJSON), idem(newNonce()))
		assert.Equal(t, 403, r.Status)
		assert.Equal(t, "insufficient_scope", r.code())
		assert.Equal(t, "application/problem+json", r.Header.Get("Content-Type"))
	})

	t.Run("ed25519 and another account's order", func(t *testing.T) {
		id := orderID(t, ed.signed("POST", "/api/v1/orders", "", []byte(orderJSON), idem(newNonce())))
		assert.Equal(t, 200, ed.signed("GET", "/api/v1/orders/"+id, "", nil, nil).Status)
		for _, other := range []*apiClient{demo, reader} {
			r := other.signed("GET", "/api/v1/orders/"+id, "", nil, nil)
			assert.Equal(t, 404, r.Status)
			assert.Equal(t, "not_found", r.code())
		}
		wrong := &apiClient{t: t, base: base, key: "demo-ed25519", priv: seedKey(t, strings.Repeat("00", 32))}
		r := wrong.signed("GET", "/api/v1/orders", "", nil, nil)
		assert.Equal(t, 401, r.Status)
		assert.Equal(t, "bad_signature", r.code())
	})

	t.Run("429 with headers", func(t *testing.T) {
		var limited *apiResp
		for i := 0; i < 20 && limited == nil; i++ {
			if r := demo.signedNoPace("GET", "/api/v1/orders", nil, nil); r.Status == 429 {
				limited = &r
			}
		}
		require.NotNil(t, limited, "20 requests at once exceed 5 a second")
		assert.Equal(t, "rate_limited", limited.code())
		secs, err := strconv.Atoi(limited.Header.Get("Retry-After"))
		require.NoError(t, err)
		assert.GreaterOrEqual(t, secs, 1)
		assert.Equal(t, `"default";q=5;w=1`, limited.Header.Get("RateLimit-Policy"))
		assert.Regexp(t, `^"default";r=0;t=\d+$`, limited.Header.Get("RateLimit"))
		time.Sleep(time.Duration(secs) * time.Second)
	})

	t.Run("crash faults then a retry: one order", func(t *testing.T) {
		for _, fault := range []string{"crash-before-commit", "crash-after-commit"} {
			time.Sleep(time.Second) // a fresh bucket
			before := countOrders(t, demo)
			key := newNonce()
			h := idem(key)
			h["X-Sandbox-Fault"] = fault
			lost := demo.signed("POST", "/api/v1/orders", "", []byte(orderJSON), h)
			require.Error(t, lost.Err, "%s: the connection closes unanswered", fault)
			retry := demo.signed("POST", "/api/v1/orders", "", []byte(orderJSON), idem(key))
			require.Equal(t, 201, retry.Status, "%s: %s", fault, retry.Body)
			assert.Equal(t, fault == "crash-after-commit", retry.Header.Get("Idempotent-Replayed") == "true", fault)
			assert.Equal(t, before+1, countOrders(t, demo), "%s: exactly one order", fault)
		}
	})

	t.Run("personal keys", func(t *testing.T) {
		resp, err := http.Post(base+"/api/v1/keys", "application/json", nil)
		require.NoError(t, err)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		require.Equal(t, 201, resp.StatusCode, string(body))
		var k struct {
			APIKey, Secret, ExpiresAt string
			Scopes                    []string
		}
		require.NoError(t, json.Unmarshal(body, &k))
		assert.Equal(t, []string{"read", "trade"}, k.Scopes)
		exp, err := time.Parse(time.RFC3339, k.ExpiresAt)
		require.NoError(t, err)
		assert.InDelta(t, time.Now().Add(24*time.Hour).Unix(), exp.Unix(), 10)
		mine := &apiClient{t: t, base: base, key: k.APIKey, secret: k.Secret}
		orderID(t, mine.signed("POST", "/api/v1/orders", "", []byte(orderJSON), idem(newNonce())))
		assert.Equal(t, 1, countOrders(t, mine), "a ledger of its own")

		var limited int
		for range 10 {
			resp, err := http.Post(base+"/api/v1/keys", "application/json", nil)
			require.NoError(t, err)
			resp.Body.Close()
			if resp.StatusCode == 429 {
				limited++
			}
		}
		assert.Greater(t, limited, 0, "keys are rate-limited per client address")
	})
}

// Faults 6 and 8 of issue 17: an unsigned delay held a connection, the
// server had no connection cap, and shutdown waited out injected delays and
// then exited with an error.
func TestServeConnectionsAndShutdown(t *testing.T) {
	srv := browsertest.StartServe(t, bin, "--max-conns-per-ip", "4")
	base := strings.TrimSuffix(srv.URL, "/")

	req, _ := http.NewRequest("GET", base+"/api/v1/time", nil)
	req.Header.Set("X-Sandbox-Fault", "delay=30s")
	once := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := once.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 400, resp.StatusCode, "an unsigned request takes no delay")
	time.Sleep(300 * time.Millisecond) // that connection is closed and no longer counted

	host := strings.TrimPrefix(base, "http://")
	var conns []net.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for range 4 {
		c, err := net.Dial("tcp", host)
		require.NoError(t, err)
		conns = append(conns, c)
	}
	time.Sleep(200 * time.Millisecond) // accepted
	extra, err := net.Dial("tcp", host)
	require.NoError(t, err)
	_ = extra.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, err = extra.Read(make([]byte, 1))
	var nerr net.Error
	require.Error(t, err, "a fifth connection from one address is closed at once")
	assert.False(t, errors.As(err, &nerr) && nerr.Timeout(), "closed (EOF or reset), not left open: %v", err)
	extra.Close()
	// The four held ones still work.
	_, err = io.WriteString(conns[0], "GET /api/v1/time HTTP/1.1\r\nHost: x\r\n\r\n")
	require.NoError(t, err)
	_ = conns[0].SetReadDeadline(time.Now().Add(5 * time.Second))
	buf := make([]byte, 12)
	_, err = io.ReadFull(conns[0], buf)
	require.NoError(t, err)
	assert.Equal(t, "HTTP/1.1 200", string(buf))
	for _, c := range conns {
		c.Close()
	}
	conns = nil
	time.Sleep(200 * time.Millisecond)

	// A signed request waiting out delay=30s does not hold the shutdown.
	demo := &apiClient{t: t, base: base, key: "demo", secret: "demo-secret"}
	h := idem(newNonce())
	h["X-Sandbox-Fault"] = "delay=30s"
	var wg sync.WaitGroup
	var slow apiResp
	wg.Go(func() { slow = demo.signedNoPace("POST", "/api/v1/orders", []byte(orderJSON), h) })
	time.Sleep(500 * time.Millisecond)
	require.NoError(t, srv.Stop(), "SIGTERM: exit 0 without waiting out the delay")
	wg.Wait()
	if slow.Err == nil {
		assert.Equal(t, 503, slow.Status, "the delayed request ends with request_cancelled")
		assert.Equal(t, "request_cancelled", slow.code())
	}
}

func TestAPIAllowList(t *testing.T) {
	srv := browsertest.StartServe(t, bin, "--api-key", "campus", "--api-secret", "campus-secret-1", "--api-allow", "10.0.0.0/8, 192.0.2.0/24")
	c := &apiClient{t: t, base: strings.TrimSuffix(srv.URL, "/"), key: "campus", secret: "campus-secret-1"}
	r := c.signed("GET", "/api/v1/orders", "", nil, nil)
	assert.Equal(t, 403, r.Status, "127.0.0.1 is not on the list")
	assert.Equal(t, "ip_not_allowed", r.code())
	out, err := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--api-key", "k", "--api-secret", "s", "--api-allow", "10.0.0.0/99").CombinedOutput()
	assert.Error(t, err)
	assert.Contains(t, string(out), "--api-allow")
}
