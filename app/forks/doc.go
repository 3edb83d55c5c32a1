// Package forks holds the widgets of the lesson on forks and the network:
// nodes that see each other's blocks late, and a pool that withholds its
// blocks (selfish mining). Their numbers come from engine/pow.
package forks

import "github.com/consensus-lab/playground/app/kit"

// base is kit.Base under an unexported name, so that go-app, which copies a
// component's exported fields when a parent re-renders, leaves the widget's
// live state alone (see package kit).
type base = kit.Base
