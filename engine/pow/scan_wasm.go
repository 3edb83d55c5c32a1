//go:build wasm

package pow

// useKernel: Go's crypto/sha256 has no assembly under wasm; the unrolled
// kernel is several times faster there (see kernel's benchmarks).
const useKernel = true
