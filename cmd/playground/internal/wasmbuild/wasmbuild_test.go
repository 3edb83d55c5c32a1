package wasmbuild

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/cmd/playground/internal/compress"
)

// The miner, the smallest target, built for real: its twins hold the raw
// file, and Missing then lists every other file and not it.
func TestBuildAll(t *testing.T) {
	miner, ok := Lookup("miner.wasm")
	require.True(t, ok)
	out := t.TempDir()
	var log bytes.Buffer
	o := Options{Module: "../../../..", Out: out, Level: compress.Fastest, KeepRaw: true, Log: &log}
	require.NoError(t, o.BuildAll(context.Background(), []Target{miner}, 2))
	assert.Contains(t, log.String(), "  miner.wasm ")

	raw, err := os.ReadFile(filepath.Join(out, "miner.wasm"))
	require.NoError(t, err)
	assert.Equal(t, []byte("\x00asm"), raw[:4], "a wasm module")
	br, err := os.ReadFile(filepath.Join(out, "miner.wasm.br"))
	require.NoError(t, err)
	unbr, err := io.ReadAll(brotli.NewReader(bytes.NewReader(br)))
	require.NoError(t, err)
	assert.Equal(t, raw, unbr)

	missing := Missing(os.DirFS(out))
	assert.Len(t, missing, 2*(len(Targets)-1))
	assert.NotContains(t, missing, "miner.wasm.br")
	assert.NotContains(t, missing, "miner.wasm.gz")
}

// A failed build names its file and shows the compiler's words, and the
// builds after it in the list do not start.
func TestBuildAllStopsAtAnError(t *testing.T) {
	out := t.TempDir()
	bad := Target{Name: "bad.wasm", Pkg: "./no/such/package", Flags: workerFlags}
	never := Target{Name: "never.wasm", Pkg: "./wasm/miner", Flags: workerFlags}
	err := Options{Module: "../../../..", Out: out, Level: compress.Fastest}.BuildAll(context.Background(), []Target{bad, never}, 1)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "bad.wasm: go build -trimpath -ldflags=-s -w -o ")
	assert.Contains(t, err.Error(), "no/such/package")
	entries, err := os.ReadDir(out)
	require.NoError(t, err)
	assert.Empty(t, entries, "nothing written, not even temporary files")
}

// Every target's name is unique and ends in .wasm: the Makefile makes a
// rule of each.
func TestTargetsAreFiles(t *testing.T) {
	seen := map[string]bool{}
	for _, tg := range Targets {
		assert.Equal(t, ".wasm", filepath.Ext(tg.Name), tg.Name)
		assert.False(t, seen[tg.Name], "%s twice", tg.Name)
		seen[tg.Name] = true
		got, ok := Lookup(tg.Name)
		assert.True(t, ok)
		assert.Equal(t, tg.Pkg, got.Pkg)
	}
}
