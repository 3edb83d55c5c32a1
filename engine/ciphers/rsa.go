package ciphers

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
)

// RSA key sizes, in bits.
const (
	// RSADefaultBits is what NewRSAKey(0) makes: the smallest size still
	// recommended for new keys.
	RSADefaultBits = 2048
	// RSAMinBits is accepted only so speed demos can show how cost grows with
	// size; 1024-bit RSA is within reach of well-funded attackers and is
	// flagged by RSAKey.Weak. Go refuses anything smaller.
	RSAMinBits = 1024
	// RSAMaxBits keeps key generation bounded: a 4096-bit key already takes
	// seconds in a browser, and the cost grows with the fourth power of size.
	RSAMaxBits = 4096
)

// pssOptions fixes the salt to the hash length (32 bytes), the usual choice
// (TLS 1.3 requires it), and the hash to SHA-256.
var pssOptions = &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash, Hash: crypto.SHA256}

// RSAKey is an RSA private key used for RSA-PSS signatures and RSA-OAEP
// encryption, both with SHA-256.
type RSAKey struct {
	private *rsa.PrivateKey
}

// NewRSAKey generates a key of the given size in bits; 0 means
// RSADefaultBits. Sizes below RSAMinBits or above RSAMaxBits, or not a whole
// number of bytes, are refused with an error wrapping ErrKeySize.
func NewRSAKey(bits int) (RSAKey, error) {
	if bits == 0 {
		bits = RSADefaultBits
	}
	if err := checkRSABits(bits); err != nil {
		return RSAKey{}, err
	}
	priv, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		return RSAKey{}, fmt.Errorf("ciphers: generate RSA-%d key: %w", bits, err)
	}
	return RSAKey{private: priv}, nil
}

func checkRSABits(bits int) error {
	switch {
	case bits < RSAMinBits:
		return fmt.Errorf("%w: RSA-%d is refused: below %d bits RSA keys can be factored "+
			"(RSA-768 was broken in 2009); use %d", ErrKeySize, bits, RSAMinBits, RSADefaultBits)
	case bits > RSAMaxBits:
		return fmt.Errorf("%w: RSA-%d is refused: this playground generates at most %d-bit keys, "+
			"larger ones take too long to generate in a browser", ErrKeySize, bits, RSAMaxBits)
	case bits%8 != 0:
		return fmt.Errorf("%w: RSA-%d is refused: use a whole number of bytes (a multiple of 8 bits), "+
			"e.g. 2048 or 3072", ErrKeySize, bits)
	}
	return nil
}

// Valid reports whether k holds a key (the zero RSAKey does not).
func (k RSAKey) Valid() bool { return k.private != nil }

// Bits is the modulus size.
func (k RSAKey) Bits() int {
	if !k.Valid() {
		return 0
	}
	return k.private.N.BitLen()
}

// Weak reports whether the key is below RSADefaultBits and so fit only for
// speed demos.
func (k RSAKey) Weak() bool { return k.Bits() < RSADefaultBits }

// Public is the public half, to give to verifiers and senders.
func (k RSAKey) Public() *rsa.PublicKey {
	if !k.Valid() {
		return nil
	}
	return &k.private.PublicKey
}

func (k RSAKey) check() error {
	if !k.Valid() {
		return fmt.Errorf("%w: empty RSA key", ErrKeySize)
	}
	return nil
}

// SignPSS signs SHA-256(msg) with RSA-PSS. PSS signatures are randomized:
// signing twice gives two different signatures, both valid.
func (k RSAKey) SignPSS(msg []byte) ([]byte, error) {
	if err := k.check(); err != nil {
		return nil, err
	}
	digest := sha256.Sum256(msg)
	sig, err := rsa.SignPSS(rand.Reader, k.private, crypto.SHA256, digest[:], pssOptions)
	if err != nil {
		return nil, fmt.Errorf("ciphers: RSA-PSS sign: %w", err)
	}
	return sig, nil
}

// VerifyPSS checks an RSA-PSS-SHA256 signature over msg. A mismatch, or a
// signature of the wrong length, wraps ErrBadSignature.
func VerifyPSS(pub *rsa.PublicKey, msg, sig []byte) error {
	if pub == nil || pub.N == nil {
		return fmt.Errorf("%w: no RSA public key", ErrMalformed)
	}
	if len(sig) != pub.Size() {
		return fmt.Errorf("%w: an RSA-%d signature is %d bytes, got %d", ErrBadSignature, pub.N.BitLen(), pub.Size(), len(sig))
	}
	digest := sha256.Sum256(msg)
	if err := rsa.VerifyPSS(pub, crypto.SHA256, digest[:], sig, pssOptions); err != nil {
		return fmt.Errorf("%w: RSA-PSS signature does not match this message and public key", ErrBadSignature)
	}
	return nil
}

// MaxOAEPMessage is the longest message RSA-OAEP-SHA256 encrypts under a key
// of the given size: the modulus length in bytes minus two SHA-256 digests
// (the masked seed and the label hash) minus 2 (RFC 8017, section 7.1.1).
// 190 bytes for RSA-2048. It is 0 when the key is too small for any message.
func MaxOAEPMessage(bits int) int {
	m := (bits+7)/8 - 2*sha256.Size - 2
	if m < 0 {
		return 0
	}
	return m
}

// EncryptOAEP encrypts msg to pub with RSA-OAEP-SHA256. label is optional
// context that must match on decryption; it is not secret and not encrypted.
// A message over MaxOAEPMessage is refused with an *OAEPSizeError that
// explains the limit.
func EncryptOAEP(pub *rsa.PublicKey, msg, label []byte) ([]byte, error) {
	if pub == nil || pub.N == nil {
		return nil, fmt.Errorf("%w: no RSA public key", ErrMalformed)
	}
	bits := pub.N.BitLen()
	if limit := MaxOAEPMessage(bits); len(msg) > limit {
		return nil, &OAEPSizeError{Size: len(msg), Max: limit, KeyBits: bits}
	}
	ct, err := rsa.EncryptOAEP(sha256.New(), rand.Reader, pub, msg, label)
	if err != nil {
		return nil, fmt.Errorf("ciphers: RSA-OAEP encrypt: %w", err)
	}
	return ct, nil
}

// DecryptOAEP reverses EncryptOAEP. Every failure (wrong key, wrong label,
// modified or wrong-length ciphertext) wraps ErrDecryption without saying
// which: telling them apart is what padding-oracle attacks feed on.
func (k RSAKey) DecryptOAEP(ciphertext, label []byte) ([]byte, error) {
	if err := k.check(); err != nil {
		return nil, err
	}
	pt, err := rsa.DecryptOAEP(sha256.New(), nil, k.private, ciphertext, label)
	if err != nil {
		if errors.Is(err, rsa.ErrDecryption) || errors.Is(err, rsa.ErrVerification) {
			return nil, fmt.Errorf("%w: wrong key, wrong label or modified ciphertext", ErrDecryption)
		}
		return nil, fmt.Errorf("%w: %v", ErrDecryption, err)
	}
	return pt, nil
}

// Export writes the key out for display. The hex fields are the DER bytes of
// the PEM blocks (RSA keys have no single raw form).
func (k RSAKey) Export() (KeyExport, error) {
	if err := k.check(); err != nil {
		return KeyExport{}, err
	}
	pubDER, privDER, pubPEM, privPEM, err := exportPEM(&k.private.PublicKey, k.private)
	if err != nil {
		return KeyExport{}, err
	}
	e := KeyExport{
		Algorithm:  fmt.Sprintf("RSA-%d", k.Bits()),
		Bits:       k.Bits(),
		PublicHex:  hex.EncodeToString(pubDER),
		PrivateHex: hex.EncodeToString(privDER),
		PublicPEM:  pubPEM,
		PrivatePEM: privPEM,
	}
	if k.Weak() {
		e.Note = fmt.Sprintf("RSA-%d is for speed demos only: use at least %d bits for real keys", k.Bits(), RSADefaultBits)
	}
	return e, nil
}
