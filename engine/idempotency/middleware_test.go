package idempotency

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/engine/problem"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// orders is a handler that counts its executions and answers 201 with the
// execution number, so a replay is recognisable.
type orders struct{ runs atomic.Int64 }

func (o *orders) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	if strings.Contains(string(body), "invalid") {
		DoNotStore(r.Context())
		problem.Write(w, problem.New(http.StatusBadRequest, "invalid_order", "bad"))
		return
	}
	n := o.runs.Add(1)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Location", fmt.Sprintf("/orders/%d", n))
	w.WriteHeader(http.StatusCreated)
	fmt.Fprintf(w, `{"run":%d,"body":%q}`, n, body)
}

func newServer(t *testing.T, opts Options, h http.Handler) (*Middleware, http.Handler) {
	t.Helper()
	if opts.Scope == nil {
		opts.Scope = func(r *http.Request) string { return r.Header.Get("X-Api-Key") }
	}
	m := New(opts)
	return m, m.Wrap(h)
}

func post(h http.Handler, key, body string, hdr ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, "/api/v1/orders", strings.NewReader(body))
	if key != "" {
		r.Header.Set(HeaderName, key)
	}
	r.Header.Set("X-Api-Key", "alice")
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func code(t *testing.T, w *httptest.ResponseRecorder) string {
	t.Helper()
	require.Equal(t, problem.ContentType, w.Header().Get("Content-Type"), w.Body.String())
	d, err := problem.Parse(w.Body.Bytes())
	require.NoError(t, err)
	assert.Equal(t, w.Code, d.Status)
	return d.Code
}

func TestMiddlewareKeyErrors(t *testing.T) {
	h := &orders{}
	_, srv := newServer(t, Options{}, h)
	cases := []struct {
		name, key string
		hdr       []string
		code      string
	}{
		{"missing", "", nil, CodeKeyMissing},
		{"empty sf-string", `""`, nil, CodeKeyInvalid},
		{"too long", strings.Repeat("a", 256), nil, CodeKeyInvalid},
		{"not ASCII", "\"caf\u00e9\"", nil, CodeKeyInvalid},
		{"empty field", "", []string{HeaderName, " "}, CodeKeyInvalid},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := post(srv, tc.key, `{}`, tc.hdr...)
			assert.Equal(t, http.StatusBadRequest, w.Code)
			assert.Equal(t, tc.code, code(t, w))
		})
	}
	assert.Zero(t, h.runs.Load(), "key errors never reach the handler")
}

func TestMiddlewareReplaysTheFirstResponse(t *testing.T) {
	h := &orders{}
	_, srv := newServer(t, Options{}, h)
	first := post(srv, `"k1"`, `{"q":1}`)
	require.Equal(t, http.StatusCreated, first.Code)
	assert.Empty(t, first.Header().Get(ReplayedHeader))

	// A bare token names the same key; the fault header is not fingerprinted.
	again := post(srv, `k1`, `{"q":1}`, "X-Sandbox-Fault", "delay=1ms")
	assert.Equal(t, http.StatusCreated, again.Code)
	assert.Equal(t, "true", again.Header().Get(ReplayedHeader))
	assert.Equal(t, first.Body.String(), again.Body.String())
	assert.Equal(t, "/orders/1", again.Header().Get("Location"))
	assert.Equal(t, "application/json", again.Header().Get("Content-Type"))
	assert.EqualValues(t, 1, h.runs.Load())
}

func TestMiddlewareSameKeyOtherPayloadIs422(t *testing.T) {
	h := &orders{}
	_, srv := newServer(t, Options{}, h)
	require.Equal(t, http.StatusCreated, post(srv, `"k"`, `{"q":1}`).Code)
	w := post(srv, `"k"`, `{"q":2}`)
	assert.Equal(t, http.StatusUnprocessableEntity, w.Code)
	assert.Equal(t, CodeKeyReused, code(t, w))

	// Another path is another fingerprint too.
	r := httptest.NewRequest(http.MethodPost, "/api/v1/other", strings.NewReader(`{"q":1}`))
	r.Header.Set(HeaderName, `"k"`)
	r.Header.Set("X-Api-Key", "alice")
	w = httptest.NewRecorder()
	srv.ServeHTTP(w, r)
	assert.Equal(t, http.StatusUnprocessableEntity, w.Code)
	assert.EqualValues(t, 1, h.runs.Load())
}

func TestMiddlewareKeysAreScoped(t *testing.T) {
	h := &orders{}
	_, srv := newServer(t, Options{}, h)
	require.Equal(t, http.StatusCreated, post(srv, `"k"`, `{"q":1}`).Code)
	w := post(srv, `"k"`, `{"q":2}`, "X-Api-Key", "bob")
	assert.Equal(t, http.StatusCreated, w.Code, "bob's k is not alice's k")
	assert.EqualValues(t, 2, h.runs.Load())
}

// blocking runs until released, so a second request arrives mid-flight.
type blocking struct {
	started chan struct{}
	release chan struct{}
	runs    atomic.Int64
}

func (b *blocking) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b.runs.Add(1)
	b.started <- struct{}{}
	<-b.release
	w.WriteHeader(http.StatusCreated)
	_, _ = w.Write([]byte(`{"done":true}`))
}

func TestMiddlewareInFlight(t *testing.T) {
	h := &blocking{started: make(chan struct{}), release: make(chan struct{})}
	_, srv := newServer(t, Options{}, h)
	done := make(chan *httptest.ResponseRecorder)
	go func() { done <- post(srv, `"k"`, `{"q":1}`) }()
	<-h.started

	w := post(srv, `"k"`, `{"q":1}`)
	assert.Equal(t, http.StatusConflict, w.Code)
	assert.Equal(t, CodeKeyInFlight, code(t, w))
	assert.Equal(t, "1", w.Header().Get("Retry-After"))

	w = post(srv, `"k"`, `{"q":2}`)
	assert.Equal(t, http.StatusUnprocessableEntity, w.Code, "a payload mismatch wins over in-flight")
	assert.Equal(t, CodeKeyReused, code(t, w))

	close(h.release)
	assert.Equal(t, http.StatusCreated, (<-done).Code)
	w = post(srv, `"k"`, `{"q":1}`)
	assert.Equal(t, http.StatusCreated, w.Code)
	assert.Equal(t, "true", w.Header().Get(ReplayedHeader))
	assert.EqualValues(t, 1, h.runs.Load())
}

func TestMiddlewareDoNotStoreFreesTheKey(t *testing.T) {
	h := &orders{}
	m, srv := newServer(t, Options{}, h)
	w := post(srv, `"k"`, `invalid`)
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Empty(t, w.Header().Get(ReplayedHeader))
	assert.Equal(t, 0, m.Store().(*MemoryStore).Len())

	// The same key now carries a corrected body.
	w = post(srv, `"k"`, `{"fixed":true}`)
	assert.Equal(t, http.StatusCreated, w.Code)
	assert.Empty(t, w.Header().Get(ReplayedHeader))
}

func TestDoNotStoreOutsideTheMiddleware(t *testing.T) {
	assert.False(t, DoNotStore(httptest.NewRequest("GET", "/", nil).Context()))
}

func TestMiddlewareStoresErrorsThatRan(t *testing.T) {
	runs := 0
	_, srv := newServer(t, Options{}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		runs++
		problem.Write(w, problem.New(http.StatusInternalServerError, "boom", "after the work began"))
	}))
	first := post(srv, `"k"`, `{}`)
	again := post(srv, `"k"`, `{}`)
	assert.Equal(t, http.StatusInternalServerError, again.Code, "like Stripe, a 5xx from a run is replayed")
	assert.Equal(t, first.Body.String(), again.Body.String())
	assert.Equal(t, "true", again.Header().Get(ReplayedHeader))
	assert.Equal(t, 1, runs)
}

func TestMiddlewareExpiresKeysAfter24h(t *testing.T) {
	clk := &clock{t: t0}
	h := &orders{}
	_, srv := newServer(t, Options{Now: clk.Now}, h)
	require.Equal(t, http.StatusCreated, post(srv, `"k"`, `{"q":1}`).Code)

	clk.Add(DefaultTTL - time.Second)
	w := post(srv, `"k"`, `{"q":1}`)
	assert.Equal(t, "true", w.Header().Get(ReplayedHeader), "kept for 24 h")

	clk.Add(time.Second)
	w = post(srv, `"k"`, `{"q":1}`)
	assert.Equal(t, http.StatusCreated, w.Code)
	assert.Empty(t, w.Header().Get(ReplayedHeader), "after 24 h the key names a new request")
	assert.EqualValues(t, 2, h.runs.Load())
}

func TestMiddlewareAbortAfterAnswerKeepsTheRecord(t *testing.T) {
	runs := 0
	_, srv := newServer(t, Options{}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		runs++
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write([]byte(`{"id":"o1"}`))
		if r.Header.Get("Drop") != "" {
			panic(http.ErrAbortHandler)
		}
	}))
	assert.PanicsWithValue(t, http.ErrAbortHandler, func() { post(srv, `"k"`, `{}`, "Drop", "1") })
	again := post(srv, `"k"`, `{}`)
	assert.Equal(t, http.StatusCreated, again.Code)
	assert.Equal(t, "true", again.Header().Get(ReplayedHeader))
	assert.JSONEq(t, `{"id":"o1"}`, again.Body.String())
	assert.Equal(t, 1, runs)
}

func TestMiddlewareOtherPanicsFreeTheKey(t *testing.T) {
	m, srv := newServer(t, Options{}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		panic("bug")
	}))
	assert.PanicsWithValue(t, "bug", func() { post(srv, `"k"`, `{}`) })
	assert.Equal(t, 0, m.Store().(*MemoryStore).Len())
}

func TestMiddlewareBodyLimit(t *testing.T) {
	h := &orders{}
	_, srv := newServer(t, Options{MaxBodyBytes: 16}, h)
	w := post(srv, `"k"`, strings.Repeat("x", 17))
	assert.Equal(t, http.StatusRequestEntityTooLarge, w.Code)
	assert.Equal(t, CodeBodyTooLarge, code(t, w))

	// Without a declared length the limit holds while reading.
	r := httptest.NewRequest(http.MethodPost, "/api/v1/orders", io.MultiReader(strings.NewReader(strings.Repeat("x", 40))))
	r.ContentLength = -1
	r.Header.Set(HeaderName, `"k2"`)
	w = httptest.NewRecorder()
	srv.ServeHTTP(w, r)
	assert.Equal(t, http.StatusRequestEntityTooLarge, w.Code)
	assert.Zero(t, h.runs.Load())
}

func TestMiddlewareOptional(t *testing.T) {
	h := &orders{}
	_, srv := newServer(t, Options{Optional: true}, h)
	assert.Equal(t, http.StatusCreated, post(srv, "", `{}`).Code)
	assert.Equal(t, http.StatusCreated, post(srv, "", `{}`).Code)
	assert.EqualValues(t, 2, h.runs.Load(), "without a key every request runs")
}

// 200 goroutines post the same key and body at once: exactly one execution,
// and every answer is that execution's result (first or replayed) or a 409.
func TestMiddlewareConcurrentSameKey(t *testing.T) {
	const n = 200
	h := &orders{}
	_, srv := newServer(t, Options{}, h)
	start := make(chan struct{})
	results := make([]*httptest.ResponseRecorder, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			results[i] = post(srv, `"same"`, `{"q":"0.5"}`)
		}()
	}
	close(start)
	wg.Wait()

	require.EqualValues(t, 1, h.runs.Load(), "exactly one execution")
	var first string
	created, conflicts := 0, 0
	for _, w := range results {
		switch w.Code {
		case http.StatusCreated:
			created++
			if first == "" {
				first = w.Body.String()
			}
			assert.Equal(t, first, w.Body.String(), "every 201 is the one result")
		case http.StatusConflict:
			conflicts++
			assert.Equal(t, CodeKeyInFlight, code(t, w))
		default:
			t.Fatalf("unexpected status %d: %s", w.Code, w.Body)
		}
	}
	assert.Equal(t, n, created+conflicts)
	assert.GreaterOrEqual(t, created, 1)
	assert.Contains(t, first, `"run":1`)
}

func TestFingerprint(t *testing.T) {
	base := NewFingerprint("POST", "/a", []byte("x"))
	assert.Equal(t, base, NewFingerprint("POST", "/a", []byte("x")))
	assert.NotEqual(t, base, NewFingerprint("PUT", "/a", []byte("x")))
	assert.NotEqual(t, base, NewFingerprint("POST", "/b", []byte("x")))
	assert.NotEqual(t, base, NewFingerprint("POST", "/a", []byte("y")))
	assert.NotEqual(t, NewFingerprint("POST", "/a\nb", nil), NewFingerprint("POST", "/a", []byte("b")),
		"fields cannot run into each other")
	assert.Len(t, base.String(), 64)
}

func BenchmarkMiddlewareReplay(b *testing.B) {
	h := &orders{}
	m := New(Options{})
	srv := m.Wrap(h)
	body := `{"symbol":"BTC-USD","side":"buy","type":"limit","quantity":"0.5","price":"65000"}`
	post(srv, `"bench"`, body)
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		post(srv, `"bench"`, body)
	}
}

// downStore is a Store that cannot be reached.
type downStore struct{}

func (downStore) Begin(context.Context, RecordKey, string, Fingerprint, time.Time, time.Duration) (Outcome, Ticket, Response, error) {
	return 0, 0, Response{}, errors.New("connection refused")
}
func (downStore) Complete(context.Context, RecordKey, Ticket, Response) error { return nil }
func (downStore) Release(context.Context, RecordKey, Ticket) error            { return nil }

// When the store cannot say whether the key was used, nothing runs: the
// answer is a 503 to retry, never an order placed blind.
func TestUnreachableStoreRunsNothing(t *testing.T) {
	h := &orders{}
	_, srv := newServer(t, Options{Store: downStore{}}, h)
	rec := post(srv, `"k"`, `{"a":1}`)
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
	d, err := problem.Parse(rec.Body.Bytes())
	require.NoError(t, err)
	assert.Equal(t, CodeStoreDown, d.Code)
	assert.Zero(t, h.runs.Load())
}

// A full store answers 503 idempotency_store_full and runs nothing.
func TestFullStoreRunsNothing(t *testing.T) {
	h := &orders{}
	store := NewMemoryStore(1, 1<<20)
	_, srv := newServer(t, Options{Store: store}, h)
	require.Equal(t, http.StatusCreated, post(srv, `"k1"`, `{"a":1}`).Code)
	rec := post(srv, `"k2"`, `{"a":1}`)
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
	d, _ := problem.Parse(rec.Body.Bytes())
	assert.Equal(t, CodeStoreFull, d.Code)
	assert.NotEmpty(t, rec.Header().Get("Retry-After"))
	assert.Equal(t, int64(1), h.runs.Load())
}
