//go:build !wasm

package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/cmd/playground/internal/browsertest"
)

var lessonExampleRE = regexp.MustCompile("(?s)```(sh|python|js|go) api-example\n(.*?)```")

// The HMAC lesson's snippets sign real requests against a live
// `playground serve`: each places one order (201) and then sends the very
// same request again, which must be refused with replayed_nonce.
func TestHMACLessonSnippets(t *testing.T) {
	lesson, err := os.ReadFile("../../lessons/hmac-signing.md")
	require.NoError(t, err)
	blocks := lessonExampleRE.FindAllSubmatch(lesson, -1)
	require.Len(t, blocks, 4, "the lesson has a curl, a Python, a Node and a Go example")

	srv := browsertest.StartServe(t, bin)
	base := strings.TrimSuffix(srv.URL, "/")
	for _, b := range blocks {
		lang, code := string(b[1]), string(b[2])
		t.Run(lang, func(t *testing.T) {
			cmd := snippetCommand(t, lang, code)
			cmd.Env = append(append(os.Environ(), cmd.Env...), "PLAYGROUND_URL="+base)
			var out, errb bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errb
			require.NoError(t, cmd.Run(), "stderr: %s", errb.String())

			var lines []string // a response body may end with its own newline
			for _, l := range strings.Split(out.String(), "\n") {
				if strings.TrimSpace(l) != "" {
					lines = append(lines, l)
				}
			}
			require.Len(t, lines, 2, "two answers, one per line: %q", out.String())
			status, order := snippetAnswer(t, lines[0])
			assert.Equal(t, 201, status)
			assert.Equal(t, "accepted", order["status"])
			assert.NotEmpty(t, order["id"])

			status, problem := snippetAnswer(t, lines[1])
			assert.Equal(t, 401, status, "the identical second request is a replay")
			assert.Equal(t, "replayed_nonce", problem["code"])
		})
	}
}

// snippetCommand runs one snippet; a missing interpreter skips loudly.
func snippetCommand(t *testing.T, lang, code string) *exec.Cmd {
	t.Helper()
	tool := map[string]string{"sh": "bash", "python": "python3", "js": "node", "go": "go"}[lang]
	if _, err := exec.LookPath(tool); err != nil {
		t.Skipf("*** %s not installed: the lesson's %s example is NOT checked ***", tool, lang)
	}
	if lang == "sh" {
		if _, err := exec.LookPath("openssl"); err != nil {
			t.Skipf("*** openssl not installed: the lesson's curl example is NOT checked ***")
		}
		if _, err := exec.LookPath("curl"); err != nil {
			t.Skipf("*** curl not installed: the lesson's curl example is NOT checked ***")
		}
	}
	switch lang {
	case "sh":
		return exec.Command("bash", "-euo", "pipefail", "-c", code)
	case "python":
		return exec.Command("python3", "-c", code)
	case "js":
		return exec.Command("node", "-e", code)
	}
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.go"), []byte(code), 0o644))
	cmd := exec.Command("go", "run", "main.go")
	cmd.Dir = dir
	cmd.Env = append(cmd.Env, "GOWORK=off", "GOFLAGS=")
	cmd.WaitDelay = time.Minute
	return cmd
}

// snippetAnswer reads "<status> <json>".
func snippetAnswer(t *testing.T, line string) (int, map[string]any) {
	t.Helper()
	s, body, ok := strings.Cut(strings.TrimSpace(line), " ")
	require.True(t, ok, "want `<status> <json>`, got %q", line)
	status, err := strconv.Atoi(s)
	require.NoError(t, err, line)
	var v map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &v), line)
	return status, v
}
