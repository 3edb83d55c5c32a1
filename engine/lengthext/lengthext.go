// Package lengthext shows why SHA-256(secret || message) is not a MAC: a
// SHA-256 digest is the hash function's whole internal state, so anyone who
// knows SHA-256(M) and len(M), but not M, can go on hashing from there and
// compute SHA-256(M || padding || suffix) for a suffix of their choice. This
// is the length-extension attack; HMAC (RFC 2104) is immune because its tag
// is a hash of the inner hash, under a second keyed pad.
//
// The continuation uses the engine's own compression function (engine/pow/
// kernel.Block), not crypto/sha256, so the tests that compare it with
// crypto/sha256 check an independent implementation.
package lengthext

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/binary"
	"errors"

	"github.com/consensus-lab/playground/engine/pow/kernel"
)

// BlockSize is SHA-256's block size in bytes; HMAC pads its key to it.
const BlockSize = 64

// MaxSecretLen bounds the secret length an attacker may guess: far above any
// real secret, and small enough that a widget slider stays usable.
const MaxSecretLen = 1024

// Padding returns the bytes SHA-256 appends to an n-byte message before its
// last compression (FIPS 180-4, section 5.1.1): a 0x80 byte, zeros up to 56
// bytes modulo 64, then the message length in bits as a 64-bit big-endian
// integer. It is 9 to 72 bytes long, and n+len(Padding(n)) is a multiple
// of 64.
func Padding(n uint64) []byte {
	zeros := (BlockSize + 56 - (n+1)%BlockSize) % BlockSize
	p := make([]byte, 1+zeros+8)
	p[0] = 0x80
	binary.BigEndian.PutUint64(p[1+zeros:], n*8)
	return p
}

// Continue returns SHA-256(M || Padding(n) || suffix) given only
// digest = SHA-256(M) and n = len(M). The digest's eight big-endian words
// are the state after M and its padding, so hashing resumes from there; the
// final padding counts every byte hashed, the first padding included.
func Continue(digest [32]byte, n uint64, suffix []byte) [32]byte {
	var st [8]uint32
	for i := range st {
		st[i] = binary.BigEndian.Uint32(digest[4*i:])
	}
	done := n + uint64(len(Padding(n)))
	rest := append(append([]byte(nil), suffix...), Padding(done+uint64(len(suffix)))...)
	var w [16]uint32
	for len(rest) > 0 {
		for i := range w {
			w[i] = binary.BigEndian.Uint32(rest[4*i:])
		}
		kernel.Block(&st, &w)
		rest = rest[BlockSize:]
	}
	var out [32]byte
	for i, v := range st {
		binary.BigEndian.PutUint32(out[4*i:], v)
	}
	return out
}

// Forgery is what a length-extension attacker sends.
type Forgery struct {
	// Glue is the padding SHA-256 added after secret || message, which now
	// sits inside the forged message.
	Glue []byte
	// Message is message || Glue || suffix: the forged message, which
	// starts with the original one and ends with the attacker's suffix.
	Message []byte
	// Tag is SHA-256(secret || Message), computed without the secret.
	Tag [32]byte
}

// ErrSecretLen is returned for a guessed secret length out of range.
var ErrSecretLen = errors.New("lengthext: the guessed secret length must be 0 to 1024 bytes")

// Forge extends a tag = SHA-256(secret || message) to message || glue ||
// suffix, knowing the message and guessing only the secret's length. With
// the right guess a naive verifier accepts the forgery; with a wrong one
// the glue differs from what SHA-256 really padded with, and it refuses.
func Forge(tag [32]byte, secretLen int, message, suffix []byte) (Forgery, error) {
	if secretLen < 0 || secretLen > MaxSecretLen {
		return Forgery{}, ErrSecretLen
	}
	n := uint64(secretLen) + uint64(len(message))
	f := Forgery{Glue: Padding(n)}
	f.Message = make([]byte, 0, len(message)+len(f.Glue)+len(suffix))
	f.Message = append(append(append(f.Message, message...), f.Glue...), suffix...)
	f.Tag = Continue(tag, n, suffix)
	return f, nil
}

// NaiveTag is SHA-256(secret || message), the construction length extension
// breaks.
func NaiveTag(secret, message []byte) [32]byte {
	h := sha256.New()
	h.Write(secret)
	h.Write(message)
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// NaiveVerify is a verifier that trusts NaiveTag: a correct verifier of the
// wrong construction (it even compares in constant time).
func NaiveVerify(secret, message []byte, tag [32]byte) bool {
	want := NaiveTag(secret, message)
	return subtle.ConstantTimeCompare(want[:], tag[:]) == 1
}

// HMACTrace is HMAC-SHA256 step by step, as RFC 2104 defines it:
// H((K0 xor opad) || H((K0 xor ipad) || message)), where K0 is the key
// padded with zeros to the block size (or first hashed, when it is longer).
type HMACTrace struct {
	InnerPad [BlockSize]byte // K0 xor 0x36 repeated
	OuterPad [BlockSize]byte // K0 xor 0x5c repeated
	Inner    [32]byte        // SHA-256(InnerPad || message)
	Tag      [32]byte        // SHA-256(OuterPad || Inner)
}

// HMAC computes HMAC-SHA256 of message under secret and keeps every step.
func HMAC(secret, message []byte) HMACTrace {
	var k0 [BlockSize]byte
	if len(secret) > BlockSize {
		sum := sha256.Sum256(secret)
		copy(k0[:], sum[:])
	} else {
		copy(k0[:], secret)
	}
	var t HMACTrace
	for i, b := range k0 {
		t.InnerPad[i] = b ^ 0x36
		t.OuterPad[i] = b ^ 0x5c
	}
	t.Inner = NaiveTag(t.InnerPad[:], message)
	t.Tag = NaiveTag(t.OuterPad[:], t.Inner[:])
	return t
}

// VerifyHMAC checks an HMAC-SHA256 tag with the standard library, in
// constant time.
func VerifyHMAC(secret, message []byte, tag [32]byte) bool {
	m := hmac.New(sha256.New, secret)
	m.Write(message)
	return hmac.Equal(m.Sum(nil), tag[:])
}
