package signing

import (
	"container/heap"
	"sync"
)

// nonceCache remembers the nonces of authenticated requests, per API key,
// for as long as a replay of them could still pass the timestamp check.
//
// A request signed at timestamp T passes while |now-T| <= window, so its
// nonce must be remembered until now > T+window and can be forgotten after.
// Entries are kept in a min-heap by T per key, and expire by age.
//
// The cache is bounded in entries, and so in bytes (a nonce is at most 64
// characters). When it is full of live entries, it must not simply drop one:
// a dropped nonce could be replayed for the rest of its window. Instead it
// evicts the oldest entry of the key holding the most entries and raises that
// key's floor to the evicted timestamp; from then on every request of that
// key with a timestamp at or before the floor is refused as stale, because
// the cache can no longer prove it is not a replay. So a flood of valid
// requests (the sandbox's demo credentials are public) can never make a
// replay pass and never grow memory past the bound; the worst it can do is
// make requests of the flooding key itself with older timestamps fail with
// stale_timestamp until their clients sign a fresh one. Other keys are
// touched only if they hold as many entries as the flooder.
type nonceCache struct {
	mu     sync.Mutex
	max    int
	window int64 // seconds
	n      int   // live entries across keys
	keys   map[string]*keyNonces
}

type keyNonces struct {
	seen     map[string]int64 // nonce -> timestamp
	byAge    nonceHeap
	floor    int64 // refuse timestamps <= floor (valid when hasFloor)
	hasFloor bool
}

type nonceEntry struct {
	ts    int64
	nonce string
}

type nonceHeap []nonceEntry

func (h nonceHeap) Len() int           { return len(h) }
func (h nonceHeap) Less(i, j int) bool { return h[i].ts < h[j].ts }
func (h nonceHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *nonceHeap) Push(x any)        { *h = append(*h, x.(nonceEntry)) }
func (h *nonceHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}

func newNonceCache(max int, windowSeconds int64) *nonceCache {
	return &nonceCache{max: max, window: windowSeconds, keys: make(map[string]*keyNonces)}
}

// expireKey drops the entries of k that no timestamp check would accept any
// more, and a floor that the window has overtaken. Callers hold mu.
func (c *nonceCache) expireKey(apiKey string, k *keyNonces, now int64) {
	oldest := now - c.window // timestamps below this are stale anyway
	for k.byAge.Len() > 0 && k.byAge[0].ts < oldest {
		e := heap.Pop(&k.byAge).(nonceEntry)
		delete(k.seen, e.nonce)
		c.n--
	}
	if k.hasFloor && k.floor < oldest {
		k.hasFloor = false
	}
	if k.byAge.Len() == 0 && !k.hasFloor {
		delete(c.keys, apiKey)
	}
}

// check says what spend would answer now, without spending: belowFloor,
// replayed, or spent (meaning "would be accepted").
func (c *nonceCache) check(apiKey, nonce string, ts, now int64) spendResult {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := c.keys[apiKey]
	if k == nil {
		return spent
	}
	c.expireKey(apiKey, k, now)
	return k.verdict(nonce, ts)
}

// verdict is the read-only part of spend. Callers hold mu and have expired
// the key's old entries.
func (k *keyNonces) verdict(nonce string, ts int64) spendResult {
	if k.hasFloor && ts <= k.floor {
		return belowFloor
	}
	if _, ok := k.seen[nonce]; ok {
		return replayed
	}
	return spent
}

// floor returns the timestamp at or before which apiKey's requests are
// refused because their nonces may have been evicted.
func (c *nonceCache) floor(apiKey string, now int64) (int64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := c.keys[apiKey]
	if k == nil {
		return 0, false
	}
	c.expireKey(apiKey, k, now)
	return k.floor, k.hasFloor
}

// spendResult says what spend did.
type spendResult int

const (
	spent      spendResult = iota
	replayed               // the nonce was already spent
	belowFloor             // ts <= the key's floor: cannot be checked any more
)

// spend atomically checks and records nonce for apiKey at timestamp ts. It
// is called only once the request has authenticated, so a failed request
// never spends its nonce.
func (c *nonceCache) spend(apiKey, nonce string, ts, now int64) spendResult {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := c.keys[apiKey]
	if k != nil {
		c.expireKey(apiKey, k, now)
		k = c.keys[apiKey]
	}
	if k != nil {
		if r := k.verdict(nonce, ts); r != spent {
			return r
		}
	}
	if c.n >= c.max {
		c.makeRoom(now)
	}
	if k = c.keys[apiKey]; k == nil {
		k = &keyNonces{seen: make(map[string]int64)}
		c.keys[apiKey] = k
	}
	k.seen[nonce] = ts
	heap.Push(&k.byAge, nonceEntry{ts: ts, nonce: nonce})
	c.n++
	return spent
}

// makeRoom frees one entry: expired ones first, else the oldest entry of
// the key holding the most, raising that key's floor (see nonceCache).
// Callers hold mu.
func (c *nonceCache) makeRoom(now int64) {
	for apiKey, k := range c.keys {
		c.expireKey(apiKey, k, now)
	}
	if c.n < c.max {
		return
	}
	var victim string
	var vk *keyNonces
	for apiKey, k := range c.keys {
		// ties go to the smaller key so that eviction is deterministic
		if vk == nil || k.byAge.Len() > vk.byAge.Len() || (k.byAge.Len() == vk.byAge.Len() && apiKey < victim) {
			victim, vk = apiKey, k
		}
	}
	if vk == nil || vk.byAge.Len() == 0 {
		return // max < 1: nothing to evict; the entry is still recorded
	}
	e := heap.Pop(&vk.byAge).(nonceEntry)
	delete(vk.seen, e.nonce)
	c.n--
	if !vk.hasFloor || e.ts > vk.floor {
		vk.floor, vk.hasFloor = e.ts, true
	}
}

// size is the number of live entries.
func (c *nonceCache) size() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}
