//go:build !wasm

package app

import (
	"encoding/json"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/engine/ciphers/rpc"
)

// inProcess runs the ops outside the browser: server pre-rendering shows
// real results, and component tests check the engine's. Its RSA keys live as
// long as the process, bounded by rpc's own limit.
var inProcess = rpc.New()

// defaultCipherCall runs the op here and now, on the caller's goroutine.
func defaultCipherCall(_ app.Context, op string, args any, done func(cipherReply)) {
	b, err := json.Marshal(args)
	if err != nil {
		done(failedReply("bad_args", op+": arguments cannot be sent as JSON: "+err.Error()))
		return
	}
	done(parseCipherReply(inProcess.Call(op, b)))
}

// parseCipherReply splits rpc's answer into a result or an error.
func parseCipherReply(raw []byte) cipherReply {
	var r rpc.Reply
	if err := json.Unmarshal(raw, &r); err != nil {
		return failedReply("internal", "unreadable reply: "+err.Error())
	}
	if r.Error != "" {
		return failedReply(r.Code, r.Error)
	}
	return cipherReply{result: raw}
}
