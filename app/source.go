package app

import (
	"github.com/consensus-lab/playground/lessons/lesson"
)

// The course the pages show comes from a source: on the server, the compiled
// course in memory (source_nowasm.go), so pre-rendering is synchronous; in
// the browser, the JSON files the server or the static export publishes
// (source_wasm.go). Both call back with the result; done runs on the UI
// goroutine in the browser (through ctx.Dispatch) and at once on the server.

// loadState is what a page knows about data it is waiting for.
type loadState int

const (
	loading loadState = iota
	loaded
	missing // the slug or file does not exist
	failed  // the network or the data failed
)

// Course is what the server pre-renders from. The server and the static
// exporter set it before the first request.
type Course interface {
	Index() lesson.Index
	Lesson(slug string) (*lesson.Lesson, bool)
}
