package signing

import (
	"crypto/ed25519"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/engine/problem"
)

// RFC 8032 section 7.1, tests 1 to 3: secret key (the 32-byte seed),
// public key, message and signature.
var rfc8032 = []struct{ seed, public, message, signature string }{
	{"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
		"d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
		"e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
	{"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
		"3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
		"92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
	{"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
		"fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
		"6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
}

func unhexT(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	require.NoError(t, err)
	return b
}

// The verifier accepts a request signed by each RFC 8032 test key, and the
// key's signature over the RFC's own message is the published one, so the
// keys are the RFC's and not merely self-consistent.
func TestEd25519RequestSigningRFC8032Keys(t *testing.T) {
	clock := newClock(t0)
	for i, v := range rfc8032 {
		priv := ed25519.NewKeyFromSeed(unhexT(t, v.seed))
		pub := priv.Public().(ed25519.PublicKey)
		require.Equal(t, v.public, hex.EncodeToString(pub), "test %d public key", i+1)
		require.Equal(t, v.signature, hex.EncodeToString(ed25519.Sign(priv, unhexT(t, v.message))), "test %d signature", i+1)

		ring := NewKeyRing()
		apiKey := fmt.Sprintf("ed-%d", i+1)
		ring.AddEd25519(apiKey, pub, time.Time{}, time.Time{})
		verifier := NewVerifier(ring, Options{Now: clock.Now})
		body := `{"symbol":"BTC-USD"}`
		req := httptest.NewRequest("POST", "/api/v1/orders?b=2&a=1", strings.NewReader(body))
		auth, canonical := SignEd25519("POST", "/api/v1/orders", "b=2&a=1", []byte(body), apiKey, priv, t0, freshNonce())
		require.True(t, strings.HasPrefix(auth, `Ed25519 apiKey="`+apiKey+`", signature="`), auth)
		req.Header.Set("Authorization", auth)
		res, err := verifier.Verify(req, []byte(body))
		require.NoError(t, err, "test %d", i+1)
		assert.Equal(t, AlgorithmEd25519, res.Algorithm)
		assert.Equal(t, canonical, res.Canonical)
		assert.Equal(t, 1, res.SecretIndex)

		// the same header on another body: the signature no longer matches
		req = httptest.NewRequest("POST", "/api/v1/orders?b=2&a=1", strings.NewReader(body+" "))
		auth, _ = SignEd25519("POST", "/api/v1/orders", "b=2&a=1", []byte(body), apiKey, priv, t0, freshNonce())
		req.Header.Set("Authorization", auth)
		_, err = verifier.Verify(req, []byte(body+" "))
		require.Error(t, err)
		assert.Equal(t, CodeBadSignature, err.(problem.Details).Code)
	}
}

func TestEd25519WrongKeyOrScheme(t *testing.T) {
	clock := newClock(t0)
	ring := NewKeyRing()
	priv := ed25519.NewKeyFromSeed(unhexT(t, rfc8032[0].seed))
	other := ed25519.NewKeyFromSeed(unhexT(t, rfc8032[1].seed))
	ring.AddEd25519("ed", priv.Public().(ed25519.PublicKey), time.Time{}, time.Time{})
	ring.Add(demoKey, demoSecret, time.Time{}, time.Time{})
	v := NewVerifier(ring, Options{Now: clock.Now})
	try := func(auth string) problem.Details {
		req := httptest.NewRequest("GET", "/api/v1/orders", nil)
		req.Header.Set("Authorization", auth)
		_, err := v.Verify(req, nil)
		require.Error(t, err)
		return err.(problem.Details)
	}
	auth, _ := SignEd25519("GET", "/api/v1/orders", "", nil, "ed", other, t0, freshNonce())
	assert.Equal(t, CodeBadSignature, try(auth).Code, "signed by another private key")

	auth, _ = Sign("GET", "/api/v1/orders", "", nil, "ed", "guess", AlgorithmSHA256, t0, freshNonce())
	d := try(auth)
	assert.Equal(t, CodeBadSignature, d.Code)
	assert.Contains(t, d.Detail, "Ed25519 key")

	auth, _ = SignEd25519("GET", "/api/v1/orders", "", nil, demoKey, priv, t0, freshNonce())
	d = try(auth)
	assert.Equal(t, CodeBadSignature, d.Code, "an HMAC key has no public key")
	assert.Contains(t, d.Detail, "no Ed25519 public key")

	auth, _ = SignEd25519("GET", "/api/v1/orders", "", nil, "ed", priv, t0, freshNonce())
	assert.Equal(t, CodeMalformedAuthorization, try(auth+`, algorithm="hmac-sha256"`).Code)
	assert.Equal(t, CodeMalformedAuthorization, try(strings.Replace(auth, `signature="`, `signature="AA`, 1)).Code)
}

// Admit runs after the signature and before the nonce is spent: a request
// it refuses (scope, rate limit) can be sent again once allowed.
func TestAdmitRefusalKeepsTheNonce(t *testing.T) {
	clock := newClock(t0)
	refuse := true
	v := newTestVerifier(clock, Options{Admit: func(w http.ResponseWriter, r *http.Request, res Result) error {
		if refuse {
			w.Header().Set("X-Seen-Key", res.APIKey)
			return problem.New(http.StatusTooManyRequests, "rate_limited", "slow down")
		}
		return nil
	}})
	h := v.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) }))
	req, _ := signed{nonce: "admit-nonce-00001"}.request(t)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	assert.Equal(t, 429, rec.Code)
	assert.Equal(t, demoKey, rec.Header().Get("X-Seen-Key"))
	assert.Empty(t, rec.Header().Get("WWW-Authenticate"), "not an authentication failure")
	assert.Zero(t, v.CachedNonces(), "a refused request spends nothing")

	refuse = false
	req, _ = signed{nonce: "admit-nonce-00001"}.request(t)
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	assert.Equal(t, 204, rec.Code)
	assert.Equal(t, 1, v.CachedNonces())
}

// Fault 1 of issue 17 through the verifier: a flood of correctly signed
// requests dated now+299 s must not make current requests stale.
func TestVerifierFutureDatedFloodKeepsCurrentRequests(t *testing.T) {
	clock := newClock(t0)
	v := newTestVerifier(clock, Options{NonceCacheEntries: 64})
	for i := 0; i < 500; i++ {
		req, _ := signed{ts: t0 + 299}.request(t)
		_, _ = v.Verify(req, nil)
	}
	for s := 0; s < 5; s++ {
		req, _ := signed{ts: clock.Now().Unix()}.request(t)
		_, err := v.Verify(req, nil)
		require.NoError(t, err, "a current request %d s after the flood", s)
		clock.Add(time.Second)
	}
	assert.LessOrEqual(t, v.CachedNonces(), 64)
}
