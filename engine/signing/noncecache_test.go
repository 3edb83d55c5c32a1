package signing

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNonceCacheSpendAndReplay(t *testing.T) {
	c := newNonceCache(10, 300)
	assert.False(t, c.has("a", "n1", t0))
	assert.Equal(t, spent, c.spend("a", "n1", t0, t0))
	assert.True(t, c.has("a", "n1", t0))
	assert.Equal(t, replayed, c.spend("a", "n1", t0, t0+1))
	assert.False(t, c.has("b", "n1", t0), "nonces are per API key")
	assert.Equal(t, spent, c.spend("b", "n1", t0, t0))
	assert.Equal(t, 2, c.size())
}

func TestNonceCacheExpiresByRequestTimestamp(t *testing.T) {
	c := newNonceCache(10, 300)
	require.Equal(t, spent, c.spend("a", "past", t0-300, t0))   // oldest still acceptable
	require.Equal(t, spent, c.spend("a", "future", t0+300, t0)) // newest still acceptable
	assert.True(t, c.has("a", "past", t0))

	// a replay of "past" is stale once now > ts+300, so it may be forgotten then
	assert.True(t, c.has("a", "past", t0), "kept while its timestamp passes")
	assert.False(t, c.has("a", "past", t0+1), "forgotten once it would be stale")
	assert.Equal(t, 1, c.size())
	// a future-dated nonce must be kept until its own timestamp is 300 s old
	assert.True(t, c.has("a", "future", t0+600))
	assert.False(t, c.has("a", "future", t0+601))
	assert.Equal(t, 0, c.size())
	assert.Empty(t, c.keys, "empty keys are dropped")
}

func TestNonceCacheBoundedAndSafeWhenFull(t *testing.T) {
	c := newNonceCache(4, 300)
	// key "flood" fills the cache with live entries
	for i := 0; i < 3; i++ {
		require.Equal(t, spent, c.spend("flood", fmt.Sprint("f", i), t0+int64(i), t0))
	}
	require.Equal(t, spent, c.spend("calm", "c0", t0, t0))
	require.Equal(t, 4, c.size())

	// one more: the oldest entry of the biggest key goes, and its floor rises
	require.Equal(t, spent, c.spend("flood", "f3", t0+3, t0))
	assert.Equal(t, 4, c.size(), "never above the bound")
	floor, ok := c.floor("flood", t0)
	require.True(t, ok)
	assert.Equal(t, t0, floor)
	// the evicted nonce cannot come back: its timestamp is at the floor
	assert.Equal(t, belowFloor, c.spend("flood", "f0", t0, t0))
	assert.Equal(t, belowFloor, c.spend("flood", "brand-new", t0, t0), "older timestamps of the flooder are refused")
	assert.True(t, c.has("calm", "c0", t0), "the other key keeps its entries")
	_, calmFloor := c.floor("calm", t0)
	assert.False(t, calmFloor, "and has no floor")

	// once the floor is older than the window it is forgotten
	_, ok = c.floor("flood", t0+301)
	assert.False(t, ok)
}

func TestNonceCacheFloodCannotReplay(t *testing.T) {
	const max = 64
	c := newNonceCache(max, 300)
	// record every nonce ever accepted; after a long flood each must still be refused
	var accepted []string
	for i := 0; i < 20*max; i++ {
		n := fmt.Sprint("n", i)
		ts := t0 + int64(i/8) // eight per second
		if c.spend("k", n, ts, ts) == spent {
			accepted = append(accepted, n)
		}
		require.LessOrEqual(t, c.size(), max)
	}
	now := t0 + int64(20*max/8)
	for i, n := range accepted {
		ts := t0 + int64(i/8)
		if now-ts > 300 {
			continue // stale anyway: the verifier refuses it at the timestamp step
		}
		assert.NotEqual(t, spent, c.spend("k", n, ts, now), "replay of %s accepted", n)
	}
}

func TestNonceCacheConcurrentSpendOnce(t *testing.T) {
	c := newNonceCache(1000, 300)
	var wins atomic.Int32
	var wg sync.WaitGroup
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				if c.spend("k", fmt.Sprint("n", i), t0, t0) == spent {
					wins.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, int32(20), wins.Load(), "each nonce spent exactly once")
}

// has reports whether apiKey's nonce is remembered at now.
func (c *nonceCache) has(apiKey, nonce string, now int64) bool {
	return c.check(apiKey, nonce, now, now) == replayed
}
