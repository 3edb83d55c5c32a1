package exchange_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/engine/exchange"
	"github.com/consensus-lab/playground/engine/exchange/flaky"
	"github.com/consensus-lab/playground/engine/exchange/retry"
	"github.com/consensus-lab/playground/engine/signing"
)

// retrier sends as alice over net, with the fixture's clock.
func (f *fixture) retrier(net http.RoundTripper, seed uint64) *retry.Client {
	return &retry.Client{
		Transport: &signing.Transport{Base: net, APIKey: "alice", Secret: "alice-secret", Now: f.clk.Now},
		Seed:      seed,
		Now:       f.clk.Now,
		Sleep:     f.clk.Sleep,
	}
}

func newOrder(body string) retry.Request {
	return retry.Request{Method: http.MethodPost, URL: base + exchange.PathOrders, Body: []byte(body)}
}

func TestLostResponseThenRetryPlacesOneOrder(t *testing.T) {
	f := newFixture(t)
	net := flaky.New(f.ex, flaky.Config{Seed: 1, Odds: []flaky.Odds{{LoseResponse: 1}, {}}})
	rep, err := f.retrier(net, 1).Do(context.Background(), newOrder(btcLimit))
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, rep.Status)
	require.Len(t, rep.Attempts, 2)
	assert.Equal(t, retry.OutcomeTransport, rep.Attempts[0].Outcome)
	assert.True(t, rep.Attempts[1].Replayed, "the retry gets the stored answer")

	orders := f.ex.Orders("alice")
	require.Len(t, orders, 1, "exactly one order")
	var o exchange.Order
	require.NoError(t, json.Unmarshal(rep.Body, &o))
	assert.Equal(t, orders[0], o)

	ev := net.Events()
	require.Len(t, ev, 2)
	assert.Equal(t, flaky.FateResponseLost, ev[0].Fate)
	assert.Equal(t, http.StatusCreated, ev[0].Status, "the server did answer; the network lost it")
	assert.Equal(t, ev[0].Key, ev[1].Key)
}

func TestDropResponseThenRetryPlacesOneOrder(t *testing.T) {
	f := newFixture(t)
	net := flaky.New(f.ex, flaky.Config{})
	c := f.retrier(net, 2)
	req := newOrder(btcLimit)
	req.Header = http.Header{exchange.FaultHeader: {"drop-response"}}
	req.IdempotencyKey = "drop-1"
	rep, err := c.Do(context.Background(), req)
	// The first attempt is processed and its answer dropped; the retry, which
	// carries the same fault header (not part of the fingerprint), is
	// answered from the idempotency record before the handler, and so before
	// any fault could drop it again.
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, rep.Status)
	require.Len(t, rep.Attempts, 2)
	assert.Equal(t, retry.OutcomeTransport, rep.Attempts[0].Outcome)
	assert.Contains(t, rep.Attempts[0].Err, flaky.ErrConnectionClosed.Error())
	assert.True(t, rep.Attempts[1].Replayed)
	require.Len(t, f.ex.Orders("alice"), 1, "exactly one order")
	assert.Contains(t, string(rep.Body), f.ex.Orders("alice")[0].ID)
	assert.Equal(t, []string{flaky.FateConnectionLost, flaky.FateDelivered}, []string{net.Events()[0].Fate, net.Events()[1].Fate})
}

// A seeded bad network: every order the client reports placed is in the
// ledger exactly once, and the same seed gives the same story.
func TestSeededScenarioPlacesEachOrderOnce(t *testing.T) {
	run := func(seed uint64) ([]string, []exchange.Order) {
		f := newFixture(t)
		net := flaky.New(f.ex, flaky.Config{Seed: seed, MaxDelay: 2 * time.Second, Sleep: f.clk.Sleep,
			Odds: []flaky.Odds{{LoseRequest: 0.2, LoseResponse: 0.3, Duplicate: 0.2, Delay: 0.3}}})
		c := f.retrier(net, seed)
		c.Policy.MaxAttempts = 8
		var story []string
		placed := 0
		for i := range 30 {
			body := fmt.Sprintf(`{"symbol":"ETH-USD","side":"buy","type":"market","quantity":"%d"}`, i+1)
			rep, err := c.Do(context.Background(), newOrder(body))
			for _, a := range rep.Attempts {
				story = append(story, fmt.Sprintf("%d:%d:%s:%d:%v", i, a.N, a.Outcome, a.Status, a.Replayed))
			}
			if err == nil && rep.Status == http.StatusCreated {
				placed++
			}
		}
		orders := f.ex.Orders("alice")
		seen := map[string]bool{}
		for _, o := range orders {
			assert.False(t, seen[o.Quantity], "order %s placed twice", o.Quantity)
			seen[o.Quantity] = true
		}
		assert.GreaterOrEqual(t, len(orders), placed, "every reported success is in the ledger")
		return story, orders
	}
	s1, o1 := run(2026)
	s2, o2 := run(2026)
	assert.Equal(t, s1, s2, "a seed replays identically")
	assert.Equal(t, len(o1), len(o2))
	assert.Greater(t, len(s1), 30, "the network made the client retry")
	assert.Contains(t, strings.Join(s1, " "), ":201:true", "some retry was answered from the record")
}

// BenchmarkCreateOrder measures one signed, idempotent order through the
// whole handler in-process (signing, rate limit off, a new key each time).
func BenchmarkCreateOrder(b *testing.B) {
	ring := signing.NewKeyRing()
	ring.Add("alice", "alice-secret", time.Time{}, time.Time{})
	ex := exchange.New(exchange.Config{Keys: ring, RateLimit: exchange.RateLimit{Rate: -1}, MaxOrdersPerKey: 1 << 30})
	c := &http.Client{Transport: &signing.Transport{Base: flaky.New(ex, flaky.Config{}), APIKey: "alice", Secret: "alice-secret"}}
	b.SetBytes(int64(len(btcLimit)))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		req, _ := http.NewRequest(http.MethodPost, base+exchange.PathOrders, strings.NewReader(btcLimit))
		req.Header.Set("Idempotency-Key", fmt.Sprintf(`"bench-%d"`, i))
		resp, err := c.Do(req)
		if err != nil || resp.StatusCode != http.StatusCreated {
			b.Fatalf("%v %v", err, resp)
		}
		resp.Body.Close()
	}
}

// The lesson's counter-example: a client that makes a new key per attempt
// turns one lost response into two orders.
func TestNewKeyPerAttemptDuplicatesTheOrder(t *testing.T) {
	f := newFixture(t)
	net := flaky.New(f.ex, flaky.Config{Odds: []flaky.Odds{{LoseResponse: 1}, {}}})
	c := f.retrier(net, 3)
	c.KeyPerAttempt = true
	rep, err := c.Do(context.Background(), newOrder(btcLimit))
	require.NoError(t, err)
	require.Len(t, rep.Attempts, 2)
	assert.NotEqual(t, rep.Attempts[0].Key, rep.Attempts[1].Key)
	assert.False(t, rep.Attempts[1].Replayed)
	assert.Len(t, f.ex.Orders("alice"), 2, "the same order, placed twice")
}
