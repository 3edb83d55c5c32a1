package sandbox

import (
	"encoding/json"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/engine/exchange"
	"github.com/consensus-lab/playground/engine/exchange/flaky"
	"github.com/consensus-lab/playground/engine/signing"
)

const testOrder = `{"symbol":"BTC-USD","side":"buy","type":"limit","quantity":"0.5","price":"65000"}`

func postOrder(s *Sandbox, body string, ts int64, nonce, idemKey string) (Request, string) {
	req, canonical := SignedRequest(http.MethodPost, exchange.PathOrders, []byte(body), DemoAPIKey, DemoSecret, signing.AlgorithmSHA256, ts, nonce)
	req.Header.Set("Idempotency-Key", `"`+idemKey+`"`)
	return req, canonical
}

// The trace recorded from the exchange's verifier matches its answer,
// request after request: what a widget shows explains the real reply.
func TestSandboxTraceAgreesWithExchange(t *testing.T) {
	s := New(Config{})
	now := s.Now().Unix()
	good, _ := postOrder(s, testOrder, now, s.NextNonce("t"), "k1")
	stale, _ := postOrder(s, testOrder, now-301, s.NextNonce("t"), "k2")
	edge, _ := postOrder(s, testOrder, now+300, s.NextNonce("t"), "k3")
	tampered, _ := postOrder(s, testOrder, now, s.NextNonce("t"), "k4")
	tampered.Body = []byte(`{"symbol":"BTC-USD","side":"buy","type":"limit","quantity":"50","price":"65000"}`)
	unknown, _ := SignedRequest(http.MethodGet, exchange.PathOrders, nil, "nobody", "x", "", now, s.NextNonce("t"))

	for _, tc := range []struct {
		name   string
		req    Request
		status int
		code   string
		failed signing.StepName
	}{
		{"good", good, 201, "", ""},
		{"replay", good, 401, signing.CodeReplayedNonce, signing.StepNonce},
		{"stale", stale, 401, signing.CodeStaleTimestamp, signing.StepTimestamp},
		{"edge of the window", edge, 201, "", ""},
		{"tampered", tampered, 401, signing.CodeBadSignature, signing.StepSignature},
		{"unknown key", unknown, 401, signing.CodeUnknownKey, signing.StepKey},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := s.Send(tc.req)
			require.NoError(t, r.Err)
			assert.Equal(t, tc.status, r.Status, "%s", r.Body)
			assert.Equal(t, tc.code, r.Code)
			require.True(t, r.HasTrace)
			step, failed := r.Trace.Failed()
			assert.Equal(t, tc.code != "", failed)
			assert.Equal(t, tc.failed, step.Name)
			assert.Equal(t, tc.code, step.Code, "the trace's code is the reply's")
		})
	}
	assert.Len(t, s.Exchange.Orders(DemoAPIKey), 2)
}

func TestSandboxTamperedBodyDiffPointsAtBodyLine(t *testing.T) {
	s := New(Config{})
	req, _ := postOrder(s, testOrder, s.Now().Unix(), s.NextNonce("t"), "k")
	req.Body = append(req.Body, ' ')
	r := s.Send(req)
	require.Equal(t, signing.CodeBadSignature, r.Code)
	require.Len(t, r.Trace.Diffs, 1)
	assert.Equal(t, "body_sha256", r.Trace.Diffs[0].Name)
	assert.Equal(t, signing.BodyDigest(req.Body), r.Trace.Diffs[0].Server)
}

func TestSandboxUnsignedTimeHasNoTrace(t *testing.T) {
	s := New(Config{})
	r := s.Send(Request{Method: http.MethodGet, Target: exchange.PathTime})
	require.NoError(t, r.Err)
	assert.Equal(t, 200, r.Status)
	assert.False(t, r.HasTrace)
	var body struct{ Unix int64 }
	require.NoError(t, json.Unmarshal(r.Body, &body))
	assert.Equal(t, DefaultStart.Unix(), body.Unix, "the exchange reads the sandbox clock")
	s.Clock.Advance(90 * time.Second)
	r = s.Send(Request{Method: http.MethodGet, Target: exchange.PathTime})
	require.NoError(t, json.Unmarshal(r.Body, &body))
	assert.Equal(t, DefaultStart.Unix()+90, body.Unix)
}

// A lost response is a network error, yet the order was stored: the
// flaky transport is the one the idempotency widgets rely on.
func TestSandboxFlakyNetworkLosesResponse(t *testing.T) {
	var events []flaky.Event
	s := New(Config{Seed: 1, Odds: []flaky.Odds{{LoseResponse: 1}, {}}, OnEvent: func(e flaky.Event) { events = append(events, e) }})
	req, _ := postOrder(s, testOrder, s.Now().Unix(), s.NextNonce("t"), "k")
	r := s.Send(req)
	assert.ErrorIs(t, r.Err, flaky.ErrResponseLost)
	assert.True(t, r.HasTrace, "the server saw it")
	assert.Len(t, s.Exchange.Orders(DemoAPIKey), 1)
	require.Len(t, events, 1)
	assert.Equal(t, flaky.FateResponseLost, events[0].Fate)
}

func TestSandboxNonces(t *testing.T) {
	s := New(Config{})
	a, b := s.NextNonce("x"), s.NextNonce("x")
	assert.NotEqual(t, a, b)
	for _, n := range []string{a, b, s.NextNonce("replay-attacker")} {
		assert.Regexp(t, `^[A-Za-z0-9_-]{16,64}$`, n, "the contract's nonce alphabet and length")
	}
}

// A request's From is the address the exchange's allow-list checks, and
// without it the network's own address is used.
func TestSandboxFromAddress(t *testing.T) {
	ring := signing.NewKeyRing()
	ring.Add("office", "office-secret", time.Time{}, time.Time{})
	s := New(Config{Keys: ring, Policies: map[string]exchange.KeyPolicy{
		"office": {Allow: []netip.Prefix{netip.MustParsePrefix("203.0.113.0/24")}},
	}})
	send := func(from netip.Addr) Response {
		req, _ := SignedRequest(http.MethodGet, exchange.PathOrders, nil, "office", "office-secret", "", s.Now().Unix(), s.NextNonce("t"))
		req.From = from
		return s.Send(req)
	}
	r := send(netip.MustParseAddr("198.51.100.7"))
	assert.Equal(t, http.StatusForbidden, r.Status)
	assert.Equal(t, exchange.CodeIPNotAllowed, r.Code)
	assert.Contains(t, r.Detail, "198.51.100.7")
	assert.Equal(t, exchange.CodeIPNotAllowed, send(netip.Addr{}).Code, "the network's own address is outside the list")
	assert.Equal(t, http.StatusOK, send(netip.MustParseAddr("203.0.113.10")).Status)
}

// An Ed25519-signed order is accepted with the demo key, and the same
// request with its body changed after signing is bad_signature.
func TestSandboxEd25519(t *testing.T) {
	ring, policies := exchange.DemoKeys()
	s := New(Config{Keys: ring, Policies: policies})
	req, canonical := SignedEd25519Request(http.MethodPost, exchange.PathOrders, []byte(testOrder), exchange.DemoEd25519Key,
		exchange.DemoEd25519PrivateKey(), s.Now().Unix(), s.NextNonce("t"))
	assert.Contains(t, canonical, signing.BodyDigest([]byte(testOrder)))
	assert.True(t, strings.HasPrefix(req.Header.Get("Authorization"), "Ed25519 "))
	req.Header.Set("Idempotency-Key", `"ed-1"`)
	r := s.Send(req)
	require.NoError(t, r.Err)
	assert.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)

	req, _ = SignedEd25519Request(http.MethodPost, exchange.PathOrders, []byte(testOrder), exchange.DemoEd25519Key,
		exchange.DemoEd25519PrivateKey(), s.Now().Unix(), s.NextNonce("t"))
	req.Header.Set("Idempotency-Key", `"ed-2"`)
	req.Body = []byte(strings.Replace(testOrder, "0.5", "50", 1))
	r = s.Send(req)
	assert.Equal(t, http.StatusUnauthorized, r.Status)
	assert.Equal(t, signing.CodeBadSignature, r.Code)
	assert.Len(t, s.Exchange.Orders(exchange.DemoEd25519Key), 1)
}

// The configured rate reaches the exchange: a bucket of 2 answers the
// third request at one instant with 429 and the RateLimit headers.
func TestSandboxRateLimit(t *testing.T) {
	s := New(Config{RateLimit: exchange.RateLimit{Rate: 2, Burst: 2}})
	var last Response
	for range 3 {
		req, _ := SignedRequest(http.MethodGet, exchange.PathOrders, nil, DemoAPIKey, DemoSecret, "", s.Now().Unix(), s.NextNonce("t"))
		last = s.Send(req)
	}
	assert.Equal(t, http.StatusTooManyRequests, last.Status)
	assert.Equal(t, `"default";q=2;w=1`, last.Header.Get("RateLimit-Policy"))
	assert.Equal(t, "1", last.Header.Get("Retry-After"))
}
