package exchange

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// The token bucket on a fake clock: burst at once, then rate a second.
func TestTokenBucketWithAFakeClock(t *testing.T) {
	now := time.Unix(1000, 0)
	var b buckets
	for i := range 3 {
		q := b.take("k", now, 2, 3)
		assert.True(t, q.OK, "burst token %d", i)
		assert.Equal(t, 2-i, q.Remaining)
	}
	q := b.take("k", now, 2, 3)
	assert.False(t, q.OK)
	assert.Equal(t, 1, q.RetryAfter, "half a second rounds up to 1 s")
	assert.Equal(t, 0, q.Remaining)
	assert.Equal(t, 2, q.Reset, "3 tokens at 2/s: full in 1.5 s, rounded up")

	now = now.Add(500 * time.Millisecond)
	assert.True(t, b.take("k", now, 2, 3).OK, "one token refilled")
	assert.False(t, b.take("k", now, 2, 3).OK)

	now = now.Add(time.Hour)
	for range 3 {
		assert.True(t, b.take("k", now, 2, 3).OK)
	}
	assert.False(t, b.take("k", now, 2, 3).OK, "refill stops at the burst")
	assert.True(t, b.take("other", now, 2, 3).OK, "buckets are per name")
}

func TestRateLimitHeaders(t *testing.T) {
	rl := RateLimit{}.withDefaults()
	assert.Equal(t, RateLimit{Rate: 20, Burst: 20}, rl, "CONTRACT: 20 a second, burst the same")
	var b buckets
	h := http.Header{}
	rl.setHeaders(h, b.take("k", time.Unix(0, 0), rl.Rate, rl.Burst))
	assert.Equal(t, `"default";q=20;w=1`, h.Get("RateLimit-Policy"))
	assert.Equal(t, `"default";r=19;t=1`, h.Get("RateLimit"))
	assert.Empty(t, h.Get("Retry-After"))
	assert.Equal(t, RateLimit{Rate: 5, Burst: 5}, RateLimit{Rate: 5}.withDefaults(), "--rate N: burst N")
}

func TestBucketsAreBounded(t *testing.T) {
	now := time.Unix(0, 0)
	var b buckets
	for i := range 3 * maxBuckets / 2 {
		b.take(fmt.Sprint(i), now, 1, 1)
		now = now.Add(time.Microsecond)
	}
	assert.LessOrEqual(t, len(b.m), maxBuckets)
}
