package idempotency

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

var ctx0 = context.Background()

func begin(s *MemoryStore, k RecordKey, fp Fingerprint, now time.Time, ttl time.Duration) (Outcome, Ticket, Response) {
	out, t, resp, err := s.Begin(ctx0, k, "", fp, now, ttl)
	if err != nil {
		panic(err)
	}
	return out, t, resp
}

func fp(s string) Fingerprint { return NewFingerprint("POST", "/x", []byte(s)) }

func TestMemoryStoreOutcomes(t *testing.T) {
	s := NewMemoryStore(10, 1<<20)
	k := RecordKey{Scope: "alice", Key: "k"}

	out, tk, _ := begin(s, k, fp("a"), t0, time.Hour)
	require.Equal(t, Started, out)

	out, _, _ = begin(s, k, fp("a"), t0, time.Hour)
	assert.Equal(t, InFlight, out)
	out, _, _ = begin(s, k, fp("b"), t0, time.Hour)
	assert.Equal(t, Mismatch, out, "another payload is refused even while the first runs")

	other, _, _ := begin(s, RecordKey{Scope: "bob", Key: "k"}, fp("b"), t0, time.Hour)
	assert.Equal(t, Started, other, "scopes do not share keys")

	s.Complete(ctx0, k, tk, Response{Status: 201, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"id":1}`)})
	out, _, resp := begin(s, k, fp("a"), t0.Add(time.Minute), time.Hour)
	require.Equal(t, Finished, out)
	assert.Equal(t, 201, resp.Status)
	assert.Equal(t, `{"id":1}`, string(resp.Body))
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	resp.Body[0] = 'X'
	_, _, again := begin(s, k, fp("a"), t0, time.Hour)
	assert.Equal(t, `{"id":1}`, string(again.Body), "callers get copies")

	out, _, _ = begin(s, k, fp("b"), t0, time.Hour)
	assert.Equal(t, Mismatch, out)
}

func TestMemoryStoreReleaseFreesTheKey(t *testing.T) {
	s := NewMemoryStore(10, 1<<20)
	k := RecordKey{Key: "k"}
	_, tk, _ := begin(s, k, fp("a"), t0, time.Hour)
	s.Release(ctx0, k, tk)
	assert.Equal(t, 0, s.Len())
	assert.Equal(t, int64(0), s.Bytes())
	out, _, _ := begin(s, k, fp("b"), t0, time.Hour)
	assert.Equal(t, Started, out, "a released key can carry another payload")
}

func TestMemoryStoreStaleTicketsDoNothing(t *testing.T) {
	s := NewMemoryStore(10, 1<<20)
	k := RecordKey{Key: "k"}
	_, old, _ := begin(s, k, fp("a"), t0, time.Hour)
	// The first record expires and a new request takes the key.
	out, fresh, _ := begin(s, k, fp("b"), t0.Add(2*time.Hour), time.Hour)
	require.Equal(t, Started, out)
	require.NotEqual(t, old, fresh)

	s.Complete(ctx0, k, old, Response{Status: 500})
	s.Release(ctx0, k, old)
	out, _, _ = begin(s, k, fp("b"), t0.Add(2*time.Hour), time.Hour)
	assert.Equal(t, InFlight, out, "the late first request must not touch the new record")
}

func TestMemoryStoreExpiry(t *testing.T) {
	s := NewMemoryStore(10, 1<<20)
	k := RecordKey{Key: "k"}
	_, tk, _ := begin(s, k, fp("a"), t0, DefaultTTL)
	s.Complete(ctx0, k, tk, Response{Status: 201})

	out, _, _ := begin(s, k, fp("b"), t0.Add(DefaultTTL-time.Second), DefaultTTL)
	assert.Equal(t, Mismatch, out, "still held just before 24 h")
	out, _, _ = begin(s, k, fp("b"), t0.Add(DefaultTTL), DefaultTTL)
	assert.Equal(t, Started, out, "free after 24 h")
	assert.Equal(t, 1, s.Len())
}

// Fault 3 of issue 17: the store dropped its oldest records at 10,000, in
// flight ones included, and a retry then placed a second order. Now a full
// store refuses new keys and keeps every record for its ttl.
func TestMemoryStoreFullRefusesNewKeysAndKeepsEveryRecord(t *testing.T) {
	const max = 50
	s := NewMemoryStore(max, 1<<30)
	s.SetOwnerQuota(0)
	inflight := RecordKey{Scope: "alice", Key: "running"}
	out, _, _ := begin(s, inflight, fp("a"), t0, time.Hour)
	require.Equal(t, Started, out)
	for i := 1; i < max; i++ {
		k := RecordKey{Scope: "mallory", Key: fmt.Sprint("k", i)}
		out, tk, _ := begin(s, k, fp("a"), t0, time.Hour)
		require.Equal(t, Started, out)
		s.Complete(ctx0, k, tk, Response{Status: 201, Body: []byte("ok")})
	}
	out, _, _ = begin(s, RecordKey{Scope: "mallory", Key: "one-more"}, fp("a"), t0, time.Hour)
	assert.Equal(t, Full, out, "no room: the new key is refused")
	assert.Equal(t, max, s.Len())
	out, _, _ = begin(s, inflight, fp("a"), t0.Add(59*time.Minute), time.Hour)
	assert.Equal(t, InFlight, out, "the in-flight record is still there")
	out, _, _ = begin(s, RecordKey{Scope: "mallory", Key: "k1"}, fp("a"), t0.Add(59*time.Minute), time.Hour)
	assert.Equal(t, Finished, out, "so is the oldest finished one")
	assert.Equal(t, t0.Add(time.Hour), s.NextExpiry())
	out, _, _ = begin(s, RecordKey{Scope: "mallory", Key: "one-more"}, fp("a"), t0.Add(time.Hour), time.Hour)
	assert.Equal(t, Started, out, "room again once records expire")
}

func TestMemoryStoreBoundedByBytes(t *testing.T) {
	const maxBytes = 64 << 10
	s := NewMemoryStore(1_000_000, maxBytes)
	s.SetOwnerQuota(0)
	full := 0
	for i := 0; i < 10_000; i++ {
		if out, _, _ := begin(s, RecordKey{Key: fmt.Sprint(i)}, fp("a"), t0, time.Hour); out == Full {
			full++
		}
	}
	assert.LessOrEqual(t, s.Bytes(), int64(maxBytes), "tiny records are charged an overhead")
	assert.LessOrEqual(t, s.Len(), maxBytes/recordOverhead)
	assert.Equal(t, 10_000-s.Len(), full)
}

// One client cannot fill the store for everyone: past its quota its own
// new keys are refused, other owners' are not.
func TestMemoryStoreOwnerQuota(t *testing.T) {
	s := NewMemoryStore(100, 1<<30)
	s.SetOwnerQuota(3)
	for i := 0; i < 3; i++ {
		out, _, _, _ := s.Begin(ctx0, RecordKey{Scope: "demo", Key: fmt.Sprint(i)}, "demo 192.0.2.1", fp("a"), t0, time.Hour)
		require.Equal(t, Started, out)
	}
	out, _, _, _ := s.Begin(ctx0, RecordKey{Scope: "demo", Key: "x"}, "demo 192.0.2.1", fp("a"), t0, time.Hour)
	assert.Equal(t, OverQuota, out)
	out, _, _, _ = s.Begin(ctx0, RecordKey{Scope: "demo", Key: "y"}, "demo 198.51.100.7", fp("a"), t0, time.Hour)
	assert.Equal(t, Started, out, "another learner on the same key is not affected")
	out, _, _, _ = s.Begin(ctx0, RecordKey{Scope: "demo", Key: "0"}, "demo 192.0.2.1", fp("a"), t0, time.Hour)
	assert.Equal(t, InFlight, out, "the owner's existing keys still answer")
}

func TestOutcomeString(t *testing.T) {
	for o, want := range map[Outcome]string{Started: "started", InFlight: "in-flight", Mismatch: "mismatch", Finished: "finished", Full: "full", OverQuota: "over-quota", Outcome(9): "unknown"} {
		assert.Equal(t, want, o.String())
	}
}

func BenchmarkMemoryStoreBeginComplete(b *testing.B) {
	s := NewMemoryStore(10_000, 16<<20)
	body := []byte(`{"id":"ord_00000001","status":"accepted"}`)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		k := RecordKey{Scope: "demo", Key: fmt.Sprint(i)}
		_, tk, _ := begin(s, k, fp("a"), t0, time.Hour)
		s.Complete(ctx0, k, tk, Response{Status: 201, Body: body})
	}
}
