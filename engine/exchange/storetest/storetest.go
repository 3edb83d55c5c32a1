// Package storetest is the one test suite every exchange.Store passes: the
// in-memory default and the Redis store run the same cases, so that a
// sandbox behaves the same on either. Expiry is checked on the real clock,
// with short lifetimes, because Redis expires keys by its own clock.
package storetest

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/engine/exchange"
	"github.com/consensus-lab/playground/engine/idempotency"
	"github.com/consensus-lab/playground/engine/signing"
)

// Config says what the stores under test were built with.
type Config struct {
	// New returns an empty store whose ledgers keep MaxOrdersPerKey orders,
	// whose owners hold at most OwnerQuota records (at least
	// MaxOrdersPerKey+2), and whose nonce window (for the in-memory store)
	// is one second.
	New             func(t *testing.T) exchange.Store
	MaxOrdersPerKey int
	OwnerQuota      int
}

// Run runs the suite.
func Run(t *testing.T, cfg Config) {
	cases := map[string]func(*testing.T, exchange.Store){
		"nonce spent once":                 nonceSpentOnce,
		"nonce expires with its window":    nonceExpires,
		"record outcomes":                  recordOutcomes,
		"one of many concurrent begins":    recordConcurrentBegin,
		"stale tickets change nothing":     recordStaleTicket,
		"record expires after its ttl":     recordExpires,
		"order and record in one step":     commitOrder,
		"one of many concurrent commits":   commitConcurrent,
		"order ids are unique":             orderIDs,
		"token bucket":                     takeTokens,
		"personal keys":                    personalKeys,
		"ledgers are per key and trimmed":  func(t *testing.T, s exchange.Store) { ledgers(t, s, cfg.MaxOrdersPerKey) },
		"a replayed claim cannot complete": commitAfterRelease,
		"owner quota":                      func(t *testing.T, s exchange.Store) { ownerQuota(t, s, cfg.OwnerQuota) },
	}
	for name, run := range cases {
		t.Run(name, func(t *testing.T) { run(t, cfg.New(t)) })
	}
}

var ctx = context.Background()

func fp(s string) idempotency.Fingerprint {
	return idempotency.NewFingerprint("POST", "/api/v1/orders", []byte(s))
}

func nonceSpentOnce(t *testing.T, s exchange.Store) {
	now := time.Now().Unix()
	v, err := s.Check(ctx, "alice", "nonce-aaaaaaaaaaaa", now, now)
	require.NoError(t, err)
	assert.Equal(t, signing.NonceFresh, v)
	var fresh atomic.Int32
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			v, err := s.Spend(ctx, "alice", "nonce-aaaaaaaaaaaa", now, now+300, now)
			assert.NoError(t, err)
			if v == signing.NonceFresh {
				fresh.Add(1)
			} else {
				assert.Equal(t, signing.NonceReplayed, v)
			}
		})
	}
	wg.Wait()
	assert.Equal(t, int32(1), fresh.Load(), "exactly one spend wins")
	v, _ = s.Check(ctx, "alice", "nonce-aaaaaaaaaaaa", now, now)
	assert.Equal(t, signing.NonceReplayed, v)
	v, _ = s.Spend(ctx, "bob", "nonce-aaaaaaaaaaaa", now, now+300, now)
	assert.Equal(t, signing.NonceFresh, v, "nonces are per key")
}

// With a one-second window a nonce signed at ts is kept while now <= ts+1
// and forgotten from ts+2.
func nonceExpires(t *testing.T, s exchange.Store) {
	ts := time.Now().Unix()
	v, err := s.Spend(ctx, "alice", "nonce-expiring-0001", ts, ts+1, ts)
	require.NoError(t, err)
	require.Equal(t, signing.NonceFresh, v)
	time.Sleep(time.Until(time.Unix(ts+2, 0).Add(100 * time.Millisecond)))
	now := time.Now().Unix()
	v, err = s.Spend(ctx, "alice", "nonce-expiring-0001", now, now+1, now)
	require.NoError(t, err)
	assert.Equal(t, signing.NonceFresh, v, "a stale request's nonce is forgotten")
}

func begin(t *testing.T, s exchange.Store, k idempotency.RecordKey, body string, ttl time.Duration) (idempotency.Outcome, idempotency.Ticket, idempotency.Response) {
	t.Helper()
	out, tk, resp, err := s.Begin(ctx, k, k.Scope, fp(body), time.Now(), ttl)
	require.NoError(t, err)
	return out, tk, resp
}

func recordOutcomes(t *testing.T, s exchange.Store) {
	k := idempotency.RecordKey{Scope: "alice", Key: "k1"}
	out, tk, _ := begin(t, s, k, "a", time.Hour)
	require.Equal(t, idempotency.Started, out)
	require.NotZero(t, tk)
	out, _, _ = begin(t, s, k, "a", time.Hour)
	assert.Equal(t, idempotency.InFlight, out)
	out, _, _ = begin(t, s, k, "b", time.Hour)
	assert.Equal(t, idempotency.Mismatch, out, "another body is refused even while the first runs")
	out, _, _ = begin(t, s, idempotency.RecordKey{Scope: "bob", Key: "k1"}, "b", time.Hour)
	assert.Equal(t, idempotency.Started, out, "scopes do not share keys")
	out, _, _ = begin(t, s, idempotency.RecordKey{Scope: "alic", Key: "ek1"}, "a", time.Hour)
	assert.Equal(t, idempotency.Started, out, "scope and key do not run into each other")

	resp := idempotency.Response{Status: 201, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"id":"x"}`)}
	require.NoError(t, s.Complete(ctx, k, tk, resp))
	out, _, got := begin(t, s, k, "a", time.Hour)
	require.Equal(t, idempotency.Finished, out)
	assert.Equal(t, resp, got)
	out, _, _ = begin(t, s, k, "b", time.Hour)
	assert.Equal(t, idempotency.Mismatch, out)

	k2 := idempotency.RecordKey{Scope: "alice", Key: "k2"}
	_, tk2, _ := begin(t, s, k2, "a", time.Hour)
	require.NoError(t, s.Release(ctx, k2, tk2))
	out, _, _ = begin(t, s, k2, "b", time.Hour)
	assert.Equal(t, idempotency.Started, out, "a released key takes another body")
}

func recordConcurrentBegin(t *testing.T, s exchange.Store) {
	k := idempotency.RecordKey{Scope: "alice", Key: "race"}
	var started atomic.Int32
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			out, _, _, err := s.Begin(ctx, k, "alice", fp("a"), time.Now(), time.Hour)
			assert.NoError(t, err)
			if out == idempotency.Started {
				started.Add(1)
			}
		})
	}
	wg.Wait()
	assert.Equal(t, int32(1), started.Load())
}

func recordStaleTicket(t *testing.T, s exchange.Store) {
	k := idempotency.RecordKey{Scope: "alice", Key: "stale"}
	_, tk, _ := begin(t, s, k, "a", time.Hour)
	require.NoError(t, s.Complete(ctx, k, tk+1, idempotency.Response{Status: 500}))
	require.NoError(t, s.Release(ctx, k, tk+1))
	out, _, _ := begin(t, s, k, "a", time.Hour)
	assert.Equal(t, idempotency.InFlight, out, "another ticket neither completes nor frees the record")
	require.NoError(t, s.Complete(ctx, k, tk, idempotency.Response{Status: 201}))
	require.NoError(t, s.Release(ctx, k, tk))
	out, _, resp := begin(t, s, k, "a", time.Hour)
	assert.Equal(t, idempotency.Finished, out, "a finished record is not released")
	assert.Equal(t, 201, resp.Status)
}

func recordExpires(t *testing.T, s exchange.Store) {
	k := idempotency.RecordKey{Scope: "alice", Key: "short"}
	_, tk, _ := begin(t, s, k, "a", 1500*time.Millisecond)
	require.NoError(t, s.Complete(ctx, k, tk, idempotency.Response{Status: 201}))
	out, _, _ := begin(t, s, k, "b", 1500*time.Millisecond)
	assert.Equal(t, idempotency.Mismatch, out, "kept within its ttl")
	time.Sleep(1700 * time.Millisecond)
	out, _, _ = begin(t, s, k, "b", time.Hour)
	assert.Equal(t, idempotency.Started, out, "gone after it")
}

func newOrder(id string) exchange.Order {
	return exchange.Order{ID: id, Status: "accepted", Symbol: "BTC-USD", Side: "buy", Type: "market", Quantity: "1",
		CreatedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
}

func commitOrder(t *testing.T, s exchange.Store) {
	k := idempotency.RecordKey{Scope: "alice", Key: "order"}
	_, tk, _ := begin(t, s, k, "a", time.Hour)
	id, err := s.NewOrderID(ctx)
	require.NoError(t, err)
	o := newOrder(id)
	resp := idempotency.Response{Status: 201, Header: http.Header{"Location": {"/api/v1/orders/" + id}}, Body: []byte(id)}
	done, err := s.CommitOrder(ctx, idempotency.Claim{Key: k, Ticket: tk}, "alice", o, resp)
	require.NoError(t, err)
	require.True(t, done)
	got, ok, err := s.Order(ctx, "alice", id)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, o, got)
	out, _, r := begin(t, s, k, "a", time.Hour)
	assert.Equal(t, idempotency.Finished, out)
	assert.Equal(t, resp, r)

	done, err = s.CommitOrder(ctx, idempotency.Claim{Key: k, Ticket: tk}, "alice", newOrder(id+"-again"), resp)
	require.NoError(t, err)
	assert.False(t, done, "a finished record takes no second order")
	list, err := s.Orders(ctx, "alice")
	require.NoError(t, err)
	assert.Len(t, list, 1)
}

func commitConcurrent(t *testing.T, s exchange.Store) {
	k := idempotency.RecordKey{Scope: "alice", Key: "commit-race"}
	_, tk, _ := begin(t, s, k, "a", time.Hour)
	var wins atomic.Int32
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			done, err := s.CommitOrder(ctx, idempotency.Claim{Key: k, Ticket: tk}, "alice", newOrder(fmt.Sprint("o", i)), idempotency.Response{Status: 201})
			assert.NoError(t, err)
			if done {
				wins.Add(1)
			}
		})
	}
	wg.Wait()
	assert.Equal(t, int32(1), wins.Load())
	list, _ := s.Orders(ctx, "alice")
	assert.Len(t, list, 1)
}

// A request whose claim was released (its server crashed before the
// commit, or the lease lapsed and a retry took the key) cannot write.
func commitAfterRelease(t *testing.T, s exchange.Store) {
	k := idempotency.RecordKey{Scope: "alice", Key: "lapsed"}
	_, old, _ := begin(t, s, k, "a", time.Hour)
	require.NoError(t, s.Release(ctx, k, old))
	_, fresh, _ := begin(t, s, k, "a", time.Hour)
	done, err := s.CommitOrder(ctx, idempotency.Claim{Key: k, Ticket: old}, "alice", newOrder("old"), idempotency.Response{Status: 201})
	require.NoError(t, err)
	assert.False(t, done)
	done, err = s.CommitOrder(ctx, idempotency.Claim{Key: k, Ticket: fresh}, "alice", newOrder("fresh"), idempotency.Response{Status: 201})
	require.NoError(t, err)
	assert.True(t, done)
	list, _ := s.Orders(ctx, "alice")
	require.Len(t, list, 1)
	assert.Equal(t, "fresh", list[0].ID)
}

func orderIDs(t *testing.T, s exchange.Store) {
	var mu sync.Mutex
	seen := map[string]bool{}
	var wg sync.WaitGroup
	for range 100 {
		wg.Go(func() {
			id, err := s.NewOrderID(ctx)
			assert.NoError(t, err)
			mu.Lock()
			defer mu.Unlock()
			assert.False(t, seen[id], id)
			seen[id] = true
		})
	}
	wg.Wait()
	assert.Len(t, seen, 100)
}

func ledgers(t *testing.T, s exchange.Store, max int) {
	var ids []string
	for i := range max + 2 {
		k := idempotency.RecordKey{Scope: "alice", Key: fmt.Sprint("l", i)}
		_, tk, _ := begin(t, s, k, "a", time.Hour)
		id, err := s.NewOrderID(ctx)
		require.NoError(t, err)
		ids = append(ids, id)
		done, err := s.CommitOrder(ctx, idempotency.Claim{Key: k, Ticket: tk}, "alice", newOrder(id), idempotency.Response{Status: 201})
		require.NoError(t, err)
		require.True(t, done)
	}
	list, err := s.Orders(ctx, "alice")
	require.NoError(t, err)
	var got []string
	for _, o := range list {
		got = append(got, o.ID)
	}
	assert.Equal(t, ids[2:], got, "the latest orders, oldest first")
	_, ok, err := s.Order(ctx, "alice", ids[0])
	require.NoError(t, err)
	assert.False(t, ok, "trimmed orders are gone")
	_, ok, _ = s.Order(ctx, "bob", ids[len(ids)-1])
	assert.False(t, ok, "another key's order is not found")
	empty, err := s.Orders(ctx, "bob")
	require.NoError(t, err)
	assert.NotNil(t, empty)
	assert.Empty(t, empty)
}

func takeTokens(t *testing.T, s exchange.Store) {
	now := time.Now().Truncate(time.Millisecond)
	for i := range 3 {
		q, err := s.Take(ctx, "key alice", now, 2, 3)
		require.NoError(t, err)
		assert.Equal(t, exchange.Quota{OK: true, Remaining: 2 - i, Reset: (i + 2) / 2}, q, "burst token %d", i)
	}
	q, err := s.Take(ctx, "key alice", now, 2, 3)
	require.NoError(t, err)
	assert.Equal(t, exchange.Quota{OK: false, Remaining: 0, Reset: 2, RetryAfter: 1}, q)
	q, _ = s.Take(ctx, "key alice", now.Add(500*time.Millisecond), 2, 3)
	assert.True(t, q.OK, "one token refilled in half a second")
	q, _ = s.Take(ctx, "key bob", now, 2, 3)
	assert.Equal(t, 2, q.Remaining, "buckets are per name")
}

func personalKeys(t *testing.T, s exchange.Store) {
	now := time.Now()
	k := exchange.PersonalKey{APIKey: "pk_test", Secret: "s3cret", Scopes: []string{"read", "trade"}, ExpiresAt: now.Add(90 * time.Second).UTC().Truncate(time.Second)}
	ok, err := s.PutKey(ctx, k)
	require.NoError(t, err)
	require.True(t, ok)
	got, ok, err := s.Key(ctx, "pk_test", now)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, k, got)
	_, ok, err = s.Key(ctx, "pk_test", now.Add(2*time.Minute))
	require.NoError(t, err)
	assert.False(t, ok, "expired")
	_, ok, err = s.Key(ctx, "pk_other", now)
	require.NoError(t, err)
	assert.False(t, ok)
}

// One owner holds at most quota records; a released one no longer counts;
// other owners are not affected.
func ownerQuota(t *testing.T, s exchange.Store, quota int) {
	var first idempotency.Ticket
	for i := range quota {
		out, tk, _, err := s.Begin(ctx, idempotency.RecordKey{Scope: "demo", Key: fmt.Sprint("q", i)}, "demo 192.0.2.1", fp("a"), time.Now(), time.Hour)
		require.NoError(t, err)
		require.Equal(t, idempotency.Started, out, i)
		if i == 0 {
			first = tk
		}
	}
	out, _, _, err := s.Begin(ctx, idempotency.RecordKey{Scope: "demo", Key: "one-more"}, "demo 192.0.2.1", fp("a"), time.Now(), time.Hour)
	require.NoError(t, err)
	assert.Equal(t, idempotency.OverQuota, out)
	out, _, _, _ = s.Begin(ctx, idempotency.RecordKey{Scope: "demo", Key: "q0"}, "demo 192.0.2.1", fp("a"), time.Now(), time.Hour)
	assert.Equal(t, idempotency.InFlight, out, "the owner's own keys still answer")
	out, _, _, _ = s.Begin(ctx, idempotency.RecordKey{Scope: "demo", Key: "other"}, "demo 198.51.100.7", fp("a"), time.Now(), time.Hour)
	assert.Equal(t, idempotency.Started, out, "another owner is not affected")
	require.NoError(t, s.Release(ctx, idempotency.RecordKey{Scope: "demo", Key: "q0"}, first))
	out, _, _, _ = s.Begin(ctx, idempotency.RecordKey{Scope: "demo", Key: "one-more"}, "demo 192.0.2.1", fp("a"), time.Now(), time.Hour)
	assert.Equal(t, idempotency.Started, out, "a released record no longer counts")
}
