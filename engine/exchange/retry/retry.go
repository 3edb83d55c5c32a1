// Package retry is a client that retries sandbox API calls safely: the same
// Idempotency-Key on every attempt, exponential backoff with full jitter
// (sleep = random_between(0, min(cap, base * 2^attempt)), from the AWS
// Architecture Blog's "Exponential Backoff And Jitter"), and a budget of
// attempts and total time. It retries transport errors, 409 (the first
// request is still running), 429 (after Retry-After) and 5xx; it never
// retries other 4xx such as 400, 401 or 422, which need a corrected request.
//
// Do returns a Report of every attempt, for a sequence diagram. The clock,
// the sleep and the random source are injectable, so tests and the browser
// replay a scenario exactly.
package retry

import (
	"bytes"
	"context"
	crand "crypto/rand"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/consensus-lab/playground/engine/problem"
)

// Defaults of Policy.
const (
	DefaultMaxAttempts = 5
	DefaultMaxElapsed  = 30 * time.Second
	DefaultBase        = 200 * time.Millisecond
	DefaultCap         = 5 * time.Second
	// maxResponseBytes bounds what is read of one response.
	maxResponseBytes = 1 << 20
)

var (
	// ErrBudgetExhausted: attempts or time ran out while the last attempt
	// was still retryable. The Report holds what the last attempt got.
	ErrBudgetExhausted = errors.New("retry: budget exhausted")
)

// Policy is the retry budget and backoff.
type Policy struct {
	MaxAttempts int           // attempts in all, the first included (DefaultMaxAttempts if 0)
	MaxElapsed  time.Duration // no wait may end later than this after the start (DefaultMaxElapsed if 0)
	Base        time.Duration // first backoff ceiling (DefaultBase if 0)
	Cap         time.Duration // largest backoff ceiling (DefaultCap if 0)
}

// Client retries requests through Transport.
type Client struct {
	// Transport sends each attempt, e.g. a signing.Transport over a flaky
	// transport; nil means http.DefaultTransport (natively; under js/wasm
	// it must be set).
	Transport http.RoundTripper
	Policy    Policy
	// Seed, when not zero, seeds the jitter and the generated keys, so that
	// a test or a lesson replays a scenario exactly. Zero (what a real
	// client leaves it at) draws both from crypto/rand: keys must differ
	// between processes, or a second run's new order is answered with the
	// first run's stored response.
	Seed uint64
	// Now and Sleep are the clock; nil means the real ones. Sleep must
	// return early with an error when ctx ends.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
	// KeyPerAttempt is the mistake the idempotency lesson shows: a fresh
	// generated key on every attempt (when Request.IdempotencyKey is
	// empty), so a retry after a lost response places a second order.
	KeyPerAttempt bool

	once sync.Once
	mu   sync.Mutex
	rng  *rand.Rand
}

// Request is one logical call.
type Request struct {
	Method string
	URL    string
	Body   []byte
	Header http.Header
	// IdempotencyKey is sent, as an sf-string, on every attempt of a POST;
	// empty generates a random UUIDv4 (see NewKey).
	IdempotencyKey string
}

// Outcome classifies one attempt.
type Outcome string

// Outcomes of an attempt.
const (
	OutcomeSuccess   Outcome = "success"         // 2xx or 3xx
	OutcomeRetryable Outcome = "retryable"       // 409, 429, 5xx: retried if the budget allows
	OutcomeFatal     Outcome = "fatal"           // other 4xx: not retried
	OutcomeTransport Outcome = "transport-error" // no response: retried if the budget allows
)

// Attempt is one row of the sequence diagram.
type Attempt struct {
	N        int           // 1-based
	Key      string        // the Idempotency-Key sent (unquoted), if any
	At       time.Duration // when it was sent, since the start of Do
	Outcome  Outcome
	Status   int    // 0 for a transport error
	Code     string // the problem+json code, if any
	Replayed bool   // Idempotent-Replayed: true
	Err      string // the transport error, if any
	// Wait is the pause after this attempt before the next one (0 for the
	// last); RetryAfter is the server's Retry-After, if it sent one.
	Wait       time.Duration
	RetryAfter time.Duration
}

// Report is the result of Do: the key of the first attempt, every attempt,
// and the final response (Status 0 when no attempt got one).
type Report struct {
	Key      string
	Attempts []Attempt
	Status   int
	Header   http.Header
	Body     []byte
	Elapsed  time.Duration
}

func (c *Client) init() {
	c.once.Do(func() {
		if c.Seed != 0 {
			c.rng = rand.New(rand.NewPCG(c.Seed, 0xbac0ff))
		} else {
			c.rng = rand.New(rand.NewChaCha8(randomSeed()))
		}
	})
}

// randomSeed draws a ChaCha8 seed from crypto/rand, which never fails.
func randomSeed() (seed [32]byte) {
	_, _ = crand.Read(seed[:])
	return seed
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c *Client) sleep(ctx context.Context, d time.Duration) error {
	if c.Sleep != nil {
		return c.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (p Policy) withDefaults() Policy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = DefaultMaxAttempts
	}
	if p.MaxElapsed <= 0 {
		p.MaxElapsed = DefaultMaxElapsed
	}
	if p.Base <= 0 {
		p.Base = DefaultBase
	}
	if p.Cap <= 0 {
		p.Cap = DefaultCap
	}
	return p
}

// Ceiling is the full-jitter bound before retry n (0-based):
// min(cap, base * 2^n).
func (p Policy) Ceiling(n int) time.Duration {
	p = p.withDefaults()
	d := p.Base
	for i := 0; i < n && d < p.Cap; i++ {
		d *= 2
	}
	return min(d, p.Cap)
}

// Backoff draws the full-jitter wait before retry n (0-based), uniform in
// [0, Ceiling(n)].
func (c *Client) Backoff(n int) time.Duration {
	c.init()
	ceil := c.Policy.Ceiling(n)
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Duration(c.rng.Int64N(int64(ceil) + 1))
}

// NewKey returns a random UUIDv4: from crypto/rand (through a ChaCha8
// generator it seeded) unless a Seed was given.
func (c *Client) NewKey() string {
	c.init()
	c.mu.Lock()
	hi, lo := c.rng.Uint64(), c.rng.Uint64()
	c.mu.Unlock()
	hi = hi&^0xf000 | 0x4000     // version 4
	lo = lo&^(0xc<<60) | 0x8<<60 // RFC 4122 variant
	return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", hi>>32, hi>>16&0xffff, hi&0xffff, lo>>48, lo&0xffffffffffff)
}

// Do sends req until it succeeds, fails for good, or the budget runs out.
// The error is nil whenever an answer was final (success or a 4xx that must
// not be retried: look at Report.Status); it is ErrBudgetExhausted (wrapping
// the last transport error, if any) or the context's error otherwise. The
// Report is never nil.
func (c *Client) Do(ctx context.Context, req Request) (*Report, error) {
	c.init()
	p := c.Policy.withDefaults()
	rep := &Report{Key: req.IdempotencyKey}
	if req.Method == http.MethodPost && rep.Key == "" {
		rep.Key = c.NewKey()
	}
	start := c.now()
	defer func() { rep.Elapsed = c.now().Sub(start) }()

	fresh := c.KeyPerAttempt && req.IdempotencyKey == "" && req.Method == http.MethodPost
	for n := 1; ; n++ {
		key := rep.Key
		if fresh && n > 1 {
			key = c.NewKey()
		}
		a, resp, transportErr := c.attempt(ctx, req, key, n, start)
		if resp != nil {
			rep.Status, rep.Header, rep.Body = resp.status, resp.header, resp.body
		}
		if a.Outcome == OutcomeSuccess || a.Outcome == OutcomeFatal {
			rep.Attempts = append(rep.Attempts, a)
			return rep, nil
		}
		if err := ctx.Err(); err != nil {
			rep.Attempts = append(rep.Attempts, a)
			return rep, err
		}
		wait := c.Backoff(n - 1)
		if a.RetryAfter > wait && (a.Status == http.StatusTooManyRequests || a.Status == http.StatusConflict || a.Status >= 500) {
			wait = a.RetryAfter
		}
		elapsed := c.now().Sub(start)
		if n >= p.MaxAttempts || elapsed+wait > p.MaxElapsed {
			rep.Attempts = append(rep.Attempts, a)
			if transportErr != nil {
				return rep, fmt.Errorf("%w after %d attempt(s): %w", ErrBudgetExhausted, n, transportErr)
			}
			return rep, fmt.Errorf("%w after %d attempt(s): last status %d %s", ErrBudgetExhausted, n, a.Status, a.Code)
		}
		a.Wait = wait
		rep.Attempts = append(rep.Attempts, a)
		if err := c.sleep(ctx, wait); err != nil {
			return rep, err
		}
	}
}

type answer struct {
	status int
	header http.Header
	body   []byte
}

func (c *Client) attempt(ctx context.Context, req Request, key string, n int, start time.Time) (Attempt, *answer, error) {
	a := Attempt{N: n, Key: key, At: c.now().Sub(start)}
	hr, err := http.NewRequestWithContext(ctx, req.Method, req.URL, bytes.NewReader(req.Body))
	if err != nil {
		a.Outcome, a.Err = OutcomeFatal, err.Error()
		return a, nil, nil
	}
	for name, vs := range req.Header {
		hr.Header[name] = append([]string(nil), vs...)
	}
	if key != "" {
		// For printable ASCII, Go's quoting is exactly the sf-string form
		// (only " and \ are escaped); anything else is sent as it is, for
		// the server to refuse.
		if printable(key) {
			hr.Header.Set("Idempotency-Key", strconv.Quote(key))
		} else {
			hr.Header.Set("Idempotency-Key", key)
		}
	}
	if len(req.Body) > 0 && hr.Header.Get("Content-Type") == "" {
		hr.Header.Set("Content-Type", "application/json")
	}
	rt := c.Transport
	if rt == nil {
		rt = defaultTransport()
	}
	if rt == nil {
		err := errors.New("retry: Client.Transport is nil; under js/wasm a transport must be given")
		a.Outcome, a.Err = OutcomeTransport, err.Error()
		return a, nil, err
	}
	resp, err := rt.RoundTrip(hr)
	if err != nil {
		a.Outcome, a.Err = OutcomeTransport, err.Error()
		return a, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if err != nil {
		a.Outcome, a.Err = OutcomeTransport, err.Error()
		return a, nil, err
	}
	ans := &answer{status: resp.StatusCode, header: resp.Header, body: body}
	a.Status = resp.StatusCode
	a.Replayed = resp.Header.Get("Idempotent-Replayed") == "true"
	if d, err := problem.Parse(body); err == nil && strings.HasPrefix(resp.Header.Get("Content-Type"), problem.ContentType) {
		a.Code = d.Code
	}
	a.RetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), c.now())
	switch s := resp.StatusCode; {
	case s < 400:
		a.Outcome = OutcomeSuccess
	case s == http.StatusConflict, s == http.StatusTooManyRequests, s >= 500:
		a.Outcome = OutcomeRetryable
	default:
		a.Outcome = OutcomeFatal
	}
	return a, ans, nil
}

func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// parseRetryAfter reads delay-seconds or an HTTP-date; 0 if absent or bad.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil && n >= 0 && n < 1<<31 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
