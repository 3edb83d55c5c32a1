//go:build !wasm

package encryption

import (
	"encoding/json"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/encryption/cipherworker"
	"github.com/consensus-lab/playground/app/kit/kittest"
	"github.com/consensus-lab/playground/engine/ciphers"
)

// heldCalls replaces call with one that keeps calls until the test
// delivers them, as the worker would answer later in a browser.
type heldCalls struct {
	calls []heldCall
}

type heldCall struct {
	op   string
	args any
	done func(cipherworker.Reply)
	sent bool
}

func holdCipherCalls(t *testing.T) *heldCalls {
	h := &heldCalls{}
	prev := call
	call = func(_ app.Context, op string, args any, done func(cipherworker.Reply)) {
		h.calls = append(h.calls, heldCall{op: op, args: args, done: done})
	}
	t.Cleanup(func() { call = prev })
	return h
}

// ops lists the calls not yet delivered.
func (h *heldCalls) ops() []string {
	var out []string
	for _, c := range h.calls {
		if !c.sent {
			out = append(out, c.op)
		}
	}
	return out
}

// deliver answers call i with what the in-process engine says.
func (h *heldCalls) deliver(t *testing.T, i int) {
	t.Helper()
	c := &h.calls[i]
	require.False(t, c.sent)
	c.sent = true
	worker.Call(c.op, c.args, c.done)
}

// release answers every pending call, those its replies send too, and
// re-renders.
func (h *heldCalls) release(t *testing.T, c app.Composer, d app.ClientDispatcher) {
	t.Helper()
	for i := 0; i < len(h.calls); i++ {
		if !h.calls[i].sent {
			h.deliver(t, i)
		}
	}
	c.Update()
	d.Consume()
}

// disabled reports whether the element with this id is disabled.
func disabled(t *testing.T, html, id string) bool {
	t.Helper()
	_, off := kittest.Attrs(t, html, id)["disabled"]
	return off
}

// The app's mirrors of the engine's names must not drift.
func TestMirrorsMatchTheEngine(t *testing.T) {
	var algs []string
	for _, a := range ciphers.Algorithms() {
		algs = append(algs, string(a))
	}
	assert.Equal(t, algs, raceAlgorithms)
	var parts []string
	for _, p := range ciphers.Parts {
		parts = append(parts, p.String())
	}
	assert.Equal(t, parts, aesParts)
	assert.Equal(t, ciphers.KindSymmetric, kindSymmetric)
	assert.Equal(t, ciphers.KindAsymmetric, kindAsymmetric)

	m := ciphers.Measurement{Algorithm: ciphers.AlgHPKE, Operation: "seal", Kind: ciphers.KindHybrid, Ops: 3, OpsPerSec: 1.5, NsPerOp: 2, Skipped: ""}
	b, err := json.Marshal(m)
	require.NoError(t, err)
	var mirror measurement
	require.NoError(t, json.Unmarshal(b, &mirror))
	assert.Equal(t, measurement{Algorithm: "HPKE", Operation: "seal", Kind: "hybrid", Ops: 3, OpsPerSec: 1.5, NsPerOp: 2}, mirror)
	assert.Equal(t, m.Measured(), mirror.measured())
}

// A widget calls the worker only once live: in the browser before it is
// mounted it would have no context to hand replies to.
func TestLiveOutsideTheBrowser(t *testing.T) {
	require.False(t, app.IsClient)
	assert.True(t, live(nil), "pre-rendering runs the ops in-process")
}
