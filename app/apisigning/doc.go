// Package apisigning holds the HMAC request-signing widgets: the canonical
// string builder, the verifier with its reasons, the replay attacker, key
// rotation, and signing like Binance, Kraken and AWS. What they sign is
// engine/signing's; what answers is the real engine/exchange handler in an
// in-page sandbox (package sandbox).
package apisigning

import "github.com/consensus-lab/playground/app/kit"

// base is kit.Base under an unexported name, so that go-app, which copies a
// component's exported fields when a parent re-renders, leaves the widget's
// live state alone (see package kit).
type base = kit.Base
