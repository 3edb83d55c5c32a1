//go:build !wasm

package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// buildCipherWasm builds ./wasm/ciphers as the Makefile does, into a temp
// dir.
func buildCipherWasm(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "ciphers.wasm")
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", out, "../../wasm/ciphers")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	b, err := cmd.CombinedOutput()
	require.NoError(t, err, "building the cipher wasm: %s", b)
	return out
}

// TestCipherWorkerProtocolInNode runs testdata/cipher-worker.test.js with
// `node --test`: web/cipher-worker.js with a freshly built cipher wasm in
// worker_threads. Without Node it skips, loudly (REQUIRE_NODE=1 makes that
// a failure).
func TestCipherWorkerProtocolInNode(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("REQUIRE_NODE") == "1" {
			t.Fatal("REQUIRE_NODE=1 but node is not installed")
		}
		fmt.Fprintln(os.Stderr, "\n*** CIPHER WORKER PROTOCOL TESTS SKIPPED: node is not installed ***")
		t.Skip("node is not installed")
	}
	wasm := buildCipherWasm(t)
	script, err := filepath.Abs("../../web/cipher-worker.js")
	require.NoError(t, err)
	cmd := exec.Command(node, "--test", "testdata/cipher-worker.test.js")
	cmd.Env = append(os.Environ(), "CIPHER_WORKER="+script, "CIPHER_WASM="+wasm, "WASM_EXEC="+goAppWasmExec(t))
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "node --test failed:\n%s", out)
	assert.Regexp(t, `(?m)^# fail 0$`, string(out))
	assert.NotRegexp(t, `(?m)^# pass 0$`, string(out), "some tests ran")
	if testing.Verbose() {
		t.Log(string(out))
	}
}

// The main app.wasm leaves engine/ciphers to the cipher worker.
func TestBrowserWasmLeavesOutTheCiphers(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", ".")
	cmd.Env = append(cmd.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	require.Contains(t, string(out), "github.com/maxence-charriere/go-app/v9/pkg/app", "sanity: this is the client's dependency list")
	// crypto/rsa and friends stay listed (net/http's crypto/tls imports
	// them), but what the widgets called of them is no longer linked.
	for _, line := range strings.Fields(string(out)) {
		assert.NotContains(t, line, "ciphers", "app.wasm links %s", line)
	}
}

// cipherWasmSize reports the cipher worker's wasm as `make wasm` built it.
// It does not hold the worker budget of 0.6 MB brotli: crypto/rsa,
// math/big, crypto/hpke and encoding/json put it near 1.3 MB. It is loaded
// only by the encryption widgets, off the UI thread.
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
