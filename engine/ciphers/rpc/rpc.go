// Package rpc puts the encryption lesson's engine, and the signatures
// lesson's secp256k1 and Merkle work (engine/tx), behind one call: an
// operation name and JSON arguments in, JSON out.
//
// The cipher Web Worker (wasm/ciphers) publishes Dispatcher.Call to
// JavaScript, so those widgets compute off the UI thread and the app
// bundles do not link crypto/rsa, crypto/hpke, btcec and friends. Off
// the browser (server pre-rendering, component tests) the app calls the same
// Dispatcher in-process. One table serves both, so the native tests here
// check the very code the worker runs.
//
// Call never panics and never returns anything but a JSON object: an op's
// result, or {"error": "...", "code": "..."} where code names the engine's
// sentinel error (see Code) so a widget can branch without parsing text.
package rpc

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/consensus-lab/playground/engine/ciphers"
)

// Error codes, one per sentinel of engine/ciphers, plus the call's own.
const (
	CodeAuthFailed     = "auth_failed"
	CodeBadSignature   = "bad_signature"
	CodeDecryption     = "decryption_failed"
	CodeMessageTooLong = "message_too_long"
	CodeBitOutOfRange  = "bit_out_of_range"
	CodeKeySize        = "key_size"
	CodeMalformed      = "malformed"
	CodeUnknownOp      = "unknown_op"
	CodeBadArgs        = "bad_args"
	CodeUnknownKey     = "unknown_key"
	CodeInternal       = "internal"
)

// Reply is the shape of an error answer; a successful answer is the op's
// own result object.
type Reply struct {
	Error string `json:"error"`
	Code  string `json:"code"`
}

// callError is an error that already knows its code.
type callError struct {
	code string
	msg  string
}

func (e *callError) Error() string { return e.msg }

func errorf(code, format string, args ...any) error {
	return &callError{code: code, msg: fmt.Sprintf(format, args...)}
}

// Code names err for a widget: one of the Code* constants.
func Code(err error) string {
	var ce *callError
	switch {
	case errors.As(err, &ce):
		return ce.code
	case errors.Is(err, ciphers.ErrAuthFailed):
		return CodeAuthFailed
	case errors.Is(err, ciphers.ErrBadSignature):
		return CodeBadSignature
	case errors.Is(err, ciphers.ErrDecryption):
		return CodeDecryption
	case errors.Is(err, ciphers.ErrMessageTooLong):
		return CodeMessageTooLong
	case errors.Is(err, ciphers.ErrBitOutOfRange):
		return CodeBitOutOfRange
	case errors.Is(err, ciphers.ErrKeySize):
		return CodeKeySize
	case errors.Is(err, ciphers.ErrMalformed):
		return CodeMalformed
	}
	return CodeInternal
}

// Dispatcher runs ops. It holds the RSA keys made by rsa.keygen (see
// keyStore); everything else is passed in each call. The zero value is not
// usable: call New. A Dispatcher is safe for concurrent use.
type Dispatcher struct {
	keys keyStore
}

// New returns a Dispatcher with no keys.
func New() *Dispatcher { return &Dispatcher{keys: keyStore{keys: map[uint32]ciphers.RSAKey{}}} }

// Ops lists the operation names Call accepts, sorted.
func Ops() []string {
	names := make([]string, 0, len(ops))
	for n := range ops {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// maxArgs bounds one call's arguments: the largest legitimate ones (a
// sealed 512-character message, a signature) are a few KB.
const maxArgs = 1 << 20

// Call runs op on args, a JSON object (empty or "null" means no arguments),
// and returns the op's result as JSON, or an error Reply.
func (d *Dispatcher) Call(op string, args []byte) (out []byte) {
	defer func() {
		// The engine promises not to panic on bad input; this keeps a
		// broken promise from killing the worker and every pending call.
		if r := recover(); r != nil {
			out = errorReply(errorf(CodeInternal, "%s: internal error: %v", op, r))
		}
	}()
	res, err := d.call(op, args)
	if err != nil {
		return errorReply(err)
	}
	b, err := json.Marshal(res)
	if err != nil {
		return errorReply(errorf(CodeInternal, "%s: encoding the result: %v", op, err))
	}
	return b
}

func (d *Dispatcher) call(op string, args []byte) (any, error) {
	o, ok := ops[op]
	if !ok {
		return nil, errorf(CodeUnknownOp, "unknown op %q (known: %s)", op, strings.Join(Ops(), ", "))
	}
	if len(args) > maxArgs {
		return nil, errorf(CodeBadArgs, "%s: arguments of %d bytes are longer than %d", op, len(args), maxArgs)
	}
	return o(d, args)
}

func errorReply(err error) []byte {
	b, _ := json.Marshal(Reply{Error: err.Error(), Code: Code(err)})
	return b
}

// decode reads args into v, refusing unknown fields: a misspelt field
// would otherwise silently mean "use the default".
func decode(op string, args []byte, v any) error {
	s := strings.TrimSpace(string(args))
	if s == "" || s == "null" {
		return nil
	}
	dec := json.NewDecoder(strings.NewReader(s))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return errorf(CodeBadArgs, "%s: bad arguments: %v", op, err)
	}
	if dec.More() {
		return errorf(CodeBadArgs, "%s: bad arguments: more than one JSON value", op)
	}
	return nil
}
