//go:build !wasm

package main

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// playground version prints the version set at build time (make build and
// make release set it; the release test checks a real binary), else the
// one the toolchain recorded, and whether the wasm is inside.
func TestVersionCommand(t *testing.T) {
	wasm := "wasm built on first use"
	if wasmEmbedded() {
		wasm = "wasm embedded"
	}
	out, errs, code := runCLI(t, "version")
	require.Equal(t, 0, code, errs)
	assert.Equal(t, "playground "+buildVersion()+" ("+runtime.Version()+" "+runtime.GOOS+"/"+runtime.GOARCH+", "+wasm+")\n", out)

	defer func(v string) { version = v }(version)
	version = "v1.4.0"
	out, _, _ = runCLI(t, "version")
	assert.Equal(t, "playground v1.4.0 ("+runtime.Version()+" "+runtime.GOOS+"/"+runtime.GOARCH+", "+wasm+")\n", out)
}
