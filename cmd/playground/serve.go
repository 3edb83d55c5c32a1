//go:build !wasm

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/consensus-lab/playground/cmd/playground/internal/compress"
	"github.com/consensus-lab/playground/cmd/playground/internal/site"
	"github.com/consensus-lab/playground/engine/exchange"
	"github.com/consensus-lab/playground/engine/signing"
)

// The documented demo credentials of the sandbox API (CONTRACT.md).
const (
	demoKey    = "demo"
	demoSecret = "demo-secret"
)

func serveCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (port 0 picks a free one)")
	dir := fs.String("lessons", "", "folder of lessons (default: the built-in course)")
	key := fs.String("api-key", "", "API key of the sandbox API (default: demo)")
	secret := fs.String("api-secret", "", "secret of that key (default: demo-secret)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if (*key == "") != (*secret == "") {
		return errors.New("serve: give both --api-key and --api-secret, or neither")
	}
	course, err := loadCourse(*dir, stderr)
	if err != nil {
		return err
	}
	ring := signing.NewKeyRing()
	if *key == "" {
		*key, *secret = demoKey, demoSecret
		fmt.Fprintf(stdout, "sandbox API: using the demo credentials api key %q, secret %q (set --api-key/--api-secret for your own)\n", demoKey, demoSecret)
	} else {
		// The secret itself is never printed.
		fmt.Fprintf(stdout, "sandbox API: api key %q with the secret from --api-secret\n", *key)
	}
	ring.Add(*key, *secret, time.Time{}, time.Time{})

	files, err := siteFiles(ctx, stderr, compress.Fast)
	if err != nil {
		return err
	}
	s, err := site.New(site.Config{
		Course: course,
		Web:    files,
		Base:   "/",
		API:    exchange.New(exchange.Config{Keys: ring}),
	})
	if err != nil {
		return err
	}
	if err := requireWasm(s); err != nil {
		fmt.Fprintln(stderr, "warning:", err, "- pages will show their text but no live widgets")
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	fmt.Fprintf(stdout, "serving the playground (%d lessons, version %s) at http://%s/\n", len(course.Lessons), s.Version(), ln.Addr())

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	fmt.Fprintln(stdout, "shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
