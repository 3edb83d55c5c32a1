//go:build !wasm

package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/consensus-lab/playground/cmd/playground/internal/compress"
	"github.com/consensus-lab/playground/cmd/playground/internal/wasmbuild"
	"github.com/consensus-lab/playground/web"
)

// siteFiles is the web/ folder the site serves. A binary built by make
// carries its wasm; one built without (go install, go build on a fresh
// clone) builds the wasm with the local Go toolchain into the user's cache
// directory on first use, and reuses it afterwards. level is the least
// compression the caller needs: the best for a site to publish, a fast one
// (seconds instead of minutes) to serve on this machine.
func siteFiles(ctx context.Context, stderr io.Writer, level int) (fs.FS, error) {
	if wasmEmbedded() {
		return web.Files, nil
	}
	dir, err := wasmCache(ctx, stderr, level)
	if err != nil {
		return nil, err
	}
	return web.WithGen(os.DirFS(dir)), nil
}

// wasmEmbedded reports whether the binary carries every wasm file.
func wasmEmbedded() bool {
	gen, err := fs.Sub(web.Files, "gen")
	return err == nil && len(wasmbuild.Missing(gen)) == 0
}

// wasmSource is where this binary's wasm is built from.
type wasmSource struct {
	key    string // the cache folder's name: the version, or the binary's hash
	module string // path@version to download, for a binary installed from a module proxy
	dir    string // the module's source folder, for a binary built from a checkout
}

// findWasmSource reads the binary's build information: a binary that go
// install fetched from a module proxy knows its module version (and its
// checksum); one built from a checkout does not, and its source is looked
// for where it was compiled, beside the binary, and around the current
// folder.
func findWasmSource() (wasmSource, error) {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return wasmSource{}, errors.New("this binary has no build information: build it with `make build` in a checkout of the playground")
	}
	if v := bi.Main.Version; bi.Main.Sum != "" && v != "" && v != "(devel)" {
		return wasmSource{key: v, module: bi.Main.Path + "@" + v}, nil
	}
	var candidates []string
	if _, file, _, ok := runtime.Caller(0); ok && filepath.IsAbs(file) { // not with -trimpath
		candidates = append(candidates, filepath.Dir(file))
	}
	if exe, err := os.Executable(); err == nil {
		candidates = append(candidates, filepath.Dir(exe))
	}
	if wd, err := os.Getwd(); err == nil {
		candidates = append(candidates, wd)
	}
	dir := findModule(bi.Main.Path, candidates)
	if dir == "" {
		return wasmSource{}, fmt.Errorf("this playground binary was built from a source checkout without its wasm, and no checkout of %s is found where it was built, beside it, or around the current folder: "+
			"run `make build` in the checkout for a self-contained bin/playground (or `make wasm` there before `go build`/`go install`)", bi.Main.Path)
	}
	sum, err := executableHash()
	if err != nil {
		return wasmSource{}, err
	}
	return wasmSource{key: "local-" + sum, dir: dir}, nil
}

// findModule looks in each folder and its parents for the go.mod of
// module path.
func findModule(path string, dirs []string) string {
	for _, d := range dirs {
		for {
			if modulePath(filepath.Join(d, "go.mod")) == path {
				return d
			}
			parent := filepath.Dir(d)
			if parent == d {
				break
			}
			d = parent
		}
	}
	return ""
}

// modulePath reads the module line of a go.mod file ("" if none).
func modulePath(gomod string) string {
	f, err := os.Open(gomod)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module "); ok {
			p := strings.TrimSpace(rest)
			if u, err := strconv.Unquote(p); err == nil {
				p = u
			}
			return p
		}
	}
	return ""
}

// executableHash names a build from a checkout: its source may have
// changed since, so only this very binary may reuse the wasm built for it.
func executableHash() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)[:8]), nil
}

// wasmCache returns the cache folder holding this binary's wasm twins at
// level or better, building them first if they are not there.
func wasmCache(ctx context.Context, stderr io.Writer, level int) (string, error) {
	src, err := findWasmSource()
	if err != nil {
		return "", err
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache folder for the wasm files: %w", err)
	}
	root := filepath.Join(cache, "consensus-playground", "wasm")
	for l := compress.Best; l <= level; l++ {
		if dir := filepath.Join(root, src.key+"-"+compress.LevelName(l)); len(wasmbuild.Missing(os.DirFS(dir))) == 0 {
			fmt.Fprintf(stderr, "wasm: using %s\n", dir)
			return dir, nil
		}
	}
	dir := filepath.Join(root, src.key+"-"+compress.LevelName(level))
	if _, err := os.Stat(dir); err == nil {
		if err := os.RemoveAll(dir); err != nil { // incomplete: someone removed files
			return "", err
		}
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return "", errors.New("this binary carries no wasm and building it needs the Go toolchain: install Go 1.26 or later from https://go.dev/dl/ (or use a release archive, which has the wasm inside)")
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return "", err
	}
	module := src.dir
	if module == "" {
		fmt.Fprintf(stderr, "wasm: downloading the source of %s\n", src.module)
		if module, err = downloadModule(ctx, goCmd, root, src.module); err != nil {
			return "", err
		}
	}
	// Built in a folder of its own and renamed when complete, so that a
	// build stopped half-way is never used, and two first runs at once
	// both end with the same files.
	tmp, err := os.MkdirTemp(root, filepath.Base(dir)+".building-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	// Each build is a go build of its own, itself parallel; a few at once
	// keep the links (hundreds of MB each) within a laptop's memory.
	jobs := min(runtime.NumCPU(), 4)
	fmt.Fprintf(stderr, "wasm: this binary carries no wasm; building %d files from %s, %d at a time, compressed %s, into %s (first run only)\n",
		len(wasmbuild.Targets), module, jobs, compress.LevelName(level), dir)
	start := time.Now()
	o := wasmbuild.Options{Go: goCmd, Module: module, Out: tmp, Level: level, Log: stderr}
	if src.dir == "" {
		// The module cache is read-only, and a go.work of the user's
		// must not choose other versions than the release's own.
		o.Env = []string{"GOWORK=off", "GOFLAGS=-mod=readonly"}
	}
	if err := o.BuildAll(ctx, wasmbuild.Targets, jobs); err != nil {
		return "", fmt.Errorf("building the wasm: %w", err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		if len(wasmbuild.Missing(os.DirFS(dir))) != 0 {
			return "", err
		}
		// Another first run finished first: its files are as good.
	}
	fmt.Fprintf(stderr, "wasm: built in %.0fs\n", time.Since(start).Seconds())
	if src.dir != "" {
		pruneLocal(root, src.key)
	}
	return dir, nil
}

// downloadModule fetches module@version into the module cache and returns
// its folder there.
func downloadModule(ctx context.Context, goCmd, workDir, module string) (string, error) {
	cmd := exec.CommandContext(ctx, goCmd, "mod", "download", "-json", module)
	cmd.Dir = workDir // outside any module of the user's
	cmd.Env = append(os.Environ(), "GOWORK=off", "GO111MODULE=on")
	out, err := cmd.Output()
	var info struct{ Dir, Error string }
	if jerr := json.Unmarshal(out, &info); jerr == nil && info.Error != "" {
		return "", fmt.Errorf("go mod download %s: %s", module, info.Error)
	}
	if err != nil || info.Dir == "" {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			err = fmt.Errorf("%w: %s", err, exit.Stderr)
		}
		return "", fmt.Errorf("go mod download %s: %v", module, err)
	}
	return info.Dir, nil
}

// pruneLocal removes the wasm of earlier builds from a checkout: each new
// binary gets its own, and the old ones are never used again.
func pruneLocal(root, key string) {
	old, _ := filepath.Glob(filepath.Join(root, "local-*"))
	for _, d := range old {
		if name := filepath.Base(d); !strings.HasPrefix(name, key+"-") && !strings.Contains(name, ".building-") {
			_ = os.RemoveAll(d)
		}
	}
}
