package idempotency

import (
	"container/list"
	"sync"
	"time"
)

// Default bounds of a MemoryStore.
const (
	DefaultMaxEntries = 10_000
	DefaultMaxBytes   = 16 << 20
)

// recordOverhead is charged to every record on top of its strings and body:
// the map slot, list element, struct and header map. It is a deliberate
// over-estimate so that many tiny records still hit the byte limit.
const recordOverhead = 256

// MemoryStore is a bounded in-memory Store. It holds at most MaxEntries
// records and about MaxBytes bytes (keys, headers and bodies plus a fixed
// overhead per record) and evicts the oldest records first, expired or not,
// so that a flood of new keys cannot grow it without limit. Eviction does not
// spare records still in flight: one evicted early lets a retry run again,
// as after expiry, so size the bounds well above the requests in flight. It
// is safe for concurrent use.
type MemoryStore struct {
	maxEntries int
	maxBytes   int64

	mu     sync.Mutex
	byKey  map[RecordKey]*list.Element
	order  *list.List // of *memRecord, oldest (first Begin) at the front
	bytes  int64
	ticket Ticket
}

type memRecord struct {
	key      RecordKey
	fp       Fingerprint
	ticket   Ticket
	expires  time.Time
	finished bool
	resp     Response
	size     int64
}

// NewMemoryStore returns an empty store with the given bounds; a value of
// zero or less picks DefaultMaxEntries or DefaultMaxBytes.
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
		byKey:      make(map[RecordKey]*list.Element),
		order:      list.New(),
	}
}

// Begin implements Store.
func (s *MemoryStore) Begin(k RecordKey, fp Fingerprint, now time.Time, ttl time.Duration) (Outcome, Ticket, Response) {
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
				return Mismatch, 0, Response{}
			case !r.finished:
				return InFlight, 0, Response{}
			default:
				return Finished, 0, cloneResponse(r.resp)
			}
		}
	}
	s.ticket++
	r := &memRecord{key: k, fp: fp, ticket: s.ticket, expires: now.Add(ttl)}
	r.size = recordSize(r)
	s.byKey[k] = s.order.PushBack(r)
	s.bytes += r.size
	s.evict(nil)
	return Started, r.ticket, Response{}
}

// Complete implements Store. A response too large to fit in the byte bound
// on its own is not kept: the key is freed instead.
func (s *MemoryStore) Complete(k RecordKey, t Ticket, resp Response) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.byKey[k]
	if !ok || e.Value.(*memRecord).ticket != t {
		return
	}
	r := e.Value.(*memRecord)
	r.finished = true
	r.resp = cloneResponse(resp)
	s.bytes -= r.size
	r.size = recordSize(r)
	s.bytes += r.size
	if r.size > s.maxBytes {
		s.remove(e)
		return
	}
	s.evict(e)
}

// Release implements Store.
func (s *MemoryStore) Release(k RecordKey, t Ticket) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.byKey[k]; ok && e.Value.(*memRecord).ticket == t {
		s.remove(e)
	}
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

// evict removes the oldest records, never keep, until both bounds hold.
func (s *MemoryStore) evict(keep *list.Element) {
	e := s.order.Front()
	for e != nil && (len(s.byKey) > s.maxEntries || s.bytes > s.maxBytes) {
		next := e.Next()
		if e != keep {
			s.remove(e)
		}
		e = next
	}
}

func (s *MemoryStore) remove(e *list.Element) {
	r := s.order.Remove(e).(*memRecord)
	delete(s.byKey, r.key)
	s.bytes -= r.size
}

func recordSize(r *memRecord) int64 {
	n := int64(recordOverhead + len(r.key.Scope) + len(r.key.Key) + len(r.resp.Body))
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
