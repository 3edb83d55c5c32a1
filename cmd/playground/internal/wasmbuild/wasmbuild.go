// Package wasmbuild knows the site's wasm files: which program each is
// built from, with which flags, and how it is compressed. It is the one
// list that `make wasm` (through cmd/playground/internal/makewasm), a
// playground binary without embedded wasm (building them on first use) and
// the tests all read.
package wasmbuild

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/consensus-lab/playground/cmd/playground/internal/compress"
)

// Target is one wasm file of the site.
type Target struct {
	Name  string   // the file below web/gen/, e.g. "miner.wasm"
	Pkg   string   // its main package, relative to the module root
	Flags []string // go build flags besides -o
}

var (
	workerFlags = []string{"-trimpath", "-ldflags=-s -w"}
	// The app is built without inlining: its code is mostly calls into
	// go-app (UI building), and inlined copies of small callees at every
	// call site made it 10% larger compressed. The workers, which compute,
	// keep the compiler's defaults.
	appFlags = append(workerFlags[:len(workerFlags):len(workerFlags)], "-gcflags=all=-l")
)

// Targets are every wasm file the site serves, in build order (the
// largest first, so that parallel builds end together): the one browser
// app with every widget, and the two workers.
var Targets = []Target{
	{Name: "app.wasm", Pkg: "./cmd/playground", Flags: appFlags},
	{Name: "ciphers.wasm", Pkg: "./wasm/ciphers", Flags: workerFlags},
	{Name: "miner.wasm", Pkg: "./wasm/miner", Flags: workerFlags},
}

// Lookup finds a target by its file name.
func Lookup(name string) (Target, bool) {
	for _, t := range Targets {
		if t.Name == name {
			return t, true
		}
	}
	return Target{}, false
}

// Twins are the compressed files served for a target, below web/gen/.
func (t Target) Twins() []string { return []string{t.Name + ".br", t.Name + ".gz"} }

// Missing lists the twins of every target that gen (the web/gen folder)
// lacks.
func Missing(gen fs.FS) []string {
	var out []string
	for _, t := range Targets {
		for _, n := range t.Twins() {
			if _, err := fs.Stat(gen, n); err != nil {
				out = append(out, n)
			}
		}
	}
	return out
}

// Options say how to build.
type Options struct {
	Go     string   // the go command ("go" when empty)
	Env    []string // added to the environment (GOOS and GOARCH are set)
	Module string   // the module's root folder
	Out    string   // the folder to write NAME and its twins into
	Level  int      // compress.Best, Fast or Fastest
	// KeepRaw keeps NAME itself next to its twins (make keeps it for the
	// tests and `make size`; the site needs only the twins).
	KeepRaw bool
	// Log, when set, gets one line per finished file.
	Log io.Writer
}

// Build builds one target into o.Out: first the raw file, then its
// twins, so that each twin is at least as new as the raw file.
func (o Options) Build(ctx context.Context, t Target) error {
	start := time.Now()
	goCmd := o.Go
	if goCmd == "" {
		goCmd = "go"
	}
	raw := filepath.Join(o.Out, t.Name)
	if !o.KeepRaw {
		raw = filepath.Join(o.Out, "."+t.Name+".tmp")
		defer os.Remove(raw)
	}
	args := append(append([]string{"build"}, t.Flags...), "-o", raw, t.Pkg)
	cmd := exec.CommandContext(ctx, goCmd, args...)
	cmd.Dir = o.Module
	cmd.Env = append(append(os.Environ(), o.Env...), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%s: %s %s: %v\n%s", t.Name, goCmd, strings.Join(args, " "), err, out)
	}
	built := time.Since(start)
	b, err := os.ReadFile(raw)
	if err != nil {
		return err
	}
	// Written under temporary names and renamed, so that a twin that
	// exists is whole.
	twins := map[string][]byte{t.Name + ".br": compress.Brotli(b, o.Level), t.Name + ".gz": compress.Gzip(b, o.Level)}
	for name, data := range twins {
		tmp := filepath.Join(o.Out, "."+name+".tmp")
		if err := os.WriteFile(tmp, data, 0o644); err != nil {
			return err
		}
		if err := os.Rename(tmp, filepath.Join(o.Out, name)); err != nil {
			return err
		}
	}
	if o.Log != nil {
		fmt.Fprintf(o.Log, "  %-16s %5.1f MB, brotli %4.2f MB, gzip %4.2f MB (build %.1fs, compress %.1fs)\n", t.Name,
			mb(len(b)), mb(len(twins[t.Name+".br"])), mb(len(twins[t.Name+".gz"])), built.Seconds(), (time.Since(start) - built).Seconds())
	}
	return nil
}

// BuildAll builds targets, jobs at a time (at least one).
func (o Options) BuildAll(parent context.Context, targets []Target, jobs int) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	sem := make(chan struct{}, max(jobs, 1))
	var (
		wg    sync.WaitGroup
		once  sync.Once
		first error // the others are the builds it cancelled
	)
	for _, t := range targets {
		sem <- struct{}{} // in the list's order: the largest first
		if ctx.Err() != nil {
			<-sem
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if err := o.Build(ctx, t); err != nil {
				once.Do(func() { first = err })
				cancel()
			}
		}()
	}
	wg.Wait()
	if first == nil {
		return parent.Err()
	}
	return first
}

func mb(n int) float64 { return float64(n) / 1e6 }
