//go:build !wasm

package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// version is set at build time by make release:
// -ldflags "-X main.version=v1.2.3".
var version string

// buildVersion is the version set at build time, else the module version
// the Go toolchain recorded (v1.2.3 from go install, a pseudo-version or
// "(devel)" from a checkout).
func buildVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

func versionCmd(args []string, stdout, stderr io.Writer) error {
	if err := newFlags("version", stderr).Parse(args); err != nil {
		return err
	}
	wasm := "wasm embedded"
	if !wasmEmbedded() {
		wasm = "wasm built on first use"
	}
	fmt.Fprintf(stdout, "playground %s (%s %s/%s, %s)\n", buildVersion(), runtime.Version(), runtime.GOOS, runtime.GOARCH, wasm)
	return nil
}
