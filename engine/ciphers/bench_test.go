package ciphers

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// The benchmarks time exactly the race's operations (the same setup code),
// so `go test -bench` and the browser race can be compared line by line.
//
//	go test -run '^$' -bench . ./engine/ciphers/
func BenchmarkCiphers(b *testing.B) {
	rsaKey, _ := testRSAKeys(b)
	for _, alg := range Algorithms() {
		for _, c := range contestants(alg, rsaKey) {
			for _, size := range DefaultRaceSizes() {
				b.Run(fmt.Sprintf("%s/%s/%dB", alg, c.op, size), func(b *testing.B) {
					benchContestant(b, c, size)
				})
			}
		}
	}
}

func benchContestant(b *testing.B, c contestant, size int) {
	tk, skip, err := c.setup(raceMessage(size))
	if err != nil {
		b.Fatal(err)
	}
	if skip != "" {
		b.Skip(skip)
	}
	if c.reads {
		b.SetBytes(int64(size))
	}
	limit := tk.maxBatch
	if limit <= 0 {
		limit = maxBatch
	}
	b.ResetTimer()
	for left := b.N; left > 0; {
		n := min(left, limit)
		if tk.prepare != nil {
			b.StopTimer()
			if err := tk.prepare(n); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
		if err := tk.run(n); err != nil {
			b.Fatal(err)
		}
		left -= n
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
}

// BenchmarkRace times a whole race with a small budget: the cost a learner
// waits for, minus RSA key generation.
func BenchmarkRace(b *testing.B) {
	rsaKey, _ := testRSAKeys(b)
	for b.Loop() {
		if _, err := Race(context.Background(), RaceConfig{Budget: time.Millisecond, RSA: rsaKey}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRSAKeyGeneration(b *testing.B) {
	for _, bits := range []int{1024, 2048} {
		b.Run(fmt.Sprintf("RSA-%d", bits), func(b *testing.B) {
			for b.Loop() {
				if _, err := NewRSAKey(bits); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkWalkthrough(b *testing.B) {
	in := WalkthroughInput{Plaintext: raceMessage(64), Info: []byte("bench")}
	for b.Loop() {
		if _, err := NewWalkthrough(in); err != nil {
			b.Fatal(err)
		}
	}
}
