//go:build !wasm

package main

import (
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/cmd/playground/internal/browsertest"
	"github.com/consensus-lab/playground/cmd/playground/internal/wasmbuild"
)

// freshClone copies what a clone of the working tree would hold (the
// files git tracks or would track, uncommitted changes included) into a
// temporary folder: no wasm, no web/wasm_embed.go, nothing make built.
func freshClone(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	cmd := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	cmd.Dir = root
	out, err := cmd.Output()
	require.NoError(t, err, "git ls-files in %s", root)
	dir := filepath.Join(t.TempDir(), "clone")
	n := 0
	for _, name := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		b, err := os.ReadFile(filepath.Join(root, name))
		if os.IsNotExist(err) {
			continue // deleted, not yet committed
		}
		require.NoError(t, err)
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), b, 0o644))
		n++
	}
	require.Greater(t, n, 100, "the clone holds the repository")
	for _, built := range []string{"web/wasm_embed.go", "web/gen"} {
		require.NoFileExists(t, filepath.Join(dir, built), "a build output is tracked by git")
	}
	return dir
}

// goIn runs the go command in dir. With -trimpath, a clone in a new
// temporary folder each time still finds its packages in the build cache.
func goIn(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS="+os.Getenv("GOFLAGS")+" -trimpath")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "go %s in a fresh clone:\n%s", strings.Join(args, " "), out)
	return string(out)
}

// A new contributor's first commands, and an editor's gopls, work on a
// clone where no wasm was built.
func TestFreshCloneBuildsAndVets(t *testing.T) {
	dir := freshClone(t)
	goIn(t, dir, "build", "./...")
	goIn(t, dir, "vet", "./...")
}

// A binary built without the wasm (go install, go build on a fresh clone)
// builds the wasm into the user's cache on its first serve, a browser runs
// it, and the second start reuses the cache.
func TestServeBuildsWasmOnFirstUse(t *testing.T) {
	dir := freshClone(t)
	pg := filepath.Join(dir, "bin", "playground")
	goIn(t, dir, "build", "-o", pg, "./cmd/playground")

	version, err := exec.Command(pg, "version").Output()
	require.NoError(t, err)
	assert.Regexp(t, `^playground \S+ \(go1\.\d+\S* \w+/\w+, wasm built on first use\)\n$`, string(version))

	// A temporary HOME and cache; the Go caches stay where they are.
	home := t.TempDir()
	cache := filepath.Join(home, "cache")
	env := []string{"HOME=" + home, "XDG_CACHE_HOME=" + cache}
	for _, v := range []string{"GOCACHE", "GOMODCACHE", "GOPATH"} {
		env = append(env, v+"="+strings.TrimSpace(goIn(t, dir, "env", v)))
	}
	serve := func(extraEnv ...string) *exec.Cmd {
		cmd := exec.Command(pg, "serve", "--addr", "127.0.0.1:0")
		cmd.Dir = home // outside the module: the source is found from the binary
		cmd.Env = append(append(os.Environ(), env...), extraEnv...)
		return cmd
	}

	t.Run("without Go, one line says what to install", func(t *testing.T) {
		cmd := serve("PATH=" + t.TempDir())
		var stderr strings.Builder
		cmd.Stderr = &stderr
		require.Error(t, cmd.Run())
		assert.Equal(t, 1, cmd.ProcessState.ExitCode())
		assert.Regexp(t, `^playground: this binary carries no wasm and building it needs the Go toolchain: install Go 1\.26 or later from https://go.dev/dl/ .*\n$`, stderr.String())
		assert.NoDirExists(t, filepath.Join(cache, "consensus-playground", "wasm"), "nothing built")
	})

	b := browsertest.New(t)
	first := browsertest.Start(t, serve(), 20*time.Minute)
	t.Logf("first start:\n%s", first.Output())
	assert.Contains(t, first.Output(), "wasm: this binary carries no wasm; building")
	gens, _ := filepath.Glob(filepath.Join(cache, "consensus-playground", "wasm", "local-*-fast"))
	require.Len(t, gens, 1, "one cache folder, keyed by the binary and the level; output:\n%s", first.Output())
	gen := gens[0]
	assert.Empty(t, wasmbuild.Missing(os.DirFS(gen)))
	for _, tg := range wasmbuild.Targets {
		assert.Contains(t, first.Output(), "  "+tg.Name+" ", "progress for each file")
	}

	// The wasm the server sends is the cached file.
	req, err := http.NewRequest(http.MethodGet, first.URL+"web/gen/miner.wasm", nil)
	require.NoError(t, err)
	req.Header.Set("Accept-Encoding", "br")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	want, err := fs.ReadFile(os.DirFS(gen), "miner.wasm.br")
	require.NoError(t, err)
	assert.Equal(t, want, got)

	ctx, cancel := b.Timeout(90 * time.Second)
	defer cancel()
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(first.URL+"lessons/hashes"),
		chromedp.WaitVisible(chromedp.CSS(`main[data-lesson="hashes"] [data-widget="hashbox"][data-state="ready"]`)),
	), "console: %v\nserver: %s", b.Messages(), first.Output())
	require.NoError(t, first.Stop())

	mtimes := map[string]time.Time{}
	entries, err := os.ReadDir(gen)
	require.NoError(t, err)
	for _, e := range entries {
		fi, err := e.Info()
		require.NoError(t, err)
		mtimes[e.Name()] = fi.ModTime()
	}

	second := browsertest.Start(t, serve(), 60*time.Second)
	assert.Contains(t, second.Output(), "wasm: using "+gen)
	assert.NotContains(t, second.Output(), "building")
	entries, err = os.ReadDir(gen)
	require.NoError(t, err)
	require.Len(t, entries, len(mtimes))
	for _, e := range entries {
		fi, err := e.Info()
		require.NoError(t, err)
		assert.Equal(t, mtimes[e.Name()], fi.ModTime(), "%s was written again", e.Name())
	}
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(second.URL+"lessons/hashes"),
		chromedp.WaitVisible(chromedp.CSS(`main[data-lesson="hashes"] [data-widget="hashbox"][data-state="ready"]`)),
	), "console: %v\nserver: %s", b.Messages(), second.Output())
}
