package exchange_test

import (
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/engine/exchange"
	"github.com/consensus-lab/playground/engine/exchange/flaky"
	"github.com/consensus-lab/playground/engine/idempotency"
	"github.com/consensus-lab/playground/engine/signing"
)

// fromAddr delivers to h as if from the client address addr.
func fromAddr(h http.Handler, addr string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.RemoteAddr = addr
		h.ServeHTTP(w, r)
	})
}

// demoFixture is an exchange with the demo keys, on a fake clock.
func demoFixture(t *testing.T, mod ...func(*exchange.Config)) *fixture {
	ring, policies := exchange.DemoKeys()
	return newFixture(t, append([]func(*exchange.Config){func(c *exchange.Config) {
		c.Keys, c.Policies, c.RateLimit = ring, policies, exchange.RateLimit{}
	}}, mod...)...)
}

// as signs as one of the demo keys (HMAC with its secret, or Ed25519) from
// the client address addr.
func (f *fixture) as(apiKey, secret, addr string) *http.Client {
	tr := &signing.Transport{Base: flaky.New(fromAddr(f.ex, addr), flaky.Config{}), APIKey: apiKey, Secret: secret, Now: f.clk.Now}
	if apiKey == exchange.DemoEd25519Key {
		tr.PrivateKey = exchange.DemoEd25519PrivateKey()
	}
	return &http.Client{Transport: tr}
}

func TestScopes(t *testing.T) {
	f := demoFixture(t)
	reader := f.as(exchange.DemoReadKey, exchange.DemoReadSecret, "192.0.2.10:1000")
	r := send(t, reader, http.MethodGet, exchange.PathOrders, "")
	assert.Equal(t, http.StatusOK, r.status, r.body)

	// The nonce of a refused request is not spent: the very same signed
	// request is refused again for its scope, not as a replay.
	nonce := "scope-nonce-000001"
	tr := &signing.Transport{Base: flaky.New(fromAddr(f.ex, "192.0.2.10:1000"), flaky.Config{}), APIKey: exchange.DemoReadKey,
		Secret: exchange.DemoReadSecret, Now: f.clk.Now, Nonce: func() string { return nonce }}
	for range 2 {
		r = order(t, &http.Client{Transport: tr}, `"scoped"`, btcLimit)
		assert.Equal(t, http.StatusForbidden, r.status)
		assert.Equal(t, exchange.CodeInsufficientScope, r.code(t))
	}
	assert.Contains(t, r.detail(t), `"trade"`)
	assert.Empty(t, f.ex.Orders(exchange.DemoReadKey))
	v, err := f.ex.Store().Check(t.Context(), exchange.DemoReadKey, nonce, f.clk.Now().Unix(), f.clk.Now().Unix())
	require.NoError(t, err)
	assert.Equal(t, signing.NonceFresh, v, "a 403 spends no nonce")
	assert.Equal(t, http.StatusCreated, order(t, f.as(exchange.DemoKey, exchange.DemoSecret, "192.0.2.10:1000"), `"scoped"`, btcLimit).status,
		"the demo key trades, and the refused request stored nothing")
}

func TestIPAllowList(t *testing.T) {
	f := newFixture(t, func(c *exchange.Config) {
		c.Policies = map[string]exchange.KeyPolicy{"alice": {Allow: []netip.Prefix{netip.MustParsePrefix("10.1.0.0/16"), netip.MustParsePrefix("2001:db8::/32")}}}
	})
	at := func(addr string) reply {
		c := &http.Client{Transport: &signing.Transport{Base: flaky.New(fromAddr(f.ex, addr), flaky.Config{}), APIKey: "alice", Secret: "alice-secret", Now: f.clk.Now}}
		return send(t, c, http.MethodGet, exchange.PathOrders, "")
	}
	assert.Equal(t, http.StatusOK, at("10.1.2.3:5555").status)
	assert.Equal(t, http.StatusOK, at("[2001:db8::7]:5555").status)
	assert.Equal(t, http.StatusOK, at("[::ffff:10.1.9.9]:5555").status, "an IPv4-mapped address is the IPv4 one")
	r := at("10.2.0.1:5555")
	assert.Equal(t, http.StatusForbidden, r.status)
	assert.Equal(t, exchange.CodeIPNotAllowed, r.code(t))
	assert.Contains(t, r.detail(t), "10.2.0.1")
}

// Broken object-level authorization (OWASP API1:2023): another key's order
// id is not found, not shown.
func TestAnotherAccountsOrderIsNotFound(t *testing.T) {
	f := demoFixture(t)
	demo := f.as(exchange.DemoKey, exchange.DemoSecret, "192.0.2.1:1")
	r := order(t, demo, `"mine"`, btcLimit)
	require.Equal(t, http.StatusCreated, r.status)
	var o exchange.Order
	require.NoError(t, json.Unmarshal([]byte(r.body), &o))
	for _, other := range []*http.Client{
		f.as(exchange.DemoReadKey, exchange.DemoReadSecret, "192.0.2.1:1"),
		f.as(exchange.DemoEd25519Key, "", "192.0.2.1:1"),
	} {
		r = send(t, other, http.MethodGet, exchange.PathOrders+"/"+o.ID, "")
		assert.Equal(t, http.StatusNotFound, r.status)
		assert.Equal(t, exchange.CodeNotFound, r.code(t))
		assert.NotContains(t, r.body, "65000")
	}
	assert.Equal(t, http.StatusOK, send(t, demo, http.MethodGet, exchange.PathOrders+"/"+o.ID, "").status)
}

func TestRateLimitHeadersAnd429(t *testing.T) {
	f := demoFixture(t, func(c *exchange.Config) { c.RateLimit = exchange.RateLimit{Rate: 5} })
	c := f.as(exchange.DemoKey, exchange.DemoSecret, "192.0.2.1:1")
	for i := range 5 {
		r := send(t, c, http.MethodGet, exchange.PathOrders, "")
		require.Equal(t, http.StatusOK, r.status)
		assert.Equal(t, `"default";q=5;w=1`, r.header.Get("RateLimit-Policy"))
		assert.Equal(t, fmt.Sprintf(`"default";r=%d;t=1`, 4-i), r.header.Get("RateLimit"))
	}
	r := send(t, c, http.MethodGet, exchange.PathOrders, "")
	assert.Equal(t, http.StatusTooManyRequests, r.status)
	assert.Equal(t, exchange.CodeRateLimited, r.code(t))
	assert.Equal(t, "1", r.header.Get("Retry-After"))
	assert.Equal(t, `"default";r=0;t=1`, r.header.Get("RateLimit"))
	f.clk.Add(time.Second)
	assert.Equal(t, http.StatusOK, send(t, c, http.MethodGet, exchange.PathOrders, "").status)
}

// Fault 1 of issue 17, second half: the rate limit ran after the nonce was
// spent, so 199,814 requests answered 429 still filled the replay cache.
func TestRateLimitedRequestsSpendNoNonce(t *testing.T) {
	f := demoFixture(t, func(c *exchange.Config) { c.RateLimit = exchange.RateLimit{Rate: 5} })
	c := f.as(exchange.DemoKey, exchange.DemoSecret, "192.0.2.1:1")
	limited := 0
	for range 200 {
		if send(t, c, http.MethodGet, exchange.PathOrders, "").status == http.StatusTooManyRequests {
			limited++
		}
	}
	assert.Equal(t, 195, limited)
	assert.Equal(t, 5, f.ex.Store().(*exchange.MemoryStore).MemoryNonces.Len(), "only the admitted requests spent a nonce")
}

// Fault 7 of issue 17: one client drained the shared demo key's bucket
// and every learner got 429. The public demo keys have a bucket per client
// address.
func TestOneClientCannotStarveTheDemoKey(t *testing.T) {
	f := demoFixture(t, func(c *exchange.Config) { c.RateLimit = exchange.RateLimit{Rate: 5} })
	flooder := f.as(exchange.DemoKey, exchange.DemoSecret, "203.0.113.66:4000")
	for range 50 {
		send(t, flooder, http.MethodGet, exchange.PathOrders, "")
	}
	assert.Equal(t, http.StatusTooManyRequests, send(t, flooder, http.MethodGet, exchange.PathOrders, "").status)
	learner := f.as(exchange.DemoKey, exchange.DemoSecret, "198.51.100.7:5000")
	r := send(t, learner, http.MethodGet, exchange.PathOrders, "")
	assert.Equal(t, http.StatusOK, r.status, r.body)
	assert.Equal(t, `"default";r=4;t=1`, r.header.Get("RateLimit"), "a bucket of its own")
}

func TestEd25519DemoKeyPlacesAnOrder(t *testing.T) {
	f := demoFixture(t)
	r := order(t, f.as(exchange.DemoEd25519Key, "", "192.0.2.1:1"), `"ed"`, ethMarket)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	assert.Len(t, f.ex.Orders(exchange.DemoEd25519Key), 1)

	// Signed by a private key that is not the demo one: 401 bad_signature.
	other := &signing.Transport{Base: flaky.New(f.ex, flaky.Config{}), APIKey: exchange.DemoEd25519Key, Now: f.clk.Now,
		PrivateKey: ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))}
	r = order(t, &http.Client{Transport: other}, `"ed-2"`, ethMarket)
	assert.Equal(t, http.StatusUnauthorized, r.status)
	assert.Equal(t, signing.CodeBadSignature, r.code(t))
}

// The crash faults: either way, a retry with the same key and body ends
// with exactly one order.
func TestCrashFaultsThenRetryPlaceOneOrder(t *testing.T) {
	for _, fault := range []string{"crash-before-commit", "crash-after-commit"} {
		t.Run(fault, func(t *testing.T) {
			f := newFixture(t)
			c := f.client("alice")
			_, err := sendErr(c, http.MethodPost, exchange.PathOrders, btcLimit, "Idempotency-Key", `"crash"`, exchange.FaultHeader, fault)
			require.ErrorIs(t, err, flaky.ErrConnectionClosed, "no answer")
			if fault == "crash-before-commit" {
				assert.Empty(t, f.ex.Orders("alice"), "nothing was stored")
			} else {
				assert.Len(t, f.ex.Orders("alice"), 1, "the order and its record were stored together")
			}
			r := order(t, c, `"crash"`, btcLimit)
			require.Equal(t, http.StatusCreated, r.status, r.body)
			assert.Equal(t, fault == "crash-after-commit", r.header.Get(idempotency.ReplayedHeader) == "true")
			assert.Len(t, f.ex.Orders("alice"), 1, "exactly one order")
			r = order(t, c, `"crash"`, btcLimit)
			assert.Equal(t, "true", r.header.Get(idempotency.ReplayedHeader))
			assert.Len(t, f.ex.Orders("alice"), 1)
		})
	}
}

func TestCrashFaultsOnlyOnOrderCreation(t *testing.T) {
	f := newFixture(t)
	r := send(t, f.client("alice"), http.MethodGet, exchange.PathOrders, "", exchange.FaultHeader, "crash-after-commit")
	assert.Equal(t, http.StatusBadRequest, r.status)
	assert.Equal(t, exchange.CodeInvalidFault, r.code(t))
}

// Fault 6 of issue 17: delay=30s held a connection on the unsigned time
// route, without a key or a rate limit.
func TestUnsignedRequestsTakeNoDelayOrDrop(t *testing.T) {
	f := newFixture(t)
	anon := &http.Client{Transport: flaky.New(f.ex, flaky.Config{})}
	for _, v := range []string{"delay=30s", "drop-response", "crash-after-commit"} {
		for _, path := range []string{exchange.PathTime, exchange.PathKeys} {
			method := http.MethodGet
			if path == exchange.PathKeys {
				method = http.MethodPost
			}
			r := send(t, anon, method, path, "", exchange.FaultHeader, v)
			assert.Equal(t, http.StatusBadRequest, r.status, "%s %s", path, v)
			assert.Equal(t, exchange.CodeInvalidFault, r.code(t))
		}
	}
	r := send(t, anon, http.MethodGet, exchange.PathTime, "", exchange.FaultHeader, "status=503")
	assert.Equal(t, http.StatusServiceUnavailable, r.status, "status= still works: it answers at once")
}

func TestPersonalKeys(t *testing.T) {
	f := demoFixture(t)
	anon := &http.Client{Transport: flaky.New(fromAddr(f.ex, "192.0.2.50:9"), flaky.Config{})}
	r := send(t, anon, http.MethodPost, exchange.PathKeys, "")
	require.Equal(t, http.StatusCreated, r.status, r.body)
	assert.Equal(t, "application/json", r.header.Get("Content-Type"))
	var k struct {
		APIKey    string   `json:"apiKey"`
		Secret    string   `json:"secret"`
		Scopes    []string `json:"scopes"`
		ExpiresAt string   `json:"expiresAt"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.body), &k))
	assert.Equal(t, []string{"read", "trade"}, k.Scopes)
	exp, err := time.Parse(time.RFC3339, k.ExpiresAt)
	require.NoError(t, err)
	assert.Equal(t, f.clk.Now().Add(24*time.Hour).UTC(), exp)
	assert.GreaterOrEqual(t, len(k.Secret), 32)

	mine := f.as(k.APIKey, k.Secret, "192.0.2.50:9")
	require.Equal(t, http.StatusCreated, order(t, mine, `"pk"`, btcLimit).status)
	assert.Len(t, f.ex.Orders(k.APIKey), 1)
	assert.Empty(t, f.ex.Orders(exchange.DemoKey), "its own ledger")

	// Each issue is a new key; the address is limited (burst 5 by default).
	r2 := send(t, anon, http.MethodPost, exchange.PathKeys, "")
	require.Equal(t, http.StatusCreated, r2.status)
	assert.NotContains(t, r2.body, k.APIKey)
	limited := reply{}
	for range 10 {
		if limited = send(t, anon, http.MethodPost, exchange.PathKeys, ""); limited.status != http.StatusCreated {
			break
		}
	}
	assert.Equal(t, http.StatusTooManyRequests, limited.status)
	assert.Equal(t, exchange.CodeRateLimited, limited.code(t))
	assert.NotEmpty(t, limited.header.Get("Retry-After"))
	other := &http.Client{Transport: flaky.New(fromAddr(f.ex, "192.0.2.51:9"), flaky.Config{})}
	assert.Equal(t, http.StatusCreated, send(t, other, http.MethodPost, exchange.PathKeys, "").status, "per client address")

	// After 24 hours the key is gone.
	f.clk.Add(24 * time.Hour)
	r = send(t, mine, http.MethodGet, exchange.PathOrders, "")
	assert.Equal(t, http.StatusUnauthorized, r.status)
	assert.Equal(t, signing.CodeUnknownKey, r.code(t))
	assert.True(t, strings.HasPrefix(k.APIKey, "pk_"))
}

// One learner cannot fill the idempotency store for the others on a shared
// demo key: past the quota their own new keys are refused (nothing is
// dropped), another address is not affected.
func TestIdempotencyQuotaPerClientOnTheDemoKey(t *testing.T) {
	f := demoFixture(t, func(c *exchange.Config) { c.OwnerQuota = 2 })
	flooder := f.as(exchange.DemoKey, exchange.DemoSecret, "203.0.113.66:4000")
	for i := range 2 {
		require.Equal(t, http.StatusCreated, order(t, flooder, fmt.Sprintf(`"q%d"`, i), btcLimit).status)
	}
	r := order(t, flooder, `"q2"`, btcLimit)
	assert.Equal(t, http.StatusTooManyRequests, r.status)
	assert.Equal(t, idempotency.CodeOverQuota, r.code(t))
	assert.Equal(t, "true", order(t, flooder, `"q0"`, btcLimit).header.Get(idempotency.ReplayedHeader), "kept keys still replay")
	learner := f.as(exchange.DemoKey, exchange.DemoSecret, "198.51.100.7:5000")
	assert.Equal(t, http.StatusCreated, order(t, learner, `"q2"`, btcLimit).status)
}
