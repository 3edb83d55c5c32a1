package idempotency

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func fp(s string) Fingerprint { return NewFingerprint("POST", "/x", []byte(s)) }

func TestMemoryStoreOutcomes(t *testing.T) {
	s := NewMemoryStore(10, 1<<20)
	k := RecordKey{Scope: "alice", Key: "k"}

	out, tk, _ := s.Begin(k, fp("a"), t0, time.Hour)
	require.Equal(t, Started, out)

	out, _, _ = s.Begin(k, fp("a"), t0, time.Hour)
	assert.Equal(t, InFlight, out)
	out, _, _ = s.Begin(k, fp("b"), t0, time.Hour)
	assert.Equal(t, Mismatch, out, "another payload is refused even while the first runs")

	other, _, _ := s.Begin(RecordKey{Scope: "bob", Key: "k"}, fp("b"), t0, time.Hour)
	assert.Equal(t, Started, other, "scopes do not share keys")

	s.Complete(k, tk, Response{Status: 201, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"id":1}`)})
	out, _, resp := s.Begin(k, fp("a"), t0.Add(time.Minute), time.Hour)
	require.Equal(t, Finished, out)
	assert.Equal(t, 201, resp.Status)
	assert.Equal(t, `{"id":1}`, string(resp.Body))
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	resp.Body[0] = 'X'
	_, _, again := s.Begin(k, fp("a"), t0, time.Hour)
	assert.Equal(t, `{"id":1}`, string(again.Body), "callers get copies")

	out, _, _ = s.Begin(k, fp("b"), t0, time.Hour)
	assert.Equal(t, Mismatch, out)
}

func TestMemoryStoreReleaseFreesTheKey(t *testing.T) {
	s := NewMemoryStore(10, 1<<20)
	k := RecordKey{Key: "k"}
	_, tk, _ := s.Begin(k, fp("a"), t0, time.Hour)
	s.Release(k, tk)
	assert.Equal(t, 0, s.Len())
	assert.Equal(t, int64(0), s.Bytes())
	out, _, _ := s.Begin(k, fp("b"), t0, time.Hour)
	assert.Equal(t, Started, out, "a released key can carry another payload")
}

func TestMemoryStoreStaleTicketsDoNothing(t *testing.T) {
	s := NewMemoryStore(10, 1<<20)
	k := RecordKey{Key: "k"}
	_, old, _ := s.Begin(k, fp("a"), t0, time.Hour)
	// The first record expires and a new request takes the key.
	out, fresh, _ := s.Begin(k, fp("b"), t0.Add(2*time.Hour), time.Hour)
	require.Equal(t, Started, out)
	require.NotEqual(t, old, fresh)

	s.Complete(k, old, Response{Status: 500})
	s.Release(k, old)
	out, _, _ = s.Begin(k, fp("b"), t0.Add(2*time.Hour), time.Hour)
	assert.Equal(t, InFlight, out, "the late first request must not touch the new record")
}

func TestMemoryStoreExpiry(t *testing.T) {
	s := NewMemoryStore(10, 1<<20)
	k := RecordKey{Key: "k"}
	_, tk, _ := s.Begin(k, fp("a"), t0, DefaultTTL)
	s.Complete(k, tk, Response{Status: 201})

	out, _, _ := s.Begin(k, fp("b"), t0.Add(DefaultTTL-time.Second), DefaultTTL)
	assert.Equal(t, Mismatch, out, "still held just before 24 h")
	out, _, _ = s.Begin(k, fp("b"), t0.Add(DefaultTTL), DefaultTTL)
	assert.Equal(t, Started, out, "free after 24 h")
	assert.Equal(t, 1, s.Len())
}

func TestMemoryStoreFloodIsBoundedByEntries(t *testing.T) {
	const max = 50
	s := NewMemoryStore(max, 1<<30)
	for i := 0; i < 20*max; i++ {
		k := RecordKey{Scope: "mallory", Key: fmt.Sprint("k", i)}
		out, tk, _ := s.Begin(k, fp("a"), t0, time.Hour)
		require.Equal(t, Started, out)
		s.Complete(k, tk, Response{Status: 201, Body: []byte("ok")})
		require.LessOrEqual(t, s.Len(), max)
	}
	assert.Equal(t, max, s.Len())
	// Oldest first: the first keys are gone, the last ones remain.
	out, _, _ := s.Begin(RecordKey{Scope: "mallory", Key: "k0"}, fp("zzz"), t0, time.Hour)
	assert.Equal(t, Started, out, "k0 was evicted")
	out, _, _ = s.Begin(RecordKey{Scope: "mallory", Key: fmt.Sprint("k", 20*max-1)}, fp("a"), t0, time.Hour)
	assert.Equal(t, Finished, out, "the newest key is still there")
}

func TestMemoryStoreFloodIsBoundedByBytes(t *testing.T) {
	const maxBytes = 64 << 10
	s := NewMemoryStore(1_000_000, maxBytes)
	body := make([]byte, 3000)
	for i := 0; i < 1000; i++ {
		k := RecordKey{Key: fmt.Sprint("k", i)}
		_, tk, _ := s.Begin(k, fp("a"), t0, time.Hour)
		s.Complete(k, tk, Response{Status: 201, Body: body})
		require.LessOrEqual(t, s.Bytes(), int64(maxBytes))
	}
	assert.Greater(t, s.Len(), 10, "records that fit are kept")
	assert.Less(t, s.Len(), maxBytes/len(body)+1)

	// Tiny records are charged an overhead, so they are bounded by bytes too.
	s = NewMemoryStore(1_000_000, maxBytes)
	for i := 0; i < 10_000; i++ {
		s.Begin(RecordKey{Key: fmt.Sprint(i)}, fp("a"), t0, time.Hour)
	}
	assert.LessOrEqual(t, s.Bytes(), int64(maxBytes))
	assert.LessOrEqual(t, s.Len(), maxBytes/recordOverhead)
}

func TestMemoryStoreDropsAResponseLargerThanTheBound(t *testing.T) {
	s := NewMemoryStore(10, 4096)
	k := RecordKey{Key: "big"}
	_, tk, _ := s.Begin(k, fp("a"), t0, time.Hour)
	s.Complete(k, tk, Response{Status: 200, Body: make([]byte, 8192)})
	assert.Equal(t, 0, s.Len())
	assert.Equal(t, int64(0), s.Bytes())
}

func TestOutcomeString(t *testing.T) {
	for o, want := range map[Outcome]string{Started: "started", InFlight: "in-flight", Mismatch: "mismatch", Finished: "finished", Outcome(9): "unknown"} {
		assert.Equal(t, want, o.String())
	}
}

func BenchmarkMemoryStoreBeginComplete(b *testing.B) {
	s := NewMemoryStore(10_000, 16<<20)
	body := []byte(`{"id":"ord_00000001","status":"accepted"}`)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		k := RecordKey{Scope: "demo", Key: fmt.Sprint(i)}
		_, tk, _ := s.Begin(k, fp("a"), t0, time.Hour)
		s.Complete(k, tk, Response{Status: 201, Body: body})
	}
}
