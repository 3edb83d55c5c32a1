package tx

import (
	"errors"
	"fmt"
	"io"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcec/v2/ecdsa"
	"github.com/btcsuite/btcd/btcec/v2/schnorr"
)

// ErrSecretKey is returned for a secret key outside 1..n-1, n the order of
// secp256k1: 0 and n or above are not keys (BIP 340 fails on them too,
// rather than reducing them modulo n).
var ErrSecretKey = errors.New("tx: a secret key must be an integer from 1 to n-1 (n the order of secp256k1)")

// Key is a secp256k1 key pair with both public encodings Bitcoin uses: the
// 33-byte compressed point ECDSA outputs commit to, and the 32-byte x-only
// key of BIP 340 (Taproot), whose point is the one with an even y.
type Key struct {
	Secret     [32]byte
	Compressed [33]byte
	XOnly      [32]byte
}

func scalar(secret [32]byte) (*btcec.ModNScalar, error) {
	var d btcec.ModNScalar
	if overflow := d.SetBytes(&secret); overflow != 0 || d.IsZero() {
		return nil, ErrSecretKey
	}
	return &d, nil
}

// NewKey derives the public key of secret.
func NewKey(secret [32]byte) (Key, error) {
	d, err := scalar(secret)
	if err != nil {
		return Key{}, err
	}
	pub := btcec.PrivKeyFromScalar(d).PubKey()
	k := Key{Secret: secret}
	copy(k.Compressed[:], pub.SerializeCompressed())
	copy(k.XOnly[:], schnorr.SerializePubKey(pub))
	return k, nil
}

// GenerateKey draws a secret from r (crypto/rand.Reader in real use, a
// seeded source for a reproducible lesson) until it is a valid key.
func GenerateKey(r io.Reader) (Key, error) {
	for range 128 { // a draw fails with probability about 2^-128
		var secret [32]byte
		if _, err := io.ReadFull(r, secret[:]); err != nil {
			return Key{}, fmt.Errorf("tx: reading a secret key: %w", err)
		}
		if k, err := NewKey(secret); err == nil {
			return k, nil
		}
	}
	return Key{}, errors.New("tx: the random source gave no valid secret key in 128 draws")
}

// SchnorrSign signs the 32-byte msg by BIP 340 with the given auxiliary
// randomness (fresh random bytes in real use; the vectors fix them).
func SchnorrSign(secretKey, msg, auxRand [32]byte) ([64]byte, error) {
	var out [64]byte
	d, err := scalar(secretKey)
	if err != nil {
		return out, err
	}
	// CustomNonce selects BIP 340's nonce derivation from the aux bytes
	// (without it btcec derives the nonce by RFC 6979, which BIP 340 allows
	// but its vectors do not use). Sign verifies its result before
	// returning it, as BIP 340 recommends.
	sig, err := schnorr.Sign(btcec.PrivKeyFromScalar(d), msg[:], schnorr.CustomNonce(auxRand))
	if err != nil {
		return out, fmt.Errorf("tx: schnorr: %w", err)
	}
	copy(out[:], sig.Serialize())
	return out, nil
}

// SchnorrVerify checks a BIP 340 signature of msg under the x-only public
// key. A key that is not the x of a curve point, r not below p or s not
// below n all fail.
func SchnorrVerify(publicKey [32]byte, msg [32]byte, sig [64]byte) bool {
	pub, err := schnorr.ParsePubKey(publicKey[:])
	if err != nil {
		return false
	}
	s, err := schnorr.ParseSignature(sig[:])
	if err != nil {
		return false
	}
	return s.Verify(msg[:], pub)
}

// ECDSASign signs hash with a nonce derived by RFC 6979 (deterministic, so
// the same key and hash give the same signature, and a broken random source
// cannot leak the key) and returns the DER encoding, with s in its low form
// as Bitcoin's standardness rules (BIP 146) require.
func ECDSASign(secretKey, hash [32]byte) ([]byte, error) {
	d, err := scalar(secretKey)
	if err != nil {
		return nil, err
	}
	return ecdsa.Sign(btcec.PrivKeyFromScalar(d), hash[:]).Serialize(), nil
}

// ECDSAVerify checks a DER signature of hash under a compressed (33-byte)
// or uncompressed (65-byte) public key. It accepts a high s, as Bitcoin's
// consensus rules do; only relay policy refuses it.
func ECDSAVerify(publicKey []byte, hash [32]byte, der []byte) bool {
	pub, err := btcec.ParsePubKey(publicKey)
	if err != nil {
		return false
	}
	sig, err := ecdsa.ParseDERSignature(der)
	if err != nil {
		return false
	}
	return sig.Verify(hash[:], pub)
}
