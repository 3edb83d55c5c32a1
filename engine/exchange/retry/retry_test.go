package retry_test

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/engine/exchange/flaky"
	"github.com/consensus-lab/playground/engine/exchange/retry"
	"github.com/consensus-lab/playground/engine/problem"
)

type clock struct {
	mu    sync.Mutex
	t     time.Time
	slept []time.Duration
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) Sleep(_ context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.slept = append(c.slept, d)
	c.t = c.t.Add(d)
	return nil
}

// script answers attempt i with steps[i] (the last one repeats) and keeps
// the Idempotency-Key of every attempt.
type script struct {
	mu    sync.Mutex
	steps []func(http.ResponseWriter)
	keys  []string
}

func (s *script) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	i := min(len(s.keys), len(s.steps)-1)
	s.keys = append(s.keys, r.Header.Get("Idempotency-Key"))
	s.mu.Unlock()
	s.steps[i](w)
}

func status(code int, pcode string, hdr ...string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		for i := 0; i+1 < len(hdr); i += 2 {
			w.Header().Set(hdr[i], hdr[i+1])
		}
		if code >= 400 {
			problem.Write(w, problem.New(code, pcode, "scripted"))
			return
		}
		w.WriteHeader(code)
		_, _ = w.Write([]byte(`{"id":"ord_1"}`))
	}
}

func newClient(h http.Handler, odds ...flaky.Odds) (*retry.Client, *clock) {
	clk := &clock{t: time.Unix(1_700_000_000, 0)}
	return &retry.Client{
		Transport: flaky.New(h, flaky.Config{Seed: 3, Odds: odds}),
		Seed:      9,
		Now:       clk.Now,
		Sleep:     clk.Sleep,
	}, clk
}

var orderReq = retry.Request{Method: http.MethodPost, URL: "http://sandbox.test/api/v1/orders", Body: []byte(`{"q":1}`), IdempotencyKey: "key-1"}

func TestCeilingIsExponentialAndCapped(t *testing.T) {
	p := retry.Policy{Base: 100 * time.Millisecond, Cap: time.Second}
	want := []time.Duration{100, 200, 400, 800, 1000, 1000}
	for n, w := range want {
		assert.Equal(t, w*time.Millisecond, p.Ceiling(n), "retry %d", n)
	}
	assert.Equal(t, time.Second, p.Ceiling(1000), "no overflow for large n")
}

func TestBackoffIsFullJitterAndSeeded(t *testing.T) {
	draw := func(seed uint64) []time.Duration {
		c := &retry.Client{Seed: seed, Policy: retry.Policy{Base: 100 * time.Millisecond, Cap: 2 * time.Second}}
		var out []time.Duration
		for n := range 200 {
			out = append(out, c.Backoff(n%6))
		}
		return out
	}
	a := draw(1)
	assert.Equal(t, a, draw(1), "same seed, same waits")
	assert.NotEqual(t, a, draw(2))
	p := retry.Policy{Base: 100 * time.Millisecond, Cap: 2 * time.Second}
	var below, above int
	for i, d := range a {
		ceil := p.Ceiling(i % 6)
		require.True(t, d >= 0 && d <= ceil, "wait %v outside [0, %v]", d, ceil)
		if d < ceil/2 {
			below++
		} else {
			above++
		}
	}
	assert.Positive(t, below, "full jitter spreads over the whole range")
	assert.Positive(t, above)
}

func TestRetriesWithTheSameKeyUntilSuccess(t *testing.T) {
	h := &script{steps: []func(http.ResponseWriter){
		status(503, "sandbox_fault"),
		status(409, "idempotency_key_in_flight", "Retry-After", "1"),
		status(201, "", "Idempotent-Replayed", "true"),
	}}
	c, clk := newClient(h, flaky.Odds{LoseRequest: 1}, flaky.Odds{})
	rep, err := c.Do(context.Background(), orderReq)
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, rep.Status)
	assert.JSONEq(t, `{"id":"ord_1"}`, string(rep.Body))
	require.Len(t, rep.Attempts, 4)
	assert.Equal(t, []string{`"key-1"`, `"key-1"`, `"key-1"`}, h.keys, "one key for every attempt")

	outcomes := []retry.Outcome{retry.OutcomeTransport, retry.OutcomeRetryable, retry.OutcomeRetryable, retry.OutcomeSuccess}
	for i, a := range rep.Attempts {
		assert.Equal(t, i+1, a.N)
		assert.Equal(t, "key-1", a.Key)
		assert.Equal(t, outcomes[i], a.Outcome, "attempt %d", a.N)
	}
	assert.Contains(t, rep.Attempts[0].Err, "request lost")
	assert.Equal(t, "sandbox_fault", rep.Attempts[1].Code)
	assert.Equal(t, "idempotency_key_in_flight", rep.Attempts[2].Code)
	assert.GreaterOrEqual(t, rep.Attempts[2].Wait, time.Second, "a 409 waits at least its Retry-After")
	assert.True(t, rep.Attempts[3].Replayed)
	assert.Zero(t, rep.Attempts[3].Wait)
	assert.Equal(t, clk.slept, []time.Duration{rep.Attempts[0].Wait, rep.Attempts[1].Wait, rep.Attempts[2].Wait})
	assert.Equal(t, rep.Attempts[1].At, rep.Attempts[0].Wait, "attempt times follow the waits")
}

func TestHonoursRetryAfterOn429(t *testing.T) {
	h := &script{steps: []func(http.ResponseWriter){status(429, "rate_limited", "Retry-After", "7"), status(201, "")}}
	c, clk := newClient(h)
	rep, err := c.Do(context.Background(), orderReq)
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, rep.Status)
	assert.Equal(t, 7*time.Second, rep.Attempts[0].RetryAfter)
	assert.Equal(t, []time.Duration{7 * time.Second}, clk.slept, "the jitter (at most 200 ms) is below Retry-After")
}

func TestNeverRetriesClientErrors(t *testing.T) {
	for _, code := range []int{400, 401, 403, 404, 413, 422} {
		t.Run(strconv.Itoa(code), func(t *testing.T) {
			h := &script{steps: []func(http.ResponseWriter){status(code, "some_code"), status(201, "")}}
			c, clk := newClient(h)
			rep, err := c.Do(context.Background(), orderReq)
			require.NoError(t, err, "a final answer is not an error")
			assert.Equal(t, code, rep.Status)
			require.Len(t, rep.Attempts, 1)
			assert.Equal(t, retry.OutcomeFatal, rep.Attempts[0].Outcome)
			assert.Equal(t, "some_code", rep.Attempts[0].Code)
			assert.Empty(t, clk.slept)
		})
	}
}

func TestAttemptBudget(t *testing.T) {
	h := &script{steps: []func(http.ResponseWriter){status(500, "boom")}}
	c, _ := newClient(h)
	c.Policy.MaxAttempts = 3
	rep, err := c.Do(context.Background(), orderReq)
	require.ErrorIs(t, err, retry.ErrBudgetExhausted)
	assert.Len(t, rep.Attempts, 3)
	assert.Equal(t, 500, rep.Status, "the last answer is reported")
	assert.Len(t, h.keys, 3)
}

func TestTimeBudget(t *testing.T) {
	h := &script{steps: []func(http.ResponseWriter){status(503, "down", "Retry-After", "4")}}
	c, clk := newClient(h)
	c.Policy = retry.Policy{MaxAttempts: 100, MaxElapsed: 10 * time.Second}
	rep, err := c.Do(context.Background(), orderReq)
	require.ErrorIs(t, err, retry.ErrBudgetExhausted)
	assert.Len(t, rep.Attempts, 3, "waits of 4 s: attempts at 0, 4 and 8 s, a fourth would start after 10 s")
	var total time.Duration
	for _, d := range clk.slept {
		total += d
	}
	assert.LessOrEqual(t, total, 10*time.Second)
	assert.Equal(t, 8*time.Second, rep.Elapsed)
}

func TestTransportErrorsExhaustTheBudget(t *testing.T) {
	c, _ := newClient(&script{steps: []func(http.ResponseWriter){status(201, "")}}, flaky.Odds{LoseResponse: 1})
	c.Policy.MaxAttempts = 2
	rep, err := c.Do(context.Background(), orderReq)
	require.ErrorIs(t, err, retry.ErrBudgetExhausted)
	assert.ErrorIs(t, err, flaky.ErrResponseLost)
	assert.Zero(t, rep.Status)
}

func TestContextCancelStops(t *testing.T) {
	c, _ := newClient(&script{steps: []func(http.ResponseWriter){status(500, "boom")}})
	ctx, cancel := context.WithCancel(context.Background())
	c.Sleep = func(context.Context, time.Duration) error { cancel(); return context.Canceled }
	rep, err := c.Do(ctx, orderReq)
	require.True(t, errors.Is(err, context.Canceled))
	assert.Len(t, rep.Attempts, 1)
}

// Fault 5 of issue 17: with the default seed 0 every process generated the
// same keys, so a second run's new order was answered with the first run's
// stored response. Unseeded clients draw their keys from crypto/rand.
func TestUnseededClientsGenerateDifferentKeys(t *testing.T) {
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	seen := map[string]bool{}
	for range 20 {
		k := (&retry.Client{}).NewKey() // a fresh client, as a new process would have
		require.Regexp(t, uuid, k)
		require.False(t, seen[k], "key %s generated twice", k)
		seen[k] = true
	}
}

func TestGeneratedKeysAreUUIDv4ShapedAndSeeded(t *testing.T) {
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	a, b := &retry.Client{Seed: 5}, &retry.Client{Seed: 5}
	for range 50 {
		k := a.NewKey()
		require.Regexp(t, uuid, k)
		require.Equal(t, k, b.NewKey())
	}
	h := &script{steps: []func(http.ResponseWriter){status(201, "")}}
	c, _ := newClient(h)
	req := orderReq
	req.IdempotencyKey = ""
	rep, err := c.Do(context.Background(), req)
	require.NoError(t, err)
	assert.Regexp(t, uuid, rep.Key)
	assert.Equal(t, strconv.Quote(rep.Key), h.keys[0], "sent as an sf-string")

	get := retry.Request{Method: http.MethodGet, URL: "http://sandbox.test/api/v1/orders"}
	rep, err = c.Do(context.Background(), get)
	require.NoError(t, err)
	assert.Empty(t, rep.Key, "a GET needs no key")
	assert.Empty(t, h.keys[1])
}
