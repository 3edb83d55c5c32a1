// Package kernel is the Bitcoin mining inner loop: double SHA-256 of an
// 80-byte block header over a range of nonces, compared with a target.
//
// It is written for the js/wasm miner worker, whose download budget is
// tight, so it imports only encoding/binary and math/bits (no fmt, no
// math/big, no crypto/sha256). Go's crypto/sha256 has no assembly under
// wasm; this package has its own compression, specialised for mining:
//
//   - the first 64 header bytes are hashed once per Job (the midstate);
//   - in the second block only the nonce word varies, so the rounds before
//     it enters and every nonce-independent term are computed once per Job;
//   - the rounds are fully unrolled into locals (scan_gen.go, written by
//     gen.go), with the padding words folded into constants;
//   - the second hash stops as soon as the digest's most significant word is
//     known (round 61 of 64), and only nonces that pass that word go on to
//     an exact 256-bit comparison.
package kernel

import (
	"encoding/binary"
	"math/bits"
)

//go:generate go run gen.go

// Job is one header and target, prepared for scanning nonces. A Job is
// read-only after NewJob, so several goroutines may Scan disjoint ranges of
// the same Job at once.
type Job struct {
	mid    [8]uint32 // SHA-256 state after header bytes 0..63
	tail   [3]uint32 // header bytes 64..75 as big-endian words (merkle tail, time, bits)
	target [8]uint32 // target as big-endian words, most significant first
	pre    precomp   // nonce-independent values of the unrolled loop
}

// NewJob prepares header for scanning against target. target is the 256-bit
// target as 32 big-endian bytes; a digest meets it when the digest, read as
// a little-endian 256-bit integer (as Bitcoin does), is <= target. The
// nonce bytes of header (76..79) are ignored.
func NewJob(header *[80]byte, target *[32]byte) *Job {
	j := &Job{mid: iv}
	var w [16]uint32
	for i := range w {
		w[i] = binary.BigEndian.Uint32(header[4*i:])
	}
	block(&j.mid, &w)
	for i := range j.tail {
		j.tail[i] = binary.BigEndian.Uint32(header[64+4*i:])
	}
	for i := range j.target {
		j.target[i] = binary.BigEndian.Uint32(target[4*i:])
	}
	j.pre.init(&j.mid, j.tail[0], j.tail[1], j.tail[2])
	return j
}

// Scan hashes the nonces from, from+1, ... (count of them, clamped at
// 0xffffffff: the range never wraps to 0) and returns the first nonce whose
// digest meets the target. tried is the number of nonces hashed, including
// the one found; it is 0 when count is 0.
func (j *Job) Scan(from, count uint32) (nonce uint32, found bool, tried uint32) {
	if count == 0 {
		return 0, false, 0
	}
	last := from + (count - 1)
	if last < from { // would wrap past 0xffffffff
		last = ^uint32(0)
	}
	if n, ok := j.scan(from, last); ok {
		return n, true, n - from + 1
	}
	return 0, false, last - from + 1
}

// Digest returns the double SHA-256 of the header with the given nonce, in
// internal byte order (as hashed; explorers show it byte-reversed).
func (j *Job) Digest(nonce uint32) [32]byte {
	st := j.digest(nonce)
	var d [32]byte
	for i, v := range st {
		binary.BigEndian.PutUint32(d[4*i:], v)
	}
	return d
}

// digest is the plain (not unrolled) double SHA-256 with the given nonce,
// as state words.
func (j *Job) digest(nonce uint32) [8]uint32 {
	st := j.mid
	w := [16]uint32{j.tail[0], j.tail[1], j.tail[2], bits.ReverseBytes32(nonce), 0x80000000, 15: 640}
	block(&st, &w)
	w = [16]uint32{8: 0x80000000, 15: 256}
	copy(w[:8], st[:])
	st = iv
	block(&st, &w)
	return st
}

// meets is the exact test: the digest as a little-endian 256-bit integer is
// <= the target. Its most significant word is the byte-swapped last state
// word.
func (j *Job) meets(nonce uint32) bool {
	st := j.digest(nonce)
	for i, t := range j.target {
		d := bits.ReverseBytes32(st[7-i])
		if d != t {
			return d < t
		}
	}
	return true
}

var iv = [8]uint32{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19}

var k = [64]uint32{
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
}

// block is the textbook SHA-256 compression of one 16-word block into st.
// It serves NewJob (once) and the exact check of rare candidates, so it is
// kept short rather than fast.
func block(st *[8]uint32, m *[16]uint32) {
	var w [64]uint32
	copy(w[:], m[:])
	for i := 16; i < 64; i++ {
		s0 := bits.RotateLeft32(w[i-15], -7) ^ bits.RotateLeft32(w[i-15], -18) ^ w[i-15]>>3
		s1 := bits.RotateLeft32(w[i-2], -17) ^ bits.RotateLeft32(w[i-2], -19) ^ w[i-2]>>10
		w[i] = w[i-16] + s0 + w[i-7] + s1
	}
	a, b, c, d, e, f, g, h := st[0], st[1], st[2], st[3], st[4], st[5], st[6], st[7]
	for i := range 64 {
		t1 := h + (bits.RotateLeft32(e, -6) ^ bits.RotateLeft32(e, -11) ^ bits.RotateLeft32(e, -25)) + (e&f ^ ^e&g) + k[i] + w[i]
		t2 := (bits.RotateLeft32(a, -2) ^ bits.RotateLeft32(a, -13) ^ bits.RotateLeft32(a, -22)) + (a&b ^ a&c ^ b&c)
		h, g, f, e, d, c, b, a = g, f, e, d+t1, c, b, a, t1+t2
	}
	st[0] += a
	st[1] += b
	st[2] += c
	st[3] += d
	st[4] += e
	st[5] += f
	st[6] += g
	st[7] += h
}
