package signing

import (
	"context"
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

	// one more: the biggest key gives up its second farthest from now
	require.Equal(t, spent, c.spend("flood", "f3", t0+3, t0))
	assert.LessOrEqual(t, c.size(), 4, "never above the bound")
	// the evicted nonce cannot come back: its second is refused
	assert.Equal(t, belowFloor, c.spend("flood", "f2", t0+2, t0))
	assert.Equal(t, belowFloor, c.spend("flood", "brand-new", t0+2, t0), "that second is given up for the key")
	assert.Equal(t, spent, c.spend("flood", "brand-new", t0, t0), "the current second is not")
	assert.True(t, c.has("calm", "c0", t0), "the other key keeps its entries")

	// once those seconds are stale the markers go too
	c.mu.Lock()
	defer c.mu.Unlock()
	c.expireKey("flood", c.keys["flood"], t0+304)
	assert.Nil(t, c.keys["flood"], "nothing left of the key")
}

// Fault 1 of issue 17: requests dated now+299 s raised the key's floor, so
// every current request was refused as stale for 296 s.
func TestNonceCacheFutureDatedFloodDoesNotLockOutTheKey(t *testing.T) {
	c := newNonceCache(100, 300)
	for i := 0; i < 1000; i++ {
		c.spend("demo", fmt.Sprintf("flood-%06d", i), t0+299, t0)
		require.LessOrEqual(t, c.size(), 100)
	}
	for s := int64(0); s < 10; s++ {
		assert.Equal(t, spent, c.spend("demo", fmt.Sprint("learner", s), t0+s, t0+s), "a current request %d s later", s)
	}
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

// The verdicts under their old names, and helpers without a context.
const (
	spent      = NonceFresh
	replayed   = NonceReplayed
	belowFloor = NonceForgotten
)

func newNonceCache(max int, window int64) *MemoryNonces { return NewMemoryNonces(max, window) }

func (c *MemoryNonces) spend(apiKey, nonce string, ts, now int64) NonceVerdict {
	v, _ := c.Spend(context.Background(), apiKey, nonce, ts, ts+c.window, now)
	return v
}

func (c *MemoryNonces) size() int { return c.Len() }

// has reports whether apiKey's nonce is remembered at now.
func (c *MemoryNonces) has(apiKey, nonce string, now int64) bool {
	v, _ := c.Check(context.Background(), apiKey, nonce, now, now)
	return v == replayed
}
