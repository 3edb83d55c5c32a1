// Package exchange is the sandbox order API of CONTRACT.md section 3: an
// http.Handler made of request signing, a per-key rate limit, fault
// injection, Idempotency-Key handling and a per-key order ledger. The same
// handler runs behind `playground serve` and, in the browser, behind an
// in-process transport (package flaky) driven by a retrying client (package
// retry).
//
// # Middleware order
//
// For POST /api/v1/orders, outermost first:
//
//  1. routing: 404 not_found, 405 method_not_allowed
//  2. signing.Verifier: 413 body_too_large (over 64 KiB), then the 401s;
//     on success the API key is in the context
//  3. rate limit per API key: 429 rate_limited with Retry-After
//  4. X-Sandbox-Fault: 400 invalid_fault, status=5xx as sandbox_fault
//  5. idempotency: 400 idempotency_key_missing / _invalid, then the
//     fingerprint: 422 idempotency_key_reused, 409 idempotency_key_in_flight,
//     or the stored response with Idempotent-Replayed: true
//  6. the order handler: the delay= wait (the key is already held), 400
//     invalid_order (calls idempotency.DoNotStore), 403 order_limit_reached,
//     201 with the order, and drop-response after the order is stored
//
// Everything that the contract says "stores nothing" (401, 413, 429, a
// status= fault, a bad fault value, a key error, a validation 400) is
// answered in steps 1-5 before the idempotency store is touched, or in step 6
// with DoNotStore, so the key can be used again. Rate limiting sits after
// authentication because it is per API key, and before idempotency because
// Stripe does the same (a 429 is not a result); a replay therefore costs a
// token too. The GET routes run steps 1-4 and their handler.
package exchange

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/consensus-lab/playground/engine/idempotency"
	"github.com/consensus-lab/playground/engine/problem"
	"github.com/consensus-lab/playground/engine/signing"
)

// Problem codes the exchange itself writes (the signing and idempotency
// packages write theirs).
const (
	CodeNotFound          = "not_found"
	CodeMethodNotAllowed  = "method_not_allowed"
	CodeInvalidOrder      = "invalid_order"
	CodeRateLimited       = "rate_limited"
	CodeSandboxFault      = "sandbox_fault"
	CodeInvalidFault      = "invalid_fault"
	CodeOrderLimitReached = "order_limit_reached"
	CodeCancelled         = "request_cancelled"
)

// MaxBodyBytes is the largest request body the API reads (413 beyond it).
const MaxBodyBytes = 64 << 10

// Paths served.
const (
	PathTime   = "/api/v1/time"
	PathOrders = "/api/v1/orders"
)

// Config configures an Exchange. Only Keys matters for a working sandbox;
// every other zero value takes a documented default.
type Config struct {
	// Keys holds the API keys and secrets; nil is an empty ring (every
	// signed request is refused with unknown_key).
	Keys *signing.KeyRing
	// Now is the clock of signing, rate limits, key expiry and order
	// times; nil means time.Now.
	Now func() time.Time
	// Sleep waits for the delay= fault; nil waits on a real timer and stops
	// early when the request's context ends.
	Sleep func(ctx context.Context, d time.Duration) error
	// SigningWindow is the allowed clock difference (signing's 300 s if 0).
	SigningWindow time.Duration
	// NonceCacheEntries bounds the replay cache (signing's default if 0).
	NonceCacheEntries int
	// OnVerify sees each signature verification with its trace (see
	// signing.Options.OnVerify); the in-browser sandbox uses it.
	OnVerify func(r *http.Request, res signing.Result, err error)
	// RateLimit is the per-key token bucket.
	RateLimit RateLimit
	// Store keeps idempotency records; nil is a MemoryStore bounded by
	// StoreEntries and StoreBytes (idempotency's defaults if 0).
	Store        idempotency.Store
	StoreEntries int
	StoreBytes   int64
	// KeyTTL is the life of an Idempotency-Key (24 h if 0).
	KeyTTL time.Duration
	// MaxOrdersPerKey bounds each ledger (DefaultMaxOrdersPerKey if 0).
	MaxOrdersPerKey int
	// MaxDelay caps the delay= fault (DefaultMaxDelay if 0).
	MaxDelay time.Duration
}

// Exchange is the sandbox API handler. It serves the full paths
// /api/v1/...; mount it at /api/ without stripping the prefix.
type Exchange struct {
	now      func() time.Time
	sleep    func(context.Context, time.Duration) error
	maxDelay time.Duration
	ledgers  *ledgers
	limiter  *limiter
	idem     *idempotency.Middleware

	timeH, listH, getH, createH http.Handler
}

// New builds an Exchange from cfg.
func New(cfg Config) *Exchange {
	e := &Exchange{now: cfg.Now, sleep: cfg.Sleep, maxDelay: cfg.MaxDelay}
	if e.now == nil {
		e.now = time.Now
	}
	if e.sleep == nil {
		e.sleep = sleepContext
	}
	if e.maxDelay <= 0 {
		e.maxDelay = DefaultMaxDelay
	}
	keys := cfg.Keys
	if keys == nil {
		keys = signing.NewKeyRing()
	}
	store := cfg.Store
	if store == nil {
		store = idempotency.NewMemoryStore(cfg.StoreEntries, cfg.StoreBytes)
	}
	e.ledgers = newLedgers(cfg.MaxOrdersPerKey)
	e.limiter = newLimiter(cfg.RateLimit, e.now)
	e.idem = idempotency.New(idempotency.Options{
		Store:        store,
		Scope:        apiKeyOf,
		Now:          e.now,
		TTL:          cfg.KeyTTL,
		MaxBodyBytes: MaxBodyBytes,
	})
	verifier := signing.NewVerifier(keys, signing.Options{
		Now:               e.now,
		Window:            cfg.SigningWindow,
		MaxBodyBytes:      MaxBodyBytes,
		NonceCacheEntries: cfg.NonceCacheEntries,
		OnVerify:          cfg.OnVerify,
	})
	signed := func(h http.Handler) http.Handler {
		return verifier.Middleware(e.rateLimit(e.faults(h)))
	}
	e.timeH = e.faults(http.HandlerFunc(e.serveTime))
	e.listH = signed(http.HandlerFunc(e.listOrders))
	e.getH = signed(http.HandlerFunc(e.getOrder))
	e.createH = signed(e.idem.Wrap(http.HandlerFunc(e.createOrder)))
	return e
}

// IdempotencyStore is the store of Idempotency-Key records in use.
func (e *Exchange) IdempotencyStore() idempotency.Store { return e.idem.Store() }

// Orders returns apiKey's orders, oldest first, as GET /api/v1/orders would.
func (e *Exchange) Orders(apiKey string) []Order { return e.ledgers.list(apiKey) }

// ServeHTTP routes the API.
func (e *Exchange) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	switch {
	case p == PathTime:
		e.route(w, r, map[string]http.Handler{http.MethodGet: e.timeH, http.MethodHead: e.timeH})
	case p == PathOrders:
		e.route(w, r, map[string]http.Handler{http.MethodGet: e.listH, http.MethodPost: e.createH})
	case strings.HasPrefix(p, PathOrders+"/") && validID(strings.TrimPrefix(p, PathOrders+"/")):
		e.route(w, r, map[string]http.Handler{http.MethodGet: e.getH})
	default:
		problem.Write(w, problem.Newf(http.StatusNotFound, CodeNotFound, "no such endpoint %q; see /api/v1/time and /api/v1/orders", truncate(p, 64)))
	}
}

func validID(id string) bool { return id != "" && len(id) <= 64 && !strings.Contains(id, "/") }

func (e *Exchange) route(w http.ResponseWriter, r *http.Request, byMethod map[string]http.Handler) {
	if h, ok := byMethod[r.Method]; ok {
		h.ServeHTTP(w, r)
		return
	}
	allowed := make([]string, 0, len(byMethod))
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost} {
		if _, ok := byMethod[m]; ok {
			allowed = append(allowed, m)
		}
	}
	w.Header().Set("Allow", strings.Join(allowed, ", "))
	problem.Write(w, problem.Newf(http.StatusMethodNotAllowed, CodeMethodNotAllowed,
		"%s is not allowed here; use %s", truncate(r.Method, 16), strings.Join(allowed, " or ")))
}

func apiKeyOf(r *http.Request) string {
	k, _ := signing.APIKeyFrom(r.Context())
	return k
}

// rateLimit spends one token of the caller's bucket per request.
func (e *Exchange) rateLimit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ok, retryAfter := e.limiter.allow(apiKeyOf(r))
		if !ok {
			w.Header().Set("Retry-After", strconv.Itoa(retryAfter))
			problem.Write(w, problem.Newf(http.StatusTooManyRequests, CodeRateLimited,
				"too many requests for this API key; retry in %d s", retryAfter))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// faults parses X-Sandbox-Fault, answers status= and bad values at once,
// and leaves the rest in the context for the handler.
func (e *Exchange) faults(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, err := ParseFault(strings.Join(r.Header.Values(FaultHeader), ","), e.maxDelay)
		if err != nil {
			problem.Write(w, problem.New(http.StatusBadRequest, CodeInvalidFault, err.(*FaultError).Detail))
			return
		}
		if f.Status != 0 {
			problem.Write(w, problem.Newf(f.Status, CodeSandboxFault,
				"%s: status=%d asked for this error; nothing ran and nothing was stored", FaultHeader, f.Status))
			return
		}
		next.ServeHTTP(w, r.WithContext(withFault(r.Context(), f)))
	})
}

// wait applies the delay= fault. It reports false (after answering) when
// the request ended during the wait.
func (e *Exchange) wait(w http.ResponseWriter, r *http.Request, f Fault) bool {
	if f.DelayCapped {
		w.Header().Set(FaultNoteHeader, fmt.Sprintf("delay capped at %s", e.maxDelay))
	}
	if f.Delay <= 0 {
		return true
	}
	if err := e.sleep(r.Context(), f.Delay); err != nil {
		idempotency.DoNotStore(r.Context())
		problem.Write(w, problem.Newf(http.StatusServiceUnavailable, CodeCancelled, "the request ended during the injected delay: %v", err))
		return false
	}
	return true
}

func (e *Exchange) serveTime(w http.ResponseWriter, r *http.Request) {
	f := faultFrom(r.Context())
	if !e.wait(w, r, f) {
		return
	}
	if f.DropResponse {
		dropResponse()
	}
	writeJSON(w, http.StatusOK, map[string]int64{"unix": e.now().Unix()})
}

func (e *Exchange) listOrders(w http.ResponseWriter, r *http.Request) {
	f := faultFrom(r.Context())
	if !e.wait(w, r, f) {
		return
	}
	if f.DropResponse {
		dropResponse()
	}
	writeJSON(w, http.StatusOK, map[string][]Order{"orders": e.ledgers.list(apiKeyOf(r))})
}

func (e *Exchange) getOrder(w http.ResponseWriter, r *http.Request) {
	f := faultFrom(r.Context())
	if !e.wait(w, r, f) {
		return
	}
	if f.DropResponse {
		dropResponse()
	}
	id := strings.TrimPrefix(r.URL.Path, PathOrders+"/")
	o, ok := e.ledgers.get(apiKeyOf(r), id)
	if !ok {
		problem.Write(w, problem.Newf(http.StatusNotFound, CodeNotFound, "no order %q for this API key", truncate(id, 64)))
		return
	}
	writeJSON(w, http.StatusOK, o)
}

func (e *Exchange) createOrder(w http.ResponseWriter, r *http.Request) {
	f := faultFrom(r.Context())
	if !e.wait(w, r, f) {
		return
	}
	body, err := io.ReadAll(r.Body) // bounded and buffered by the middlewares
	if err != nil {
		idempotency.DoNotStore(r.Context())
		problem.Write(w, problem.Newf(http.StatusBadRequest, "body_unreadable", "reading the body: %v", err))
		return
	}
	req, err := ParseOrder(body)
	if err != nil {
		idempotency.DoNotStore(r.Context())
		problem.Write(w, problem.New(http.StatusBadRequest, CodeInvalidOrder, err.(*ValidationError).Detail))
		return
	}
	o, err := e.ledgers.add(apiKeyOf(r), Order{
		Status:    StatusAccepted,
		Symbol:    req.Symbol,
		Side:      req.Side,
		Type:      req.Type,
		Quantity:  req.Quantity,
		Price:     req.Price,
		CreatedAt: e.now().UTC(),
	})
	if err != nil {
		problem.Write(w, problem.New(http.StatusForbidden, CodeOrderLimitReached, err.Error()))
		return
	}
	w.Header().Set("Location", PathOrders+"/"+o.ID)
	writeJSON(w, http.StatusCreated, o)
	if f.DropResponse {
		dropResponse()
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil { // cannot happen for the types above
		problem.Write(w, problem.New(http.StatusInternalServerError, "internal", err.Error()))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}
