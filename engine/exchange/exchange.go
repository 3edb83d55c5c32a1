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
//     then, before the nonce is spent (so a refused request spends none,
//     and a 429 flood cannot fill the nonce store), the admission: the
//     rate limit per key (per key and client address on the shared demo
//     keys; 429 rate_limited with Retry-After, and the RateLimit headers on
//     every signed answer), the key's allow-list (403 ip_not_allowed) and
//     scope (403 insufficient_scope); on success the API key is in the
//     context
//  3. X-Sandbox-Fault: 400 invalid_fault, status=5xx as sandbox_fault
//  4. idempotency: 400 idempotency_key_missing / _invalid, then the
//     fingerprint: 422 idempotency_key_reused, 409 idempotency_key_in_flight,
//     or the stored response with Idempotent-Replayed: true
//  5. the order handler: the delay= wait (the key is already held), 400
//     invalid_order (calls idempotency.DoNotStore), then the order and its
//     idempotency record written in one store operation (CommitOrder);
//     crash-before-commit dies just before it, crash-after-commit and
//     drop-response just after
//
// Everything that the contract says "stores nothing" (401, 403, 413, 429, a
// status= fault, a bad fault value, a key error, a validation 400) is
// answered in steps 1-4 before the idempotency store is touched, or in step 5
// with DoNotStore, so the key can be used again. The GET routes run steps
// 1-3 and their handler. GET /api/v1/time and POST /api/v1/keys are
// unsigned: they take no delay or drop fault (an unsigned request must not
// hold a connection), and keys are rate-limited per client address.
package exchange

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"slices"
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
	CodeCancelled         = "request_cancelled"
	CodeInsufficientScope = "insufficient_scope"
	CodeIPNotAllowed      = "ip_not_allowed"
	CodeKeyStoreFull      = "key_store_full"
	CodeStoreUnavailable  = signing.CodeStoreUnavailable
)

// MaxBodyBytes is the largest request body the API reads (413 beyond it).
const MaxBodyBytes = 64 << 10

// Paths served.
const (
	PathTime   = "/api/v1/time"
	PathOrders = "/api/v1/orders"
	PathKeys   = "/api/v1/keys"
)

// Scopes of a key: read for the GET routes, trade for POST /orders.
const (
	ScopeRead  = "read"
	ScopeTrade = "trade"
)

// PersonalKeyTTL is the life of a key from POST /api/v1/keys.
const PersonalKeyTTL = 24 * time.Hour

// KeyPolicy is what a key may do beyond signing.
type KeyPolicy struct {
	// Scopes the key has; nil means both.
	Scopes []string
	// Allow lists the networks the key may be used from; nil means any.
	Allow []netip.Prefix
	// Shared marks public credentials (the demo keys): the rate limit and
	// the idempotency quota then apply per key and client address, so one
	// learner cannot starve the others.
	Shared bool
}

func (p KeyPolicy) has(scope string) bool { return p.Scopes == nil || slices.Contains(p.Scopes, scope) }

// Config configures an Exchange. Only Keys matters for a working sandbox;
// every other zero value takes a documented default.
type Config struct {
	// Keys holds the API keys and secrets; nil is an empty ring (every
	// signed request is refused with unknown_key, personal keys aside).
	Keys *signing.KeyRing
	// Policies gives keys of Keys their scopes, allow-list and sharing; a
	// key without one may do everything from anywhere.
	Policies map[string]KeyPolicy
	// Now is the clock of signing, rate limits, key expiry and order
	// times; nil means time.Now.
	Now func() time.Time
	// Sleep waits for the delay= fault; nil waits on a real timer and stops
	// early when the request's context ends.
	Sleep func(ctx context.Context, d time.Duration) error
	// SigningWindow is the allowed clock difference (signing's 300 s if 0).
	SigningWindow time.Duration
	// OnVerify sees each signature verification with its trace (see
	// signing.Options.OnVerify); the in-browser sandbox uses it.
	OnVerify func(r *http.Request, res signing.Result, err error)
	// RateLimit is the per-key token bucket.
	RateLimit RateLimit
	// KeysRate limits POST /api/v1/keys per client address (a key every
	// 10 s, burst 5, if zero).
	KeysRate RateLimit
	// Store keeps the state; nil is a MemoryStore with the bounds below.
	Store Store
	// Bounds of the default MemoryStore (its defaults if 0).
	NonceCacheEntries int
	StoreEntries      int
	StoreBytes        int64
	MaxOrdersPerKey   int
	// OwnerQuota is the most Idempotency-Keys one client holds at once in
	// the memory store (idempotency.DefaultOwnerQuota if 0, none if < 0).
	OwnerQuota int
	// KeyTTL is the life of an Idempotency-Key (24 h if 0).
	KeyTTL time.Duration
	// MaxDelay caps the delay= fault (DefaultMaxDelay if 0).
	MaxDelay time.Duration
}

// Exchange is the sandbox API handler. It serves the full paths
// /api/v1/...; mount it at /api/ without stripping the prefix.
type Exchange struct {
	now      func() time.Time
	sleep    func(context.Context, time.Duration) error
	maxDelay time.Duration
	keys     *signing.KeyRing
	policies map[string]KeyPolicy
	store    Store
	rate     RateLimit
	keysRate RateLimit
	idem     *idempotency.Middleware

	timeH, keysH, listH, getH, createH http.Handler
}

// New builds an Exchange from cfg.
func New(cfg Config) *Exchange {
	e := &Exchange{now: cfg.Now, sleep: cfg.Sleep, maxDelay: cfg.MaxDelay, keys: cfg.Keys, policies: cfg.Policies, store: cfg.Store}
	if e.now == nil {
		e.now = time.Now
	}
	if e.sleep == nil {
		e.sleep = sleepContext
	}
	if e.maxDelay <= 0 {
		e.maxDelay = DefaultMaxDelay
	}
	if e.keys == nil {
		e.keys = signing.NewKeyRing()
	}
	window := cfg.SigningWindow
	if window <= 0 {
		window = signing.DefaultWindow
	}
	if e.store == nil {
		e.store = NewMemoryStore(MemoryLimits{
			NonceEntries: cfg.NonceCacheEntries, WindowSeconds: int64(window / time.Second),
			RecordEntries: cfg.StoreEntries, RecordBytes: cfg.StoreBytes, MaxOrdersPerKey: cfg.MaxOrdersPerKey,
			OwnerQuota: cfg.OwnerQuota,
		})
	}
	e.rate = cfg.RateLimit.withDefaults()
	e.keysRate = cfg.KeysRate
	if e.keysRate.Rate == 0 {
		e.keysRate = RateLimit{Rate: 0.1, Burst: 5}
	}
	e.keysRate = e.keysRate.withDefaults()
	e.idem = idempotency.New(idempotency.Options{
		Store:        e.store,
		Scope:        apiKeyOf,
		Owner:        e.owner,
		Now:          e.now,
		TTL:          cfg.KeyTTL,
		MaxBodyBytes: MaxBodyBytes,
	})
	verifier := signing.NewVerifier(keySource{e}, signing.Options{
		Now:          e.now,
		Window:       window,
		MaxBodyBytes: MaxBodyBytes,
		Nonces:       e.store,
		Admit:        e.admit,
		OnVerify:     cfg.OnVerify,
	})
	signed := func(h http.Handler) http.Handler {
		return verifier.Middleware(e.faults(h))
	}
	e.timeH = e.faults(http.HandlerFunc(e.serveTime))
	e.keysH = e.faults(http.HandlerFunc(e.issueKey))
	e.listH = signed(http.HandlerFunc(e.listOrders))
	e.getH = signed(http.HandlerFunc(e.getOrder))
	e.createH = signed(e.idem.Wrap(http.HandlerFunc(e.createOrder)))
	return e
}

// Store is the store in use.
func (e *Exchange) Store() Store { return e.store }

// IdempotencyStore is the store of Idempotency-Key records in use.
func (e *Exchange) IdempotencyStore() idempotency.Store { return e.store }

// Orders returns apiKey's orders, oldest first, as GET /api/v1/orders would
// (none if the store cannot be read).
func (e *Exchange) Orders(apiKey string) []Order {
	o, err := e.store.Orders(context.Background(), apiKey)
	if err != nil {
		return []Order{}
	}
	return o
}

// keySource finds keys in the ring first, then among the personal keys.
type keySource struct{ e *Exchange }

func (k keySource) Credentials(ctx context.Context, apiKey string, t time.Time) ([]signing.Credential, int, error) {
	valid, total, _ := k.e.keys.Credentials(ctx, apiKey, t)
	if total > 0 {
		return valid, total, nil
	}
	pk, ok, err := k.e.store.Key(ctx, apiKey, t)
	if err != nil || !ok {
		return nil, 0, err
	}
	return []signing.Credential{{Index: 1, Secret: []byte(pk.Secret)}}, 1, nil
}

// policy is what apiKey may do; personal keys carry their scopes.
func (e *Exchange) policy(ctx context.Context, apiKey string) (KeyPolicy, error) {
	if p, ok := e.policies[apiKey]; ok {
		return p, nil
	}
	if _, total, _ := e.keys.Credentials(ctx, apiKey, e.now()); total > 0 {
		return KeyPolicy{}, nil
	}
	pk, ok, err := e.store.Key(ctx, apiKey, e.now())
	if err != nil || !ok {
		return KeyPolicy{Scopes: []string{}}, err
	}
	return KeyPolicy{Scopes: pk.Scopes}, nil
}

// owner is who a request is charged to: the key, and on a shared key the
// client address too.
func (e *Exchange) owner(r *http.Request) string {
	k := apiKeyOf(r)
	if e.policies[k].Shared {
		return k + " " + clientAddr(r).String()
	}
	return k
}

// clientAddr is the peer's address (the server does not trust forwarding
// headers; put the sandbox behind a proxy that sets the peer as it is).
func clientAddr(r *http.Request) netip.Addr {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, _ := netip.ParseAddr(host)
	return a.Unmap()
}

// admit runs for an authenticated request before its nonce is spent: the
// rate limit, then the key's allow-list and scope.
func (e *Exchange) admit(w http.ResponseWriter, r *http.Request, res signing.Result) error {
	ctx := r.Context()
	p, err := e.policy(ctx, res.APIKey)
	if err != nil {
		return signing.StoreUnavailable(err)
	}
	if e.rate.Rate >= 0 {
		bucket := "key " + res.APIKey
		if p.Shared {
			bucket += " " + clientAddr(r).String()
		}
		q, err := e.store.Take(ctx, bucket, e.now(), e.rate.Rate, e.rate.Burst)
		if err != nil {
			return signing.StoreUnavailable(err)
		}
		e.rate.setHeaders(w.Header(), q)
		if !q.OK {
			return problem.Newf(http.StatusTooManyRequests, CodeRateLimited,
				"too many requests for this API key; retry in %d s (the nonce was not spent)", q.RetryAfter)
		}
	}
	if p.Allow != nil {
		addr := clientAddr(r)
		if !slices.ContainsFunc(p.Allow, func(n netip.Prefix) bool { return n.Contains(addr) }) {
			return problem.Newf(http.StatusForbidden, CodeIPNotAllowed, "API key %q may not be used from %s", res.APIKey, addr)
		}
	}
	need := ScopeRead
	if r.Method == http.MethodPost {
		need = ScopeTrade
	}
	if !p.has(need) {
		return problem.Newf(http.StatusForbidden, CodeInsufficientScope,
			"API key %q has the scopes %q; %s %s needs %q (the nonce was not spent)", res.APIKey, p.Scopes, r.Method, r.URL.Path, need)
	}
	return nil
}

// ServeHTTP routes the API.
func (e *Exchange) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	switch {
	case p == PathTime:
		e.route(w, r, map[string]http.Handler{http.MethodGet: e.timeH, http.MethodHead: e.timeH})
	case p == PathKeys:
		e.route(w, r, map[string]http.Handler{http.MethodPost: e.keysH})
	case p == PathOrders:
		e.route(w, r, map[string]http.Handler{http.MethodGet: e.listH, http.MethodPost: e.createH})
	case strings.HasPrefix(p, PathOrders+"/") && validID(strings.TrimPrefix(p, PathOrders+"/")):
		e.route(w, r, map[string]http.Handler{http.MethodGet: e.getH})
	default:
		problem.Write(w, problem.Newf(http.StatusNotFound, CodeNotFound, "no such endpoint %q; see /api/v1/time, /api/v1/keys and /api/v1/orders", truncate(p, 64)))
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

// faults parses X-Sandbox-Fault, answers status= and bad values at once,
// and leaves the rest in the context for the handler. Unsigned requests
// take only status=: a delay or a dropped answer would let anyone hold
// connections without a key or a rate limit.
func (e *Exchange) faults(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, err := ParseFault(strings.Join(r.Header.Values(FaultHeader), ","), e.maxDelay)
		if err != nil {
			problem.Write(w, problem.New(http.StatusBadRequest, CodeInvalidFault, err.(*FaultError).Detail))
			return
		}
		_, signed := signing.APIKeyFrom(r.Context())
		switch {
		case !signed && (f.Delay > 0 || f.DropResponse || f.crash()):
			problem.Write(w, problem.Newf(http.StatusBadRequest, CodeInvalidFault,
				"%s: only status= applies to unsigned requests; delay, drop-response and the crash faults need a signed request", FaultHeader))
			return
		case f.crash() && !(r.Method == http.MethodPost && r.URL.Path == PathOrders):
			problem.Write(w, problem.Newf(http.StatusBadRequest, CodeInvalidFault,
				"%s: the crash faults apply to POST %s, where an order and its idempotency record are written", FaultHeader, PathOrders))
			return
		case f.Status != 0:
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
	writeJSON(w, http.StatusOK, map[string]int64{"unix": e.now().Unix()})
}

// issueKey is POST /api/v1/keys: a personal HMAC key for 24 hours.
func (e *Exchange) issueKey(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	now := e.now()
	q, err := e.store.Take(ctx, "keys "+clientAddr(r).String(), now, e.keysRate.Rate, e.keysRate.Burst)
	if err != nil {
		problem.Write(w, signing.StoreUnavailable(err))
		return
	}
	if !q.OK {
		e.keysRate.setHeaders(w.Header(), q)
		problem.Write(w, problem.Newf(http.StatusTooManyRequests, CodeRateLimited,
			"too many keys asked from this address; retry in %d s", q.RetryAfter))
		return
	}
	id, err1 := randomText(12)
	secret, err2 := randomText(24)
	if err1 != nil || err2 != nil {
		problem.Write(w, problem.New(http.StatusInternalServerError, "internal", "no randomness for a key"))
		return
	}
	k := PersonalKey{APIKey: "pk_" + id, Secret: secret, Scopes: []string{ScopeRead, ScopeTrade}, ExpiresAt: now.Add(PersonalKeyTTL).UTC().Truncate(time.Second)}
	ok, err := e.store.PutKey(ctx, k)
	switch {
	case err != nil:
		problem.Write(w, signing.StoreUnavailable(err))
		return
	case !ok:
		w.Header().Set("Retry-After", "600")
		problem.Write(w, problem.New(http.StatusServiceUnavailable, CodeKeyStoreFull,
			"the sandbox holds as many personal keys as it may; retry later or use the demo key"))
		return
	}
	writeJSON(w, http.StatusCreated, k)
}

func (e *Exchange) listOrders(w http.ResponseWriter, r *http.Request) {
	f := faultFrom(r.Context())
	if !e.wait(w, r, f) {
		return
	}
	if f.DropResponse {
		dropResponse()
	}
	orders, err := e.store.Orders(r.Context(), apiKeyOf(r))
	if err != nil {
		problem.Write(w, signing.StoreUnavailable(err))
		return
	}
	writeJSON(w, http.StatusOK, map[string][]Order{"orders": orders})
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
	o, ok, err := e.store.Order(r.Context(), apiKeyOf(r), id)
	switch {
	case err != nil:
		problem.Write(w, signing.StoreUnavailable(err))
	case !ok:
		problem.Write(w, problem.Newf(http.StatusNotFound, CodeNotFound, "no order %q for this API key", truncate(id, 64)))
	default:
		writeJSON(w, http.StatusOK, o)
	}
}

func (e *Exchange) createOrder(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f := faultFrom(ctx)
	if !e.wait(w, r, f) {
		return
	}
	body, err := io.ReadAll(r.Body) // bounded and buffered by the middlewares
	if err != nil {
		idempotency.DoNotStore(ctx)
		problem.Write(w, problem.Newf(http.StatusBadRequest, "body_unreadable", "reading the body: %v", err))
		return
	}
	req, err := ParseOrder(body)
	if err != nil {
		idempotency.DoNotStore(ctx)
		problem.Write(w, problem.New(http.StatusBadRequest, CodeInvalidOrder, err.(*ValidationError).Detail))
		return
	}
	unavailable := func(err error) {
		idempotency.DoNotStore(ctx)
		w.Header().Set("Retry-After", "1")
		problem.Write(w, problem.Newf(http.StatusServiceUnavailable, CodeStoreUnavailable,
			"the sandbox's store is unavailable and no order was placed; retry with the same key: %v", err))
	}
	id, err := e.store.NewOrderID(ctx)
	if err != nil {
		unavailable(err)
		return
	}
	o := Order{
		ID:        id,
		Status:    StatusAccepted,
		Symbol:    req.Symbol,
		Side:      req.Side,
		Type:      req.Type,
		Quantity:  req.Quantity,
		Price:     req.Price,
		CreatedAt: e.now().UTC(),
	}
	resp := idempotency.Response{Status: http.StatusCreated, Header: jsonHeader(), Body: jsonBody(o)}
	resp.Header.Set("Location", PathOrders+"/"+o.ID)
	if f.CrashBeforeCommit {
		// The process "dies" here: nothing of the request is written. In a
		// real crash the in-flight claim would lapse; here it is released.
		idempotency.DoNotStore(ctx)
		dropResponse()
	}
	claim, _ := idempotency.ClaimFrom(ctx)
	done, err := e.store.CommitOrder(context.WithoutCancel(ctx), claim, apiKeyOf(r), o, resp)
	switch {
	case err != nil:
		unavailable(err)
		return
	case !done:
		unavailable(fmt.Errorf("the claim on the Idempotency-Key lapsed before the order was written"))
		return
	}
	idempotency.Committed(ctx)
	if f.CrashAfterCommit || f.DropResponse {
		dropResponse()
	}
	for name, vs := range resp.Header {
		w.Header()[name] = vs
	}
	w.WriteHeader(resp.Status)
	_, _ = w.Write(resp.Body)
}

func jsonHeader() http.Header {
	return http.Header{"Content-Type": {"application/json"}, "Cache-Control": {"no-store"}}
}

func jsonBody(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil { // cannot happen for the types above
		panic(err)
	}
	return append(b, '\n')
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	for name, vs := range jsonHeader() {
		w.Header()[name] = vs
	}
	w.WriteHeader(status)
	_, _ = w.Write(jsonBody(v))
}
