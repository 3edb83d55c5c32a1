package signing

import (
	"bytes"
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
type Transport struct {
	Base      http.RoundTripper
	APIKey    string
	Secret    string
	Algorithm Algorithm
	Now       func() time.Time
	Nonce     func() string
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
	auth, canonical := Sign(req.Method, wirePath(req.URL), req.URL.RawQuery, body, t.APIKey, t.Secret, t.Algorithm, now().Unix(), nonce)

	out := req.Clone(req.Context())
	out.Header.Set("Authorization", auth)
	if t.SendCanonical {
		SetDebugCanonical(out.Header, canonical)
	}
	if body != nil {
		out.Body = io.NopCloser(bytes.NewReader(body))
		out.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
		out.ContentLength = int64(len(body))
	}
	base := t.Base
	if base == nil {
		base = defaultTransport()
	}
	if base == nil {
		return nil, errNoTransport
	}
	return base.RoundTrip(out)
}

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
