package kernel

import (
	"crypto/sha256"
	"encoding"
	"encoding/binary"
	"hash"
	"testing"
)

// benchHeader is an arbitrary header: the speed does not depend on its bytes.
var benchHeader = [80]byte{
	0x01, 0x00, 0x00, 0x00, 60: 0x3b, 0xa3, 0xed, 0xfd, 0x7a, 0x7b, 0x12, 0xb2,
	0x29, 0xab, 0x5f, 0x49, 0xff, 0xff, 0x00, 0x1d, 0x1d, 0xac, 0x2b, 0x7c,
}

func reportHashes(b *testing.B, hashes int) {
	b.ReportMetric(float64(hashes)/b.Elapsed().Seconds(), "hashes/s")
}

// BenchmarkStdlibDoubleSHA256 is crypto/sha256 hashing the 80-byte header
// twice per nonce: what a miner without a midstate does.
func BenchmarkStdlibDoubleSHA256(b *testing.B) {
	h := benchHeader
	var sink byte
	n := 0
	for b.Loop() {
		binary.LittleEndian.PutUint32(h[76:], uint32(n))
		first := sha256.Sum256(h[:])
		second := sha256.Sum256(first[:])
		sink ^= second[31]
		n++
	}
	reportHashes(b, n)
	_ = sink
}

// BenchmarkStdlibMidstate is crypto/sha256 with the state after the first 64
// bytes saved once (MarshalBinary) and restored per nonce
// (UnmarshalBinary): the best the standard library offers a miner.
func BenchmarkStdlibMidstate(b *testing.B) {
	h := benchHeader
	d := sha256.New()
	d.Write(h[:64])
	mid, err := d.(encoding.BinaryMarshaler).MarshalBinary()
	if err != nil {
		b.Fatal(err)
	}
	restore := d.(encoding.BinaryUnmarshaler)
	var sum [32]byte
	var sink byte
	n := 0
	for b.Loop() {
		if err := restore.UnmarshalBinary(mid); err != nil {
			b.Fatal(err)
		}
		binary.LittleEndian.PutUint32(h[76:], uint32(n))
		d.Write(h[64:])
		second := sha256.Sum256(d.Sum(sum[:0]))
		sink ^= second[31]
		n++
	}
	reportHashes(b, n)
	_ = sink
}

// BenchmarkStdlibMidstateClone restores the midstate with hash.Cloner
// instead. On the dev machine it was no faster than UnmarshalBinary and it
// allocates a digest per nonce, so engine/pow's native scanner unmarshals.
func BenchmarkStdlibMidstateClone(b *testing.B) {
	h := benchHeader
	d := sha256.New()
	d.Write(h[:64])
	c := d.(hash.Cloner)
	var sum [32]byte
	var sink byte
	n := 0
	for b.Loop() {
		x, err := c.Clone()
		if err != nil {
			b.Fatal(err)
		}
		dd := x.(hash.Hash)
		binary.LittleEndian.PutUint32(h[76:], uint32(n))
		dd.Write(h[64:])
		second := sha256.Sum256(dd.Sum(sum[:0]))
		sink ^= second[31]
		n++
	}
	reportHashes(b, n)
	_ = sink
}

// BenchmarkKernelScan is Job.Scan over chunks of 4096 nonces with a target
// that nothing meets, i.e. the steady state of a miner.
func BenchmarkKernelScan(b *testing.B) {
	var target [32]byte
	j := NewJob(&benchHeader, &target)
	const chunk = 4096
	n := 0
	for b.Loop() {
		if _, ok, _ := j.Scan(uint32(n), chunk); ok {
			b.Fatal("zero target met")
		}
		n += chunk
	}
	reportHashes(b, n)
}
