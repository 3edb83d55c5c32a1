package kernel

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestGeneratedCodeIsCurrent reruns gen.go and compares its output with the
// checked-in scan_gen.go, so that nobody edits the generated file by hand.
func TestGeneratedCodeIsCurrent(t *testing.T) {
	if runtime.GOOS == "js" || testing.Short() {
		t.Skip("needs the go command")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command in PATH")
	}
	dir := t.TempDir()
	src, err := os.ReadFile("gen.go")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "gen.go"), src, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module gen\n\ngo 1.26\n"), 0o644))
	cmd := exec.Command(goCmd, "run", "gen.go")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GOTOOLCHAIN=local")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	got, err := os.ReadFile(filepath.Join(dir, "scan_gen.go"))
	require.NoError(t, err)
	want, err := os.ReadFile("scan_gen.go")
	require.NoError(t, err)
	require.Equal(t, string(want), string(got), "scan_gen.go is stale: run go generate ./engine/pow/kernel")
}
