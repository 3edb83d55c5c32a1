//go:build js && wasm

// Command ciphers is the Web Worker program of the encryption and
// signatures lessons: it
// publishes one synchronous function, cipherCall, that runs one op of
// engine/ciphers/rpc, and then parks forever so the function stays callable.
//
// web/cipher-worker.js owns the protocol (message ids, queueing before
// ready); this program only computes. Keeping crypto/rsa, crypto/hpke,
// btcec's secp256k1 and the rest here takes them out of the app bundles, and out of the UI
// thread: an RSA key takes about half a second to make in wasm.
//
// From JavaScript:
//
//	cipherCall(op, argsJSON) -> resultJSON
//
// op is an op name (see rpc.Ops), argsJSON a JSON object as a string. The
// answer is always a JSON string: the op's result, or {"error", "code"}.
// Bad arguments are an error answer, never a thrown exception.
package main

import (
	"syscall/js"

	"github.com/consensus-lab/playground/engine/ciphers/rpc"
)

func main() {
	d := rpc.New()
	js.Global().Set("cipherCall", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) != 2 || args[0].Type() != js.TypeString || args[1].Type() != js.TypeString {
			return `{"error":"cipherCall takes (op, argsJSON), two strings","code":"` + rpc.CodeBadArgs + `"}`
		}
		return string(d.Call(args[0].String(), []byte(args[1].String())))
	}))
	select {}
}
