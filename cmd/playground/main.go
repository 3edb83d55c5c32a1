//go:build !wasm

// Command playground is the one binary of the playground. Built for
// js/wasm it is the browser app (main_wasm.go); built natively it serves the
// site, exports it as static files, and checks lessons:
//
//	playground serve [--addr HOST:PORT] [--lessons DIR] [--api-key K --api-secret S] [--rate N] [--redis redis://HOST:PORT/DB]
//	playground build --out DIR [--base /path/] [--lessons DIR]
//	playground build --scorm 1.2|2004 --out FILE.zip [--lessons DIR] [--only slug,slug]
//	playground check [--lessons DIR]
//	playground version
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `usage:
  playground serve [--addr HOST:PORT] [--lessons DIR] [--api-key K --api-secret S] [--rate N] [--redis redis://HOST:PORT/DB]
  playground build --out DIR [--base /path/] [--lessons DIR]
  playground build --scorm 1.2|2004 --out FILE.zip [--lessons DIR] [--only slug,slug]
  playground check [--lessons DIR]
  playground version
`

// run is main without the process: tests call it directly.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "serve":
		err = serveCmd(ctx, args[1:], stdout, stderr)
	case "build":
		err = buildCmd(ctx, args[1:], stdout, stderr)
	case "check":
		err = checkCmd(args[1:], stdout, stderr)
	case "version", "--version":
		err = versionCmd(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "playground: unknown command %q\n%s", args[0], usage)
		return 2
	}
	var exit exitError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &exit):
		return int(exit)
	default:
		fmt.Fprintln(stderr, "playground:", err)
		return 1
	}
}

// exitError ends the command with a status after it has printed its own
// messages.
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("playground "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}
