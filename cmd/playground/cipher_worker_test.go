//go:build !wasm

package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCipherWorkerProtocolInNode runs testdata/cipher-worker.test.js:
// web/cipher-worker.js with a freshly built cipher wasm in worker_threads.
func TestCipherWorkerProtocolInNode(t *testing.T) {
	runWorkerNodeTests(t, "cipher-worker", "ciphers", "CIPHER")
}

// The browser app leaves engine/ciphers and engine/tx to the cipher worker.
func TestBrowserWasmLeavesOutTheCiphers(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", ".")
	cmd.Env = append(cmd.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	require.Contains(t, string(out), "github.com/maxence-charriere/go-app/v9/pkg/app", "sanity: this is the client's dependency list")
	// crypto/rsa and friends stay listed (net/http's crypto/tls imports
	// them), but what the widgets called of them is no longer linked.
	for _, line := range strings.Fields(string(out)) {
		assert.NotContains(t, line, "ciphers", "the browser app links %s", line)
		// secp256k1 (engine/tx, btcec) is the cipher worker's too: its
		// precomputed table alone is about 0.6 MB brotli.
		assert.NotContains(t, line, "btcec", "the browser app links %s", line)
		assert.False(t, strings.HasSuffix(line, "/engine/tx"), "the browser app links %s", line)
	}
}

// cipherWasmSize reports the cipher worker's wasm as `make wasm` built it.
// It does not hold the worker budget of 0.6 MB brotli: crypto/rsa,
// math/big, crypto/hpke and encoding/json put it near 1.3 MB, and btcec
// (secp256k1 for the signatures lesson, with its precomputed base-point
// table) near 2.0 MB. It is loaded only by the encryption and signature
// widgets, off the UI thread.
func TestCipherWasmSize(t *testing.T) {
	requireWasmBuilt(t)
	raw, err := os.Stat("../../web/gen/ciphers.wasm")
	require.NoError(t, err, "web/gen/ciphers.wasm is missing: run `make wasm`")
	br, err := os.Stat("../../web/gen/ciphers.wasm.br")
	require.NoError(t, err)
	gz, err := os.Stat("../../web/gen/ciphers.wasm.gz")
	require.NoError(t, err)
	t.Logf("cipher wasm: %d bytes raw, %d brotli, %d gzip (worker budget %d brotli: not met)", raw.Size(), br.Size(), gz.Size(), minerWasmBudget)
	assert.Less(t, br.Size(), raw.Size(), "the .br twin is compressed")
}
