package apikeys

import (
	"html"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/kit/kittest"
	"github.com/consensus-lab/playground/engine/exchange"
)

// bucket replays the stream's requests through the engine's token-bucket
// arithmetic: what the exchange's store must have answered.
func bucket(t *testing.T, run rateRun, rate int) (ok int) {
	t.Helper()
	tokens, last := float64(rate), time.Time{}
	start := time.Unix(0, 0)
	for i, h := range run.Hits {
		now := start.Add(h.At)
		if i == 0 {
			last = now
		}
		var q exchange.Quota
		tokens, q = exchange.TakeToken(tokens, last, now, float64(rate), rate)
		last = now
		assert.Equal(t, q.OK, h.Status == http.StatusOK, "request %d at %s", i+1, h.At)
		assert.Equal(t, q.Remaining, h.Remaining, "request %d: r", i+1)
		if q.OK {
			ok++
		}
	}
	return ok
}

// The client that ignores 429 sends every request and meets the bucket
// the exchange really runs; its headers are the draft's.
func TestRateIgnoring(t *testing.T) {
	run := runRate(5, 12, 3, false)
	require.Len(t, run.Hits, 36)
	assert.Equal(t, bucket(t, run, 5), run.OK)
	assert.Equal(t, 36, run.OK+run.Limited)
	assert.Positive(t, run.Limited)
	for i, h := range run.Hits {
		assert.Equal(t, `"default";q=5;w=1`, h.Resp.Header.Get("RateLimit-Policy"), "request %d", i+1)
		if h.Status == http.StatusTooManyRequests {
			assert.Equal(t, exchange.CodeRateLimited, h.Resp.Code)
			n, err := strconv.Atoi(h.Resp.Header.Get("Retry-After"))
			require.NoError(t, err)
			assert.GreaterOrEqual(t, n, 1)
			assert.Zero(t, h.Remaining)
		}
	}
	for _, h := range run.Hits[:5] {
		assert.Equal(t, http.StatusOK, h.Status, "a full bucket takes the first burst")
	}
}

// The client that obeys Retry-After sends nothing while it waits, and gets
// far fewer refusals.
func TestRateObeying(t *testing.T) {
	ignoring, obeying := runRate(5, 12, 3, false), runRate(5, 12, 3, true)
	assert.Equal(t, bucket(t, obeying, 5), obeying.OK)
	assert.Less(t, obeying.Limited, ignoring.Limited)
	assert.Equal(t, 36, len(obeying.Hits)+obeying.Waited)
	for i, h := range obeying.Hits {
		if h.Status != http.StatusTooManyRequests || i == len(obeying.Hits)-1 {
			continue
		}
		wait, _ := strconv.Atoi(h.Resp.Header.Get("Retry-After"))
		assert.GreaterOrEqual(t, obeying.Hits[i+1].At, h.At+time.Duration(wait)*time.Second, "nothing sent during Retry-After")
	}
}

// A rate the client does not exceed gets no 429 at all.
func TestRateUnderTheLimit(t *testing.T) {
	run := runRate(20, 10, 2, false)
	assert.Equal(t, 20, run.OK)
	assert.Zero(t, run.Limited)
}

func TestRemaining(t *testing.T) {
	assert.Equal(t, 19, remaining(`"default";r=19;t=1`))
	assert.Equal(t, -1, remaining(""))
}

func TestRateRender(t *testing.T) {
	page := kittest.Render(t, NewRateLimit, kit.Placement{ID: "rl"})
	run := runRate(5, 12, 3, false)
	attrs := kittest.Attrs(t, page, "rl-totals")
	assert.Equal(t, "36", attrs["data-sent"])
	assert.Equal(t, strconv.Itoa(run.OK), attrs["data-ok"])
	assert.Equal(t, strconv.Itoa(run.Limited), attrs["data-limited"])
	last := html.UnescapeString(kittest.Text(t, page, "rl-last"))
	assert.Contains(t, last, `RateLimit-Policy: "default";q=5;w=1`)
	assert.Contains(t, last, `RateLimit: "default";r=`)
	assert.Contains(t, page, `aria-label="Tokens remaining`)
	assert.Contains(t, page, `id="rl-timeline"`)
}
