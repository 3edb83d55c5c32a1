// Package orders holds the idempotency widgets: the order desk over a
// flaky network, the Idempotency-Key conflicts (400, 409, 422, replays,
// expiry), and the retry policy's backoff and jitter. Every answer comes
// from the real engine/exchange handler in an in-page sandbox (package
// sandbox) or from the engine's retry client; the order desk's model, which
// never touches go-app, is package orders/desk.
package orders

import (
	"time"

	"github.com/consensus-lab/playground/app/kit"
)

// base is kit.Base under an unexported name, so that go-app, which copies a
// component's exported fields when a parent re-renders, leaves the widget's
// live state alone (see package kit).
type base = kit.Base

// plural writes a count with its noun: "1 order", "3 orders".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return kit.Int(n) + " " + many
}

// waitText writes a virtual-clock wait: "250 ms", "1.25 s".
func waitText(d time.Duration) string { return kit.Nanos(float64(d)) }
