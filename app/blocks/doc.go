// Package blocks holds the widgets of the lesson "Hashes and blocks": the
// live SHA-256 box and the chain whose blocks name the hash before them.
// Their hashes come from engine/hashing and engine/pow; the chain mines on
// the miner's worker pool (package mining/pool).
package blocks

import "github.com/consensus-lab/playground/app/kit"

// base is kit.Base under an unexported name, so that go-app, which copies a
// component's exported fields when a parent re-renders, leaves the widget's
// live state alone (see package kit).
type base = kit.Base
