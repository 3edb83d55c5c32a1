//go:build !wasm

package signatures

import (
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/encryption/cipherworker"
)

// heldCalls keeps the widgets' calls until the test answers them, as the
// worker answers later in a browser.
type heldCalls struct{ calls []heldCall }

type heldCall struct {
	op   string
	args any
	done func(cipherworker.Reply)
}

func holdCalls(t *testing.T) *heldCalls {
	h := &heldCalls{}
	prev := call
	call = func(_ app.Context, op string, args any, done func(cipherworker.Reply)) {
		h.calls = append(h.calls, heldCall{op, args, done})
	}
	t.Cleanup(func() { call = prev })
	return h
}

// next answers the oldest held call with what the in-process ops say and
// returns its op.
func (h *heldCalls) next(t *testing.T) string {
	t.Helper()
	if len(h.calls) == 0 {
		t.Fatal("no call is held")
	}
	c := h.calls[0]
	h.calls = h.calls[1:]
	worker.Call(c.op, c.args, c.done)
	return c.op
}
