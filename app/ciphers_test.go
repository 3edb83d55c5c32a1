//go:build !wasm

package app

import (
	"encoding/json"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/engine/ciphers"
	"github.com/consensus-lab/playground/engine/ciphers/rpc"
)

// heldCalls replaces cipherCall with one that keeps calls until the test
// delivers them, as the worker would answer later in a browser.
type heldCalls struct {
	calls []heldCall
}

type heldCall struct {
	op   string
	args any
	done func(cipherReply)
	sent bool
}

func holdCipherCalls(t *testing.T) *heldCalls {
	h := &heldCalls{}
	prev := cipherCall
	cipherCall = func(_ app.Context, op string, args any, done func(cipherReply)) {
		h.calls = append(h.calls, heldCall{op: op, args: args, done: done})
	}
	t.Cleanup(func() { cipherCall = prev })
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
	defaultCipherCall(nil, c.op, c.args, c.done)
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

func TestCipherCallInProcess(t *testing.T) {
	var got cipherReply
	defaultCipherCall(nil, "aes.seal", map[string]string{"key": "zz"}, func(r cipherReply) { got = r })
	require.Error(t, got.decode(&struct{}{}))
	assert.Equal(t, codeMalformed, got.code())
	assert.Contains(t, got.err.Error(), ciphers.ErrMalformed.Error())

	defaultCipherCall(nil, "nope", nil, func(r cipherReply) { got = r })
	assert.Equal(t, rpc.CodeUnknownOp, got.code())

	defaultCipherCall(nil, "aes.seal", func() {}, func(r cipherReply) { got = r })
	assert.Equal(t, "bad_args", got.code(), "arguments that JSON cannot carry")

	defaultCipherCall(nil, "aes.seal", map[string]string{"plaintext": "x"}, func(r cipherReply) { got = r })
	var res struct {
		Opened string `json:"opened"`
	}
	require.NoError(t, got.decode(&res))
	assert.Equal(t, "x", res.Opened)
	assert.Empty(t, got.code())
	assert.Error(t, cipherReply{result: json.RawMessage(`[`)}.decode(&res), "a broken reply is an error, not a zero result")
}

// The app's mirrors of the engine's names must not drift.
func TestCipherMirrorsMatchTheEngine(t *testing.T) {
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
	assert.Equal(t, codeMalformed, rpc.CodeMalformed)
	assert.Equal(t, codeKeySize, rpc.CodeKeySize)
	assert.Equal(t, codeUnknownKey, rpc.CodeUnknownKey)

	m := ciphers.Measurement{Algorithm: ciphers.AlgHPKE, Operation: "seal", Kind: ciphers.KindHybrid, Ops: 3, OpsPerSec: 1.5, NsPerOp: 2, Skipped: ""}
	b, err := json.Marshal(m)
	require.NoError(t, err)
	var mirror measurement
	require.NoError(t, json.Unmarshal(b, &mirror))
	assert.Equal(t, measurement{Algorithm: "HPKE", Operation: "seal", Kind: "hybrid", Ops: 3, OpsPerSec: 1.5, NsPerOp: 2}, mirror)
	assert.Equal(t, m.Measured(), mirror.measured())
}

func TestCipherJobsKeepsTheNewest(t *testing.T) {
	held := holdCipherCalls(t)
	var j cipherJobs
	var applied []int
	for i := range 3 {
		j.send(nil, "ed25519.key", nil, func(cipherReply) { applied = append(applied, i) })
	}
	assert.True(t, j.busy())
	held.deliver(t, 1)
	held.deliver(t, 2)
	assert.True(t, j.busy(), "one call still out")
	held.deliver(t, 0)
	assert.False(t, j.busy())
	assert.Equal(t, []int{2}, applied)
	j.send(nil, "ed25519.key", nil, func(cipherReply) { applied = append(applied, 9) })
	j.drop()
	held.deliver(t, 3)
	assert.Equal(t, []int{2}, applied, "dropped")
}
