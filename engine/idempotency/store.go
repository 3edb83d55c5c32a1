package idempotency

import (
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
	}
	return "unknown"
}

// Ticket identifies one Begin that returned Started, so that a Complete or
// Release from a request whose record was evicted or expired meanwhile
// cannot touch a newer record under the same key.
type Ticket uint64

// Store keeps idempotency records. Begin must be atomic: of many concurrent
// Begins for one free key, exactly one gets Started. Records older than the
// ttl given to Begin count as absent. Implementations may evict records early
// to bound memory (a retry then runs again, as after expiry).
type Store interface {
	// Begin looks k up at time now. When k is absent or expired it records
	// an in-flight entry for fp and returns Started and its Ticket. When it
	// is present it returns Mismatch if the fingerprints differ, else
	// InFlight or Finished (with the stored response).
	Begin(k RecordKey, fp Fingerprint, now time.Time, ttl time.Duration) (Outcome, Ticket, Response)
	// Complete stores the response of the in-flight entry t. It does nothing
	// if that entry is gone.
	Complete(k RecordKey, t Ticket, resp Response)
	// Release deletes the in-flight entry t, freeing the key, when the
	// request turned out not to run.
	Release(k RecordKey, t Ticket)
}
