//go:build !wasm

package main

import (
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// minerWasmBudget is the worker wasm's download budget (DESIGN.md): at most
// 0.6 MB with brotli.
const minerWasmBudget = 600_000

// buildMinerWasm builds ./wasm/miner as the Makefile does, into a temp dir.
func buildMinerWasm(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "miner.wasm")
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", out, "../../wasm/miner")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	b, err := cmd.CombinedOutput()
	require.NoError(t, err, "building the miner wasm: %s", b)
	return out
}

// goAppWasmExec is the wasm_exec.js the site serves at <base>/wasm_exec.js
// (go-app's copy), which the worker loads: the tests run exactly it.
func goAppWasmExec(t *testing.T) string {
	t.Helper()
	rec := httptest.NewRecorder()
	(&app.Handler{}).ServeHTTP(rec, httptest.NewRequest("GET", "/wasm_exec.js", nil))
	require.Equal(t, 200, rec.Code)
	body, err := io.ReadAll(rec.Body)
	require.NoError(t, err)
	require.Contains(t, string(body), "globalThis.Go = class")
	p := filepath.Join(t.TempDir(), "wasm_exec.js")
	require.NoError(t, os.WriteFile(p, body, 0o644))
	return p
}

// TestMinerWorkerProtocolInNode runs the worker protocol tests
// (testdata/miner-worker.test.js) with `node --test`: web/miner-worker.js
// with a freshly built miner wasm in worker_threads. Without Node it skips,
// loudly (REQUIRE_NODE=1 makes that a failure).
func TestMinerWorkerProtocolInNode(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("REQUIRE_NODE") == "1" {
			t.Fatal("REQUIRE_NODE=1 but node is not installed")
		}
		fmt.Fprintln(os.Stderr, "\n*** MINER WORKER PROTOCOL TESTS SKIPPED: node is not installed ***")
		t.Skip("node is not installed")
	}
	wasm := buildMinerWasm(t)
	script, err := filepath.Abs("../../web/miner-worker.js")
	require.NoError(t, err)
	cmd := exec.Command(node, "--test", "testdata/miner-worker.test.js")
	cmd.Env = append(os.Environ(), "MINER_WORKER="+script, "MINER_WASM="+wasm, "WASM_EXEC="+goAppWasmExec(t))
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "node --test failed:\n%s", out)
	assert.Regexp(t, `(?m)^# fail 0$`, string(out))
	assert.NotRegexp(t, `(?m)^# pass 0$`, string(out), "some tests ran")
	if testing.Verbose() {
		t.Log(string(out))
	}
}

// TestMinerWasmStaysInBudget checks the worker wasm that `make wasm`
// built (and precompressed at the best level, as served) against the
// budget, and the imports that keep it there, so a stray import of fmt or
// math/big fails here and not in a learner's download.
func TestMinerWasmStaysInBudget(t *testing.T) {
	requireMinerBuilt(t)
	raw, err := os.ReadFile("../../web/gen/miner.wasm")
	require.NoError(t, err)
	br, err := os.ReadFile("../../web/gen/miner.wasm.br")
	require.NoError(t, err)
	t.Logf("miner wasm: %d bytes raw, %d brotli (budget %d)", len(raw), len(br), minerWasmBudget)
	assert.LessOrEqual(t, len(br), minerWasmBudget, "the miner worker's wasm is over its 0.6 MB brotli budget")

	// The reason it fits: the worker's program imports the kernel, not
	// engine/pow (math/big, fmt) and not go-app.
	cmd := exec.Command("go", "list", "-deps", "../../wasm/miner")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	require.NoError(t, err)
	deps := map[string]bool{}
	for _, d := range strings.Fields(string(out)) {
		deps[d] = true
	}
	assert.True(t, deps["github.com/consensus-lab/playground/engine/pow/kernel"])
	for _, heavy := range []string{"fmt", "math/big", "github.com/consensus-lab/playground/engine/pow", "github.com/maxence-charriere/go-app/v9/pkg/app"} {
		assert.False(t, deps[heavy], "wasm/miner pulls in %s", heavy)
	}
}
