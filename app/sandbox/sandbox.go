// Package sandbox is the sandbox API inside the page: the real engine/exchange
// handler, the one `playground serve` mounts at /api/, reached in-process
// through a seeded flaky transport, with a manual clock and the verifier's
// trace of every signed request. The HMAC and idempotency widgets drive it;
// it never touches go-app, so it is tested natively.
package sandbox

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/consensus-lab/playground/engine/exchange"
	"github.com/consensus-lab/playground/engine/exchange/flaky"
	"github.com/consensus-lab/playground/engine/problem"
	"github.com/consensus-lab/playground/engine/signing"
)

// The documented demo credentials of `playground serve` (CONTRACT.md
// section 1), so what a widget signs is what a learner's curl would sign.
const (
	DemoAPIKey = "demo"
	DemoSecret = "demo-secret"
)

// DefaultStart is the default moment a sandbox clock starts at
// (2026-01-01T00:00:00Z): fixed, so that widgets and their tests show the
// same timestamps and signatures on every run.
var DefaultStart = time.Unix(1767225600, 0).UTC()

// Config configures a Sandbox. Every zero value is a sensible
// default: demo keys, a manual clock at DefaultStart, a perfect network.
type Config struct {
	// Keys replaces the demo key ring (DemoAPIKey/DemoSecret, valid forever).
	Keys *signing.KeyRing
	// Policies gives keys their scopes and allow-lists (see
	// exchange.Config.Policies); nil lets every key do everything.
	Policies map[string]exchange.KeyPolicy
	// Now is the clock of the exchange; nil gives the sandbox a ManualClock
	// starting at Start (or DefaultStart), which only moves when told to.
	Now   func() time.Time
	Start time.Time
	// Seed and Odds drive the flaky network (see package flaky); no Odds
	// is a perfect network.
	Seed     uint64
	Odds     []flaky.Odds
	MaxDelay time.Duration
	// Sleep waits for network delays and the delay= fault; nil waits on a
	// real timer.
	Sleep func(ctx context.Context, d time.Duration) error
	// OnEvent is called after every network attempt.
	OnEvent func(flaky.Event)
	// RateLimit is passed to the exchange (its defaults when zero).
	RateLimit exchange.RateLimit
}

// Sandbox is the sandbox API running inside the page: the real
// engine/exchange handler (the one `playground serve` mounts at /api/),
// reached through the seeded in-process flaky transport. Nothing leaves
// the browser.
//
// For the lesson it also keeps the verifier's trace of every signed
// request, from the exchange's own verifier (exchange.Config.OnVerify): the
// API answers only with the problem code; the trace says which step failed
// and why.
//
// A Sandbox is meant for one widget at a time: Send is safe for concurrent
// use, but under concurrent sends the trace it returns may be another
// request's.
type Sandbox struct {
	Exchange *exchange.Exchange
	Keys     *signing.KeyRing
	Net      *flaky.Transport
	// Clock is the manual clock, nil when Config.Now was given.
	Clock *ManualClock

	now func() time.Time

	mu     sync.Mutex
	recent []signing.Trace // the latest traces, oldest first
	traced int             // how many traces were ever recorded
	nonces int
}

// New builds a sandbox from cfg.
func New(cfg Config) *Sandbox {
	s := &Sandbox{Keys: cfg.Keys, now: cfg.Now}
	if s.Keys == nil {
		s.Keys = signing.NewKeyRing()
		s.Keys.Add(DemoAPIKey, DemoSecret, time.Time{}, time.Time{})
	}
	if s.now == nil {
		start := cfg.Start
		if start.IsZero() {
			start = DefaultStart
		}
		s.Clock = NewManualClock(start)
		s.now = s.Clock.Now
	}
	s.Exchange = exchange.New(exchange.Config{Keys: s.Keys, Policies: cfg.Policies, Now: s.now, Sleep: cfg.Sleep, RateLimit: cfg.RateLimit, OnVerify: s.record})
	fc := flaky.Config{Seed: cfg.Seed, Odds: cfg.Odds, MaxDelay: cfg.MaxDelay, Sleep: cfg.Sleep, OnEvent: cfg.OnEvent}
	s.Net = flaky.New(fromAddr(s.Exchange), fc)
	return s
}

// Now is the sandbox server's clock.
func (s *Sandbox) Now() time.Time { return s.now() }

// NextNonce returns a nonce that is new for this sandbox and valid for the
// contract (16-64 of [A-Za-z0-9_-]) when prefix is made of those characters
// and at most 40 long: "<prefix>-<counter>", the counter zero-padded to make
// 16 characters at least. Deterministic on purpose, so a widget's state is
// reproducible.
func (s *Sandbox) NextNonce(prefix string) string {
	s.mu.Lock()
	s.nonces++
	n := s.nonces
	s.mu.Unlock()
	width := max(4, signing.MinNonceLen-len(prefix)-1)
	return fmt.Sprintf("%s-%0*d", prefix, width, n)
}

// record keeps the exchange verifier's trace of a signed request.
func (s *Sandbox) record(_ *http.Request, res signing.Result, _ error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.recent) == 16 {
		s.recent = append(s.recent[:0], s.recent[1:]...)
	}
	s.recent = append(s.recent, res.Trace)
	s.traced++
}

// Request is one request to send: already signed, or not at all.
type Request struct {
	Method string
	Target string // path and optional "?query", as it goes on the wire
	Body   []byte
	Header http.Header
	// From is the client address the exchange sees (what its allow-lists
	// check); the zero value leaves the network's documentation address.
	From netip.Addr
}

type fromKey struct{}

// fromAddr hands the exchange requests whose peer address is the one the
// sender asked for: the in-page network has no real peers, and the
// allow-list lesson needs two.
func fromAddr(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if a, ok := r.Context().Value(fromKey{}).(netip.Addr); ok {
			r.RemoteAddr = netip.AddrPortFrom(a, 49152).String()
		}
		h.ServeHTTP(w, r)
	})
}

// Response is what came back, read in full.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
	// Code is the problem code of an error response ("" on success).
	Code   string
	Detail string
	// Trace is the exchange verifier's trace of this request (zero for an
	// unsigned route or a request the network lost before the server).
	Trace    signing.Trace
	HasTrace bool
	// Err is the network error of a lost request or response.
	Err error
}

// Send delivers req through the flaky network to the exchange.
func (s *Sandbox) Send(req Request) Response {
	ctx := context.Background()
	if req.From.IsValid() {
		ctx = context.WithValue(ctx, fromKey{}, req.From)
	}
	hr, err := http.NewRequestWithContext(ctx, req.Method, "http://sandbox.invalid"+req.Target, bytes.NewReader(req.Body))
	if err != nil {
		return Response{Err: err}
	}
	for k, vs := range req.Header {
		hr.Header[k] = append([]string(nil), vs...)
	}
	s.mu.Lock()
	before := s.traced
	s.mu.Unlock()
	resp, err := s.Net.RoundTrip(hr)
	var out Response
	s.mu.Lock()
	// the first trace after before is this request's; a duplicate the
	// network delivered again comes after it
	if i := before - (s.traced - len(s.recent)); s.traced > before && i >= 0 {
		out.Trace, out.HasTrace = s.recent[i], true
	}
	s.mu.Unlock()
	if err != nil {
		out.Err = err
		return out
	}
	defer resp.Body.Close()
	out.Status, out.Header = resp.StatusCode, resp.Header
	out.Body, out.Err = io.ReadAll(resp.Body)
	if resp.StatusCode >= 400 {
		if d, perr := problem.Parse(out.Body); perr == nil {
			out.Code, out.Detail = d.Code, d.Detail
		}
	}
	return out
}

// SignedRequest builds a request signed as CONTRACT.md section 3 says, with
// the client's canonical string in signing.DebugCanonicalHeader so that a
// refusal names the line that differed. It returns the canonical string too.
func SignedRequest(method, target string, body []byte, apiKey, secret string, alg signing.Algorithm, ts int64, nonce string) (Request, string) {
	path, query, _ := strings.Cut(target, "?")
	auth, canonical := signing.Sign(method, path, query, body, apiKey, secret, alg, ts, nonce)
	return signedRequest(method, target, body, auth, canonical), canonical
}

// SignedEd25519Request is SignedRequest for an Ed25519 key: the same
// canonical string, signed with priv (Authorization: Ed25519 ...).
func SignedEd25519Request(method, target string, body []byte, apiKey string, priv ed25519.PrivateKey, ts int64, nonce string) (Request, string) {
	path, query, _ := strings.Cut(target, "?")
	auth, canonical := signing.SignEd25519(method, path, query, body, apiKey, priv, ts, nonce)
	return signedRequest(method, target, body, auth, canonical), canonical
}

func signedRequest(method, target string, body []byte, auth, canonical string) Request {
	h := http.Header{}
	h.Set("Authorization", auth)
	if len(body) > 0 {
		h.Set("Content-Type", "application/json")
	}
	signing.SetDebugCanonical(h, canonical)
	return Request{Method: method, Target: target, Body: body, Header: h}
}

// ManualClock is a clock that moves only when told to, so a widget can put
// the server exactly 300 s away from a client. Safe for concurrent use.
type ManualClock struct {
	mu sync.Mutex
	t  time.Time
}

// NewManualClock returns a clock reading t.
func NewManualClock(t time.Time) *ManualClock { return &ManualClock{t: t} }

// Now reads the clock.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t (backwards too; the exchange's rate limiter and
// replay cache expect time to go forwards, so prefer Advance).
func (c *ManualClock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// Advance moves the clock forwards by d.
func (c *ManualClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}
