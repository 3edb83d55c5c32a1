//go:build !wasm

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/consensus-lab/playground/cmd/playground/internal/compress"
	"github.com/consensus-lab/playground/cmd/playground/internal/site"
	"github.com/consensus-lab/playground/engine/exchange"
	"github.com/consensus-lab/playground/engine/exchange/redisstore"
	"github.com/consensus-lab/playground/engine/idempotency"
	"github.com/consensus-lab/playground/engine/signing"
)

func serveCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (port 0 picks a free one)")
	dir := fs.String("lessons", "", "folder of lessons (default: the built-in course)")
	key := fs.String("api-key", "", "API key of the sandbox API (default: the demo keys)")
	secret := fs.String("api-secret", "", "secret of that key")
	allow := fs.String("api-allow", "", "with --api-key: the networks the key may be used from, as CIDRs separated by commas (default: anywhere)")
	rate := fs.Float64("rate", exchange.DefaultRate, "requests per second per API key (burst the same); on the demo keys per key and client address")
	redisURL := fs.String("redis", "", "keep the sandbox's state in Redis, redis://HOST:PORT/DB, so that several serve processes act as one API")
	lease := fs.Duration("claim-lease", redisstore.DefaultLease, "with --redis: how long an Idempotency-Key stays locked when its server dies mid-request")
	quota := fs.Int("key-quota", idempotency.DefaultOwnerQuota, "most Idempotency-Keys one client (key, or key and address on the demo keys) holds within 24 hours (negative: no limit)")
	maxConns := fs.Int("max-conns", 1024, "most connections open at once")
	perIP := fs.Int("max-conns-per-ip", 64, "most connections open at once from one client address")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if (*key == "") != (*secret == "") {
		return errors.New("serve: give both --api-key and --api-secret, or neither")
	}
	if *rate <= 0 || *maxConns < 1 || *perIP < 1 {
		return errors.New("serve: --rate, --max-conns and --max-conns-per-ip must be positive")
	}
	course, err := loadCourse(*dir, stderr)
	if err != nil {
		return err
	}
	cfg := exchange.Config{RateLimit: exchange.RateLimit{Rate: *rate}, OwnerQuota: *quota}
	if *key == "" {
		cfg.Keys, cfg.Policies = exchange.DemoKeys()
		fmt.Fprintf(stdout, "sandbox API: using the demo credentials api key %q, secret %q; %q (secret %q, read only) and %q (Ed25519, seed in the README) (set --api-key/--api-secret for your own)\n",
			exchange.DemoKey, exchange.DemoSecret, exchange.DemoReadKey, exchange.DemoReadSecret, exchange.DemoEd25519Key)
	} else {
		cfg.Keys = signing.NewKeyRing()
		cfg.Keys.Add(*key, *secret, time.Time{}, time.Time{})
		if *allow != "" {
			var p exchange.KeyPolicy
			for _, cidr := range strings.Split(*allow, ",") {
				n, err := netip.ParsePrefix(strings.TrimSpace(cidr))
				if err != nil {
					return fmt.Errorf("serve: --api-allow: %w", err)
				}
				p.Allow = append(p.Allow, n)
			}
			cfg.Policies = map[string]exchange.KeyPolicy{*key: p}
		}
		// The secret itself is never printed.
		fmt.Fprintf(stdout, "sandbox API: api key %q with the secret from --api-secret\n", *key)
	}
	if *redisURL != "" {
		st, err := redisstore.Open(ctx, *redisURL, redisstore.Options{Lease: *lease, OwnerQuota: *quota})
		if err != nil {
			return fmt.Errorf("serve: --redis: %w", err)
		}
		defer st.Close()
		cfg.Store = st
		fmt.Fprintf(stdout, "sandbox API: state in Redis at %s\n", st.Client().Options().Addr)
	}

	files, err := siteFiles(ctx, stderr, compress.Fast)
	if err != nil {
		return err
	}
	s, err := site.New(site.Config{
		Course: course,
		Web:    files,
		Base:   "/",
		API:    exchange.New(cfg),
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
	// Requests see this context end when shutdown starts, so an injected
	// delay stops waiting instead of holding the shutdown.
	reqCtx, cancelRequests := context.WithCancel(context.Background())
	defer cancelRequests()
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		BaseContext:       func(net.Listener) context.Context { return reqCtx },
	}
	fmt.Fprintf(stdout, "serving the playground (%d lessons, version %s) at http://%s/\n", len(course.Lessons), s.Version(), ln.Addr())

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(limitConns(ln, *maxConns, *perIP)) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	fmt.Fprintln(stdout, "shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cancelRequests()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
