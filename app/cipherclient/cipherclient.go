// Package cipherclient is the page's cipher worker as widgets call it: one
// worker shared by every topic whose work runs there (encryption,
// signatures), and its replies handed back on the UI goroutine. The worker
// protocol itself is package encryption/cipherworker, which never touches
// go-app.
package cipherclient

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/encryption/cipherworker"
	"github.com/consensus-lab/playground/app/kit"
)

// Worker is the page's one cipher worker: a page with encryption and
// signature widgets, or a visit to both lessons, starts it once.
var Worker = &cipherworker.Client{Script: func() string { return kit.Href("web/cipher-worker.js") }}

// Call runs one op and hands the reply to done on the UI goroutine: in the
// browser the reply comes later, through ctx.Dispatch (a dismounted widget
// never sees it); outside it, done runs before Call returns.
func Call(ctx app.Context, op string, args any, done func(cipherworker.Reply)) {
	if !app.IsClient {
		Worker.Call(op, args, done)
		return
	}
	Worker.Call(op, args, func(r cipherworker.Reply) { ctx.Dispatch(func(app.Context) { done(r) }) })
}

// Live reports whether a widget may call the worker: in the browser once it
// is mounted (ctx is its mount's context), outside the browser always (the
// ops run in-process, so pre-rendered pages show real results).
func Live(ctx app.Context) bool { return ctx != nil || !app.IsClient }

// Working is the visible "working" line of a widget whose call is out.
func Working(id string, busy bool, what string) app.UI {
	if !busy {
		return nil
	}
	return app.P().ID(id+"-working").Class("status").Role("status").DataSet("working", "yes").Text(what + "…")
}
