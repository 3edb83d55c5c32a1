//go:build !wasm

package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/cmd/playground/internal/compress"
)

// minerWasmBudget is the worker wasm's download budget (DESIGN.md): at most
// 0.6 MB with brotli.
const minerWasmBudget = 600_000

// TestMinerWorkerProtocolInNode runs the worker protocol tests
// (testdata/miner-worker.test.js): web/miner-worker.js with a freshly built
// miner wasm in worker_threads.
func TestMinerWorkerProtocolInNode(t *testing.T) {
	runWorkerNodeTests(t, "miner-worker", "miner", "MINER")
}

// TestMinerWasmStaysInBudget checks the worker wasm that `make wasm`
// built, compressed at the best level as a published site serves it (make
// test writes quicker twins), against the budget, and the imports that
// keep it there, so a stray import of fmt or math/big fails here and not
// in a learner's download.
func TestMinerWasmStaysInBudget(t *testing.T) {
	requireMinerBuilt(t)
	raw, err := os.ReadFile("../../web/gen/miner.wasm")
	require.NoError(t, err)
	br := compress.Brotli(raw, compress.Best)
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
