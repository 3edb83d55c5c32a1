// Package consensus holds the widgets of the lesson "The consensus
// family": delegated proof of stake's vote, proof of authority's signer
// rotation, proof of space's plots, and the energy of proof of work beside
// proof of stake. Their numbers come from engine/pos, engine/pow and
// engine/space.
package consensus

import "github.com/consensus-lab/playground/app/kit"

// base is kit.Base under an unexported name, so that go-app, which copies a
// component's exported fields when a parent re-renders, leaves the widget's
// live state alone (see package kit).
type base = kit.Base
