package idempotency

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/consensus-lab/playground/engine/problem"
)

// Problem codes written by the middleware.
const (
	CodeKeyMissing   = "idempotency_key_missing"
	CodeKeyInvalid   = "idempotency_key_invalid"
	CodeKeyReused    = "idempotency_key_reused"
	CodeKeyInFlight  = "idempotency_key_in_flight"
	CodeBodyTooLarge = "body_too_large"
	CodeBadBody      = "body_unreadable"
	CodeStoreFull    = "idempotency_store_full"
	CodeOverQuota    = "idempotency_quota_exceeded"
	CodeStoreDown    = "store_unavailable"
)

// DefaultTTL is how long a key is kept after its first request (Stripe's
// 24 hours; the draft leaves it to the resource).
const DefaultTTL = 24 * time.Hour

// DefaultMaxBodyBytes bounds the request body the middleware reads to
// fingerprint it, when Options.MaxBodyBytes is not set.
const DefaultMaxBodyBytes = 1 << 20

// Options configure a Middleware. The zero value works: a fresh bounded
// MemoryStore, one global scope, the real clock, 24-hour keys.
type Options struct {
	// Store keeps the records; nil means NewMemoryStore(0, 0).
	Store Store
	// Scope names the namespace of a request's key, e.g. the authenticated
	// API key; nil puts every key in one namespace.
	Scope func(*http.Request) string
	// Owner names who a new record is charged to, for the store's quota
	// (e.g. the client address on a shared key); nil means the scope.
	Owner func(*http.Request) string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// TTL is the lifetime of a key from its first request; 0 means DefaultTTL.
	TTL time.Duration
	// MaxBodyBytes bounds the body read for the fingerprint (413 beyond it);
	// 0 means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// Optional lets a request without the header run unchanged instead of
	// failing with 400 idempotency_key_missing.
	Optional bool
}

// Middleware enforces Idempotency-Key on the handlers it wraps.
type Middleware struct {
	store    Store
	scope    func(*http.Request) string
	owner    func(*http.Request) string
	now      func() time.Time
	ttl      time.Duration
	maxBody  int64
	optional bool
}

// New returns a Middleware for opts, filling in the defaults.
func New(opts Options) *Middleware {
	m := &Middleware{
		store: opts.Store, scope: opts.Scope, owner: opts.Owner, now: opts.Now, ttl: opts.TTL,
		maxBody: opts.MaxBodyBytes, optional: opts.Optional,
	}
	if m.store == nil {
		m.store = NewMemoryStore(0, 0)
	}
	if m.now == nil {
		m.now = time.Now
	}
	if m.ttl <= 0 {
		m.ttl = DefaultTTL
	}
	if m.maxBody <= 0 {
		m.maxBody = DefaultMaxBodyBytes
	}
	return m
}

// Store returns the store in use.
func (m *Middleware) Store() Store { return m.store }

type ctxKey struct{}

// state is shared between the middleware and the handler of one request.
type state struct {
	discard   atomic.Bool
	committed atomic.Bool
	claim     Claim
}

// Claim is the in-flight record a request holds while its handler runs.
type Claim struct {
	Key    RecordKey
	Ticket Ticket
}

// ClaimFrom returns the record the request running under ctx holds, so
// that its handler can write its result and the record in one store
// operation (then it calls Committed).
func ClaimFrom(ctx context.Context) (Claim, bool) {
	s, ok := ctx.Value(ctxKey{}).(*state)
	if !ok {
		return Claim{}, false
	}
	return s.claim, true
}

// Committed tells the middleware that the handler has already completed
// the request's record itself, together with its own write: the middleware
// must neither complete nor release it, even if the handler then aborts
// (the crash-after-commit fault).
func Committed(ctx context.Context) {
	if s, ok := ctx.Value(ctxKey{}).(*state); ok {
		s.committed.Store(true)
	}
}

// DoNotStore tells the middleware that the request running under ctx was
// rejected before it did any work (a validation error, an injected fault),
// so its response must not be stored and its key must be freed. It reports
// whether ctx came from the middleware at all. Call it before returning; it
// may be called before or after writing the response.
func DoNotStore(ctx context.Context) bool {
	s, ok := ctx.Value(ctxKey{}).(*state)
	if ok {
		s.discard.Store(true)
	}
	return ok
}

// Wrap returns next behind the idempotency checks. Responses of next are
// buffered (so that they can be stored before anything reaches the client)
// and must not rely on streaming.
func (m *Middleware) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key, err := FromHeader(r.Header)
		switch {
		case errors.Is(err, ErrKeyMissing) && m.optional:
			next.ServeHTTP(w, r)
			return
		case errors.Is(err, ErrKeyMissing):
			problem.Write(w, problem.New(http.StatusBadRequest, CodeKeyMissing,
				"this request needs an Idempotency-Key header, e.g. Idempotency-Key: \"8e03978e-40d5-43e8-bc93-6894a57f9324\""))
			return
		case err != nil:
			problem.Write(w, problem.New(http.StatusBadRequest, CodeKeyInvalid, err.Error()))
			return
		}

		body, err := m.readBody(w, r)
		if err != nil {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				problem.Write(w, problem.Newf(http.StatusRequestEntityTooLarge, CodeBodyTooLarge,
					"the body is larger than %d bytes", m.maxBody))
			} else {
				problem.Write(w, problem.Newf(http.StatusBadRequest, CodeBadBody, "reading the body: %v", err))
			}
			return
		}

		rk := RecordKey{Key: key}
		if m.scope != nil {
			rk.Scope = m.scope(r)
		}
		fp := NewFingerprint(r.Method, r.URL.EscapedPath(), body)
		owner := rk.Scope
		if m.owner != nil {
			owner = m.owner(r)
		}
		ctx := r.Context()
		outcome, ticket, stored, err := m.store.Begin(ctx, rk, owner, fp, m.now(), m.ttl)
		if err != nil {
			w.Header().Set("Retry-After", "1")
			problem.Write(w, problem.Newf(http.StatusServiceUnavailable, CodeStoreDown,
				"the idempotency store is unavailable, nothing was done; retry with the same key: %v", err))
			return
		}
		switch outcome {
		case Full:
			w.Header().Set("Retry-After", "60")
			problem.Write(w, problem.New(http.StatusServiceUnavailable, CodeStoreFull,
				"the sandbox keeps every Idempotency-Key for 24 hours and is full; nothing was done, and this key is free: retry later"))
			return
		case OverQuota:
			w.Header().Set("Retry-After", "60")
			problem.Write(w, problem.New(http.StatusTooManyRequests, CodeOverQuota,
				"you hold as many Idempotency-Keys as one client may within 24 hours; nothing was done, and this key is free: retry later or use a personal key"))
			return
		case Mismatch:
			problem.Write(w, problem.New(http.StatusUnprocessableEntity, CodeKeyReused,
				"this Idempotency-Key was already used for a request with another method, path or body; use a new key for a new request"))
			return
		case InFlight:
			w.Header().Set("Retry-After", "1")
			problem.Write(w, problem.New(http.StatusConflict, CodeKeyInFlight,
				"a request with this Idempotency-Key is still being processed; retry the same request later"))
			return
		case Finished:
			writeResponse(w, stored, true)
			return
		}

		st := &state{claim: Claim{Key: rk, Ticket: ticket}}
		rec := newRecorder()
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		r = r.WithContext(contextWith(r, st))
		// The record is finished or freed even if the client has gone.
		bg := context.WithoutCancel(ctx)
		if p := runHandler(next, rec, r); p != nil {
			// A handler that aborts with http.ErrAbortHandler after writing
			// its answer did the work and lost only the reply: keep the
			// record so that a retry replays it. Any other panic, or an
			// abort before an answer, frees the key.
			switch {
			case st.committed.Load():
			case p == http.ErrAbortHandler && rec.wrote && !st.discard.Load():
				_ = m.store.Complete(bg, rk, ticket, rec.response())
			default:
				_ = m.store.Release(bg, rk, ticket)
			}
			panic(p)
		}
		resp := rec.response()
		switch {
		case st.committed.Load():
		case st.discard.Load():
			_ = m.store.Release(bg, rk, ticket)
		default:
			_ = m.store.Complete(bg, rk, ticket, resp)
		}
		writeResponse(w, resp, false)
	})
}

func (m *Middleware) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	if r.ContentLength > m.maxBody {
		return nil, &http.MaxBytesError{Limit: m.maxBody}
	}
	return io.ReadAll(http.MaxBytesReader(w, r.Body, m.maxBody))
}

// runHandler calls h and returns what it panicked with, if anything.
func runHandler(h http.Handler, w http.ResponseWriter, r *http.Request) (p any) {
	defer func() { p = recover() }()
	h.ServeHTTP(w, r)
	return nil
}

func writeResponse(w http.ResponseWriter, resp Response, replayed bool) {
	h := w.Header()
	for name, vs := range resp.Header {
		h[name] = append([]string(nil), vs...)
	}
	if replayed {
		h.Set(ReplayedHeader, "true")
	}
	h.Set("Content-Length", strconv.Itoa(len(resp.Body)))
	w.WriteHeader(resp.Status)
	_, _ = w.Write(resp.Body)
}
