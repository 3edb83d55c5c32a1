//go:build !wasm

package main

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The browser's wasm must not carry the lesson compiler: lessons are
// compiled natively, and goldmark, chroma and YAML would only add download.
func TestBrowserWasmLeavesOutTheLessonCompiler(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", ".")
	cmd.Env = append(cmd.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	deps := string(out)
	require.Contains(t, deps, "github.com/maxence-charriere/go-app/v9/pkg/app", "sanity: this is the client's dependency list")
	for _, banned := range []string{"github.com/yuin/goldmark", "github.com/alecthomas/chroma", "go.abhg.dev/goldmark", "gopkg.in/yaml", "github.com/consensus-lab/playground/lessons\n", "github.com/chromedp"} {
		assert.NotContains(t, deps, banned)
	}
	for _, line := range strings.Split(deps, "\n") {
		assert.False(t, strings.HasPrefix(line, "github.com/consensus-lab/playground/cmd/playground/internal/site"), "the server's site package stays native")
	}
}
