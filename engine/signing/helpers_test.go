package signing

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// testClock is an injectable clock that only moves when told to.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock(unix int64) *testClock { return &testClock{t: time.Unix(unix, 0)} }

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

const (
	t0         = int64(1_700_000_000)
	demoKey    = "demo"
	demoSecret = "demo-secret"
)

var nonceSeq atomic.Int64

// freshNonce is unique per call and valid by the contract's rules.
func freshNonce() string { return fmt.Sprintf("nonce-%016d", nonceSeq.Add(1)) }

func newTestVerifier(clock *testClock, opts Options) *Verifier {
	ring := NewKeyRing()
	ring.Add(demoKey, demoSecret, time.Time{}, time.Time{})
	opts.Now = clock.Now
	return NewVerifier(ring, opts)
}

// signed is a request as a server receives it (RequestURI set), signed
// with Sign.
type signed struct {
	method, target, body string
	key, secret          string
	alg                  Algorithm
	ts                   int64
	nonce                string
}

func (s signed) request(t testing.TB) (*http.Request, string) {
	t.Helper()
	if s.method == "" {
		s.method = http.MethodGet
	}
	if s.target == "" {
		s.target = "/api/v1/orders"
	}
	if s.key == "" {
		s.key = demoKey
	}
	if s.secret == "" {
		s.secret = demoSecret
	}
	if s.nonce == "" {
		s.nonce = freshNonce()
	}
	if s.ts == 0 {
		s.ts = t0
	}
	req := httptest.NewRequest(s.method, s.target, strings.NewReader(s.body))
	auth, canonical := Sign(s.method, req.URL.EscapedPath(), req.URL.RawQuery, []byte(s.body), s.key, s.secret, s.alg, s.ts, s.nonce)
	require.NotEmpty(t, auth)
	req.Header.Set("Authorization", auth)
	return req, canonical
}
