// Command wasmsize reports what the js/wasm builds weigh and where the
// weight comes from, for `make size` (part of `make bench`):
//
//	wasmsize [-named APP-WITH-NAMES.wasm] [-top N] [-budget NAME=BR/GZ]... FILE.wasm...
//
// Each FILE is printed with its raw, gzip and brotli sizes (best effort,
// as make wasm writes them at the best level). A -budget (in MB; the
// name may be a path.Match pattern such as app-*.wasm, and GZ may be left
// out) marks each file it names "ok" or "OVER", and any OVER makes the
// exit status 1. With -named, a build of
// the same program that keeps its name section (no -ldflags=-s) is broken
// down into code bytes per Go package, largest first: the place to start
// when a budget is exceeded.
//
// The Makefile passes testdata/floor too: the smallest go-app v9.8.0 client
// (one component, no playground code). Its size is the floor that any
// go-app app starts from, so the difference to the app is what the
// playground itself adds.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/consensus-lab/playground/cmd/playground/internal/compress"
)

func main() {
	named := flag.String("named", "", "a build with its name section, broken down per package")
	top := flag.Int("top", 25, "packages to list")
	var budgets budgetFlag
	flag.Var(&budgets, "budget", "NAME=BR/GZ: the most a file (or pattern) may weigh compressed, in MB")
	flag.Parse()
	if flag.NArg() == 0 && *named == "" {
		fmt.Fprintln(os.Stderr, "usage: wasmsize [-named APP.wasm] [-top N] FILE.wasm...")
		os.Exit(2)
	}
	if err := run(*named, *top, budgets, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "wasmsize:", err)
		os.Exit(1)
	}
}

func run(named string, top int, budgets budgetFlag, files []string) error {
	over := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		gz, br := compressed(f, b)
		verdict := ""
		if bu, ok := budgets.lookup(filepath.Base(f)); ok {
			verdict = "  ok: " + bu.String()
			if !bu.fits(br, gz) {
				verdict = "  OVER: " + bu.String()
				over++
			}
		}
		fmt.Printf("size %-16s raw %6.2f MB  gzip %5.2f MB  brotli %5.2f MB%s\n", filepath.Base(f), mb(len(b)), mb(gz), mb(br), verdict)
	}
	if named != "" {
		if err := breakdown(named, top); err != nil {
			return err
		}
	}
	if over > 0 {
		return fmt.Errorf("%d file(s) %w", over, errOver)
	}
	return nil
}

// breakdown prints a wasm build's code per Go package, largest first.
func breakdown(named string, top int) error {
	b, err := os.ReadFile(named)
	if err != nil {
		return err
	}
	m, err := Parse(b)
	if err != nil {
		return fmt.Errorf("%s: %w", named, err)
	}
	code := m.Code()
	fmt.Printf("\n%s: %d functions, code %.2f MB, data %.2f MB; code per package:\n", filepath.Base(named), len(m.Funcs), mb(code), mb(m.Data))
	for i, w := range m.ByPackage() {
		if i == top {
			break
		}
		fmt.Printf("  %8d  %4.1f%%  %s\n", w.Size, 100*float64(w.Size)/float64(code), w.Package)
	}
	return nil
}

// compressed gives the gzip and brotli sizes of file b: those of the .gz and
// .br twins make wasm wrote when they are newer than
// the file, else freshly compressed at the same (best) level.
func compressed(name string, b []byte) (gz, br int) {
	fi, err := os.Stat(name)
	gzi, gerr := os.Stat(name + ".gz")
	bri, berr := os.Stat(name + ".br")
	if err == nil && gerr == nil && berr == nil && !gzi.ModTime().Before(fi.ModTime()) && !bri.ModTime().Before(fi.ModTime()) {
		return int(gzi.Size()), int(bri.Size())
	}
	return len(compress.Gzip(b, compress.Best)), len(compress.Brotli(b, compress.Best))
}

func mb(n int) float64 { return float64(n) / 1e6 }
