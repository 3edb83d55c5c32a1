//go:build !wasm

package cipherworker

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/engine/ciphers"
	"github.com/consensus-lab/playground/engine/ciphers/rpc"
)

func TestCallInProcess(t *testing.T) {
	var c Client
	var got Reply
	c.Call("aes.seal", map[string]string{"key": "zz"}, func(r Reply) { got = r })
	require.Error(t, got.Decode(&struct{}{}))
	assert.Equal(t, CodeMalformed, got.Code())
	assert.Contains(t, got.err.Error(), ciphers.ErrMalformed.Error())

	c.Call("nope", nil, func(r Reply) { got = r })
	assert.Equal(t, rpc.CodeUnknownOp, got.Code())

	c.Call("aes.seal", func() {}, func(r Reply) { got = r })
	assert.Equal(t, "bad_args", got.Code(), "arguments that JSON cannot carry")

	c.Call("aes.seal", map[string]string{"plaintext": "x"}, func(r Reply) { got = r })
	var res struct {
		Opened string `json:"opened"`
	}
	require.NoError(t, got.Decode(&res))
	assert.Equal(t, "x", res.Opened)
	assert.Empty(t, got.Code())
	assert.Error(t, Reply{result: json.RawMessage(`[`)}.Decode(&res), "a broken reply is an error, not a zero result")
}

// The codes widgets branch on are the engine's.
func TestCodesMatchTheEngine(t *testing.T) {
	assert.Equal(t, CodeMalformed, rpc.CodeMalformed)
	assert.Equal(t, CodeKeySize, rpc.CodeKeySize)
	assert.Equal(t, CodeUnknownKey, rpc.CodeUnknownKey)
}

func TestJobsKeepTheNewest(t *testing.T) {
	var held []func(Reply)
	hold := func(done func(Reply)) { held = append(held, done) }
	var j Jobs
	var applied []int
	for i := range 3 {
		j.Send(hold, func(Reply) { applied = append(applied, i) })
	}
	assert.True(t, j.Busy())
	held[1](Reply{})
	held[2](Reply{})
	assert.True(t, j.Busy(), "one call still out")
	held[0](Reply{})
	assert.False(t, j.Busy())
	assert.Equal(t, []int{2}, applied)
	j.Send(hold, func(Reply) { applied = append(applied, 9) })
	j.Drop()
	held[3](Reply{})
	assert.Equal(t, []int{2}, applied, "dropped")
	assert.False(t, j.Busy())
}
