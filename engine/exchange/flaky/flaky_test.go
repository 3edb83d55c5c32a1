package flaky_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/engine/exchange/flaky"
)

// counter answers 201 with the body it got and counts deliveries.
type counter struct{ n atomic.Int64 }

func (c *counter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.n.Add(1)
	b, _ := io.ReadAll(r.Body)
	w.Header().Set("X-Path", r.RequestURI)
	w.WriteHeader(http.StatusCreated)
	_, _ = w.Write(b)
}

func post(t *testing.T, rt http.RoundTripper, body string) (*http.Response, error) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, "http://sandbox.test/api/v1/orders?x=1", strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Idempotency-Key", `"k"`)
	return rt.RoundTrip(req)
}

func TestPerfectNetworkDelivers(t *testing.T) {
	h := &counter{}
	tr := flaky.New(h, flaky.Config{})
	resp, err := post(t, tr, "hello")
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	assert.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Equal(t, "hello", string(b))
	assert.Equal(t, "/api/v1/orders?x=1", resp.Header.Get("X-Path"), "the handler sees the request-target")
	assert.Equal(t, "5", resp.Header.Get("Content-Length"))
	assert.EqualValues(t, 1, h.n.Load())
	ev := tr.Events()
	require.Len(t, ev, 1)
	assert.Equal(t, flaky.Event{Attempt: 1, Method: "POST", Path: "/api/v1/orders", Key: `"k"`, Fate: flaky.FateDelivered, Status: 201}, ev[0])
}

func TestEachFault(t *testing.T) {
	cases := []struct {
		name       string
		odds       flaky.Odds
		err        error
		deliveries int64
		fate       string
	}{
		{"lose request", flaky.Odds{LoseRequest: 1}, flaky.ErrRequestLost, 0, flaky.FateRequestLost},
		{"lose response", flaky.Odds{LoseResponse: 1}, flaky.ErrResponseLost, 1, flaky.FateResponseLost},
		{"duplicate", flaky.Odds{Duplicate: 1}, nil, 2, flaky.FateDelivered},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := &counter{}
			tr := flaky.New(h, flaky.Config{Seed: 1, Odds: []flaky.Odds{tc.odds}})
			resp, err := post(t, tr, "x")
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err)
			} else {
				require.NoError(t, err)
				assert.Equal(t, http.StatusCreated, resp.StatusCode)
			}
			assert.Equal(t, tc.deliveries, h.n.Load())
			assert.Equal(t, tc.fate, tr.Events()[0].Fate)
		})
	}
}

func TestDelayUsesTheInjectedSleep(t *testing.T) {
	var slept []time.Duration
	tr := flaky.New(&counter{}, flaky.Config{Seed: 7, Odds: []flaky.Odds{{Delay: 1}}, MaxDelay: time.Second,
		Sleep: func(_ context.Context, d time.Duration) error { slept = append(slept, d); return nil }})
	for range 5 {
		_, err := post(t, tr, "x")
		require.NoError(t, err)
	}
	require.Len(t, slept, 5)
	for i, d := range slept {
		assert.True(t, d >= 0 && d <= time.Second, "delay %v", d)
		assert.Equal(t, d, tr.Events()[i].Delay)
	}
}

func TestAbortedHandlerIsAClosedConnection(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusCreated)
		panic(http.ErrAbortHandler)
	})
	tr := flaky.New(h, flaky.Config{})
	_, err := post(t, tr, "x")
	require.ErrorIs(t, err, flaky.ErrConnectionClosed)
	assert.Equal(t, flaky.FateConnectionLost, tr.Events()[0].Fate)

	// Any other panic is contained as well: the browser must not crash.
	tr = flaky.New(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("bug") }), flaky.Config{})
	_, err = post(t, tr, "x")
	require.ErrorIs(t, err, flaky.ErrConnectionClosed)
}

func TestOddsApplyPerAttempt(t *testing.T) {
	h := &counter{}
	tr := flaky.New(h, flaky.Config{Odds: []flaky.Odds{{LoseResponse: 1}, {LoseRequest: 1}, {}}})
	_, err := post(t, tr, "x")
	assert.ErrorIs(t, err, flaky.ErrResponseLost)
	_, err = post(t, tr, "x")
	assert.ErrorIs(t, err, flaky.ErrRequestLost)
	for range 3 {
		_, err = post(t, tr, "x")
		assert.NoError(t, err, "the last odds hold for every later attempt")
	}
	assert.EqualValues(t, 4, h.n.Load())
}

func fates(seed uint64) []string {
	tr := flaky.New(&counter{}, flaky.Config{Seed: seed, MaxDelay: time.Second,
		Odds:  []flaky.Odds{{LoseRequest: 0.2, LoseResponse: 0.2, Duplicate: 0.2, Delay: 0.5}},
		Sleep: func(context.Context, time.Duration) error { return nil }})
	var out []string
	for range 40 {
		req, _ := http.NewRequest(http.MethodGet, "http://sandbox.test/", nil)
		if resp, err := tr.RoundTrip(req); err == nil {
			resp.Body.Close()
		}
	}
	for _, e := range tr.Events() {
		out = append(out, e.Fate+"/"+e.Delay.String()+"/"+map[bool]string{true: "dup", false: ""}[e.Duplicated])
	}
	return out
}

func TestASeedReplaysIdentically(t *testing.T) {
	a, b := fates(42), fates(42)
	assert.Equal(t, a, b)
	assert.NotEqual(t, a, fates(43), "another seed, another scenario")
	all := strings.Join(a, " ")
	for _, f := range []string{flaky.FateDelivered, flaky.FateRequestLost, flaky.FateResponseLost, "dup"} {
		assert.Contains(t, all, f, "40 attempts at these odds show every fate")
	}
}
