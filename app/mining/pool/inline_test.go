//go:build !wasm

package pool

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/engine/pow"
)

// inlineHarness runs an inline worker with messages collected under a lock
// (they come from the worker's goroutine here; in the browser they go
// through ctx.Dispatch).
type inlineHarness struct {
	mu   sync.Mutex
	msgs []Msg
	w    Worker
}

func newInlineHarness(t *testing.T) *inlineHarness {
	t.Helper()
	h := &inlineHarness{}
	spawn := InlineSpawner(func(f func()) { f() })
	w, err := spawn(func(m Msg) {
		h.mu.Lock()
		h.msgs = append(h.msgs, m)
		h.mu.Unlock()
	}, func(string) { t.Error("an inline worker does not die") })
	require.NoError(t, err)
	h.w = w
	return h
}

func (h *inlineHarness) wait(t *testing.T, pred func(Msg) bool) Msg {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		h.mu.Lock()
		for _, m := range h.msgs {
			if pred(m) {
				h.mu.Unlock()
				return m
			}
		}
		h.mu.Unlock()
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("no such message; got %+v", h.snapshot())
	return Msg{}
}

func (h *inlineHarness) snapshot() []Msg {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]Msg(nil), h.msgs...)
}

// Bitcoin's genesis block: the 80 header bytes, its nonce and hash.
const (
	genesisHeaderHex = "0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c"
	genesisNonce     = 2083236893
	genesisHash      = "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"
)

// genesisTarget is the genesis header (any nonce: the worker sets it) and
// its target in the worker protocol's hex.
func genesisTarget(t *testing.T) (pow.Header, string) {
	t.Helper()
	h, err := pow.ParseHeaderHex(genesisHeaderHex)
	require.NoError(t, err)
	require.Equal(t, genesisHash, h.Hash().String())
	target, err := pow.CompactToTarget(h.Bits)
	require.NoError(t, err)
	s, _ := TargetHex(target)
	h.Nonce = 0
	return h, s
}

func TestInlineWorkerFindsTheGenesisNonce(t *testing.T) {
	h := newInlineHarness(t)
	assert.Equal(t, "ready", h.snapshot()[0].Type)
	hdr, target := genesisTarget(t)
	h.w.Mine(4, hdr.Hex(), target, genesisNonce-2000, 4000)
	m := h.wait(t, func(m Msg) bool { return m.Type == "found" })
	assert.Equal(t, 4, m.Job)
	assert.Equal(t, uint32(genesisNonce), m.Nonce)
	assert.Equal(t, genesisHash, m.Hash)
	assert.Equal(t, uint64(2001), m.Hashes)
}

func TestInlineWorkerExhaustsAndStops(t *testing.T) {
	h := newInlineHarness(t)
	hdr, _ := genesisTarget(t)
	nothing := "0000000000000000000000000000000000000000000000000000000000000000"
	h.w.Mine(1, hdr.Hex(), nothing, 0xffffffff-999, 1000)
	m := h.wait(t, func(m Msg) bool { return m.Type == "exhausted" })
	assert.Equal(t, uint64(1000), m.Hashes, "up to and including the last nonce")

	h.w.Mine(2, hdr.Hex(), nothing, 0, 1<<32)
	h.wait(t, func(m Msg) bool { return m.Type == "progress" && m.Job == 2 })
	h.w.Stop()
	time.Sleep(50 * time.Millisecond) // a slice in flight may still report
	n := len(h.snapshot())
	time.Sleep(300 * time.Millisecond)
	assert.Len(t, h.snapshot(), n, "nothing after stop has taken effect")
	for _, m := range h.snapshot() {
		assert.NotEqual(t, "found", m.Type)
	}
}

func TestInlineWorkerRejectsBadInput(t *testing.T) {
	h := newInlineHarness(t)
	hdr, target := genesisTarget(t)
	for _, c := range []struct {
		header, target string
		start          uint32
		count          uint64
	}{
		{"zz", target, 0, 1},
		{hdr.Hex(), "00", 0, 1},
		{hdr.Hex(), target, 0, 0},
		{hdr.Hex(), target, 0xffffffff, 2},
	} {
		before := len(h.snapshot())
		h.w.Mine(9, c.header, c.target, c.start, c.count)
		msgs := h.snapshot()
		require.Len(t, msgs, before+1, "%+v", c)
		assert.Equal(t, "error", msgs[before].Type)
		assert.NotEmpty(t, msgs[before].Message)
	}
}
