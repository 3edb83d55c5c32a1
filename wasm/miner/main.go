//go:build js && wasm

// Command miner is the Web Worker's own wasm program: it publishes one
// synchronous function, minerScan, that hashes a chunk of nonces with
// engine/pow/kernel, and then parks forever so the function stays callable.
//
// web/miner-worker.js owns the protocol (messages, hex parsing, chunk
// sizing, stop); this program only scans. It imports nothing but the kernel
// and syscall/js: fmt, strconv or math/big would push the download past its
// 0.6 MB (brotli) budget.
//
// From JavaScript:
//
//	minerScan(header, target, from, count) -> {found, nonce, tried, hash}
//
// header is a Uint8Array of the 80 serialized header bytes (the nonce bytes
// are ignored), target a Uint8Array of the 32-byte big-endian target, from
// and count whole numbers (count 1..2^32; the scan never wraps past
// 0xffffffff). tried counts the nonces hashed, the winner included; when
// found, nonce is the winning nonce and hash a Uint8Array of its double
// SHA-256 in internal byte order (reverse it for display). A call with bad
// arguments returns {error: "..."} instead of throwing.
package main

import (
	"syscall/js"

	"github.com/consensus-lab/playground/engine/pow/kernel"
)

// The job of the last call is kept: the worker scans one header in many
// chunks, and the midstate need not be recomputed for each.
var (
	lastHeader [80]byte
	lastTarget [32]byte
	job        *kernel.Job
	uint8Array = js.Global().Get("Uint8Array")
)

func main() {
	js.Global().Set("minerScan", js.FuncOf(scan))
	select {}
}

func scan(_ js.Value, args []js.Value) any {
	if len(args) != 4 {
		return fail("minerScan takes (header, target, from, count)")
	}
	var header [80]byte
	var target [32]byte
	if !bytesArg(args[0], header[:]) {
		return fail("header must be a Uint8Array of 80 bytes")
	}
	if !bytesArg(args[1], target[:]) {
		return fail("target must be a Uint8Array of 32 bytes")
	}
	from, ok := wholeArg(args[2], 1<<32-1)
	if !ok {
		return fail("from must be a whole number within 0..4294967295")
	}
	count, ok := wholeArg(args[3], 1<<32)
	if !ok || count == 0 {
		return fail("count must be a whole number within 1..4294967296")
	}
	if job == nil || header != lastHeader || target != lastTarget {
		lastHeader, lastTarget = header, target
		job = kernel.NewJob(&header, &target)
	}
	// Job.Scan takes a uint32 count; 2^32 nonces from 0 are two scans.
	var tried uint64
	f := uint32(from)
	for count > 0 {
		n := uint32(min(count, 1<<32-1))
		nonce, found, t := job.Scan(f, n)
		tried += uint64(t)
		if found {
			d := job.Digest(nonce)
			hash := uint8Array.New(len(d))
			js.CopyBytesToJS(hash, d[:])
			return js.ValueOf(map[string]any{"found": true, "nonce": nonce, "tried": float64(tried), "hash": hash})
		}
		if uint64(t) < uint64(n) { // clamped at 0xffffffff
			break
		}
		count -= uint64(n)
		f += n
	}
	return js.ValueOf(map[string]any{"found": false, "tried": float64(tried)})
}

func fail(msg string) any { return js.ValueOf(map[string]any{"error": msg}) }

// bytesArg copies a Uint8Array of exactly len(dst) bytes into dst.
func bytesArg(v js.Value, dst []byte) bool {
	if !v.InstanceOf(uint8Array) || v.Length() != len(dst) {
		return false
	}
	return js.CopyBytesToGo(dst, v) == len(dst)
}

// wholeArg reads a JavaScript number that must be a whole number in
// 0..limit.
func wholeArg(v js.Value, limit uint64) (uint64, bool) {
	if v.Type() != js.TypeNumber {
		return 0, false
	}
	f := v.Float()
	if !(f >= 0 && f <= float64(limit)) || f != float64(uint64(f)) {
		return 0, false
	}
	return uint64(f), true
}
