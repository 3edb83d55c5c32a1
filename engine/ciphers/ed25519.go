package ciphers

import (
	"crypto/ed25519"
	"encoding/hex"
	"fmt"
)

// Ed25519Key is an Ed25519 signing key (RFC 8032).
type Ed25519Key struct {
	private ed25519.PrivateKey
}

// NewEd25519Key returns a fresh random key.
func NewEd25519Key() (Ed25519Key, error) {
	_, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		return Ed25519Key{}, fmt.Errorf("ciphers: generate Ed25519 key: %w", err)
	}
	return Ed25519Key{private: priv}, nil
}

// Ed25519KeyFromSeed rebuilds a key from its 32-byte seed, the private key
// as RFC 8032 writes it.
func Ed25519KeyFromSeed(seed []byte) (Ed25519Key, error) {
	if len(seed) != ed25519.SeedSize {
		return Ed25519Key{}, fmt.Errorf("%w: an Ed25519 seed is %d bytes, got %d", ErrKeySize, ed25519.SeedSize, len(seed))
	}
	return Ed25519Key{private: ed25519.NewKeyFromSeed(seed)}, nil
}

// Valid reports whether k holds a key (the zero Ed25519Key does not).
func (k Ed25519Key) Valid() bool { return len(k.private) == ed25519.PrivateKeySize }

// Seed is the 32-byte private seed.
func (k Ed25519Key) Seed() []byte {
	if !k.Valid() {
		return nil
	}
	return k.private.Seed()
}

// Public is the 32-byte public key.
func (k Ed25519Key) Public() ed25519.PublicKey {
	if !k.Valid() {
		return nil
	}
	return clone(k.private[ed25519.SeedSize:])
}

// Sign returns the 64-byte signature of msg. Ed25519 signatures are
// deterministic: the same key and message always give the same signature.
func (k Ed25519Key) Sign(msg []byte) ([]byte, error) {
	if !k.Valid() {
		return nil, fmt.Errorf("%w: empty Ed25519 key", ErrKeySize)
	}
	return ed25519.Sign(k.private, msg), nil
}

// VerifyEd25519 checks sig over msg. A wrong-length key or signature is an
// error wrapping ErrMalformed (crypto/ed25519 would panic on the key); a
// signature that does not match wraps ErrBadSignature.
func VerifyEd25519(pub ed25519.PublicKey, msg, sig []byte) error {
	if len(pub) != ed25519.PublicKeySize {
		return fmt.Errorf("%w: an Ed25519 public key is %d bytes, got %d", ErrMalformed, ed25519.PublicKeySize, len(pub))
	}
	if len(sig) != ed25519.SignatureSize {
		return fmt.Errorf("%w: an Ed25519 signature is %d bytes, got %d", ErrMalformed, ed25519.SignatureSize, len(sig))
	}
	if !ed25519.Verify(pub, msg, sig) {
		return fmt.Errorf("%w: Ed25519 signature does not match this message and public key", ErrBadSignature)
	}
	return nil
}

// Export writes the key out for display.
func (k Ed25519Key) Export() (KeyExport, error) {
	if !k.Valid() {
		return KeyExport{}, fmt.Errorf("%w: empty Ed25519 key", ErrKeySize)
	}
	_, _, pubPEM, privPEM, err := exportPEM(k.private.Public(), k.private)
	if err != nil {
		return KeyExport{}, err
	}
	return KeyExport{
		Algorithm:  "Ed25519",
		Bits:       256,
		PublicHex:  hex.EncodeToString(k.Public()),
		PrivateHex: hex.EncodeToString(k.Seed()),
		PublicPEM:  pubPEM,
		PrivatePEM: privPEM,
	}, nil
}
