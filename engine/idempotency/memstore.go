package idempotency

import (
	"container/list"
	"context"
	"sync"
	"time"
)

// Default bounds of a MemoryStore: about 600 bytes a record with an order's
// response, so 32 MiB holds the 50,000 records of a busy day.
const (
	DefaultMaxEntries = 50_000
	DefaultMaxBytes   = 32 << 20
	// DefaultOwnerQuota is the most records one owner (one API key, or one
	// client address on a shared demo key) holds at once: a thousand orders
	// a day, plenty for a learner, and 1/50 of the default store.
	DefaultOwnerQuota = 1_000
)

// recordOverhead is charged to every record on top of its strings and body:
// the map slot, list element, struct and header map. It is a deliberate
// over-estimate so that many tiny records still hit the byte limit.
const recordOverhead = 256

// MemoryStore is a bounded in-memory Store. It holds at most MaxEntries
// records and about MaxBytes bytes (keys, headers and bodies plus a fixed
// overhead per record), and at most OwnerQuota records per owner. It never
// drops a record younger than its ttl, in flight or finished: a dropped
// record would let a retry place a second order. When a bound is reached
// Begin answers Full (or OverQuota for the owner alone) until records
// expire, and the API refuses the new key with a problem that says so. It
// is safe for concurrent use.
type MemoryStore struct {
	maxEntries int
	maxBytes   int64
	quota      int

	mu     sync.Mutex
	byKey  map[RecordKey]*list.Element
	order  *list.List // of *memRecord, oldest (first Begin) at the front
	bytes  int64
	owners map[string]int
	ticket Ticket
}

type memRecord struct {
	key      RecordKey
	owner    string
	fp       Fingerprint
	ticket   Ticket
	expires  time.Time
	finished bool
	resp     Response
	size     int64
}

// NewMemoryStore returns an empty store with the given bounds; a value of
// zero or less picks DefaultMaxEntries or DefaultMaxBytes, and the owner
// quota is DefaultOwnerQuota (see SetOwnerQuota).
func NewMemoryStore(maxEntries int, maxBytes int64) *MemoryStore {
	if maxEntries <= 0 {
		maxEntries = DefaultMaxEntries
	}
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	return &MemoryStore{
		maxEntries: maxEntries,
		maxBytes:   maxBytes,
		quota:      DefaultOwnerQuota,
		byKey:      make(map[RecordKey]*list.Element),
		order:      list.New(),
		owners:     make(map[string]int),
	}
}

// SetOwnerQuota sets the most records one owner may hold; 0 or less means
// no quota beyond the store's bounds.
func (s *MemoryStore) SetOwnerQuota(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.quota = n
}

// Begin implements Store.
func (s *MemoryStore) Begin(_ context.Context, k RecordKey, owner string, fp Fingerprint, now time.Time, ttl time.Duration) (Outcome, Ticket, Response, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dropExpired(now)
	if e, ok := s.byKey[k]; ok {
		r := e.Value.(*memRecord)
		if !now.Before(r.expires) { // expired but not at the front: the clock or ttl moved
			s.remove(e)
		} else {
			switch {
			case r.fp != fp:
				return Mismatch, 0, Response{}, nil
			case !r.finished:
				return InFlight, 0, Response{}, nil
			default:
				return Finished, 0, cloneResponse(r.resp), nil
			}
		}
	}
	if owner == "" {
		owner = k.Scope
	}
	r := &memRecord{key: k, owner: owner, fp: fp, expires: now.Add(ttl)}
	r.size = recordSize(r)
	if s.quota > 0 && s.owners[owner] >= s.quota {
		return OverQuota, 0, Response{}, nil
	}
	if len(s.byKey)+1 > s.maxEntries || s.bytes+r.size > s.maxBytes {
		return Full, 0, Response{}, nil
	}
	s.ticket++
	r.ticket = s.ticket
	s.byKey[k] = s.order.PushBack(r)
	s.bytes += r.size
	s.owners[owner]++
	return Started, r.ticket, Response{}, nil
}

// Complete implements Store. The response is kept even when it takes the
// store past its byte bound for a while (new keys are refused until records
// expire): dropping it would free the key for a second run.
func (s *MemoryStore) Complete(_ context.Context, k RecordKey, t Ticket, resp Response) error {
	s.CompleteWith(k, t, resp, nil)
	return nil
}

// CompleteWith is Complete that also runs commit, under the store's lock,
// when (and only when) the in-flight entry t still holds k: how an order
// and the record that names it are written as one step. It reports whether
// it did.
func (s *MemoryStore) CompleteWith(k RecordKey, t Ticket, resp Response, commit func()) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.byKey[k]
	if !ok || e.Value.(*memRecord).ticket != t || e.Value.(*memRecord).finished {
		return false
	}
	if commit != nil {
		commit()
	}
	r := e.Value.(*memRecord)
	r.finished = true
	r.resp = cloneResponse(resp)
	s.bytes -= r.size
	r.size = recordSize(r)
	s.bytes += r.size
	return true
}

// Release implements Store.
func (s *MemoryStore) Release(_ context.Context, k RecordKey, t Ticket) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.byKey[k]; ok && e.Value.(*memRecord).ticket == t && !e.Value.(*memRecord).finished {
		s.remove(e)
	}
	return nil
}

// Len is the number of records held, running or finished.
func (s *MemoryStore) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.byKey)
}

// Bytes is the accounted size of the records held.
func (s *MemoryStore) Bytes() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.bytes
}

// NextExpiry is when the oldest record expires (zero when empty): when a
// Full store will take a new key again.
func (s *MemoryStore) NextExpiry() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e := s.order.Front(); e != nil {
		return e.Value.(*memRecord).expires
	}
	return time.Time{}
}

// dropExpired removes expired records from the front. Records are in Begin
// order, so with one ttl and a clock that does not go back this removes all
// of them; Begin checks the record it looks up anyway.
func (s *MemoryStore) dropExpired(now time.Time) {
	for e := s.order.Front(); e != nil; e = s.order.Front() {
		if now.Before(e.Value.(*memRecord).expires) {
			return
		}
		s.remove(e)
	}
}

func (s *MemoryStore) remove(e *list.Element) {
	r := s.order.Remove(e).(*memRecord)
	delete(s.byKey, r.key)
	s.bytes -= r.size
	if s.owners[r.owner]--; s.owners[r.owner] <= 0 {
		delete(s.owners, r.owner)
	}
}

func recordSize(r *memRecord) int64 {
	n := int64(recordOverhead + len(r.key.Scope) + len(r.key.Key) + len(r.owner) + len(r.resp.Body))
	for name, vs := range r.resp.Header {
		n += int64(len(name))
		for _, v := range vs {
			n += int64(len(v)) + 16
		}
	}
	return n
}

func cloneResponse(r Response) Response {
	out := Response{Status: r.Status, Header: r.Header.Clone()}
	if r.Body != nil {
		out.Body = append([]byte(nil), r.Body...)
	}
	return out
}
