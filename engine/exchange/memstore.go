package exchange

import (
	"context"
	"sync"
	"time"

	"github.com/consensus-lab/playground/engine/idempotency"
	"github.com/consensus-lab/playground/engine/signing"
)

// MemoryLimits bound a MemoryStore; zero fields take the defaults of the
// packages that hold each part.
type MemoryLimits struct {
	NonceEntries    int   // signing.DefaultNonceCacheEntries
	WindowSeconds   int64 // the signing window the nonces are kept for (300)
	RecordEntries   int   // idempotency.DefaultMaxEntries
	RecordBytes     int64 // idempotency.DefaultMaxBytes
	OwnerQuota      int   // idempotency.DefaultOwnerQuota; negative: none
	MaxOrdersPerKey int   // DefaultMaxOrdersPerKey
	MaxOrders       int   // DefaultMaxOrders
	PersonalKeys    int   // DefaultMaxPersonalKeys
}

// DefaultMaxPersonalKeys bounds the live personal keys in memory.
const DefaultMaxPersonalKeys = 20_000

// MemoryStore is the in-memory Store, the default: bounded in every part,
// lost when the process ends.
type MemoryStore struct {
	*signing.MemoryNonces
	*idempotency.MemoryStore
	ledgers *ledgers
	buckets buckets

	mu      sync.Mutex
	maxKeys int
	keys    map[string]PersonalKey
}

// NewMemoryStore returns an empty store with the given bounds.
func NewMemoryStore(l MemoryLimits) *MemoryStore {
	if l.NonceEntries <= 0 {
		l.NonceEntries = signing.DefaultNonceCacheEntries
	}
	if l.WindowSeconds <= 0 {
		l.WindowSeconds = int64(signing.DefaultWindow / time.Second)
	}
	if l.PersonalKeys <= 0 {
		l.PersonalKeys = DefaultMaxPersonalKeys
	}
	records := idempotency.NewMemoryStore(l.RecordEntries, l.RecordBytes)
	switch {
	case l.OwnerQuota > 0:
		records.SetOwnerQuota(l.OwnerQuota)
	case l.OwnerQuota < 0:
		records.SetOwnerQuota(0)
	}
	return &MemoryStore{
		MemoryNonces: signing.NewMemoryNonces(l.NonceEntries, l.WindowSeconds),
		MemoryStore:  records,
		ledgers:      newLedgers(l.MaxOrdersPerKey, l.MaxOrders),
		maxKeys:      l.PersonalKeys,
		keys:         make(map[string]PersonalKey),
	}
}

// Records is the idempotency part of the store.
func (s *MemoryStore) Records() *idempotency.MemoryStore { return s.MemoryStore }

// Len is ambiguous between the embedded stores; say which.
func (s *MemoryStore) Len() int { return s.MemoryStore.Len() }

// NewOrderID implements Store.
func (s *MemoryStore) NewOrderID(context.Context) (string, error) { return s.ledgers.nextID(), nil }

// CommitOrder implements Store: the order is added under the record store's
// lock, only if the claim still holds its record.
func (s *MemoryStore) CommitOrder(_ context.Context, claim idempotency.Claim, apiKey string, o Order, resp idempotency.Response) (bool, error) {
	return s.CompleteWith(claim.Key, claim.Ticket, resp, func() { s.ledgers.add(apiKey, o) }), nil
}

// Orders implements Store.
func (s *MemoryStore) Orders(_ context.Context, apiKey string) ([]Order, error) {
	return s.ledgers.list(apiKey), nil
}

// Order implements Store.
func (s *MemoryStore) Order(_ context.Context, apiKey, id string) (Order, bool, error) {
	o, ok := s.ledgers.get(apiKey, id)
	return o, ok, nil
}

// Take implements Store.
func (s *MemoryStore) Take(_ context.Context, bucket string, now time.Time, rate float64, burst int) (Quota, error) {
	return s.buckets.take(bucket, now, rate, burst), nil
}

// PutKey implements Store.
func (s *MemoryStore) PutKey(_ context.Context, k PersonalKey) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.keys) >= s.maxKeys {
		now := k.ExpiresAt.Add(-PersonalKeyTTL) // when k is issued
		for id, old := range s.keys {
			if !now.Before(old.ExpiresAt) {
				delete(s.keys, id)
			}
		}
		if len(s.keys) >= s.maxKeys {
			return false, nil
		}
	}
	s.keys[k.APIKey] = k
	return true, nil
}

// Key implements Store.
func (s *MemoryStore) Key(_ context.Context, apiKey string, now time.Time) (PersonalKey, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k, ok := s.keys[apiKey]
	if ok && !now.Before(k.ExpiresAt) {
		delete(s.keys, apiKey)
		return PersonalKey{}, false, nil
	}
	return k, ok, nil
}
