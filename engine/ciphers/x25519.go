package ciphers

import (
	"bytes"
	"crypto/ecdh"
	"crypto/rand"
	"encoding/hex"
	"fmt"
)

// X25519Size is the length of X25519 private keys, public keys and shared
// secrets (RFC 7748).
const X25519Size = 32

// Agreement is a worked X25519 key agreement between Alice and Bob: each
// publishes a public key, each combines their own private key with the
// other's public key, and both arrive at the same secret without ever
// sending it.
type Agreement struct {
	AlicePrivate []byte `json:"alicePrivate"`
	AlicePublic  []byte `json:"alicePublic"` // X25519(a, 9)
	BobPrivate   []byte `json:"bobPrivate"`
	BobPublic    []byte `json:"bobPublic"`   // X25519(b, 9)
	AliceSecret  []byte `json:"aliceSecret"` // what Alice computes: X25519(a, BobPublic)
	BobSecret    []byte `json:"bobSecret"`   // what Bob computes: X25519(b, AlicePublic)
}

// Agree reports whether both sides derived the same secret (they always do
// unless a value was altered in transit; the widget shows this as a check).
func (a Agreement) Agree() bool {
	return len(a.AliceSecret) == X25519Size && bytes.Equal(a.AliceSecret, a.BobSecret)
}

// NewAgreement runs an agreement between two fresh random key pairs.
func NewAgreement() (Agreement, error) {
	var a, b [X25519Size]byte
	_, _ = rand.Read(a[:])
	_, _ = rand.Read(b[:])
	return AgreementFrom(a[:], b[:])
}

// AgreementFrom runs an agreement from the two 32-byte private keys, so a
// lesson can replay RFC 7748's example or a learner's own numbers.
func AgreementFrom(alicePrivate, bobPrivate []byte) (Agreement, error) {
	alice, err := x25519Private(alicePrivate, "Alice's private key")
	if err != nil {
		return Agreement{}, err
	}
	bob, err := x25519Private(bobPrivate, "Bob's private key")
	if err != nil {
		return Agreement{}, err
	}
	as, err := alice.ECDH(bob.PublicKey())
	if err != nil {
		return Agreement{}, fmt.Errorf("ciphers: X25519 for Alice: %w", err)
	}
	bs, err := bob.ECDH(alice.PublicKey())
	if err != nil {
		return Agreement{}, fmt.Errorf("ciphers: X25519 for Bob: %w", err)
	}
	return Agreement{
		AlicePrivate: clone(alicePrivate),
		AlicePublic:  alice.PublicKey().Bytes(),
		BobPrivate:   clone(bobPrivate),
		BobPublic:    bob.PublicKey().Bytes(),
		AliceSecret:  as,
		BobSecret:    bs,
	}, nil
}

// X25519 computes the shared secret of a 32-byte private key and a peer's
// 32-byte public key. A public key of low order, which would force an
// all-zero secret, is refused, as RFC 7748 section 6.1 allows.
func X25519(private, peerPublic []byte) ([]byte, error) {
	priv, err := x25519Private(private, "private key")
	if err != nil {
		return nil, err
	}
	if len(peerPublic) != X25519Size {
		return nil, fmt.Errorf("%w: an X25519 public key is %d bytes, got %d", ErrMalformed, X25519Size, len(peerPublic))
	}
	pub, err := ecdh.X25519().NewPublicKey(peerPublic)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	secret, err := priv.ECDH(pub)
	if err != nil {
		return nil, fmt.Errorf("%w: the peer's public key is a low-order point (the secret would be all zeros)", ErrMalformed)
	}
	return secret, nil
}

func x25519Private(b []byte, what string) (*ecdh.PrivateKey, error) {
	if len(b) != X25519Size {
		return nil, fmt.Errorf("%w: %s must be %d bytes, got %d", ErrKeySize, what, X25519Size, len(b))
	}
	k, err := ecdh.X25519().NewPrivateKey(b)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrKeySize, what, err)
	}
	return k, nil
}

// X25519Export writes out an X25519 key pair (from its private key) for
// display.
func X25519Export(private []byte) (KeyExport, error) {
	priv, err := x25519Private(private, "private key")
	if err != nil {
		return KeyExport{}, err
	}
	_, _, pubPEM, privPEM, err := exportPEM(priv.PublicKey(), priv)
	if err != nil {
		return KeyExport{}, err
	}
	return KeyExport{
		Algorithm:  "X25519",
		Bits:       256,
		PublicHex:  hex.EncodeToString(priv.PublicKey().Bytes()),
		PrivateHex: hex.EncodeToString(private),
		PublicPEM:  pubPEM,
		PrivatePEM: privPEM,
	}, nil
}
