// Package flaky is an in-process network for the sandbox: an
// http.RoundTripper that hands requests straight to an http.Handler (no
// sockets, so it runs in the browser) and, per attempt, may lose the
// request, lose the response, delay it, or deliver it twice.
//
// Every attempt draws the same five numbers from a seeded PCG generator,
// whatever happens, so a scenario with a given seed and odds replays
// identically: the same attempts fail in the same way.
package flaky

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Fates of one attempt, as recorded in Event.Fate.
const (
	FateDelivered      = "delivered"
	FateRequestLost    = "request-lost"
	FateResponseLost   = "response-lost"
	FateConnectionLost = "connection-closed"
)

var (
	// ErrRequestLost: the request never reached the handler.
	ErrRequestLost = errors.New("flaky: request lost on the way to the server")
	// ErrResponseLost: the handler ran but its response was lost.
	ErrResponseLost = errors.New("flaky: response lost on the way back")
	// ErrConnectionClosed: the handler closed the connection without an
	// answer (http.ErrAbortHandler, as the drop-response fault does).
	ErrConnectionClosed = errors.New("flaky: connection closed by the server without a response")
)

// Odds are the probabilities, each in [0, 1], of what may happen to one
// attempt.
type Odds struct {
	LoseRequest  float64 // the request never arrives
	Duplicate    float64 // the request arrives twice (the client sees the first answer)
	Delay        float64 // the attempt waits up to Config.MaxDelay first
	LoseResponse float64 // the handler runs, the answer is lost
}

// Config drives a Transport.
type Config struct {
	// Seed makes the scenario reproducible.
	Seed uint64
	// Odds[i] applies to attempt i+1 (counted over the transport's life);
	// the last entry applies to every later attempt. No entries: a perfect
	// network. This lets a test say "lose the first response, then behave".
	Odds []Odds
	// MaxDelay bounds a drawn delay (uniform in [0, MaxDelay]).
	MaxDelay time.Duration
	// Sleep waits for a delay; nil waits on a real timer (or until the
	// request's context ends). Tests inject a fake.
	Sleep func(ctx context.Context, d time.Duration) error
	// OnEvent, if set, is called after every attempt.
	OnEvent func(Event)
}

// Event records one attempt for a sequence diagram.
type Event struct {
	Attempt    int           // 1-based over the transport's life
	Method     string        // request method
	Path       string        // request path
	Key        string        // the Idempotency-Key header as sent, if any
	Fate       string        // one of the Fate constants
	Delay      time.Duration // drawn network delay, 0 if none
	Duplicated bool          // the handler got a second copy
	Status     int           // status the handler answered (0 if it did not)
	DupStatus  int           // status of the duplicate's answer (0 if none)
	Replayed   bool          // the client-visible answer carried Idempotent-Replayed: true
}

// Transport is the flaky network. It is safe for concurrent use; attempts
// draw their numbers in the order they arrive.
type Transport struct {
	handler http.Handler
	cfg     Config

	mu      sync.Mutex
	rng     *rand.Rand
	attempt int
	events  []Event
}

// maxEvents bounds the kept history; older events are dropped.
const maxEvents = 10_000

// New returns a Transport delivering to h.
func New(h http.Handler, cfg Config) *Transport {
	return &Transport{handler: h, cfg: cfg, rng: rand.New(rand.NewPCG(cfg.Seed, 0x5eed))}
}

// Events returns a copy of the recorded attempts, oldest first.
func (t *Transport) Events() []Event {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]Event(nil), t.events...)
}

// draw is one attempt's fate, decided up front.
type draw struct {
	n                               int
	loseReq, dup, delayed, loseResp bool
	delay                           time.Duration
}

func (t *Transport) next() draw {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.attempt++
	var o Odds
	if len(t.cfg.Odds) > 0 {
		o = t.cfg.Odds[min(t.attempt, len(t.cfg.Odds))-1]
	}
	// Always five draws, in this order, so one outcome never shifts the next.
	u := [5]float64{t.rng.Float64(), t.rng.Float64(), t.rng.Float64(), t.rng.Float64(), t.rng.Float64()}
	d := draw{n: t.attempt, loseReq: u[0] < o.LoseRequest, dup: u[1] < o.Duplicate, delayed: u[2] < o.Delay, loseResp: u[3] < o.LoseResponse}
	if d.delayed {
		d.delay = time.Duration(u[4] * float64(t.cfg.MaxDelay))
	}
	return d
}

func (t *Transport) record(ev Event) {
	t.mu.Lock()
	if len(t.events) >= maxEvents {
		t.events = append(t.events[:0], t.events[len(t.events)/2:]...)
	}
	t.events = append(t.events, ev)
	cb := t.cfg.OnEvent
	t.mu.Unlock()
	if cb != nil {
		cb(ev)
	}
}

// RoundTrip delivers req to the handler according to the attempt's draw.
// Lost requests, lost responses and closed connections are errors, as a
// real network's would be; the caller's request is not modified.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil && req.Body != http.NoBody {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("flaky: reading the request body: %w", err)
		}
		body = b
	}
	d := t.next()
	ev := Event{Attempt: d.n, Method: req.Method, Path: req.URL.Path, Key: req.Header.Get("Idempotency-Key"), Delay: d.delay}

	if d.delayed && d.delay > 0 {
		sleep := t.cfg.Sleep
		if sleep == nil {
			sleep = sleepContext
		}
		if err := sleep(req.Context(), d.delay); err != nil {
			ev.Fate = FateRequestLost
			t.record(ev)
			return nil, err
		}
	}
	if d.loseReq {
		ev.Fate = FateRequestLost
		t.record(ev)
		return nil, ErrRequestLost
	}

	resp, aborted := t.deliver(req, body)
	if d.dup {
		ev.Duplicated = true
		dup, dupAborted := t.deliver(req, body)
		if !dupAborted {
			ev.DupStatus = dup.status
		}
	}
	if aborted {
		ev.Fate = FateConnectionLost
		t.record(ev)
		return nil, ErrConnectionClosed
	}
	ev.Status = resp.status
	ev.Replayed = resp.header.Get("Idempotent-Replayed") == "true"
	if d.loseResp {
		ev.Fate = FateResponseLost
		t.record(ev)
		return nil, ErrResponseLost
	}
	ev.Fate = FateDelivered
	t.record(ev)
	return resp.toResponse(req), nil
}

// deliver runs the handler on a server-side copy of req. aborted reports a
// handler that panicked (http.ErrAbortHandler or otherwise): a real server
// would close the connection.
func (t *Transport) deliver(req *http.Request, body []byte) (rec *recorder, aborted bool) {
	in := req.Clone(req.Context())
	in.Body = io.NopCloser(bytes.NewReader(body))
	in.ContentLength = int64(len(body))
	in.GetBody = nil
	in.RequestURI = req.URL.RequestURI()
	in.RemoteAddr = "192.0.2.1:49152" // documentation range: this is no real peer
	if in.Host == "" {
		in.Host = req.URL.Host
	}
	in.Proto, in.ProtoMajor, in.ProtoMinor = "HTTP/1.1", 1, 1
	rec = &recorder{header: make(http.Header)}
	defer func() {
		if p := recover(); p != nil {
			aborted = true
		}
	}()
	t.handler.ServeHTTP(rec, in)
	return rec, false
}

// recorder is a minimal http.ResponseWriter (net/http/httptest is not used:
// it registers a command-line flag and is meant for tests).
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *recorder) Write(p []byte) (int, error) {
	r.WriteHeader(http.StatusOK)
	return r.body.Write(p)
}

func (r *recorder) toResponse(req *http.Request) *http.Response {
	status := r.status
	if status == 0 {
		status = http.StatusOK
	}
	h := r.header.Clone()
	body := r.body.Bytes()
	if req.Method == http.MethodHead {
		body = nil
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	return &http.Response{
		Status:        strconv.Itoa(status) + " " + http.StatusText(status),
		StatusCode:    status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        h,
		Body:          io.NopCloser(bytes.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       req,
	}
}

func sleepContext(ctx context.Context, d time.Duration) error {
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-tm.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
