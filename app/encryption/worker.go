package encryption

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/encryption/cipherworker"
	"github.com/consensus-lab/playground/app/kit"
)

// worker is the page's one cipher worker, shared by every widget here.
var worker = &cipherworker.Client{Script: func() string { return kit.Href("web/cipher-worker.js") }}

// call runs one op and hands the reply to done on the UI goroutine: in the
// browser the reply comes later, through ctx.Dispatch (a dismounted widget
// never sees it); outside it, done runs before call returns. Tests replace
// it to hold replies back.
var call = func(ctx app.Context, op string, args any, done func(cipherworker.Reply)) {
	if !app.IsClient {
		worker.Call(op, args, done)
		return
	}
	worker.Call(op, args, func(r cipherworker.Reply) { ctx.Dispatch(func(app.Context) { done(r) }) })
}

// jobs are one widget's calls (see cipherworker.Jobs).
type jobs struct{ cipherworker.Jobs }

// send calls op and, if no newer call was sent meanwhile, applies the reply.
func (j *jobs) send(ctx app.Context, op string, args any, apply func(cipherworker.Reply)) {
	j.Send(func(done func(cipherworker.Reply)) { call(ctx, op, args, done) }, apply)
}

// live reports whether a widget may call the worker: in the browser once it
// is mounted (ctx is its mount's context), outside the browser always (the
// ops run in-process, so pre-rendered pages show real results).
func live(ctx app.Context) bool { return ctx != nil || !app.IsClient }

// working is the visible "working" line of a widget whose call is out.
func working(id string, busy bool, what string) app.UI {
	if !busy {
		return nil
	}
	return app.P().ID(id+"-working").Class("status").Role("status").DataSet("working", "yes").Text(what + "…")
}
