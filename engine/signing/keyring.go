package signing

import (
	"sync"
	"time"
)

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
		if string(list[i].secret) == secret {
			list[i].validFrom, list[i].validUntil = validFrom, validUntil
			return
		}
	}
	r.keys[apiKey] = append(list, keySecret{secret: []byte(secret), validFrom: validFrom, validUntil: validUntil})
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
		if string(list[i].secret) == secret && (list[i].validUntil.IsZero() || at.Before(list[i].validUntil)) {
			list[i].validUntil = at
		}
	}
}

// candidate is one secret valid now, with its position among the key's
// secrets so that the trace can name it without showing it.
type candidate struct {
	index  int // 1-based position in the order of Add
	secret []byte
}

// lookup returns the secrets of apiKey valid at t, and how many the key
// holds in all (0: the key is unknown).
func (r *KeyRing) lookup(apiKey string, t time.Time) (valid []candidate, total int) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	list := r.keys[apiKey]
	for i, s := range list {
		if s.validAt(t) {
			valid = append(valid, candidate{index: i + 1, secret: s.secret})
		}
	}
	return valid, len(list)
}
