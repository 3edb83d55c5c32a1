package encryption

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/cipherclient"
	"github.com/consensus-lab/playground/app/encryption/cipherworker"
)

// worker, live and working are the page's cipher worker and its helpers
// (see package cipherclient).
var (
	worker  = cipherclient.Worker
	live    = cipherclient.Live
	working = cipherclient.Working
)

// call is cipherclient.Call; tests replace it to hold replies back.
var call = cipherclient.Call

// jobs are one widget's calls (see cipherworker.Jobs).
type jobs struct{ cipherworker.Jobs }

// send calls op and, if no newer call was sent meanwhile, applies the reply.
func (j *jobs) send(ctx app.Context, op string, args any, apply func(cipherworker.Reply)) {
	j.Send(func(done func(cipherworker.Reply)) { call(ctx, op, args, done) }, apply)
}
