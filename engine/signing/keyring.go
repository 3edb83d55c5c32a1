package signing

import (
	"context"
	"crypto/ed25519"
	"sync"
	"time"
)

// KeySource finds the credentials of an API key: a KeyRing for keys known
// at start-up, a store for personal keys issued while the server runs.
type KeySource interface {
	// Credentials returns the credentials of apiKey valid at t, and how
	// many the key holds in all (0: the key is unknown).
	Credentials(ctx context.Context, apiKey string, t time.Time) (valid []Credential, total int, err error)
}

// Credential is one secret (HMAC) or public key (Ed25519) of an API key.
type Credential struct {
	// Index is the 1-based position among the key's credentials, so that a
	// trace can name the one that matched without showing it.
	Index  int
	Secret []byte            // HMAC secret; nil for an Ed25519 key
	Public ed25519.PublicKey // Ed25519 public key; nil for an HMAC key
}

// KeyRing maps API keys to their secrets. A key may hold several secrets at
// once, each valid in its own interval, which is how a secret is rotated
// without downtime: add the new one, let clients move over while both are
// accepted, then retire the old one. KeyRing is safe for concurrent use.
type KeyRing struct {
	mu   sync.RWMutex
	keys map[string][]keySecret
}

type keySecret struct {
	secret                []byte
	public                ed25519.PublicKey
	validFrom, validUntil time.Time // zero = unbounded; validUntil is exclusive
}

func (s keySecret) validAt(t time.Time) bool {
	return (s.validFrom.IsZero() || !t.Before(s.validFrom)) &&
		(s.validUntil.IsZero() || t.Before(s.validUntil))
}

// NewKeyRing returns an empty ring.
func NewKeyRing() *KeyRing {
	return &KeyRing{keys: make(map[string][]keySecret)}
}

// Add makes secret valid for apiKey from validFrom (inclusive) until
// validUntil (exclusive); a zero time leaves that side unbounded. Adding a
// second secret to a key opens a rotation overlap: both verify while both are
// valid. Adding a pair that is already there replaces its interval.
func (r *KeyRing) Add(apiKey, secret string, validFrom, validUntil time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	list := r.keys[apiKey]
	for i := range list {
		if list[i].public == nil && string(list[i].secret) == secret {
			list[i].validFrom, list[i].validUntil = validFrom, validUntil
			return
		}
	}
	r.keys[apiKey] = append(list, keySecret{secret: []byte(secret), validFrom: validFrom, validUntil: validUntil})
}

// AddEd25519 makes the Ed25519 public key pub valid for apiKey, as Add does
// for a secret. The server holds only the public key: it can verify the
// key's requests but not sign one.
func (r *KeyRing) AddEd25519(apiKey string, pub ed25519.PublicKey, validFrom, validUntil time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	list := r.keys[apiKey]
	for i := range list {
		if list[i].public.Equal(pub) {
			list[i].validFrom, list[i].validUntil = validFrom, validUntil
			return
		}
	}
	r.keys[apiKey] = append(list, keySecret{public: append(ed25519.PublicKey(nil), pub...), validFrom: validFrom, validUntil: validUntil})
}

// Retire ends secret's validity for apiKey at the instant at (requests
// checked at or after it no longer verify with that secret). It never
// extends a validity that already ends earlier, and it does nothing for a
// pair the ring does not hold.
func (r *KeyRing) Retire(apiKey, secret string, at time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	list := r.keys[apiKey]
	for i := range list {
		if list[i].public == nil && string(list[i].secret) == secret && (list[i].validUntil.IsZero() || at.Before(list[i].validUntil)) {
			list[i].validUntil = at
		}
	}
}

// Credentials implements KeySource.
func (r *KeyRing) Credentials(_ context.Context, apiKey string, t time.Time) ([]Credential, int, error) {
	valid, total := r.lookup(apiKey, t)
	return valid, total, nil
}

// lookup returns the credentials of apiKey valid at t, and how many the key
// holds in all (0: the key is unknown).
func (r *KeyRing) lookup(apiKey string, t time.Time) (valid []Credential, total int) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	list := r.keys[apiKey]
	for i, s := range list {
		if s.validAt(t) {
			valid = append(valid, Credential{Index: i + 1, Secret: s.secret, Public: s.public})
		}
	}
	return valid, len(list)
}
