//go:build !wasm

package cipherworker

import (
	"encoding/json"

	"github.com/consensus-lab/playground/engine/ciphers/rpc"
)

// Client runs the ops. Outside the browser it runs them here and now: server
// pre-rendering shows real results, and component tests check the engine's.
type Client struct {
	// Script is the worker script's address, asked when the worker starts
	// (in the browser only).
	Script func() string
}

// inProcess serves every Client outside the browser. Its RSA keys live as
// long as the process, bounded by rpc's own limit.
var inProcess = rpc.New()

// Call runs op with args (marshalled to JSON) and hands the reply to done,
// on the caller's goroutine before Call returns.
func (c *Client) Call(op string, args any, done func(Reply)) {
	b, failed := marshal(op, args)
	if failed != nil {
		done(*failed)
		return
	}
	done(parseReply(inProcess.Call(op, b)))
}

// parseReply splits rpc's answer into a result or an error.
func parseReply(raw []byte) Reply {
	var r rpc.Reply
	if err := json.Unmarshal(raw, &r); err != nil {
		return Failed("internal", "unreadable reply: "+err.Error())
	}
	if r.Error != "" {
		return Failed(r.Code, r.Error)
	}
	return Reply{result: raw}
}
