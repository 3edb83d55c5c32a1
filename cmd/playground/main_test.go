//go:build !wasm

package main

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/widgetspec"
	"github.com/consensus-lab/playground/cmd/playground/internal/browsertest"
	"github.com/consensus-lab/playground/cmd/playground/internal/wasmbuild"
	"github.com/consensus-lab/playground/web"
)

// bin is the playground binary built once for the black-box tests.
var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "playground-test")
	if err != nil {
		panic(err)
	}
	bin = filepath.Join(dir, "playground")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "building the playground binary: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// requireWasmBuilt is for tests that need the wasm the binary embeds.
func requireWasmBuilt(t *testing.T) {
	t.Helper()
	gen, err := fs.Sub(web.Files, "gen")
	require.NoError(t, err)
	browsertest.RequireWasm(t, wasmbuild.Missing(gen))
}

func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return out.String(), errb.String(), code
}

func TestCheckBuiltinCourse(t *testing.T) {
	out, errs, code := runCLI(t, "check")
	require.Equal(t, 0, code, errs)
	assert.Regexp(t, `^ok: \d+ lessons, \d+ widgets\n$`, out)
}

func TestCheckReportsMisspeltWidgetWithFileAndLine(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile("../../lessons/hashes.md")
	require.NoError(t, err)
	bad := bytes.Replace(good, []byte("::hashbox{"), []byte("::hashbx{"), 1)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "hashes.md"), bad, 0o644))
	line := bytes.Count(bad[:bytes.Index(bad, []byte("::hashbx"))], []byte("\n")) + 1

	// Through the real binary, as a course author runs it.
	cmd := exec.Command(bin, "check", "--lessons", dir)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit)
	assert.Equal(t, 1, exit.ExitCode())
	assert.Equal(t, fmt.Sprintf("%s:%d: unknown widget \"hashbx\" (did you mean \"hashbox\"?); known widgets: %s\n", filepath.Join(dir, "hashes.md"), line, strings.Join(widgetspec.Names(), ", ")), stderr.String())
	assert.Empty(t, stdout.String())
}

func TestCheckMissingFolder(t *testing.T) {
	_, errs, code := runCLI(t, "check", "--lessons", filepath.Join(t.TempDir(), "nope"))
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "lessons folder:")
}

func TestUsage(t *testing.T) {
	_, errs, code := runCLI(t)
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "playground serve")
	_, errs, code = runCLI(t, "frobnicate")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, `unknown command "frobnicate"`)
	_, errs, code = runCLI(t, "build")
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "--out DIR is required")
}

// build --scorm says what is wrong with its flags before it builds anything.
func TestBuildSCORMFlags(t *testing.T) {
	zip := filepath.Join(t.TempDir(), "course.zip")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"build", "--scorm", "1.2"}, "build: --out FILE.zip is required"},
		{[]string{"build", "--scorm", "2005", "--out", zip}, `--scorm must be 1.2 or 2004 (SCORM 2004 4th edition), not "2005"`},
		{[]string{"build", "--scorm", "1.2", "--out", zip, "--base", "/course/"}, "--base does not apply to --scorm"},
		{[]string{"build", "--scorm", "2004", "--out", zip, "--only", "hashes,nope"}, `--only: there is no lesson "nope" (lessons: hashes, `},
		{[]string{"build", "--out", t.TempDir(), "--only", "hashes"}, "build: --only goes with --scorm"},
	} {
		_, errs, code := runCLI(t, tc.args...)
		assert.Equal(t, 1, code, tc.args)
		assert.Contains(t, errs, tc.want, tc.args)
	}
	_, err := os.Stat(zip)
	assert.True(t, os.IsNotExist(err), "no package is written when the flags are wrong")
}
