//go:build !wasm

package main

import (
	"flag"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/cmd/playground/internal/browsertest"
	"github.com/consensus-lab/playground/engine/exchange/storetest"
)

var benchAPI = flag.Bool("bench-api", false, "run the sandbox API throughput benchmark")

// TestBenchAPIOrders prints how many orders a second the sandbox places
// through one and two `serve` processes, state in memory and in Redis, with
// the same client: 32 workers signing by hand, each order with its own
// Idempotency-Key, spread round-robin over the processes. Two processes in
// memory are two separate APIs, shown for scale; on Redis they are one.
// It measures; it asserts no timing. Run with `make bench` (or -bench-api).
func TestBenchAPIOrders(t *testing.T) {
	if !*benchAPI {
		t.Skip("API benchmark: run with -bench-api (make bench)")
	}
	const workers, duration = 32, 3 * time.Second
	// Keep a connection per worker, as a real client pool would, instead
	// of net/http's two idle connections per host.
	tr := http.DefaultTransport.(*http.Transport)
	defer func(n int) { tr.MaxIdleConnsPerHost = n }(tr.MaxIdleConnsPerHost)
	tr.MaxIdleConnsPerHost = workers
	rd := storetest.StartRedis(t)
	flags := []string{"--rate", "1000000", "--key-quota", "-1", "--max-conns-per-ip", "1000"}
	rates := map[string]float64{}
	for _, store := range []string{"memory", "redis"} {
		for _, procs := range []int{1, 2} {
			args := flags
			if store == "redis" {
				args = append(args, "--redis", rd.URL())
			}
			var clients []*apiClient
			var servers []*browsertest.Server
			for range procs {
				s := browsertest.StartServe(t, bin, args...)
				servers = append(servers, s)
				clients = append(clients, &apiClient{t: t, base: strings.TrimSuffix(s.URL, "/"), key: "demo", secret: "demo-secret"})
			}
			var placed, failed atomic.Int64
			stop := time.Now().Add(duration)
			var wg sync.WaitGroup
			for w := range workers {
				wg.Go(func() {
					for i := 0; time.Now().Before(stop); i++ {
						c := clients[(w+i)%len(clients)]
						r := c.signedNoPace("POST", "/api/v1/orders", []byte(orderJSON), idem(newNonce()))
						if r.Status == http.StatusCreated {
							placed.Add(1)
						} else {
							failed.Add(1)
						}
					}
				})
			}
			start := time.Now()
			wg.Wait()
			elapsed := time.Since(start)
			for _, s := range servers {
				require.NoError(t, s.Stop())
			}
			require.Zero(t, failed.Load(), "%s x%d: every order is placed", store, procs)
			rates[fmt.Sprint(store, procs)] = float64(placed.Load()) / elapsed.Seconds()
		}
	}
	fmt.Printf("sandbox API orders/s (%d workers, %s each): %-8s 1 process %7.0f   2 processes %7.0f   (x%.2f)\n",
		workers, duration, "memory", rates["memory1"], rates["memory2"], rates["memory2"]/rates["memory1"])
	fmt.Printf("sandbox API orders/s (%d workers, %s each): %-8s 1 process %7.0f   2 processes %7.0f   (x%.2f)\n",
		workers, duration, "redis", rates["redis1"], rates["redis2"], rates["redis2"]/rates["redis1"])
	fmt.Printf("sandbox API orders/s: redis/memory, 1 process x%.2f, 2 processes x%.2f\n",
		rates["redis1"]/rates["memory1"], rates["redis2"]/rates["memory2"])
}
