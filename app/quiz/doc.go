// Package quiz holds the "predict, then run" check and the learner's
// progress: each answer is kept in the browser's localStorage, per lesson
// and check, and nothing leaves the device.
package quiz

import "github.com/consensus-lab/playground/app/kit"

// base is kit.Base under an unexported name, so that go-app, which copies a
// component's exported fields when a parent re-renders, leaves the widget's
// live state alone (see package kit).
type base = kit.Base
