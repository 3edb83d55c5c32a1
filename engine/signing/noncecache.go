package signing

import (
	"context"
	"slices"
	"sync"
)

// NonceVerdict is what a NonceStore says about one nonce.
type NonceVerdict int

// Verdicts of a NonceStore.
const (
	// NonceFresh: not seen (Check) or now recorded (Spend).
	NonceFresh NonceVerdict = iota
	// NonceReplayed: the key already spent this nonce inside the window.
	NonceReplayed
	// NonceForgotten: the store had to forget nonces of this key with this
	// timestamp to stay bounded, so it cannot vouch for the request; it is
	// refused as stale ("sign again with the current time").
	NonceForgotten
)

// NonceStore remembers spent nonces per API key until they can no longer
// pass the timestamp check: a request signed at ts is acceptable while
// now <= ts+window, so its nonce is kept until then (until = ts+window).
// Spend must be atomic: of concurrent Spends of one nonce exactly one gets
// NonceFresh. Implementations: the bounded in-memory default and the Redis
// store of package exchange/redisstore.
type NonceStore interface {
	// Check says what Spend would answer, without spending.
	Check(ctx context.Context, apiKey, nonce string, ts, now int64) (NonceVerdict, error)
	// Spend records nonce for apiKey, to be kept until the Unix second
	// until has passed.
	Spend(ctx context.Context, apiKey, nonce string, ts, until, now int64) (NonceVerdict, error)
}

// MemoryNonces is the bounded in-memory NonceStore.
//
// It holds at most max spent nonces (of at most 64 characters, so its bytes
// are bounded too). When it is full of live entries it never silently
// forgets a nonce, which would let it be replayed: it takes the key holding
// the most entries and forgets all its nonces of one timestamp, the one
// farthest from the server clock, and from then on refuses that key's
// requests with exactly that timestamp (NonceForgotten) until the
// timestamp is stale anyway. Such markers are one small map slot per second,
// at most 2*window+1 per key. Honest clients sign with the current time, so
// the seconds given up are ones they do not use: a flood dated now+299 s
// gives up those seconds and nothing else (the floor of earlier versions
// was pushed up to now+299 s by exactly that flood, and refused every
// current request of the key for five minutes).
type MemoryNonces struct {
	mu     sync.Mutex
	max    int
	window int64
	n      int // spent nonces held
	keys   map[string]*keyNonces
}

type keyNonces struct {
	seen      map[string]int64 // nonce -> timestamp
	byTS      map[int64][]string
	times     []int64 // the keys of byTS, sorted
	n         int     // nonces held
	forgotten map[int64]struct{}
}

// NewMemoryNonces returns an empty store of at most max entries for a
// window of windowSeconds either way.
func NewMemoryNonces(max int, windowSeconds int64) *MemoryNonces {
	return &MemoryNonces{max: max, window: windowSeconds, keys: make(map[string]*keyNonces)}
}

// dropTS forgets every nonce of timestamp ts and returns how many.
func (k *keyNonces) dropTS(ts int64) int {
	n := len(k.byTS[ts])
	for _, nonce := range k.byTS[ts] {
		delete(k.seen, nonce)
	}
	delete(k.byTS, ts)
	if i, ok := slices.BinarySearch(k.times, ts); ok {
		k.times = slices.Delete(k.times, i, i+1)
	}
	k.n -= n
	return n
}

// expireKey drops what no timestamp check would accept any more. Callers
// hold mu.
func (c *MemoryNonces) expireKey(apiKey string, k *keyNonces, now int64) {
	oldest := now - c.window // timestamps below this are stale anyway
	for len(k.times) > 0 && k.times[0] < oldest {
		c.n -= k.dropTS(k.times[0])
	}
	for ts := range k.forgotten {
		if ts < oldest {
			delete(k.forgotten, ts)
		}
	}
	if k.n == 0 && len(k.forgotten) == 0 {
		delete(c.keys, apiKey)
	}
}

func (k *keyNonces) verdict(nonce string, ts int64) NonceVerdict {
	if _, ok := k.forgotten[ts]; ok {
		return NonceForgotten
	}
	if _, ok := k.seen[nonce]; ok {
		return NonceReplayed
	}
	return NonceFresh
}

// Check implements NonceStore.
func (c *MemoryNonces) Check(_ context.Context, apiKey, nonce string, ts, now int64) (NonceVerdict, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := c.keys[apiKey]
	if k == nil {
		return NonceFresh, nil
	}
	c.expireKey(apiKey, k, now)
	return k.verdict(nonce, ts), nil
}

// Spend implements NonceStore; until is implied by the window.
func (c *MemoryNonces) Spend(_ context.Context, apiKey, nonce string, ts, _, now int64) (NonceVerdict, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if k := c.keys[apiKey]; k != nil {
		c.expireKey(apiKey, k, now)
	}
	if k := c.keys[apiKey]; k != nil {
		if v := k.verdict(nonce, ts); v != NonceFresh {
			return v, nil
		}
	}
	if c.n >= c.max {
		c.makeRoom(now)
		if k := c.keys[apiKey]; k != nil {
			if v := k.verdict(nonce, ts); v != NonceFresh {
				return v, nil // this very second was just given up
			}
		}
	}
	k := c.keys[apiKey]
	if k == nil {
		k = &keyNonces{seen: make(map[string]int64), byTS: make(map[int64][]string), forgotten: make(map[int64]struct{})}
		c.keys[apiKey] = k
	}
	if _, ok := k.byTS[ts]; !ok {
		i, _ := slices.BinarySearch(k.times, ts)
		k.times = slices.Insert(k.times, i, ts)
	}
	k.byTS[ts] = append(k.byTS[ts], nonce)
	k.seen[nonce] = ts
	k.n++
	c.n++
	return NonceFresh, nil
}

// makeRoom frees entries: the expired ones, then, until the store is at
// 15/16 of its bound (so that a flood pays for one scan per many entries),
// whole seconds of the biggest key, farthest from now first. Callers hold
// mu.
func (c *MemoryNonces) makeRoom(now int64) {
	for apiKey, k := range c.keys {
		c.expireKey(apiKey, k, now)
	}
	target := c.max - max(1, c.max/16)
	for c.n > target {
		var victim string
		var vk *keyNonces
		for apiKey, k := range c.keys {
			// ties go to the smaller key so that eviction is deterministic
			if k.n > 0 && (vk == nil || k.n > vk.n || (k.n == vk.n && apiKey < victim)) {
				victim, vk = apiKey, k
			}
		}
		if vk == nil {
			return
		}
		first, last := vk.times[0], vk.times[len(vk.times)-1]
		ts := first
		if abs(last-now) >= abs(first-now) {
			ts = last
		}
		c.n -= vk.dropTS(ts)
		vk.forgotten[ts] = struct{}{}
	}
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// Len is the number of spent nonces held; never more than max.
func (c *MemoryNonces) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}
