//go:build !wasm

package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/cmd/playground/internal/browsertest"
)

var exampleRE = regexp.MustCompile("(?s)```(sh|python|js) api-example\n(.*?)```")

// The README's API snippets place real orders against a live server: they
// cannot rot without this test failing.
func TestREADMEAPISnippets(t *testing.T) {
	requireWasmBuilt(t)
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	blocks := exampleRE.FindAllSubmatch(readme, -1)
	require.Len(t, blocks, 6, "the README has a curl, a Python and a Node example, with HMAC and with Ed25519")

	srv := browsertest.StartServe(t, bin)
	runners := map[string][]string{"sh": {"bash", "-euo", "pipefail", "-c"}, "python": {"python3", "-c"}, "js": {"node", "-e"}}
	for i, b := range blocks {
		lang, code := string(b[1]), string(b[2])
		name := lang + "-hmac"
		if i >= 3 {
			name = lang + "-ed25519"
		}
		t.Run(name, func(t *testing.T) {
			argv := runners[lang]
			if _, err := exec.LookPath(argv[0]); err != nil {
				t.Skipf("*** %s not installed: the %s example is NOT checked ***", argv[0], lang)
			}
			cmd := exec.Command(argv[0], append(argv[1:], code)...)
			cmd.Env = append(os.Environ(), "PLAYGROUND_URL="+strings.TrimSuffix(srv.URL, "/"))
			var out, errb bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errb
			require.NoError(t, cmd.Run(), "stderr: %s", errb.String())
			text := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(out.String()), "201 "))
			var order map[string]any
			require.NoError(t, json.Unmarshal([]byte(text), &order), "output: %s", out.String())
			assert.Equal(t, "accepted", order["status"])
			assert.NotEmpty(t, order["id"])
		})
	}
}
