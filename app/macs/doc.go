// Package macs holds the widgets of the lesson inside HMAC: HMAC-SHA256
// step by step, and the length-extension forgery that breaks
// SHA-256(secret || message) and fails against HMAC. Their numbers come
// from engine/lengthext.
package macs

import "github.com/consensus-lab/playground/app/kit"

// base is kit.Base under an unexported name, so that go-app, which copies a
// component's exported fields when a parent re-renders, leaves the widget's
// live state alone (see package kit).
type base = kit.Base
