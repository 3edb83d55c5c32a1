// Package apikeys holds the widgets of the API-keys lesson: what a key may
// do (scopes), from where (an IP allow-list), on whose data (another key's
// order), with which kind of key (Ed25519), and how often (the token bucket
// and its RateLimit headers). Every answer comes from the real
// engine/exchange handler in an in-page sandbox (package sandbox).
package apikeys

import "github.com/consensus-lab/playground/app/kit"

// base is kit.Base under an unexported name, so that go-app, which copies a
// component's exported fields when a parent re-renders, leaves the widget's
// live state alone (see package kit).
type base = kit.Base
