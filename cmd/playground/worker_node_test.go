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

// buildWorkerWasm builds one of the workers' programs (wasm/miner,
// wasm/ciphers) as the Makefile does, into a temp dir.
func buildWorkerWasm(t *testing.T, name string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), name+".wasm")
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", out, "../../wasm/"+name)
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	b, err := cmd.CombinedOutput()
	require.NoError(t, err, "building wasm/%s: %s", name, b)
	return out
}

// goAppWasmExec is the wasm_exec.js the site serves at <base>/wasm_exec.js
// (go-app's copy), which the workers load: the tests run exactly it.
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

// runWorkerNodeTests runs testdata/<script>.test.js with `node --test`:
// web/<script>.js with a freshly built wasm/<program> in worker_threads.
// The test file reads the worker script, the wasm and wasm_exec.js from
// <PREFIX>_WORKER, <PREFIX>_WASM and WASM_EXEC. Without Node it skips,
// loudly (REQUIRE_NODE=1 makes that a failure).
func runWorkerNodeTests(t *testing.T, script, program, prefix string) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("REQUIRE_NODE") == "1" {
			t.Fatal("REQUIRE_NODE=1 but node is not installed")
		}
		fmt.Fprintf(os.Stderr, "\n*** %s PROTOCOL TESTS SKIPPED: node is not installed ***\n", strings.ToUpper(script))
		t.Skip("node is not installed")
	}
	wasm := buildWorkerWasm(t, program)
	js, err := filepath.Abs("../../web/" + script + ".js")
	require.NoError(t, err)
	cmd := exec.Command(node, "--test", "testdata/"+script+".test.js")
	cmd.Env = append(os.Environ(), prefix+"_WORKER="+js, prefix+"_WASM="+wasm, "WASM_EXEC="+goAppWasmExec(t))
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "node --test failed:\n%s", out)
	assert.Regexp(t, `(?m)^# fail 0$`, string(out))
	assert.NotRegexp(t, `(?m)^# pass 0$`, string(out), "some tests ran")
	if testing.Verbose() {
		t.Log(string(out))
	}
}
