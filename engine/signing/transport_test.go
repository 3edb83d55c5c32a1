package signing

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/consensus-lab/playground/engine/problem"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// handlerTransport calls a handler in-process, as the browser build of the
// sandbox does: the request never touches the network and has no RequestURI.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, req)
	return rec.Result(), nil
}

func doRequest(t testing.TB, c *http.Client, method, url, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	require.NoError(t, err)
	resp, err := c.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

func TestTransportRoundTrip(t *testing.T) {
	clock := newClock(t0)
	v := newTestVerifier(clock, Options{})
	srv := httptest.NewServer(v.Middleware(echo(t)))
	defer srv.Close()

	for name, base := range map[string]http.RoundTripper{
		"network":    srv.Client().Transport,
		"in-process": handlerTransport{v.Middleware(echo(t))},
	} {
		for _, alg := range []Algorithm{"", AlgorithmSHA256, AlgorithmSHA512} {
			c := &http.Client{Transport: &Transport{Base: base, APIKey: demoKey, Secret: demoSecret, Algorithm: alg, Now: clock.Now, SendCanonical: true}}
			for _, tc := range []struct{ method, path, body string }{
				{"GET", "/api/v1/orders", ""},
				{"GET", "/api/v1/orders?b=2&a=x+y&a=%2f&flag", ""},
				{"POST", "/api/v1/orders", `{"symbol":"BTC-USD","side":"buy","type":"market","quantity":"0.5"}`},
				{"PUT", "/api/v1/a%2Fb/%C3%A9", "x"},
				{"GET", "", ""},
			} {
				status, body := doRequest(t, c, tc.method, srv.URL+tc.path, tc.body)
				assert.Equal(t, http.StatusOK, status, "%s %s %s %s: %s", name, alg, tc.method, tc.path, body)
				assert.Equal(t, demoKey+"|"+tc.body, body)
			}
		}
	}
}

func TestTransportFailuresReachTheServer(t *testing.T) {
	clock := newClock(t0)
	v := newTestVerifier(clock, Options{})
	h := v.Middleware(echo(t))
	code := func(tr *Transport) string {
		tr.Base = handlerTransport{h}
		status, body := doRequest(t, &http.Client{Transport: tr}, "GET", "http://sandbox/api/v1/orders", "")
		require.Equal(t, http.StatusUnauthorized, status)
		d, err := problem.Parse([]byte(body))
		require.NoError(t, err)
		return d.Code
	}
	fixed := func() string { return "fixed-nonce-000001" }
	assert.Equal(t, CodeBadSignature, code(&Transport{APIKey: demoKey, Secret: "nope", Now: clock.Now}))
	assert.Equal(t, CodeUnknownKey, code(&Transport{APIKey: "nobody", Secret: "x", Now: clock.Now}))
	assert.Equal(t, CodeStaleTimestamp, code(&Transport{APIKey: demoKey, Secret: demoSecret,
		Now: func() time.Time { return clock.Now().Add(-301 * time.Second) }}))

	tr := &Transport{Base: handlerTransport{h}, APIKey: demoKey, Secret: demoSecret, Now: clock.Now, Nonce: fixed}
	status, _ := doRequest(t, &http.Client{Transport: tr}, "GET", "http://sandbox/api/v1/orders", "")
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, CodeReplayedNonce, code(&Transport{APIKey: demoKey, Secret: demoSecret, Now: clock.Now, Nonce: fixed}))
}

func TestTransportLeavesCallerRequestAlone(t *testing.T) {
	var seen *http.Request
	tr := &Transport{APIKey: demoKey, Secret: demoSecret, Base: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		seen = r
		return &http.Response{StatusCode: 204, Body: http.NoBody, Request: r}, nil
	})}
	req, err := http.NewRequest("POST", "http://sandbox/x", strings.NewReader("body"))
	require.NoError(t, err)
	resp, err := tr.RoundTrip(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Empty(t, req.Header.Get("Authorization"))
	require.NotNil(t, seen)
	assert.NotSame(t, req, seen)
	a, err := ParseAuthorization(seen.Header.Get("Authorization"))
	require.NoError(t, err)
	assert.Regexp(t, regexp.MustCompile(`^[A-Za-z0-9_-]{32}$`), a.Nonce)
	assert.Empty(t, seen.Header.Get(DebugCanonicalHeader), "sent only when asked")
	b, err := io.ReadAll(seen.Body)
	require.NoError(t, err)
	assert.Equal(t, "body", string(b))
	assert.Nil(t, seen.GetBody, "a signed request cannot be rewound and sent again")
	assert.Equal(t, int64(4), seen.ContentLength)
}

// Fault 4 of issue 17: net/http resent the identical signed request after
// the server closed a reused connection without answering (it treats a
// request with Idempotency-Key and a GetBody as safe to retry). The server
// spent the nonce on the first copy and refused the second as a replay, so
// the caller saw replayed_nonce for an order that existed. Each copy that
// reaches the server must carry its own signature.
func TestTransportNeverLetsNetHTTPResendASignedRequest(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	var mu sync.Mutex
	var auths []string
	served := 0
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				br := bufio.NewReader(conn)
				for {
					req, err := http.ReadRequest(br)
					if err != nil {
						return
					}
					_, _ = io.Copy(io.Discard, req.Body)
					mu.Lock()
					auths = append(auths, req.Header.Get("Authorization"))
					served++
					n := served
					mu.Unlock()
					if n == 2 { // the work is done, the answer is lost
						return
					}
					_, _ = io.WriteString(conn, "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\n{}")
				}
			}()
		}
	}()
	client := &http.Client{Transport: &Transport{Base: &http.Transport{}, APIKey: demoKey, Secret: demoSecret}}
	var reused bool
	post := func() error {
		req, _ := http.NewRequest("POST", "http://"+ln.Addr().String()+"/api/v1/orders", strings.NewReader(`{"a":1}`))
		req.Header.Set("Idempotency-Key", `"k-1"`)
		trace := &httptrace.ClientTrace{GotConn: func(i httptrace.GotConnInfo) { reused = reused || i.Reused }}
		resp, err := client.Do(req.WithContext(httptrace.WithClientTrace(req.Context(), trace)))
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		return err
	}
	require.NoError(t, post())
	time.Sleep(100 * time.Millisecond) // the connection goes back to the idle pool asynchronously
	reused = false
	err = post()
	require.True(t, reused, "the second request went over the reused connection")
	assert.Error(t, err, "the lost answer is reported, not hidden by a resend")
	mu.Lock()
	defer mu.Unlock()
	seen := map[string]bool{}
	for _, a := range auths {
		assert.False(t, seen[a], "the same signed request reached the server twice")
		seen[a] = true
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestTransportErrors(t *testing.T) {
	never := roundTripFunc(func(*http.Request) (*http.Response, error) {
		t.Fatal("nothing must be sent")
		return nil, nil
	})
	req := func(url string, body io.Reader) *http.Request {
		r, err := http.NewRequest("POST", url, body)
		require.NoError(t, err)
		return r
	}
	for name, tc := range map[string]struct {
		tr  *Transport
		req *http.Request
		msg string
	}{
		"algorithm": {&Transport{Base: never, Algorithm: "hmac-md5"}, req("http://h/", nil), "unsupported algorithm"},
		"query":     {&Transport{Base: never}, req("http://h/?a=%zz", nil), "percent-escape"},
		"nonce":     {&Transport{Base: never, Nonce: func() string { return "short" }}, req("http://h/", nil), "Transport.Nonce"},
		"body":      {&Transport{Base: never}, req("http://h/", io.NopCloser(failingReader{})), "reading the request body"},
	} {
		_, err := tc.tr.RoundTrip(tc.req)
		assert.ErrorContains(t, err, tc.msg, name)
	}
}

func TestNewNonce(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 100; i++ {
		n, err := NewNonce()
		require.NoError(t, err)
		require.NoError(t, checkNonce(n))
		require.False(t, seen[n])
		seen[n] = true
	}
}
