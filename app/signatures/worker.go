package signatures

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/encryption/cipherworker"
	"github.com/consensus-lab/playground/app/kit"
)

// worker is the cipher worker these widgets call. It is a Client of its
// own, so a page of this lesson starts one worker, as the encryption
// lesson's pages do.
var worker = &cipherworker.Client{Script: func() string { return kit.Href("web/cipher-worker.js") }}

// call runs one op and hands the reply to done on the UI goroutine: in the
// browser later, through ctx.Dispatch; outside it (pre-rendering, tests)
// before call returns, the op running in-process. Tests replace it to hold
// replies back.
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

// live reports whether a widget may call the worker: in the browser once
// mounted, outside it always.
func live(ctx app.Context) bool { return ctx != nil || !app.IsClient }
