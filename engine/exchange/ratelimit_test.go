package exchange

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestLimiterTokenBucket(t *testing.T) {
	now := time.Unix(1000, 0)
	l := newLimiter(RateLimit{Rate: 2, Burst: 3}, func() time.Time { return now })
	for i := range 3 {
		ok, _ := l.allow("k")
		assert.True(t, ok, "burst token %d", i)
	}
	ok, wait := l.allow("k")
	assert.False(t, ok)
	assert.Equal(t, 1, wait, "half a second rounds up to 1 s")

	now = now.Add(500 * time.Millisecond)
	ok, _ = l.allow("k")
	assert.True(t, ok, "one token refilled")

	now = now.Add(time.Hour)
	for range 3 {
		ok, _ = l.allow("k")
		assert.True(t, ok)
	}
	ok, _ = l.allow("k")
	assert.False(t, ok, "refill stops at the burst")
}

func TestLimiterDefaultsAndOff(t *testing.T) {
	l := newLimiter(RateLimit{}, time.Now)
	assert.Equal(t, float64(DefaultRate), l.rate)
	assert.Equal(t, float64(DefaultBurst), l.burst)

	off := newLimiter(RateLimit{Rate: -1}, time.Now)
	for range 1000 {
		ok, _ := off.allow("k")
		assert.True(t, ok)
	}
}

func TestLimiterMemoryIsBounded(t *testing.T) {
	now := time.Unix(0, 0)
	l := newLimiter(RateLimit{Rate: 1, Burst: 1}, func() time.Time { return now })
	for i := range 3 * maxBuckets {
		l.allow(fmt.Sprint(i))
		now = now.Add(time.Millisecond)
	}
	assert.LessOrEqual(t, len(l.buckets), maxBuckets)
}
