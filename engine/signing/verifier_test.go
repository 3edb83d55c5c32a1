package signing

import (
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/consensus-lab/playground/engine/problem"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// echo is the protected handler: it answers the API key from the context
// and the body it read, twice, to prove the body is re-readable.
func echo(t testing.TB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key, ok := APIKeyFrom(r.Context())
		require.True(t, ok)
		first, err := io.ReadAll(r.Body)
		require.NoError(t, err)
		again, err := r.GetBody()
		require.NoError(t, err)
		second, err := io.ReadAll(again)
		require.NoError(t, err)
		require.Equal(t, first, second)
		require.Equal(t, int64(len(first)), r.ContentLength)
		_, _ = io.WriteString(w, key+"|"+string(first))
	})
}

func serve(v *Verifier, req *http.Request, t testing.TB) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	v.Middleware(echo(t)).ServeHTTP(rec, req)
	return rec
}

func requireProblem(t testing.TB, rec *httptest.ResponseRecorder, status int, code string) problem.Details {
	t.Helper()
	require.Equal(t, status, rec.Code, rec.Body.String())
	assert.Equal(t, problem.ContentType, rec.Header().Get("Content-Type"))
	d, err := problem.Parse(rec.Body.Bytes())
	require.NoError(t, err)
	require.Equal(t, code, d.Code, d.Detail)
	assert.Equal(t, status, d.Status)
	if status == http.StatusUnauthorized {
		assert.Equal(t, "HMAC, Ed25519", rec.Header().Get("WWW-Authenticate"))
	}
	return d
}

func TestMiddlewareHappyPaths(t *testing.T) {
	clock := newClock(t0)
	v := newTestVerifier(clock, Options{})
	for _, s := range []signed{
		{method: "GET", target: "/api/v1/orders"},
		{method: "GET", target: "/api/v1/orders/ord_1?b=2&a=x+y&flag"},
		{method: "POST", target: "/api/v1/orders", body: `{"symbol":"BTC-USD","side":"buy"}`},
		{method: "POST", target: "/api/v1/orders", body: `{}`, alg: AlgorithmSHA512},
		{method: "DELETE", target: "/api/v1/a%2Fb/%7Euser"}, // escapes signed as sent
		{method: "GET", target: "/api/v1/orders", ts: t0 - 300},
		{method: "GET", target: "/api/v1/orders", ts: t0 + 300},
	} {
		req, _ := s.request(t)
		rec := serve(v, req, t)
		require.Equal(t, http.StatusOK, rec.Code, "%+v: %s", s, rec.Body.String())
		assert.Equal(t, demoKey+"|"+s.body, rec.Body.String())
	}
}

func TestMiddlewareEveryCode(t *testing.T) {
	clock := newClock(t0)
	v := newTestVerifier(clock, Options{})
	v.ring.(*KeyRing).Add("retired", "s", time.Time{}, time.Unix(t0-1, 0))

	good := func() *http.Request { r, _ := signed{}.request(t); return r }
	withHeader := func(h string) *http.Request { r := good(); r.Header.Set("Authorization", h); return r }
	mutate := func(f func(*Authorization)) *http.Request {
		r := good()
		a, err := ParseAuthorization(r.Header.Get("Authorization"))
		require.NoError(t, err)
		f(&a)
		r.Header.Set("Authorization", a.String())
		return r
	}
	for _, tc := range []struct {
		name string
		req  *http.Request
		code string
	}{
		{"missing", httptest.NewRequest("GET", "/api/v1/orders", nil), CodeMissingAuthorization},
		{"malformed", withHeader(`HMAC apiKey=demo`), CodeMalformedAuthorization},
		{"two headers", func() *http.Request {
			r := good()
			r.Header.Add("Authorization", r.Header.Get("Authorization"))
			return r
		}(), CodeMalformedAuthorization},
		{"unknown key", func() *http.Request { r, _ := signed{key: "nobody", secret: "x"}.request(t); return r }(), CodeUnknownKey},
		{"retired key", func() *http.Request { r, _ := signed{key: "retired", secret: "s"}.request(t); return r }(), CodeUnknownKey},
		{"weak", mutate(func(a *Authorization) { a.Algorithm = "hmac-sha1" }), CodeWeakAlgorithm},
		{"stale past", func() *http.Request { r, _ := signed{ts: t0 - 301}.request(t); return r }(), CodeStaleTimestamp},
		{"stale future", func() *http.Request { r, _ := signed{ts: t0 + 301}.request(t); return r }(), CodeStaleTimestamp},
		{"bad signature", func() *http.Request { r, _ := signed{secret: "wrong"}.request(t); return r }(), CodeBadSignature},
		{"tampered body", func() *http.Request {
			r, _ := signed{method: "POST", body: `{"quantity":"1"}`}.request(t)
			r.Body = io.NopCloser(strings.NewReader(`{"quantity":"9"}`))
			return r
		}(), CodeBadSignature},
		{"tampered query", func() *http.Request {
			r, _ := signed{target: "/api/v1/orders?limit=1"}.request(t)
			r.URL.RawQuery = "limit=2"
			return r
		}(), CodeBadSignature},
		{"bad query escape", func() *http.Request {
			r, _ := signed{}.request(t)
			r.URL.RawQuery = "a=%zz"
			return r
		}(), CodeBadSignature},
		{"algorithm switched", mutate(func(a *Authorization) { a.Algorithm = AlgorithmSHA512; a.Signature += a.Signature }), CodeBadSignature},
	} {
		rec := serve(v, tc.req, t)
		requireProblem(t, rec, http.StatusUnauthorized, tc.code)
	}

	// replay: the same request twice
	req, _ := signed{nonce: "replay-me-0000000"}.request(t)
	require.Equal(t, http.StatusOK, serve(v, req, t).Code)
	req, _ = signed{nonce: "replay-me-0000000"}.request(t)
	d := requireProblem(t, serve(v, req, t), http.StatusUnauthorized, CodeReplayedNonce)
	assert.Contains(t, d.Detail, "replay-me-0000000")
}

func TestStaleBoundaryBothWays(t *testing.T) {
	for _, tc := range []struct {
		skew int64
		ok   bool
	}{{300, true}, {-300, true}, {301, false}, {-301, false}, {0, true}} {
		clock := newClock(t0)
		v := newTestVerifier(clock, Options{})
		req, _ := signed{ts: t0 - tc.skew}.request(t)
		res, err := v.Verify(req, nil)
		assert.Equal(t, tc.ok, err == nil, "skew %d: %v", tc.skew, err)
		assert.True(t, res.Trace.HasSkew)
		assert.Equal(t, tc.skew, res.Trace.SkewSeconds)
		if !tc.ok {
			assert.Equal(t, CodeStaleTimestamp, err.(problem.Details).Code)
			step, _ := res.Trace.Failed()
			assert.Equal(t, StepTimestamp, step.Name)
		}
	}
	// a custom window applies as well
	v := newTestVerifier(newClock(t0), Options{Window: 30 * time.Second})
	req, _ := signed{ts: t0 - 31}.request(t)
	_, err := v.Verify(req, nil)
	assert.ErrorContains(t, err, "window is 30 s")
}

func TestFailedAuthDoesNotSpendNonce(t *testing.T) {
	clock := newClock(t0)
	v := newTestVerifier(clock, Options{})
	const nonce = "shared-nonce-00001"
	for _, bad := range []signed{
		{secret: "wrong", nonce: nonce},
		{ts: t0 - 1000, nonce: nonce},
		{key: "nobody", secret: "x", nonce: nonce},
	} {
		req, _ := bad.request(t)
		_, err := v.Verify(req, nil)
		require.Error(t, err)
	}
	assert.Zero(t, v.CachedNonces())
	req, _ := signed{nonce: nonce}.request(t)
	_, err := v.Verify(req, nil)
	require.NoError(t, err, "the nonce is still unspent")
	assert.Equal(t, 1, v.CachedNonces())
	req, _ = signed{nonce: nonce}.request(t)
	_, err = v.Verify(req, nil)
	assert.Equal(t, CodeReplayedNonce, err.(problem.Details).Code)

	// the same nonce under another key is a different nonce
	v.ring.(*KeyRing).Add("second", "s2", time.Time{}, time.Time{})
	req, _ = signed{key: "second", secret: "s2", nonce: nonce}.request(t)
	_, err = v.Verify(req, nil)
	assert.NoError(t, err)
}

func TestNonceReusableAfterWindow(t *testing.T) {
	clock := newClock(t0)
	v := newTestVerifier(clock, Options{})
	const nonce = "reuse-after-window"
	req, _ := signed{nonce: nonce}.request(t)
	_, err := v.Verify(req, nil)
	require.NoError(t, err)

	clock.Add(300 * time.Second)
	req, _ = signed{nonce: nonce, ts: t0 + 300}.request(t)
	_, err = v.Verify(req, nil)
	assert.Equal(t, CodeReplayedNonce, err.(problem.Details).Code, "still inside the first request's window")

	clock.Add(1 * time.Second)
	assert.Equal(t, 1, v.CachedNonces())
	req, _ = signed{nonce: nonce, ts: t0 + 301}.request(t)
	_, err = v.Verify(req, nil)
	assert.NoError(t, err, "the first use has expired")
	assert.Equal(t, 1, v.CachedNonces(), "the old entry was evicted by age")
}

func TestVerifierNonceCacheBound(t *testing.T) {
	clock := newClock(t0)
	v := newTestVerifier(clock, Options{NonceCacheEntries: 8})
	for i := 0; i < 50; i++ {
		req, _ := signed{ts: clock.Now().Unix()}.request(t)
		_, err := v.Verify(req, nil)
		require.NoError(t, err, i) // a fresh timestamp each second always passes
		require.LessOrEqual(t, v.CachedNonces(), 8)
		clock.Add(time.Second)
	}
	// an older timestamp than the cache can vouch for is refused as stale, not accepted
	req, _ := signed{ts: t0 + 2}.request(t)
	res, err := v.Verify(req, nil)
	require.Error(t, err)
	assert.Equal(t, CodeStaleTimestamp, err.(problem.Details).Code)
	assert.Contains(t, err.(problem.Details).Detail, "replay cache was full")
	step, _ := res.Trace.Failed()
	assert.Equal(t, StepTimestamp, step.Name)
}

func TestRotationOverlapThenRetirement(t *testing.T) {
	clock := newClock(t0)
	ring := NewKeyRing()
	ring.Add("k", "old", time.Time{}, time.Time{})
	v := NewVerifier(ring, Options{Now: clock.Now})
	check := func(secret string) (Result, error) {
		req, _ := signed{key: "k", secret: secret, ts: clock.Now().Unix()}.request(t)
		return v.Verify(req, nil)
	}
	_, err := check("new")
	assert.Equal(t, CodeBadSignature, err.(problem.Details).Code, "new secret before it is added")

	ring.Add("k", "new", clock.Now(), time.Time{})
	res, err := check("old")
	require.NoError(t, err)
	assert.Equal(t, 1, res.SecretIndex)
	res, err = check("new")
	require.NoError(t, err, "both verify during the overlap")
	assert.Equal(t, 2, res.SecretIndex)
	assert.Contains(t, res.Trace.Steps[1].Detail, "2 of the key's 2")

	ring.Retire("k", "old", clock.Now().Add(time.Hour))
	clock.Add(time.Hour)
	_, err = check("old")
	assert.Equal(t, CodeBadSignature, err.(problem.Details).Code, "old secret retired")
	_, err = check("new")
	assert.NoError(t, err)

	ring.Retire("k", "new", clock.Now())
	_, err = check("new")
	assert.Equal(t, CodeUnknownKey, err.(problem.Details).Code, "no secret left")
}

func TestTraceSteps(t *testing.T) {
	v := newTestVerifier(newClock(t0), Options{})
	req, canonical := signed{method: "POST", target: "/api/v1/orders?x=1", body: "{}", ts: t0 - 5}.request(t)
	res, err := v.Verify(req, []byte("{}"))
	require.NoError(t, err)
	var names []StepName
	for _, s := range res.Trace.Steps {
		assert.True(t, s.OK, s.Name)
		names = append(names, s.Name)
	}
	assert.Equal(t, []StepName{StepParse, StepKey, StepAlgorithm, StepTimestamp, StepNonce, StepCanonical, StepSignature}, names)
	assert.Equal(t, int64(5), res.Trace.SkewSeconds)
	assert.Contains(t, res.Trace.Steps[3].Detail, "5 s behind")
	assert.Equal(t, canonical, res.Canonical)
	require.Len(t, res.Trace.Canonical, 6)
	for i, l := range res.Trace.Canonical {
		assert.Equal(t, CanonicalLineNames[i], l.Name)
	}
	assert.Equal(t, "x=1", res.Trace.Canonical[2].Value)
	assert.Equal(t, demoKey, res.APIKey)
	assert.Equal(t, AlgorithmSHA256, res.Algorithm)

	// a weak algorithm shows as a failed algorithm step after a good parse
	r2, _ := signed{}.request(t)
	a, _ := ParseAuthorization(r2.Header.Get("Authorization"))
	a.Algorithm = "hmac-md5"
	r2.Header.Set("Authorization", a.String())
	res, err = v.Verify(r2, nil)
	require.Error(t, err)
	require.Len(t, res.Trace.Steps, 2)
	assert.True(t, res.Trace.Steps[0].OK)
	assert.Equal(t, Step{Name: StepAlgorithm, Code: CodeWeakAlgorithm, Detail: err.(problem.Details).Detail}, res.Trace.Steps[1])
}

func TestNoSecretInTraceOrErrors(t *testing.T) {
	const secret = "very-secret-value-123"
	ring := NewKeyRing()
	ring.Add("k", secret, time.Time{}, time.Time{})
	v := NewVerifier(ring, Options{Now: newClock(t0).Now})
	for _, s := range []signed{{key: "k", secret: secret}, {key: "k", secret: "wrong"}, {key: "k", secret: secret, ts: 1}} {
		req, _ := s.request(t)
		SetDebugCanonical(req.Header, "x")
		res, err := v.Verify(req, nil)
		text := ""
		if err != nil {
			text = err.Error()
		}
		for _, st := range res.Trace.Steps {
			text += st.Detail
		}
		assert.NotContains(t, text, secret)
	}
}

func TestDebugCanonicalNamesTheDifferingLine(t *testing.T) {
	v := newTestVerifier(newClock(t0), Options{})
	// the client signs one path but sends another
	req, clientCanonical := signed{target: "/api/v1/orders?limit=1"}.request(t)
	SetDebugCanonical(req.Header, clientCanonical)
	req.URL.RawQuery = "limit=2"
	rec := serve(v, req, t)
	d := requireProblem(t, rec, http.StatusUnauthorized, CodeBadSignature)
	assert.Contains(t, d.Detail, `line 3 (query) differs: server "limit=2", yours "limit=1"`)

	req, clientCanonical = signed{}.request(t)
	SetDebugCanonical(req.Header, clientCanonical)
	res, _ := v.Verify(req, nil)
	assert.Empty(t, res.Trace.Diffs)
	assert.Len(t, res.Trace.ClientCanonical, 6)

	// identical canonical strings, wrong secret: the detail says so
	req, clientCanonical = signed{secret: "wrong"}.request(t)
	SetDebugCanonical(req.Header, clientCanonical)
	res, err := v.Verify(req, nil)
	require.Error(t, err)
	assert.Empty(t, res.Trace.Diffs)
	assert.Contains(t, err.(problem.Details).Detail, "yours is identical")

	// a client that hashes the body wrongly
	body := `{"a":1}`
	req, clientCanonical = signed{method: "POST", body: body}.request(t)
	SetDebugCanonical(req.Header, strings.Replace(clientCanonical, BodyDigest([]byte(body)), BodyDigest([]byte(body+"\n")), 1))
	req.Header.Set("Authorization", func() string {
		a, _ := ParseAuthorization(req.Header.Get("Authorization"))
		a.Signature = strings.Repeat("0", 64)
		return a.String()
	}())
	res, err = v.Verify(req, []byte(body))
	require.Error(t, err)
	require.Len(t, res.Trace.Diffs, 1)
	assert.Equal(t, "body_sha256", res.Trace.Diffs[0].Name)

	// a header that is not base64 is ignored, not fatal
	req, _ = signed{}.request(t)
	req.Header.Set(DebugCanonicalHeader, "%%%")
	_, err = v.Verify(req, nil)
	assert.NoError(t, err)
	assert.Equal(t, "R0VU", base64.StdEncoding.EncodeToString([]byte("GET")))
}

func TestBodyTooLarge(t *testing.T) {
	v := newTestVerifier(newClock(t0), Options{MaxBodyBytes: 16})
	// declared too large
	req, _ := signed{method: "POST", body: strings.Repeat("x", 17)}.request(t)
	requireProblem(t, serve(v, req, t), http.StatusRequestEntityTooLarge, CodeBodyTooLarge)
	// undeclared (chunked) and too large
	req, _ = signed{method: "POST", body: strings.Repeat("x", 17)}.request(t)
	req.ContentLength = -1
	req.Body = io.NopCloser(strings.NewReader(strings.Repeat("x", 17)))
	requireProblem(t, serve(v, req, t), http.StatusRequestEntityTooLarge, CodeBodyTooLarge)
	// exactly at the limit is fine
	req, _ = signed{method: "POST", body: strings.Repeat("x", 16)}.request(t)
	assert.Equal(t, http.StatusOK, serve(v, req, t).Code)
	// the default is 64 KiB
	v = newTestVerifier(newClock(t0), Options{})
	req, _ = signed{method: "POST", body: strings.Repeat("x", 64<<10+1)}.request(t)
	requireProblem(t, serve(v, req, t), http.StatusRequestEntityTooLarge, CodeBodyTooLarge)
	req, _ = signed{method: "POST", body: strings.Repeat("x", 64<<10)}.request(t)
	assert.Equal(t, http.StatusOK, serve(v, req, t).Code)
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }

func TestUnreadableBody(t *testing.T) {
	v := newTestVerifier(newClock(t0), Options{})
	req, _ := signed{method: "POST", body: "x"}.request(t)
	req.Body = io.NopCloser(failingReader{})
	requireProblem(t, serve(v, req, t), http.StatusBadRequest, "body_unreadable")
}

func TestRequestPath(t *testing.T) {
	for _, tc := range []struct {
		req  *http.Request
		want string
	}{
		{httptest.NewRequest("GET", "/a%2Fb?x=1", nil), "/a%2Fb"},
		{httptest.NewRequest("GET", "/%7euser", nil), "/%7euser"},               // kept as sent, not normalised
		{httptest.NewRequest("GET", "http://h.example/p%20q?x", nil), "/p%20q"}, // absolute-form
		{&http.Request{URL: mustURL(t, "/in/process")}, "/in/process"},          // no RequestURI
		{&http.Request{URL: mustURL(t, "")}, "/"},
		{&http.Request{}, "/"},
	} {
		assert.Equal(t, tc.want, requestPath(tc.req))
	}
	// http.StripPrefix rewrites URL.Path but the signed path is what was sent
	v := newTestVerifier(newClock(t0), Options{})
	req, _ := signed{target: "/api/v1/orders"}.request(t)
	rec := httptest.NewRecorder()
	http.StripPrefix("/api", v.Middleware(echo(t))).ServeHTTP(rec, req)
	assert.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
}

func TestConcurrentReplaysPassOnce(t *testing.T) {
	v := newTestVerifier(newClock(t0), Options{})
	const copies = 32
	reqs := make([]*http.Request, copies)
	for i := range reqs {
		reqs[i], _ = signed{method: "POST", body: "{}", nonce: "one-nonce-for-all"}.request(t)
	}
	var wg sync.WaitGroup
	codes := make([]int, copies)
	for i := range reqs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			rec := httptest.NewRecorder()
			v.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})).ServeHTTP(rec, reqs[i])
			codes[i] = rec.Code
			if rec.Code != http.StatusOK {
				d, err := problem.Parse(rec.Body.Bytes())
				if assert.NoError(t, err) {
					assert.Equal(t, CodeReplayedNonce, d.Code)
				}
			}
		}(i)
	}
	wg.Wait()
	ok := 0
	for _, c := range codes {
		if c == http.StatusOK {
			ok++
		}
	}
	assert.Equal(t, 1, ok)
}

func TestWithAPIKey(t *testing.T) {
	_, ok := APIKeyFrom(httptest.NewRequest("GET", "/", nil).Context())
	assert.False(t, ok)
	k, ok := APIKeyFrom(WithAPIKey(context.Background(), "x"))
	assert.True(t, ok)
	assert.Equal(t, "x", k)
}

func mustURL(t testing.TB, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	require.NoError(t, err)
	return u
}
