//go:build !wasm

package cipherclient

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/encryption/cipherworker"
)

// Outside the browser the ops run in-process, before Call returns, so a
// pre-rendered page shows real results.
func TestCallRunsInProcess(t *testing.T) {
	assert.True(t, Live(nil))
	var got *cipherworker.Reply
	Call(nil, "merkle.proof", map[string]any{"txids": []string{"8c14f0db3df150123e6f3dbbf30f8b955a8249b62ac1d1ff16284aefa3d06d87"}, "index": 0}, func(r cipherworker.Reply) { got = &r })
	require.NotNil(t, got, "answered before Call returned")
	var res struct {
		Root  string `json:"root"`
		Valid bool   `json:"valid"`
	}
	require.NoError(t, got.Decode(&res))
	assert.Equal(t, "8c14f0db3df150123e6f3dbbf30f8b955a8249b62ac1d1ff16284aefa3d06d87", res.Root, "one transaction is its own root")
	assert.True(t, res.Valid)
	assert.Nil(t, Working("w", false, "Working"))
}
