package exchange_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/engine/exchange"
	"github.com/consensus-lab/playground/engine/exchange/flaky"
	"github.com/consensus-lab/playground/engine/idempotency"
	"github.com/consensus-lab/playground/engine/signing"
)

func TestTimeIsUnsigned(t *testing.T) {
	f := newFixture(t)
	r := send(t, &http.Client{Transport: flaky.New(f.ex, flaky.Config{})}, http.MethodGet, exchange.PathTime, "")
	require.Equal(t, http.StatusOK, r.status)
	assert.JSONEq(t, fmt.Sprintf(`{"unix":%d}`, start.Unix()), r.body)

	r = send(t, f.client("alice"), http.MethodPost, exchange.PathTime, "{}")
	assert.Equal(t, http.StatusMethodNotAllowed, r.status)
	assert.Equal(t, exchange.CodeMethodNotAllowed, r.code(t))
	assert.Equal(t, "GET, HEAD", r.header.Get("Allow"))
}

func TestCreateListAndGetOrders(t *testing.T) {
	f := newFixture(t)
	alice, bob := f.client("alice"), f.client("bob")

	r := order(t, alice, `"k1"`, btcLimit)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	var o exchange.Order
	require.NoError(t, json.Unmarshal([]byte(r.body), &o))
	assert.Equal(t, exchange.Order{ID: o.ID, Status: "accepted", Symbol: "BTC-USD", Side: "buy", Type: "limit",
		Quantity: "0.5", Price: "65000", CreatedAt: start}, o)
	assert.NotEmpty(t, o.ID)
	assert.Equal(t, exchange.PathOrders+"/"+o.ID, r.header.Get("Location"))
	assert.Empty(t, r.header.Get(idempotency.ReplayedHeader))

	r2 := order(t, alice, `"k2"`, ethMarket)
	require.Equal(t, http.StatusCreated, r2.status, r2.body)
	assert.NotContains(t, r2.body, `"price"`, "a market order has no price")

	list := send(t, alice, http.MethodGet, exchange.PathOrders, "")
	require.Equal(t, http.StatusOK, list.status)
	var got struct{ Orders []exchange.Order }
	require.NoError(t, json.Unmarshal([]byte(list.body), &got))
	require.Len(t, got.Orders, 2)
	assert.Equal(t, o, got.Orders[0], "oldest first")

	one := send(t, alice, http.MethodGet, exchange.PathOrders+"/"+o.ID, "")
	require.Equal(t, http.StatusOK, one.status)
	assert.JSONEq(t, r.body, one.body)

	// Bob sees none of it.
	other := send(t, bob, http.MethodGet, exchange.PathOrders+"/"+o.ID, "")
	assert.Equal(t, http.StatusNotFound, other.status)
	assert.Equal(t, exchange.CodeNotFound, other.code(t))
	empty := send(t, bob, http.MethodGet, exchange.PathOrders, "")
	assert.JSONEq(t, `{"orders":[]}`, empty.body)

	for _, p := range []string{exchange.PathOrders + "/ord_nope", "/api/v1/nothing", "/api/v2/orders", exchange.PathOrders + "/a/b"} {
		r := send(t, alice, http.MethodGet, p, "")
		assert.Equal(t, http.StatusNotFound, r.status, p)
		assert.Equal(t, exchange.CodeNotFound, r.code(t), p)
	}
	r = send(t, alice, http.MethodDelete, exchange.PathOrders+"/"+o.ID, "")
	assert.Equal(t, http.StatusMethodNotAllowed, r.status)
}

// Every 401 of the contract; none of them stores the key.
func TestAuthenticationFailuresStoreNothing(t *testing.T) {
	f := newFixture(t)
	perfect := flaky.New(f.ex, flaky.Config{})
	fixedNonce := func() string { return "nonce-used-twice-0001" }
	cases := []struct {
		name string
		c    *http.Client
		code string
		prep func(c *http.Client)
	}{
		{"missing_authorization", &http.Client{Transport: perfect}, signing.CodeMissingAuthorization, nil},
		{"unknown_key", &http.Client{Transport: &signing.Transport{Base: perfect, APIKey: "mallory", Secret: "x", Now: f.clk.Now}}, signing.CodeUnknownKey, nil},
		{"bad_signature", &http.Client{Transport: &signing.Transport{Base: perfect, APIKey: "alice", Secret: "wrong", Now: f.clk.Now}}, signing.CodeBadSignature, nil},
		{"stale_timestamp", &http.Client{Transport: &signing.Transport{Base: perfect, APIKey: "alice", Secret: "alice-secret",
			Now: func() time.Time { return f.clk.Now().Add(-10 * time.Minute) }}}, signing.CodeStaleTimestamp, nil},
		{"replayed_nonce", &http.Client{Transport: &signing.Transport{Base: perfect, APIKey: "alice", Secret: "alice-secret", Now: f.clk.Now, Nonce: fixedNonce}},
			signing.CodeReplayedNonce, func(c *http.Client) { send(t, c, http.MethodGet, exchange.PathOrders, "") }},
		{"malformed_authorization", nil, signing.CodeMalformedAuthorization, nil},
		{"weak_algorithm", nil, signing.CodeWeakAlgorithm, nil},
	}
	manual := map[string]string{
		"malformed_authorization": "HMAC nonsense",
		"weak_algorithm": fmt.Sprintf(`HMAC apiKey="alice", signature="%s", timestamp="%d", nonce="weak-algorithm-nonce-1", algorithm="hmac-sha1"`,
			strings.Repeat("0", 40), start.Unix()),
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			key := fmt.Sprintf(`"auth-%d"`, i)
			var r reply
			if tc.c == nil {
				r = order(t, &http.Client{Transport: perfect}, key, btcLimit, "Authorization", manual[tc.name])
			} else {
				if tc.prep != nil {
					tc.prep(tc.c)
				}
				r = order(t, tc.c, key, btcLimit)
			}
			assert.Equal(t, http.StatusUnauthorized, r.status)
			assert.Equal(t, tc.code, r.code(t))
			// The key was not stored: alice can use it for another body.
			ok := order(t, f.client("alice"), key, ethMarket)
			assert.Equal(t, http.StatusCreated, ok.status, ok.body)
		})
	}
}

func TestIdempotencyKeyErrors(t *testing.T) {
	f := newFixture(t)
	c := f.client("alice")
	r := order(t, c, "", btcLimit)
	assert.Equal(t, http.StatusBadRequest, r.status)
	assert.Equal(t, idempotency.CodeKeyMissing, r.code(t))
	for _, bad := range []string{`""`, strings.Repeat("x", 256), `"unterminated`, "caf\u00e9"} {
		r := order(t, c, bad, btcLimit)
		assert.Equal(t, http.StatusBadRequest, r.status, bad)
		assert.Equal(t, idempotency.CodeKeyInvalid, r.code(t), bad)
	}
	// A key error wins over an invalid order: keys are checked first.
	r = order(t, c, "", `{"symbol":"DOGE-USD"}`)
	assert.Equal(t, idempotency.CodeKeyMissing, r.code(t))
	assert.Empty(t, f.ex.Orders("alice"))
}

func TestReplayAndReuse(t *testing.T) {
	f := newFixture(t)
	c := f.client("alice")
	first := order(t, c, `"8e03978e-40d5-43e8-bc93-6894a57f9324"`, btcLimit)
	require.Equal(t, http.StatusCreated, first.status)

	// Bare token, new signature and nonce, a fault header: still the same request.
	again := order(t, c, `8e03978e-40d5-43e8-bc93-6894a57f9324`, btcLimit, exchange.FaultHeader, "delay=1ms")
	assert.Equal(t, http.StatusCreated, again.status)
	assert.Equal(t, "true", again.header.Get(idempotency.ReplayedHeader))
	assert.Equal(t, first.body, again.body)
	assert.Equal(t, first.header.Get("Location"), again.header.Get("Location"))

	other := order(t, c, `"8e03978e-40d5-43e8-bc93-6894a57f9324"`, ethMarket)
	assert.Equal(t, http.StatusUnprocessableEntity, other.status)
	assert.Equal(t, idempotency.CodeKeyReused, other.code(t))

	// Keys are per API key: bob's copy of the key is his own.
	bob := order(t, f.client("bob"), `"8e03978e-40d5-43e8-bc93-6894a57f9324"`, ethMarket)
	assert.Equal(t, http.StatusCreated, bob.status)
	assert.Empty(t, bob.header.Get(idempotency.ReplayedHeader))
	assert.Len(t, f.ex.Orders("alice"), 1)
}

func TestInvalidOrders(t *testing.T) {
	f := newFixture(t)
	c := f.client("alice")
	cases := []struct{ body, detail string }{
		{`{"symbol":"DOGE-USD","side":"buy","type":"market","quantity":"1"}`, `symbol "DOGE-USD" is not supported`},
		{`{"side":"buy","type":"market","quantity":"1"}`, "symbol is required"},
		{`{"symbol":"BTC-USD","side":"hold","type":"market","quantity":"1"}`, `side "hold" is not supported`},
		{`{"symbol":"BTC-USD","side":"buy","type":"stop","quantity":"1"}`, `type "stop" is not supported`},
		{`{"symbol":"BTC-USD","side":"buy","type":"market"}`, "quantity is required"},
		{`{"symbol":"BTC-USD","side":"buy","type":"market","quantity":"-1"}`, "is negative"},
		{`{"symbol":"BTC-USD","side":"buy","type":"market","quantity":"0"}`, "is zero"},
		{`{"symbol":"BTC-USD","side":"buy","type":"market","quantity":"0.123456789"}`, "9 decimals, at most 8"},
		{`{"symbol":"BTC-USD","side":"buy","type":"market","quantity":"1e3"}`, "where a digit belongs"},
		{`{"symbol":"BTC-USD","side":"buy","type":"market","quantity":0.5}`, "quantity must be a JSON string"},
		{`{"symbol":"BTC-USD","side":"buy","type":"market","quantity":"1","price":"5"}`, "a market order takes no price"},
		{`{"symbol":"BTC-USD","side":"buy","type":"limit","quantity":"1"}`, "a limit order needs a price"},
		{`{"symbol":"BTC-USD","side":"buy","type":"limit","quantity":"1","price":"abc"}`, "price"},
		{`{"symbol":"BTC-USD","side":"buy","type":"market","quantity":"1","leverage":"100"}`, `unknown field "leverage"`},
		{`{"symbol":"BTC-USD"`, "not valid JSON"},
		{`[]`, "must be a JSON object"},
		{`{"symbol":"BTC-USD","side":"buy","type":"market","quantity":"1"} {}`, "nothing after it"},
	}
	for i, tc := range cases {
		key := fmt.Sprintf(`"bad-%d"`, i)
		r := order(t, c, key, tc.body)
		assert.Equal(t, http.StatusBadRequest, r.status, tc.body)
		assert.Equal(t, exchange.CodeInvalidOrder, r.code(t), tc.body)
		assert.Contains(t, r.detail(t), tc.detail, tc.body)
		// A validation error stores nothing: the corrected order may use the key.
		ok := order(t, c, key, btcLimit)
		assert.Equal(t, http.StatusCreated, ok.status, tc.body)
		assert.Empty(t, ok.header.Get(idempotency.ReplayedHeader))
	}
	assert.Len(t, f.ex.Orders("alice"), len(cases))
}

func TestBodyTooLarge(t *testing.T) {
	f := newFixture(t)
	c := f.client("alice")
	big := `{"symbol":"BTC-USD","side":"buy","type":"market","quantity":"1","pad":"` + strings.Repeat("x", exchange.MaxBodyBytes) + `"}`
	r := order(t, c, `"big"`, big)
	assert.Equal(t, http.StatusRequestEntityTooLarge, r.status)
	assert.Equal(t, "body_too_large", r.code(t))
	assert.Equal(t, http.StatusCreated, order(t, c, `"big"`, btcLimit).status, "a 413 stores nothing")
}

func TestRateLimit(t *testing.T) {
	f := newFixture(t, func(c *exchange.Config) { c.RateLimit = exchange.RateLimit{Rate: 0.25, Burst: 2} })
	c := f.client("alice")
	require.Equal(t, http.StatusCreated, order(t, c, `"r1"`, btcLimit).status)
	require.Equal(t, http.StatusOK, send(t, c, http.MethodGet, exchange.PathOrders, "").status)
	r := order(t, c, `"r2"`, btcLimit)
	assert.Equal(t, http.StatusTooManyRequests, r.status)
	assert.Equal(t, exchange.CodeRateLimited, r.code(t))
	assert.Equal(t, "4", r.header.Get("Retry-After"), "one token every 4 s")

	// Bob has his own bucket.
	assert.Equal(t, http.StatusCreated, order(t, f.client("bob"), `"r2"`, btcLimit).status)

	f.clk.Add(2 * time.Second)
	r = order(t, c, `"r2"`, ethMarket)
	assert.Equal(t, http.StatusTooManyRequests, r.status)
	assert.Equal(t, "2", r.header.Get("Retry-After"), "half a token left to wait for")

	f.clk.Add(2 * time.Second)
	r = order(t, c, `"r2"`, ethMarket)
	assert.Equal(t, http.StatusCreated, r.status, "a 429 stored nothing: the key takes another body")
}

func TestStatusFaultStoresNothing(t *testing.T) {
	f := newFixture(t)
	c := f.client("alice")
	for _, s := range []int{500, 503, 599} {
		r := order(t, c, `"fault"`, btcLimit, exchange.FaultHeader, fmt.Sprintf("status=%d", s))
		assert.Equal(t, s, r.status)
		assert.Equal(t, exchange.CodeSandboxFault, r.code(t))
	}
	assert.Empty(t, f.ex.Orders("alice"))
	r := order(t, c, `"fault"`, ethMarket)
	assert.Equal(t, http.StatusCreated, r.status)
	assert.Empty(t, r.header.Get(idempotency.ReplayedHeader))

	// On a GET too, before anything runs.
	r = send(t, c, http.MethodGet, exchange.PathOrders, "", exchange.FaultHeader, "status=502")
	assert.Equal(t, http.StatusBadGateway, r.status)
}

func TestBadFaultValues(t *testing.T) {
	f := newFixture(t)
	c := f.client("alice")
	for _, v := range []string{"status=404", "status=abc", "delay=soon", "delay=-1s", "explode", "drop-response=1", "delay=1s,delay=2s", ",", "status="} {
		r := order(t, c, `"bad-fault"`, btcLimit, exchange.FaultHeader, v)
		assert.Equal(t, http.StatusBadRequest, r.status, v)
		assert.Equal(t, exchange.CodeInvalidFault, r.code(t), v)
	}
	assert.Equal(t, http.StatusCreated, order(t, c, `"bad-fault"`, ethMarket).status, "bad faults store nothing")
}

func TestDropResponseKeepsTheOrderAndTheRecord(t *testing.T) {
	f := newFixture(t)
	net := flaky.New(f.ex, flaky.Config{})
	c := f.clientOver("alice", net)
	_, err := sendErr(c, http.MethodPost, exchange.PathOrders, btcLimit, "Idempotency-Key", `"lost"`, exchange.FaultHeader, "drop-response")
	require.ErrorIs(t, err, flaky.ErrConnectionClosed)
	require.Len(t, f.ex.Orders("alice"), 1, "the order was stored before the answer was lost")

	r := order(t, c, `"lost"`, btcLimit)
	assert.Equal(t, http.StatusCreated, r.status)
	assert.Equal(t, "true", r.header.Get(idempotency.ReplayedHeader))
	var o exchange.Order
	require.NoError(t, json.Unmarshal([]byte(r.body), &o))
	assert.Equal(t, f.ex.Orders("alice")[0], o)
	assert.Len(t, f.ex.Orders("alice"), 1, "the retry placed nothing new")
	assert.Equal(t, flaky.FateConnectionLost, net.Events()[0].Fate)
}

// gate is a Sleep that blocks until released, to hold a request inside its
// delay= wait.
type gate struct {
	entered chan time.Duration
	release chan struct{}
}

func (g *gate) Sleep(_ context.Context, d time.Duration) error {
	g.entered <- d
	<-g.release
	return nil
}

func TestDelayHoldsTheKeySoARetrySees409(t *testing.T) {
	g := &gate{entered: make(chan time.Duration), release: make(chan struct{})}
	f := newFixture(t, func(c *exchange.Config) {
		c.Sleep = func(ctx context.Context, d time.Duration) error { return g.Sleep(ctx, d) }
	})
	c := f.client("alice")
	done := make(chan reply)
	go func() { done <- order(t, c, `"slow"`, btcLimit, exchange.FaultHeader, "delay=1500ms") }()
	assert.Equal(t, 1500*time.Millisecond, <-g.entered)

	r := order(t, c, `"slow"`, btcLimit)
	assert.Equal(t, http.StatusConflict, r.status)
	assert.Equal(t, idempotency.CodeKeyInFlight, r.code(t))
	r = order(t, c, `"slow"`, ethMarket)
	assert.Equal(t, http.StatusUnprocessableEntity, r.status, "a different payload is refused even in flight")
	assert.Empty(t, f.ex.Orders("alice"), "nothing is processed during the wait")

	close(g.release)
	first := <-done
	require.Equal(t, http.StatusCreated, first.status)
	r = order(t, c, `"slow"`, btcLimit)
	assert.Equal(t, "true", r.header.Get(idempotency.ReplayedHeader))
	assert.Equal(t, first.body, r.body)
	assert.Len(t, f.ex.Orders("alice"), 1)
}

func TestDelayIsCapped(t *testing.T) {
	var slept time.Duration
	f := newFixture(t, func(c *exchange.Config) {
		c.MaxDelay = 2 * time.Second
		c.Sleep = func(_ context.Context, d time.Duration) error { slept = d; return nil }
	})
	r := order(t, f.client("alice"), `"cap"`, btcLimit, exchange.FaultHeader, "delay=1h")
	assert.Equal(t, http.StatusCreated, r.status)
	assert.Equal(t, 2*time.Second, slept)
	assert.Equal(t, "delay capped at 2s", r.header.Get(exchange.FaultNoteHeader))
}

func TestKeyExpiresAfter24h(t *testing.T) {
	f := newFixture(t)
	c := f.client("alice")
	require.Equal(t, http.StatusCreated, order(t, c, `"day"`, btcLimit).status)
	f.clk.Add(23 * time.Hour)
	assert.Equal(t, http.StatusUnprocessableEntity, order(t, c, `"day"`, ethMarket).status)
	f.clk.Add(time.Hour)
	r := order(t, c, `"day"`, ethMarket)
	assert.Equal(t, http.StatusCreated, r.status, "after 24 h the key is a new request")
	assert.Empty(t, r.header.Get(idempotency.ReplayedHeader))
	assert.Len(t, f.ex.Orders("alice"), 2)
}

func TestConcurrentSameKeyPlacesOneOrder(t *testing.T) {
	const n = 200
	f := newFixture(t)
	c := f.client("alice")
	replies := make([]reply, n)
	startGun := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-startGun
			replies[i] = order(t, c, `"burst"`, btcLimit)
		}()
	}
	close(startGun)
	wg.Wait()
	require.Len(t, f.ex.Orders("alice"), 1, "exactly one execution")
	var body string
	for _, r := range replies {
		switch r.status {
		case http.StatusCreated:
			if body == "" {
				body = r.body
			}
			assert.Equal(t, body, r.body)
		case http.StatusConflict:
			assert.Equal(t, idempotency.CodeKeyInFlight, r.code(t))
		default:
			t.Fatalf("unexpected %d %s", r.status, r.body)
		}
	}
}

// Fault 2 of issue 17: each ledger took 1,000 orders and then refused every
// order (403, stored under the idempotency key too), for good: anyone could
// fill the shared demo key's. Now the oldest order makes room.
func TestLedgerKeepsTheLatestOrdersAndNeverFills(t *testing.T) {
	f := newFixture(t, func(c *exchange.Config) { c.MaxOrdersPerKey = 2 })
	c := f.client("alice")
	var ids []string
	for i := range 5 {
		r := order(t, c, fmt.Sprintf(`"o%d"`, i), btcLimit)
		require.Equal(t, http.StatusCreated, r.status, r.body)
		var o exchange.Order
		require.NoError(t, json.Unmarshal([]byte(r.body), &o))
		ids = append(ids, o.ID)
	}
	got := f.ex.Orders("alice")
	require.Len(t, got, 2)
	assert.Equal(t, []string{ids[3], ids[4]}, []string{got[0].ID, got[1].ID}, "the latest two, oldest first")
	assert.Equal(t, http.StatusNotFound, send(t, c, http.MethodGet, exchange.PathOrders+"/"+ids[0], "").status)
	assert.Equal(t, http.StatusCreated, order(t, f.client("bob"), `"o2"`, btcLimit).status)
}

// Fault 3 of issue 17 through the API: a full idempotency store refuses a
// new key with a problem that says so and never forgets a kept one.
func TestFullIdempotencyStoreRefusesNewKeysAndKeepsOldOnes(t *testing.T) {
	f := newFixture(t, func(c *exchange.Config) { c.StoreEntries = 20; c.StoreBytes = 1 << 20 })
	c := f.client("alice")
	for i := range 20 {
		require.Equal(t, http.StatusCreated, order(t, c, fmt.Sprintf(`"flood-%d"`, i), btcLimit).status)
	}
	r := order(t, c, `"one-more"`, btcLimit)
	assert.Equal(t, http.StatusServiceUnavailable, r.status)
	assert.Equal(t, idempotency.CodeStoreFull, r.code(t))
	assert.NotEmpty(t, r.header.Get("Retry-After"))
	assert.Len(t, f.ex.Orders("alice"), 20, "the refused request placed nothing")
	assert.Equal(t, "true", order(t, c, `"flood-0"`, btcLimit).header.Get(idempotency.ReplayedHeader), "the oldest key still replays")

	f.clk.Add(24 * time.Hour)
	assert.Equal(t, http.StatusCreated, order(t, c, `"one-more"`, btcLimit).status, "room again after 24 h")
}
