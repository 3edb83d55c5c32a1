//go:build !wasm

package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A binary built from a checkout finds its source from a folder inside it,
// and not from another module's folder.
func TestFindModule(t *testing.T) {
	root := t.TempDir()
	checkout := filepath.Join(root, "playground")
	other := filepath.Join(root, "other")
	for dir, mod := range map[string]string{checkout: "module github.com/consensus-lab/playground\n\ngo 1.26\n", other: "module \"example.com/other\"\n"} {
		require.NoError(t, os.MkdirAll(filepath.Join(dir, "bin"), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte(mod), 0o644))
	}
	const path = "github.com/consensus-lab/playground"
	assert.Equal(t, checkout, findModule(path, []string{filepath.Join(checkout, "bin")}))
	assert.Equal(t, checkout, findModule(path, []string{filepath.Join(other, "bin"), checkout}), "the first folder that has it")
	assert.Equal(t, "", findModule(path, []string{filepath.Join(other, "bin"), root}))
	assert.Equal(t, "example.com/other", modulePath(filepath.Join(other, "go.mod")))
}
