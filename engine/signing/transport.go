package signing

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/consensus-lab/playground/engine/problem"
)

// Transport is an http.RoundTripper that signs every request it sends with
// a fresh timestamp and nonce. The zero values of Base, Algorithm, Now and
// Nonce mean http.DefaultTransport (natively; under js/wasm Base must be
// set), hmac-sha256, time.Now and 32 random
// characters from crypto/rand.
//
// A signed request is good once: the server spends its nonce. So the
// request handed to Base can never be sent again by net/http on its own
// (it retries some requests on a new connection when a reused one fails,
// and a request carrying Idempotency-Key counts as retryable): the copy
// has a body that cannot be rewound and no GetBody. A lost answer is
// reported as the error it is; a retry is a new RoundTrip, signed afresh,
// which is what retry.Client does.
type Transport struct {
	Base   http.RoundTripper
	APIKey string
	Secret string
	// PrivateKey, when set, signs with Ed25519 instead of an HMAC of Secret.
	PrivateKey ed25519.PrivateKey
	Algorithm  Algorithm
	Now        func() time.Time
	Nonce      func() string
	// SendCanonical also sends the canonical string in DebugCanonicalHeader,
	// so that a refusal says which line differed.
	SendCanonical bool
}

// RoundTrip signs a copy of req (the caller's request is not modified; its
// body is read, closed and replaced in the copy) and sends it through Base.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	body, err := drainBody(req)
	if err != nil {
		return nil, fmt.Errorf("signing: reading the request body: %w", err)
	}
	if !t.Algorithm.Supported() {
		return nil, fmt.Errorf("signing: unsupported algorithm %q", t.Algorithm)
	}
	if _, err := CanonicalQuery(req.URL.RawQuery); err != nil {
		return nil, err
	}
	nonce, err := t.nonce()
	if err != nil {
		return nil, err
	}
	now := time.Now
	if t.Now != nil {
		now = t.Now
	}
	var auth, canonical string
	if t.PrivateKey != nil {
		auth, canonical = SignEd25519(req.Method, wirePath(req.URL), req.URL.RawQuery, body, t.APIKey, t.PrivateKey, now().Unix(), nonce)
		if auth == "" {
			return nil, errors.New("signing: Transport.PrivateKey is not an Ed25519 private key")
		}
	} else {
		auth, canonical = Sign(req.Method, wirePath(req.URL), req.URL.RawQuery, body, t.APIKey, t.Secret, t.Algorithm, now().Unix(), nonce)
	}

	out := req.Clone(req.Context())
	out.Header.Set("Authorization", auth)
	if t.SendCanonical {
		SetDebugCanonical(out.Header, canonical)
	}
	// Not rewindable: see Transport. net/http sends an empty one as no body.
	out.Body = sendOnce{bytes.NewReader(body)}
	out.GetBody = nil
	out.ContentLength = int64(len(body))
	base := t.Base
	if base == nil {
		base = defaultTransport()
	}
	if base == nil {
		return nil, errNoTransport
	}
	return base.RoundTrip(out)
}

// sendOnce is a request body net/http cannot rewind: it is neither NoBody
// nor one of the in-memory readers it knows how to replay.
type sendOnce struct{ r *bytes.Reader }

func (b sendOnce) Read(p []byte) (int, error) { return b.r.Read(p) }
func (b sendOnce) Close() error               { return nil }

func drainBody(req *http.Request) ([]byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	defer req.Body.Close()
	return io.ReadAll(req.Body)
}

func (t *Transport) nonce() (string, error) {
	if t.Nonce != nil {
		n := t.Nonce()
		if err := checkNonce(n); err != nil {
			return "", fmt.Errorf("signing: Transport.Nonce: %s", err.(problem.Details).Detail)
		}
		return n, nil
	}
	return NewNonce()
}

// NewNonce returns 32 characters of [A-Za-z0-9_-] from crypto/rand
// (192 random bits).
func NewNonce() (string, error) {
	var b [24]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("signing: nonce: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}

var errNoTransport = errors.New("signing: Transport.Base is nil; under js/wasm a base transport must be given")
