package pow

import (
	"crypto/sha256"
	"encoding"
	"hash"
	"math/big"

	"github.com/consensus-lab/playground/engine/pow/kernel"
)

// scanner scans a nonce range of one prepared header and target, with the
// semantics of kernel.Job.Scan.
type scanner interface {
	Scan(from, count uint32) (nonce uint32, found bool, tried uint32)
}

// Search returns the first nonce in [from, from+count) whose header hash
// meets target (hash as a little-endian integer <= target). The range never
// wraps: it stops at 0xffffffff. The header's own Nonce is ignored. A nil or
// negative target is met by nothing: (0, false) at once.
//
// Under js/wasm it runs the unrolled kernel; natively it runs crypto/sha256
// with a midstate, which has SHA-NI assembly and measured faster there. Both
// give identical results.
func Search(h Header, target *big.Int, from, count uint32) (nonce uint32, ok bool) {
	s, valid := newScanner(h, target)
	if !valid {
		return 0, false
	}
	nonce, ok, _ = s.Scan(from, count)
	return nonce, ok
}

// targetBytes is target as 32 big-endian bytes, saturated at 2^256 - 1;
// false when nothing can meet it.
func targetBytes(target *big.Int) (b [32]byte, ok bool) {
	if target == nil || target.Sign() < 0 {
		return b, false
	}
	if target.BitLen() > 256 {
		target = mask256
	}
	target.FillBytes(b[:])
	return b, true
}

func newScanner(h Header, target *big.Int) (scanner, bool) {
	t, ok := targetBytes(target)
	if !ok {
		return nil, false
	}
	hb := h.array()
	if useKernel {
		return kernel.NewJob(&hb, &t), true
	}
	return newStdScanner(&hb, &t), true
}

// stdScanner is the crypto/sha256 scanner: the SHA-256 state after the
// first 64 header bytes is saved once and restored for every nonce.
type stdScanner struct {
	mid    []byte
	tail   [16]byte
	target [32]byte // big-endian
	d      hash.Hash
}

func newStdScanner(header *[HeaderSize]byte, target *[32]byte) *stdScanner {
	s := &stdScanner{d: sha256.New(), target: *target}
	s.d.Write(header[:64])
	// A sha256 digest always marshals; the error is part of the interface.
	s.mid, _ = s.d.(encoding.BinaryMarshaler).MarshalBinary()
	copy(s.tail[:], header[64:])
	return s
}

func (s *stdScanner) Scan(from, count uint32) (uint32, bool, uint32) {
	if count == 0 {
		return 0, false, 0
	}
	last := from + (count - 1)
	if last < from {
		last = ^uint32(0)
	}
	restore := s.d.(encoding.BinaryUnmarshaler)
	var first [32]byte
	for n := from; ; n++ {
		_ = restore.UnmarshalBinary(s.mid)
		s.tail[12], s.tail[13], s.tail[14], s.tail[15] = byte(n), byte(n>>8), byte(n>>16), byte(n>>24)
		s.d.Write(s.tail[:])
		d := sha256.Sum256(s.d.Sum(first[:0]))
		if meetsBytes(&d, &s.target) {
			return n, true, n - from + 1
		}
		if n == last {
			return 0, false, last - from + 1
		}
	}
}

// meetsBytes compares a digest (little-endian integer) with a big-endian
// target, most significant byte first.
func meetsBytes(d, target *[32]byte) bool {
	for i := range 32 {
		if a, b := d[31-i], target[i]; a != b {
			return a < b
		}
	}
	return true
}
