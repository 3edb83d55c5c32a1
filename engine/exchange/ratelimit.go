package exchange

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// RateLimit configures the per-API-key token bucket: Burst requests at once,
// refilled at Rate per second. A zero Rate takes the defaults; a negative
// Rate turns limiting off.
type RateLimit struct {
	Rate  float64
	Burst int
}

// Defaults of RateLimit (CONTRACT.md: 20 a second, burst the same).
const (
	DefaultRate  = 20
	DefaultBurst = 20
)

func (rl RateLimit) withDefaults() RateLimit {
	if rl.Rate == 0 {
		rl.Rate = DefaultRate
	}
	if rl.Burst <= 0 {
		rl.Burst = int(math.Max(1, math.Ceil(rl.Rate)))
		if rl.Rate == DefaultRate {
			rl.Burst = DefaultBurst
		}
	}
	return rl
}

// setHeaders writes the IETF httpapi ratelimit-headers draft's fields for
// a bucket of this limit after q: the policy (quota q, window w seconds)
// and the state (r tokens left, t seconds until the bucket is full).
func (rl RateLimit) setHeaders(h http.Header, q Quota) {
	window := max(1, int(math.Ceil(float64(rl.Burst)/rl.Rate)))
	h.Set("RateLimit-Policy", fmt.Sprintf(`"default";q=%d;w=%d`, rl.Burst, window))
	h.Set("RateLimit", fmt.Sprintf(`"default";r=%d;t=%d`, q.Remaining, q.Reset))
	if !q.OK {
		h.Set("Retry-After", strconv.Itoa(q.RetryAfter))
	}
}

// maxBuckets bounds the in-memory limiter: a bucket is made per API key
// (and client address on shared keys) and per address asking for keys.
const maxBuckets = 100_000

type bucket struct {
	tokens float64
	last   time.Time
	rate   float64
	burst  int
}

// buckets are the in-memory token buckets.
type buckets struct {
	mu sync.Mutex
	m  map[string]*bucket
}

func (b *buckets) take(name string, now time.Time, rate float64, burst int) Quota {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.m == nil {
		b.m = make(map[string]*bucket)
	}
	bk, ok := b.m[name]
	if !ok {
		if len(b.m) >= maxBuckets {
			b.prune(now)
		}
		bk = &bucket{tokens: float64(burst), last: now}
		b.m[name] = bk
	}
	var q Quota
	bk.tokens, q = TakeToken(bk.tokens, bk.last, now, rate, burst)
	if now.After(bk.last) {
		bk.last = now
	}
	bk.rate, bk.burst = rate, burst
	return q
}

// prune forgets full buckets (a new bucket starts full, so nothing is lost);
// if every bucket is in use it forgets the fullest half rather than grow.
func (b *buckets) prune(now time.Time) {
	for k, bk := range b.m {
		if bk.tokens+now.Sub(bk.last).Seconds()*bk.rate >= float64(bk.burst) {
			delete(b.m, k)
		}
	}
	for k := range b.m {
		if len(b.m) < maxBuckets/2 {
			return
		}
		delete(b.m, k)
	}
}
