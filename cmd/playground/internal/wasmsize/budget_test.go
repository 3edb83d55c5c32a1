package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBudgetFlag(t *testing.T) {
	var f budgetFlag
	require.NoError(t, f.Set("app-all.wasm=9"))
	require.NoError(t, f.Set("app-*.wasm=1.8/2.4"))
	require.NoError(t, f.Set("miner.wasm=0.6"))
	for _, bad := range []string{"app.wasm", "=1", "x=", "x=-1", "x=1/zero", "[=1"} {
		assert.Error(t, f.Set(bad), bad)
	}

	b, ok := f.lookup("app-stake.wasm")
	require.True(t, ok)
	assert.True(t, b.fits(1_800_000, 2_400_000), "the limit itself fits")
	assert.False(t, b.fits(1_800_001, 10), "brotli over")
	assert.False(t, b.fits(10, 2_400_001), "gzip over")
	b, _ = f.lookup("app-all.wasm")
	assert.True(t, b.fits(2_000_000, 2_900_000), "the first matching pattern wins")
	b, _ = f.lookup("miner.wasm")
	assert.True(t, b.fits(600_000, 50_000_000), "no gzip limit")
	_, ok = f.lookup("ciphers.wasm")
	assert.False(t, ok)
}
