package kernel

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// refDigest is the double SHA-256 of header with nonce, by crypto/sha256.
func refDigest(header [80]byte, nonce uint32) [32]byte {
	binary.LittleEndian.PutUint32(header[76:], nonce)
	first := sha256.Sum256(header[:])
	return sha256.Sum256(first[:])
}

// refMeets compares like Bitcoin: the digest read as a little-endian integer
// against the big-endian target.
func refMeets(d, target [32]byte) bool {
	slices.Reverse(d[:])
	return bytes.Compare(d[:], target[:]) <= 0
}

// refScan is the obvious scan by crypto/sha256.
func refScan(header [80]byte, target [32]byte, from, count uint32) (uint32, bool, uint32) {
	var tried uint32
	for i := uint64(0); i < uint64(count) && uint64(from)+i <= 0xffffffff; i++ {
		n := from + uint32(i)
		tried++
		if refMeets(refDigest(header, n), target) {
			return n, true, tried
		}
	}
	return 0, false, tried
}

func randomHeader(r *rand.Rand) [80]byte {
	var h [80]byte
	for i := 0; i < len(h); i += 8 {
		binary.LittleEndian.PutUint64(h[i:], r.Uint64())
	}
	return h
}

// asTarget turns a digest into the target equal to it (big-endian bytes of
// the little-endian integer), so that digest <= target holds with equality.
func asTarget(d [32]byte) [32]byte {
	slices.Reverse(d[:])
	return d
}

// minus1 subtracts one from a big-endian 256-bit value (which must be > 0).
func minus1(t [32]byte) [32]byte {
	for i := 31; i >= 0; i-- {
		t[i]--
		if t[i] != 0xff {
			break
		}
	}
	return t
}

func TestDigestMatchesStdlib(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var zero [32]byte
	for range 40 {
		h := randomHeader(r)
		j := NewJob(&h, &zero)
		for _, n := range []uint32{0, 1, 0xffffffff, binary.LittleEndian.Uint32(h[76:]), r.Uint32(), r.Uint32()} {
			require.Equal(t, refDigest(h, n), j.Digest(n), "header %x nonce %d", h, n)
		}
	}
}

func TestScanMatchesStdlib(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 30 {
		h := randomHeader(r)
		// Targets whose top byte allows about one hit in 2^(8-k) nonces.
		var target [32]byte
		for b := range target {
			target[b] = byte(r.Uint32())
		}
		target[0] = byte(0xff >> (3 + i%4))
		from, count := r.Uint32(), uint32(200)
		j := NewJob(&h, &target)
		n, ok, tried := j.Scan(from, count)
		wn, wok, wtried := refScan(h, target, from, count)
		require.Equal(t, wok, ok, "case %d", i)
		require.Equal(t, wn, n, "case %d", i)
		require.Equal(t, wtried, tried, "case %d", i)
	}
}

// TestScanExactComparison builds targets from real digests so that the
// most significant word of digest and target are equal and the decision
// falls to the lower words, where the early reject cannot decide.
func TestScanExactComparison(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 20 {
		h := randomHeader(r)
		from := r.Uint32() >> 1
		const span = 64
		best := from
		for n := from; n < from+span; n++ {
			if !refMeets(refDigest(h, best), asTarget(refDigest(h, n))) {
				best = n
			}
		}
		exact := asTarget(refDigest(h, best))
		below := minus1(exact)

		j := NewJob(&h, &exact)
		n, ok, tried := j.Scan(from, span)
		require.True(t, ok)
		assert.Equal(t, best, n, "the smallest digest is the only one <= itself")
		assert.Equal(t, best-from+1, tried)

		// The same nonce ends a range, then starts one.
		n, ok, tried = j.Scan(from, best-from+1)
		require.True(t, ok)
		assert.Equal(t, best, n)
		assert.Equal(t, best-from+1, tried)
		n, ok, tried = j.Scan(best, 1)
		require.True(t, ok)
		assert.Equal(t, best, n)
		assert.Equal(t, uint32(1), tried)

		jb := NewJob(&h, &below)
		_, ok, tried = jb.Scan(from, span)
		assert.False(t, ok, "one below the smallest digest: nothing meets it")
		assert.Equal(t, uint32(span), tried)
	}
}

func TestScanBoundaries(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	h := randomHeader(r)
	var none, all [32]byte
	for i := range all {
		all[i] = 0xff
	}
	jn, ja := NewJob(&h, &none), NewJob(&h, &all)

	tests := []struct {
		name        string
		job         *Job
		from, count uint32
		nonce       uint32
		found       bool
		tried       uint32
	}{
		{"count 0", ja, 5, 0, 0, false, 0},
		{"count 0 at the top", ja, 0xffffffff, 0, 0, false, 0},
		{"easiest target hits the first nonce", ja, 77, 1000, 77, true, 1},
		{"easiest target at the last nonce", ja, 0xffffffff, 1, 0xffffffff, true, 1},
		{"clamped, no wrap", jn, 0xfffffff0, 100, 0, false, 16},
		{"last nonce alone", jn, 0xffffffff, 0xffffffff, 0, false, 1},
		{"exactly to the top", jn, 0xffffff00, 0x100, 0, false, 0x100},
		{"plain range", jn, 1000, 300, 0, false, 300},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n, ok, tried := tc.job.Scan(tc.from, tc.count)
			assert.Equal(t, tc.nonce, n)
			assert.Equal(t, tc.found, ok)
			assert.Equal(t, tc.tried, tried)
		})
	}
}

func TestNonceBytesIgnored(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	h := randomHeader(r)
	var target [32]byte
	target[0] = 0x03
	a := NewJob(&h, &target)
	h[76], h[77], h[78], h[79] = ^h[76], ^h[77], ^h[78], ^h[79]
	b := NewJob(&h, &target)
	assert.Equal(t, a, b)
}

func FuzzScan(f *testing.F) {
	var h [80]byte
	f.Add(h[:], []byte{0x0f}, uint32(0), uint16(50))
	f.Add(bytes.Repeat([]byte{0xab}, 80), []byte{0x00, 0xff}, uint32(0xffffffe0), uint16(100))
	f.Add(bytes.Repeat([]byte{0x01}, 90), bytes.Repeat([]byte{0xff}, 40), uint32(12345), uint16(3))
	f.Fuzz(func(t *testing.T, header, target []byte, from uint32, count uint16) {
		var hb [80]byte
		var tb [32]byte
		copy(hb[:], header)
		copy(tb[:], target)
		count %= 256
		j := NewJob(&hb, &tb)
		n, ok, tried := j.Scan(from, uint32(count))
		wn, wok, wtried := refScan(hb, tb, from, uint32(count))
		require.Equal(t, wok, ok)
		require.Equal(t, wn, n)
		require.Equal(t, wtried, tried)
		require.Equal(t, refDigest(hb, from), j.Digest(from))
	})
}
