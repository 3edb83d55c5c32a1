// Package mining holds the proof-of-work widgets: the genesis block
// re-mined, the browser miner on every core, and the difficulty retarget.
// Their numbers come from engine/pow; the miner's worker pool, which never
// touches go-app, is package mining/pool.
package mining

import "github.com/consensus-lab/playground/app/kit"

// base is kit.Base under an unexported name, so that go-app, which copies a
// component's exported fields when a parent re-renders, leaves the widget's
// live state alone (see package kit).
type base = kit.Base
