//go:build !wasm

package orders

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/kit/kittest"
	"github.com/consensus-lab/playground/app/widgetspec"
	"github.com/consensus-lab/playground/engine/exchange/retry"
)

func TestRetryPolicyWaitsComeFromTheEngine(t *testing.T) {
	w := NewRetryPolicy(kit.Placement{ID: "rp", Params: map[string]string{"base": "100", "cap": "1000", "attempts": "7", "clients": "3", "seed": "42"}}).(*retryPolicy)
	d := app.NewServerTester(w)
	defer d.Close()
	p := retry.Policy{MaxAttempts: 7, Base: 100 * time.Millisecond, Cap: time.Second}
	require.Len(t, w.schedule.Ceilings, 6, "one wait per retry")
	for n, c := range w.schedule.Ceilings {
		assert.Equal(t, p.Ceiling(n), c)
	}
	assert.Equal(t, time.Second, w.schedule.Ceilings[5], "capped")
	for i, row := range w.schedule.Waits {
		c := &retry.Client{Policy: p, Seed: 42 + uint64(i)}
		for n, got := range row {
			assert.Equal(t, c.Backoff(n), got, "client %d retry %d", i, n)
			assert.LessOrEqual(t, got, w.schedule.Ceilings[n])
		}
	}
	html := app.HTMLString(w)
	assert.Contains(t, html, `data-wait="`+strconv.FormatInt(w.schedule.Waits[0][0].Milliseconds(), 10)+`"`)
	assert.Contains(t, html, "at most 3.5 s of waiting in all", "100+200+400+800+1000+1000 ms")
	assert.Contains(t, html, `aria-label="Wait before each retry`)
}

func TestRetryPolicyWithoutJitterIsAHerd(t *testing.T) {
	params := map[string]string{"base": "200", "cap": "5000", "attempts": "5", "clients": "100"}
	none := NewRetryPolicy(kit.Placement{ID: "rp", Params: map[string]string{"jitter": "none"}}).(*retryPolicy)
	for k, v := range params {
		none.Params[k] = v
	}
	d := app.NewServerTester(none)
	defer d.Close()
	assert.Contains(t, app.HTMLString(none), `data-peak="100"`, "every client retries at the same instant")
	assert.Contains(t, app.HTMLString(none), `data-retries="400"`)

	full := NewRetryPolicy(kit.Placement{ID: "rp2", Params: params}).(*retryPolicy)
	d2 := app.NewServerTester(full)
	defer d2.Close()
	peak := 0
	for _, row := range full.schedule.Waits {
		assert.Len(t, row, 4)
	}
	html := app.HTMLString(full)
	for p := 1; p < 100; p++ {
		if strings.Contains(html, `data-peak="`+strconv.Itoa(p)+`"`) {
			peak = p
		}
	}
	assert.Positive(t, peak)
	assert.Less(t, peak, 50, "full jitter spreads the crowd")
}

func TestRetryPolicySpecRejectsCapBelowBase(t *testing.T) {
	s, ok := widgetspec.Lookup("retrypolicy")
	require.True(t, ok)
	errs := s.Check(map[string]string{"base": "1000", "cap": "500"})
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0].Error(), "cap (500 ms) is below base (1000 ms)")
}

// The controls are the spec's parameters: a changed one redraws from the
// engine and is part of the state a link carries; Draw again moves the seed
// past every client's, and is off without jitter.
func TestRetryPolicyControls(t *testing.T) {
	w := NewRetryPolicy(kit.Placement{ID: "rp", Params: map[string]string{"clients": "3", "seed": "7"}}).(*retryPolicy)
	d := app.NewClientTester(w)
	defer d.Close()
	html := app.HTMLString(w)
	for _, p := range []string{"base", "cap", "attempts", "clients", "jitter"} {
		assert.True(t, kittest.Has(html, "rp-"+p), p)
	}
	assert.Equal(t, "10", kittest.Attrs(t, html, "rp-base")["min"], "bounds from widgetspec")
	assert.Equal(t, "5000", kittest.Attrs(t, html, "rp-base")["max"])

	w.reroll()
	assert.Equal(t, 10, w.Int("seed"))
	c := &retry.Client{Policy: w.policy, Seed: 10}
	assert.Equal(t, c.Backoff(0), w.schedule.Waits[0][0], "client 1 draws with the new seed")

	w.Set("attempts", "3")
	assert.Len(t, w.schedule.Ceilings, 2)
	assert.Equal(t, map[string]string{"seed": "10", "attempts": "3"}, w.Modified())

	w.Set("jitter", "none")
	w.Update()
	d.Consume()
	assert.Contains(t, kittest.Attrs(t, app.HTMLString(w), "rp-reroll"), "disabled", "nothing to draw without jitter")

	pre := kittest.Render(t, NewRetryPolicy, kit.Placement{ID: "rp"})
	assert.NotRegexp(t, `(checked|selected|disabled)="false"`, pre, "no false boolean attribute pre-rendered")
	assert.True(t, kittest.HasElement(pre, `value="full"`, `selected`), "the default choice is selected before the wasm runs")
	assert.False(t, kittest.HasElement(pre, `value="none"`, `selected`))
}
