// Package signatures holds the widgets of the signatures lesson: a
// transaction signed with a secp256k1 key (ECDSA or BIP 340 Schnorr) and
// tampered with, and a Merkle tree with an inclusion proof. The curve work
// and the Merkle hashing run in the cipher worker (engine/ciphers/rpc's
// curve ops), never in the app wasm: btcec's tables are too heavy for it.
package signatures

import "github.com/consensus-lab/playground/app/kit"

// base is kit.Base under an unexported name, so that go-app, which copies a
// component's exported fields when a parent re-renders, leaves the widget's
// live state alone (see package kit).
type base = kit.Base
