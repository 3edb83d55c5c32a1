//go:build !wasm

package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/cmd/playground/internal/browsertest"
)

// This file drives `playground serve` as an outside client would: a plain
// net/http client that signs by hand from the text of CONTRACT.md section 3,
// without the engine's signing package, so the two cannot share a mistake.

type apiClient struct {
	t           *testing.T
	base        string // http://127.0.0.1:port
	key, secret string
	alg         string             // "" (default sha256) or "hmac-sha512"
	priv        ed25519.PrivateKey // set: sign with Ed25519 instead
	last        time.Time
}

type apiResp struct {
	Status int
	Header http.Header
	Body   []byte
	Err    error
}

func (r apiResp) code() string {
	var p struct {
		Code string `json:"code"`
	}
	_ = json.Unmarshal(r.Body, &p)
	return p.Code
}

func newNonce() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// canonicalRequest is CONTRACT.md's canonical string, with the query
// already canonical.
func canonicalRequest(method, path, query string, body []byte, ts int64, nonce string) string {
	sum := sha256.Sum256(body)
	return strings.Join([]string{method, path, query, hex.EncodeToString(sum[:]), strconv.FormatInt(ts, 10), nonce}, "\n")
}

func (c *apiClient) sign(method, path, query string, body []byte, ts int64, nonce string) string {
	if c.priv != nil {
		sig := ed25519.Sign(c.priv, []byte(canonicalRequest(method, path, query, body, ts, nonce)))
		return fmt.Sprintf(`Ed25519 apiKey="%s", signature="%s", timestamp="%d", nonce="%s"`, c.key, base64.StdEncoding.EncodeToString(sig), ts, nonce)
	}
	newHash := sha256.New
	algParam := ""
	if c.alg == "hmac-sha512" {
		newHash, algParam = func() hash.Hash { return sha512.New() }, `, algorithm="hmac-sha512"`
	}
	m := hmac.New(newHash, []byte(c.secret))
	m.Write([]byte(canonicalRequest(method, path, query, body, ts, nonce)))
	return fmt.Sprintf(`HMAC apiKey="%s", signature="%s", timestamp="%d", nonce="%s"%s`, c.key, hex.EncodeToString(m.Sum(nil)), ts, nonce, algParam)
}

// do sends a request; auth is the Authorization value ("" for none). It
// paces signed requests under the sandbox's rate limit (10/s), which has a
// test of its own.
func (c *apiClient) do(method, pathAndQuery string, body []byte, header map[string]string, auth string) apiResp {
	c.t.Helper()
	if wait := 120*time.Millisecond - time.Since(c.last); wait > 0 {
		time.Sleep(wait)
	}
	c.last = time.Now()
	req, err := http.NewRequest(method, c.base+pathAndQuery, bytes.NewReader(body))
	require.NoError(c.t, err)
	// net/http resends a request carrying Idempotency-Key when the
	// connection drops; we want to see each attempt's own fate.
	req.GetBody = nil
	for k, v := range header {
		req.Header.Set(k, v)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return apiResp{Err: err}
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return apiResp{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

// signed sends a correctly signed request.
func (c *apiClient) signed(method, path, query string, body []byte, header map[string]string) apiResp {
	pq := path
	if query != "" {
		pq += "?" + query
	}
	return c.do(method, pq, body, header, c.sign(method, path, canonQuery(query), body, time.Now().Unix(), newNonce()))
}

// canonQuery implements CONTRACT's QUERY rule: split on '&' and the first
// '=', form-decode, re-encode per RFC 3986, sort, join.
func canonQuery(raw string) string {
	if raw == "" {
		return ""
	}
	var parts []string
	for _, p := range strings.Split(raw, "&") {
		k, v, _ := strings.Cut(p, "=")
		dk, _ := url.QueryUnescape(k)
		dv, _ := url.QueryUnescape(v)
		parts = append(parts, rfc3986(dk)+"="+rfc3986(dv))
	}
	sort.Strings(parts)
	return strings.Join(parts, "&")
}

func rfc3986(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

const orderJSON = `{"symbol":"BTC-USD","side":"buy","type":"limit","quantity":"0.5","price":"65000"}`

func idem(k string) map[string]string {
	return map[string]string{"Idempotency-Key": k, "Content-Type": "application/json"}
}

func TestAPIBlackBox(t *testing.T) {
	requireWasmBuilt(t)
	srv := browsertest.StartServe(t, bin)
	c := &apiClient{t: t, base: strings.TrimSuffix(srv.URL, "/"), key: "demo", secret: "demo-secret"}

	t.Run("time is unsigned", func(t *testing.T) {
		r := c.do("GET", "/api/v1/time", nil, nil, "")
		require.Equal(t, 200, r.Status, string(r.Body))
		var v struct{ Unix int64 }
		require.NoError(t, json.Unmarshal(r.Body, &v))
		assert.InDelta(t, time.Now().Unix(), v.Unix, 5)
	})

	var firstID string
	t.Run("create, replay, reuse with another body", func(t *testing.T) {
		r := c.signed("POST", "/api/v1/orders", "", []byte(orderJSON), idem(`"8e03978e-40d5-43e8-bc93-6894a57f9324"`))
		require.Equal(t, 201, r.Status, string(r.Body))
		var o map[string]any
		require.NoError(t, json.Unmarshal(r.Body, &o))
		assert.Equal(t, "accepted", o["status"])
		assert.Equal(t, "BTC-USD", o["symbol"])
		firstID, _ = o["id"].(string)
		require.NotEmpty(t, firstID)

		// Same key (bare token form of the same string) and body: the first answer again.
		again := c.signed("POST", "/api/v1/orders", "", []byte(orderJSON), idem(`8e03978e-40d5-43e8-bc93-6894a57f9324`))
		assert.Equal(t, 201, again.Status)
		assert.Equal(t, "true", again.Header.Get("Idempotent-Replayed"))
		assert.JSONEq(t, string(r.Body), string(again.Body))

		other := c.signed("POST", "/api/v1/orders", "", []byte(strings.Replace(orderJSON, "0.5", "0.6", 1)), idem(`"8e03978e-40d5-43e8-bc93-6894a57f9324"`))
		assert.Equal(t, 422, other.Status)
		assert.Equal(t, "idempotency_key_reused", other.code())
		assert.Equal(t, "application/problem+json", other.Header.Get("Content-Type"))
	})

	t.Run("idempotency key errors", func(t *testing.T) {
		r := c.signed("POST", "/api/v1/orders", "", []byte(orderJSON), map[string]string{"Content-Type": "application/json"})
		assert.Equal(t, 400, r.Status)
		assert.Equal(t, "idempotency_key_missing", r.code())
		for _, bad := range []string{`""`, strings.Repeat("k", 256), "caf\u00e9"} {
			r = c.signed("POST", "/api/v1/orders", "", []byte(orderJSON), idem(bad))
			assert.Equal(t, 400, r.Status, bad)
			assert.Equal(t, "idempotency_key_invalid", r.code(), bad)
		}
	})

	t.Run("list and get", func(t *testing.T) {
		r := c.signed("GET", "/api/v1/orders", "", nil, nil)
		require.Equal(t, 200, r.Status, string(r.Body))
		var l struct {
			Orders []map[string]any `json:"orders"`
		}
		require.NoError(t, json.Unmarshal(r.Body, &l))
		require.NotEmpty(t, l.Orders)
		assert.Equal(t, firstID, l.Orders[0]["id"], "oldest first")

		one := c.signed("GET", "/api/v1/orders/"+firstID, "", nil, nil)
		assert.Equal(t, 200, one.Status)
		assert.Contains(t, string(one.Body), firstID)
		missing := c.signed("GET", "/api/v1/orders/ord_does_not_exist", "", nil, nil)
		assert.Equal(t, 404, missing.Status)
		assert.Equal(t, "not_found", missing.code())

		// A query string is part of what is signed, canonicalised.
		q := c.signed("GET", "/api/v1/orders", "z=1&a=b+c&a=%41", nil, nil)
		assert.Equal(t, 200, q.Status, string(q.Body))
	})

	t.Run("every authentication failure", func(t *testing.T) {
		body := []byte(orderJSON)
		now := time.Now().Unix()
		cases := map[string]string{
			"missing_authorization":   "",
			"malformed_authorization": `HMAC apiKey="demo", signature="zz"`,
			"unknown_key":             strings.Replace(c.sign("POST", "/api/v1/orders", "", body, now, newNonce()), `apiKey="demo"`, `apiKey="nobody"`, 1),
			"weak_algorithm":          c.sign("POST", "/api/v1/orders", "", body, now, newNonce()) + `, algorithm="hmac-sha1"`,
			"stale_timestamp":         c.sign("POST", "/api/v1/orders", "", body, now-310, newNonce()),
			"bad_signature":           c.sign("POST", "/api/v1/orders", "", []byte("{}"), now, newNonce()),
		}
		for code, auth := range cases {
			r := c.do("POST", "/api/v1/orders", body, idem(newNonce()), auth)
			assert.Equal(t, 401, r.Status, code)
			assert.Equal(t, code, r.code(), "%s: %s", code, r.Body)
		}
		future := c.do("POST", "/api/v1/orders", body, idem(newNonce()), c.sign("POST", "/api/v1/orders", "", body, time.Now().Unix()+310, newNonce()))
		assert.Equal(t, "stale_timestamp", future.code(), "the window holds both ways")

		// A failed attempt does not spend its nonce; a success does.
		nonce := newNonce()
		bad := c.do("POST", "/api/v1/orders", body, idem(newNonce()), c.sign("POST", "/api/v1/orders", "", []byte("tampered"), now, nonce))
		assert.Equal(t, "bad_signature", bad.code())
		key := newNonce()
		good := c.do("POST", "/api/v1/orders", body, idem(key), c.sign("POST", "/api/v1/orders", "", body, now, nonce))
		assert.Equal(t, 201, good.Status, string(good.Body))
		replay := c.do("POST", "/api/v1/orders", body, idem(key), c.sign("POST", "/api/v1/orders", "", body, now, nonce))
		assert.Equal(t, 401, replay.Status)
		assert.Equal(t, "replayed_nonce", replay.code())
	})

	t.Run("hmac-sha512 is accepted", func(t *testing.T) {
		c512 := *c
		c512.alg = "hmac-sha512"
		r := c512.signed("POST", "/api/v1/orders", "", []byte(orderJSON), idem(newNonce()))
		assert.Equal(t, 201, r.Status, string(r.Body))
	})

	t.Run("order validation and body limit", func(t *testing.T) {
		for _, body := range []string{
			`{"symbol":"DOGE-USD","side":"buy","type":"limit","quantity":"1","price":"1"}`,
			`{"symbol":"BTC-USD","side":"hold","type":"limit","quantity":"1","price":"1"}`,
			`{"symbol":"BTC-USD","side":"buy","type":"market","quantity":"1","price":"1"}`,
			`{"symbol":"BTC-USD","side":"buy","type":"limit","quantity":"1"}`,
			`{"symbol":"BTC-USD","side":"buy","type":"limit","quantity":"0.000000001","price":"1"}`,
			`{"symbol":"ETH-USD","side":"sell","type":"market","quantity":"-1"}`,
		} {
			key := newNonce()
			r := c.signed("POST", "/api/v1/orders", "", []byte(body), idem(key))
			assert.Equal(t, 400, r.Status, body)
			assert.Equal(t, "invalid_order", r.code(), body)
			// Rejected before it ran: the key is free for a valid order.
			ok := c.signed("POST", "/api/v1/orders", "", []byte(orderJSON), idem(key))
			assert.Equal(t, 201, ok.Status, "key %s reusable after a 400: %s", key, ok.Body)
		}
		big := bytes.Repeat([]byte("x"), 65<<10)
		r := c.signed("POST", "/api/v1/orders", "", big, idem(newNonce()))
		assert.Equal(t, 413, r.Status)
		assert.Equal(t, "body_too_large", r.code())
	})

	t.Run("faults", func(t *testing.T) {
		key := newNonce()
		h := idem(key)
		h["X-Sandbox-Fault"] = "status=503"
		r := c.signed("POST", "/api/v1/orders", "", []byte(orderJSON), h)
		assert.Equal(t, 503, r.Status)
		assert.Equal(t, "sandbox_fault", r.code())
		ok := c.signed("POST", "/api/v1/orders", "", []byte(orderJSON), idem(key))
		assert.Equal(t, 201, ok.Status, "a status= fault stores nothing")
		assert.Empty(t, ok.Header.Get("Idempotent-Replayed"))

		// A lost response, then a retry with the same key: one order.
		before := countOrders(t, c)
		key = newNonce()
		h = idem(key)
		h["X-Sandbox-Fault"] = "drop-response"
		lost := c.signed("POST", "/api/v1/orders", "", []byte(orderJSON), h)
		require.Error(t, lost.Err, "the connection closes without an answer")
		retry := c.signed("POST", "/api/v1/orders", "", []byte(orderJSON), idem(key))
		assert.Equal(t, 201, retry.Status)
		assert.Equal(t, "true", retry.Header.Get("Idempotent-Replayed"))
		assert.Equal(t, before+1, countOrders(t, c), "exactly one order for the lost response and its retry")

		// A delayed request holds its key: a concurrent retry gets 409.
		key = newNonce()
		h = idem(key)
		h["X-Sandbox-Fault"] = "delay=1500ms"
		var wg sync.WaitGroup
		var slow apiResp
		wg.Add(1)
		go func() {
			defer wg.Done()
			slow = c.signedNoPace("POST", "/api/v1/orders", []byte(orderJSON), h)
		}()
		time.Sleep(500 * time.Millisecond)
		busy := c.signedNoPace("POST", "/api/v1/orders", []byte(orderJSON), idem(key))
		assert.Equal(t, 409, busy.Status, string(busy.Body))
		assert.Equal(t, "idempotency_key_in_flight", busy.code())
		wg.Wait()
		assert.Equal(t, 201, slow.Status, string(slow.Body))
	})
}

// signedNoPace signs and sends without the pacing of do (for concurrent
// requests).
func (c *apiClient) signedNoPace(method, path string, body []byte, header map[string]string) apiResp {
	req, _ := http.NewRequest(method, c.base+path, bytes.NewReader(body))
	req.GetBody = nil
	for k, v := range header {
		req.Header.Set(k, v)
	}
	req.Header.Set("Authorization", c.sign(method, path, "", body, time.Now().Unix(), newNonce()))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return apiResp{Err: err}
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return apiResp{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

func countOrders(t *testing.T, c *apiClient) int {
	t.Helper()
	r := c.signed("GET", "/api/v1/orders", "", nil, nil)
	require.Equal(t, 200, r.Status, string(r.Body))
	var l struct {
		Orders []json.RawMessage `json:"orders"`
	}
	require.NoError(t, json.Unmarshal(r.Body, &l))
	return len(l.Orders)
}

func TestAPIRateLimitAndOwnCredentials(t *testing.T) {
	requireWasmBuilt(t)
	srv := browsertest.StartServe(t, bin, "--api-key", "course-key", "--api-secret", "s3cret-value-123")
	assert.NotContains(t, srv.Output(), "s3cret-value-123", "the secret is never printed")
	assert.Contains(t, srv.Output(), `api key "course-key"`)
	c := &apiClient{t: t, base: strings.TrimSuffix(srv.URL, "/"), key: "course-key", secret: "s3cret-value-123"}

	demo := &apiClient{t: t, base: c.base, key: "demo", secret: "demo-secret"}
	assert.Equal(t, "unknown_key", demo.signed("GET", "/api/v1/orders", "", nil, nil).code(), "the demo key is off when a key is given")

	var limited *apiResp
	for i := 0; i < 100 && limited == nil; i++ {
		r := c.signedNoPace("GET", "/api/v1/orders", nil, nil)
		if r.Status == 429 {
			limited = &r
		} else {
			require.Equal(t, 200, r.Status, string(r.Body))
		}
	}
	require.NotNil(t, limited, "100 requests at once must hit the rate limit")
	assert.Equal(t, "rate_limited", limited.code())
	secs, err := strconv.Atoi(limited.Header.Get("Retry-After"))
	require.NoError(t, err)
	assert.GreaterOrEqual(t, secs, 1)
}
