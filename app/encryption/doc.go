// Package encryption holds the cipher widgets: AES-GCM with a flipped bit,
// hybrid encryption (HPKE) step by step, signing and verifying, and the
// speed race. Their crypto runs in the cipher worker (package
// encryption/cipherworker), never in the app wasm; this package hands the
// worker's replies to the components.
package encryption

import "github.com/consensus-lab/playground/app/kit"

// base is kit.Base under an unexported name, so that go-app, which copies a
// component's exported fields when a parent re-renders, leaves the widget's
// live state alone (see package kit).
type base = kit.Base
