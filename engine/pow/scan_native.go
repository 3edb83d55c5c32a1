//go:build !wasm

package pow

// useKernel: natively crypto/sha256 uses SHA-NI or other assembly and beats
// the pure-Go kernel (about 5 M/s against 1.5 M/s on the dev machine).
const useKernel = false
