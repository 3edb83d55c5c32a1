// Package attacks holds the widgets of the lesson on attacks: the
// whitepaper's 51% race with a seeded Monte Carlo race, what it takes to
// halt or revert BFT finality, and nothing-at-stake forks with and without
// slashing. Their numbers come from engine/pow and engine/pos.
package attacks

import "github.com/consensus-lab/playground/app/kit"

// base is kit.Base under an unexported name, so that go-app, which copies a
// component's exported fields when a parent re-renders, leaves the widget's
// live state alone (see package kit).
type base = kit.Base
