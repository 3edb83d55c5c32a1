package exchange

import (
	"math"
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

// Defaults of RateLimit: generous for a learner clicking and a client
// retrying, tight enough that a loop is stopped within a second.
const (
	DefaultRate  = 10
	DefaultBurst = 20
)

// maxBuckets bounds the limiter's memory; only authenticated keys get a
// bucket, so this is reached only with a very large key ring.
const maxBuckets = 10_000

type bucket struct {
	tokens float64
	last   time.Time
}

// limiter is a token bucket per key.
type limiter struct {
	rate  float64
	burst float64
	now   func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
}

func newLimiter(cfg RateLimit, now func() time.Time) *limiter {
	if cfg.Rate == 0 {
		cfg.Rate = DefaultRate
	}
	if cfg.Burst <= 0 {
		cfg.Burst = DefaultBurst
	}
	return &limiter{rate: cfg.Rate, burst: float64(cfg.Burst), now: now, buckets: make(map[string]*bucket)}
}

// allow takes one token for key. When none is left it returns false and the
// whole seconds until one will be (at least 1), for Retry-After.
func (l *limiter) allow(key string) (bool, int) {
	if l.rate < 0 {
		return true, 0
	}
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) >= maxBuckets {
			l.prune(now)
		}
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	l.refill(b, now)
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := math.Ceil((1 - b.tokens) / l.rate)
	if wait < 1 {
		wait = 1
	}
	return false, int(wait)
}

func (l *limiter) refill(b *bucket, now time.Time) {
	if dt := now.Sub(b.last).Seconds(); dt > 0 {
		b.tokens = math.Min(l.burst, b.tokens+dt*l.rate)
	}
	b.last = now
}

// prune forgets full buckets (a new bucket starts full, so nothing is lost);
// if every bucket is in use it forgets them all rather than grow.
func (l *limiter) prune(now time.Time) {
	for k, b := range l.buckets {
		l.refill(b, now)
		if b.tokens >= l.burst {
			delete(l.buckets, k)
		}
	}
	if len(l.buckets) >= maxBuckets {
		clear(l.buckets)
	}
}
