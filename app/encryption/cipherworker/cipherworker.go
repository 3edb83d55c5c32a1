// Package cipherworker is the encryption widgets' way to the ciphers: in the
// browser they run in their own Web Worker (web/cipher-worker.js,
// wasm/ciphers), which keeps crypto/rsa, crypto/hpke and friends out of the
// app wasm and an RSA key generation off the UI thread; off the browser
// (pre-rendering, component tests) the same ops run in-process. The ops,
// their arguments and results are those of engine/ciphers/rpc.
//
// It never touches go-app: a widget's package hands replies to its
// component (see package encryption).
package cipherworker

import "encoding/json"

// Error codes the widgets branch on (engine/ciphers/rpc's, plus the
// transport's own "unavailable").
const (
	CodeMalformed   = "malformed"
	CodeKeySize     = "key_size"
	CodeUnknownKey  = "unknown_key"
	CodeUnavailable = "unavailable"
)

// Reply is the answer to one call: a result, or an error and its code.
type Reply struct {
	result json.RawMessage
	err    *Error
}

// Error is an op's refusal, or the worker's failure, as a widget shows it.
type Error struct {
	msg  string
	code string
}

func (e *Error) Error() string { return e.msg }

// Failed is a reply that carries only an error.
func Failed(code, msg string) Reply {
	return Reply{err: &Error{msg: msg, code: code}}
}

// Decode reads a successful reply into v; a failed one is its error.
func (r Reply) Decode(v any) error {
	if r.err != nil {
		return r.err
	}
	if err := json.Unmarshal(r.result, v); err != nil {
		return &Error{msg: "the cipher worker sent an unreadable reply: " + err.Error(), code: "internal"}
	}
	return nil
}

// Code is the error code of a failed reply, "" for a successful one.
func (r Reply) Code() string {
	if r.err == nil {
		return ""
	}
	return r.err.code
}

// Jobs tracks one widget's calls: how many are out (the widget shows that
// it is working and disables its buttons) and which is the newest. A reply
// to an older call is dropped: its inputs were superseded (a learner typing
// fast sends one seal per keystroke), and replies may not all come back in
// the order the widget would need.
type Jobs struct {
	out, seq int
}

// Busy reports whether a call is out.
func (j *Jobs) Busy() bool { return j.out > 0 }

// Send makes one call through call and, if no newer call was sent
// meanwhile, applies its reply.
func (j *Jobs) Send(call func(done func(Reply)), apply func(Reply)) {
	j.seq++
	seq := j.seq
	j.out++
	call(func(r Reply) {
		j.out--
		if seq == j.seq {
			apply(r)
		}
	})
}

// Drop makes every reply still to come irrelevant.
func (j *Jobs) Drop() { j.seq++ }

// marshal is the JSON of an op's arguments, or the reply that says why
// there is none.
func marshal(op string, args any) ([]byte, *Reply) {
	b, err := json.Marshal(args)
	if err != nil {
		r := Failed("bad_args", op+": arguments cannot be sent as JSON: "+err.Error())
		return nil, &r
	}
	return b, nil
}
