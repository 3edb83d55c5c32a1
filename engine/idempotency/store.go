package idempotency

import (
	"context"
	"net/http"
	"time"
)

// RecordKey names one stored key: the client's key inside its scope (the
// API key), so two clients never see each other's records.
type RecordKey struct {
	Scope string
	Key   string
}

// Response is what is replayed: the first status, the handler's headers and
// the body.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Outcome is the answer of Store.Begin.
type Outcome int

const (
	// Started: the key was free (or expired); an in-flight record now holds
	// it and the caller must run the request, then Complete or Release.
	Started Outcome = iota
	// InFlight: the same fingerprint is still running.
	InFlight
	// Mismatch: the key is held, running or finished, for another fingerprint.
	Mismatch
	// Finished: the same fingerprint finished; Begin returned its response.
	Finished
	// Full: the key is free but the store cannot take another record without
	// dropping one younger than its ttl, which it never does (a dropped
	// record lets a retry run twice); the request is refused instead.
	Full
	// OverQuota: the key is free but its owner already holds the most
	// records one owner may hold, so that one client cannot fill the store
	// for everyone.
	OverQuota
)

func (o Outcome) String() string {
	switch o {
	case Started:
		return "started"
	case InFlight:
		return "in-flight"
	case Mismatch:
		return "mismatch"
	case Finished:
		return "finished"
	case Full:
		return "full"
	case OverQuota:
		return "over-quota"
	}
	return "unknown"
}

// Ticket identifies one Begin that returned Started, so that a Complete or
// Release from a request whose record was evicted or expired meanwhile
// cannot touch a newer record under the same key.
type Ticket uint64

// Store keeps idempotency records. Begin must be atomic: of many concurrent
// Begins for one free key, exactly one gets Started. Records older than the
// ttl given to Begin count as absent; younger ones are never dropped to make
// room (Begin answers Full or OverQuota instead). Implementations: the
// bounded MemoryStore and the Redis store of package exchange/redisstore,
// both run through the suite of package exchange/storetest.
type Store interface {
	// Begin looks k up at time now. When k is absent or expired it records
	// an in-flight entry for fp, charged to owner (the client that sent it,
	// for quotas; "" is k.Scope), and returns Started and its Ticket. When
	// it is present it returns Mismatch if the fingerprints differ, else
	// InFlight or Finished (with the stored response).
	Begin(ctx context.Context, k RecordKey, owner string, fp Fingerprint, now time.Time, ttl time.Duration) (Outcome, Ticket, Response, error)
	// Complete stores the response of the in-flight entry t. It does nothing
	// if that entry is gone.
	Complete(ctx context.Context, k RecordKey, t Ticket, resp Response) error
	// Release deletes the in-flight entry t, freeing the key, when the
	// request turned out not to run.
	Release(ctx context.Context, k RecordKey, t Ticket) error
}
