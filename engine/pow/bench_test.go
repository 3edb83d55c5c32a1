package pow

import (
	"math/big"
	"testing"
)

// BenchmarkSearch is the platform's Search path: crypto/sha256 with a
// midstate natively, the unrolled kernel under js/wasm.
func BenchmarkSearch(b *testing.B) {
	h := Header{Version: 1, Time: 1231006505, Bits: DifficultyOneBits}
	zero := new(big.Int)
	const chunk = 4096
	n := 0
	for b.Loop() {
		if _, ok := Search(h, zero, uint32(n), chunk); ok {
			b.Fatal("zero target met")
		}
		n += chunk
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "hashes/s")
}
