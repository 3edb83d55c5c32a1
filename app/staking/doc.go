// Package staking holds the proof-of-stake widgets: the seeded stake
// lottery (with RANDAO's last-revealer bias) and the swap-or-not shuffle
// stepped round by round. Their numbers come from engine/pos.
package staking

import "github.com/consensus-lab/playground/app/kit"

// base is kit.Base under an unexported name, so that go-app, which copies a
// component's exported fields when a parent re-renders, leaves the widget's
// live state alone (see package kit).
type base = kit.Base
