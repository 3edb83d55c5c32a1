package exchange_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/engine/exchange"
	"github.com/consensus-lab/playground/engine/exchange/flaky"
	"github.com/consensus-lab/playground/engine/problem"
	"github.com/consensus-lab/playground/engine/signing"
)

const base = "http://sandbox.test"

var start = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

// clock is a settable clock; its Sleep advances it instead of waiting.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func (c *clock) Sleep(_ context.Context, d time.Duration) error { c.Add(d); return nil }

type fixture struct {
	ex  *exchange.Exchange
	clk *clock
}

// newFixture builds an exchange with keys alice and bob on a fake clock.
func newFixture(t *testing.T, mod ...func(*exchange.Config)) *fixture {
	t.Helper()
	clk := &clock{t: start}
	ring := signing.NewKeyRing()
	ring.Add("alice", "alice-secret", time.Time{}, time.Time{})
	ring.Add("bob", "bob-secret", time.Time{}, time.Time{})
	cfg := exchange.Config{Keys: ring, Now: clk.Now, Sleep: clk.Sleep, RateLimit: exchange.RateLimit{Rate: -1}}
	for _, m := range mod {
		m(&cfg)
	}
	return &fixture{ex: exchange.New(cfg), clk: clk}
}

// client signs as apiKey over a perfect in-process network.
func (f *fixture) client(apiKey string) *http.Client {
	return f.clientOver(apiKey, flaky.New(f.ex, flaky.Config{}))
}

func (f *fixture) clientOver(apiKey string, rt http.RoundTripper) *http.Client {
	return &http.Client{Transport: &signing.Transport{Base: rt, APIKey: apiKey, Secret: apiKey + "-secret", Now: f.clk.Now}}
}

type reply struct {
	status int
	header http.Header
	body   string
}

// code is the problem code of r (failing the test if r is no problem).
func (r reply) code(t *testing.T) string {
	t.Helper()
	require.Equal(t, problem.ContentType, r.header.Get("Content-Type"), r.body)
	d, err := problem.Parse([]byte(r.body))
	require.NoError(t, err)
	require.Equal(t, r.status, d.Status)
	return d.Code
}

func (r reply) detail(t *testing.T) string {
	d, err := problem.Parse([]byte(r.body))
	require.NoError(t, err)
	return d.Detail
}

// send makes one request; hdr is name, value pairs.
func send(t *testing.T, c *http.Client, method, path, body string, hdr ...string) reply {
	t.Helper()
	r, err := sendErr(c, method, path, body, hdr...)
	require.NoError(t, err)
	return r
}

func sendErr(c *http.Client, method, path, body string, hdr ...string) (reply, error) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, base+path, rd)
	if err != nil {
		return reply{}, err
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Add(hdr[i], hdr[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		return reply{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return reply{status: resp.StatusCode, header: resp.Header, body: string(b)}, err
}

const (
	btcLimit  = `{"symbol":"BTC-USD","side":"buy","type":"limit","quantity":"0.5","price":"65000"}`
	ethMarket = `{"symbol":"ETH-USD","side":"sell","type":"market","quantity":"2.25"}`
)

func order(t *testing.T, c *http.Client, key, body string, hdr ...string) reply {
	t.Helper()
	if key != "" {
		hdr = append(hdr, "Idempotency-Key", key)
	}
	return send(t, c, http.MethodPost, exchange.PathOrders, body, hdr...)
}
