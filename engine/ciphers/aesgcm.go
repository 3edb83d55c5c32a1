package ciphers

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/hex"
	"fmt"
)

// Sizes of AES-256-GCM as this package uses it.
const (
	AESKeySize = 32 // AES-256
	NonceSize  = 12 // 96-bit nonce, the size GCM is designed for
	TagSize    = 16 // 128-bit authentication tag
)

// AESKey is an AES-256 key.
type AESKey [AESKeySize]byte

// NewAESKey returns a fresh random key.
func NewAESKey() AESKey {
	var k AESKey
	// crypto/rand.Read never fails (Go 1.24+: it aborts the program instead).
	_, _ = rand.Read(k[:])
	return k
}

// ParseAESKey reads a 32-byte key written in hex (see DecodeHex).
func ParseAESKey(s string) (AESKey, error) {
	var k AESKey
	b, err := DecodeHex(s)
	if err != nil {
		return k, err
	}
	if len(b) != AESKeySize {
		return k, fmt.Errorf("%w: an AES-256 key is %d bytes, got %d", ErrKeySize, AESKeySize, len(b))
	}
	copy(k[:], b)
	return k, nil
}

// Hex is the key in lowercase hex, for display.
func (k AESKey) Hex() string { return hex.EncodeToString(k[:]) }

// Sealed is one AES-256-GCM message with its parts kept apart for display.
// On the wire it is Nonce || Ciphertext || Tag (see Wire); AAD travels
// separately, or is implied by context, and is authenticated but not hidden.
type Sealed struct {
	Nonce      []byte `json:"nonce"`      // 12 random bytes, never reused with the same key
	Ciphertext []byte `json:"ciphertext"` // as long as the plaintext
	Tag        []byte `json:"tag"`        // 16 bytes that authenticate nonce, AAD and ciphertext
	AAD        []byte `json:"aad"`        // associated data: authenticated, not encrypted
}

// Seal encrypts plaintext and authenticates it together with aad, under a
// fresh random 96-bit nonce.
func (k AESKey) Seal(plaintext, aad []byte) (Sealed, error) {
	nonce := make([]byte, NonceSize)
	_, _ = rand.Read(nonce)
	return k.sealWithNonce(nonce, plaintext, aad)
}

// sealWithNonce is Seal with a chosen nonce. It stays unexported: a caller
// that picks nonces will one day reuse one, and GCM with a repeated nonce
// leaks the XOR of plaintexts and lets the attacker forge tags. The
// known-answer tests need it.
func (k AESKey) sealWithNonce(nonce, plaintext, aad []byte) (Sealed, error) {
	if len(nonce) != NonceSize {
		return Sealed{}, fmt.Errorf("%w: nonce must be %d bytes, got %d", ErrMalformed, NonceSize, len(nonce))
	}
	aead, err := k.aead()
	if err != nil {
		return Sealed{}, err
	}
	out := aead.Seal(nil, nonce, plaintext, aad)
	n := len(out) - TagSize
	return Sealed{
		Nonce:      clone(nonce),
		Ciphertext: out[:n:n],
		Tag:        out[n:],
		AAD:        clone(aad),
	}, nil
}

// Open checks the tag and returns the plaintext. Any change to the nonce,
// ciphertext, tag or AAD, or a different key, gives an error wrapping
// ErrAuthFailed; parts of the wrong length give ErrMalformed. It never
// returns unauthenticated plaintext.
func (k AESKey) Open(s Sealed) ([]byte, error) {
	if len(s.Nonce) != NonceSize {
		return nil, fmt.Errorf("%w: nonce must be %d bytes, got %d", ErrMalformed, NonceSize, len(s.Nonce))
	}
	if len(s.Tag) != TagSize {
		return nil, fmt.Errorf("%w: tag must be %d bytes, got %d", ErrMalformed, TagSize, len(s.Tag))
	}
	aead, err := k.aead()
	if err != nil {
		return nil, err
	}
	buf := make([]byte, 0, len(s.Ciphertext)+TagSize)
	buf = append(append(buf, s.Ciphertext...), s.Tag...)
	pt, err := aead.Open(buf[:0], s.Nonce, buf, s.AAD)
	if err != nil {
		return nil, fmt.Errorf("%w: the key, nonce, ciphertext, tag or associated data is not what was sealed", ErrAuthFailed)
	}
	return pt, nil
}

func (k AESKey) aead() (cipher.AEAD, error) {
	block, err := aes.NewCipher(k[:])
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrKeySize, err)
	}
	return cipher.NewGCM(block)
}

// Wire is the usual transmission format: Nonce || Ciphertext || Tag.
func (s Sealed) Wire() []byte {
	out := make([]byte, 0, len(s.Nonce)+len(s.Ciphertext)+len(s.Tag))
	return append(append(append(out, s.Nonce...), s.Ciphertext...), s.Tag...)
}

// ParseWire splits Nonce || Ciphertext || Tag (as Wire writes it) and
// attaches aad. The parts are copies, so later changes to wire do not leak in.
func ParseWire(wire, aad []byte) (Sealed, error) {
	if len(wire) < NonceSize+TagSize {
		return Sealed{}, fmt.Errorf("%w: a sealed message is at least %d bytes (nonce + tag), got %d",
			ErrMalformed, NonceSize+TagSize, len(wire))
	}
	n := len(wire) - TagSize
	return Sealed{
		Nonce:      clone(wire[:NonceSize]),
		Ciphertext: clone(wire[NonceSize:n]),
		Tag:        clone(wire[n:]),
		AAD:        clone(aad),
	}, nil
}

// Clone returns a deep copy.
func (s Sealed) Clone() Sealed {
	return Sealed{Nonce: clone(s.Nonce), Ciphertext: clone(s.Ciphertext), Tag: clone(s.Tag), AAD: clone(s.AAD)}
}

// clone copies b, keeping nil as nil and empty as empty.
func clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append(make([]byte, 0, len(b)), b...)
}
