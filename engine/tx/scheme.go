package tx

import (
	"fmt"
	"strings"
)

// Scheme names a signature scheme of Bitcoin.
type Scheme string

// The two schemes: ECDSA as Bitcoin signed from 2009 (DER signatures,
// compressed keys), Schnorr as Taproot signs since November 2021 (BIP 340,
// 64-byte signatures, x-only keys).
const (
	ECDSA   Scheme = "ecdsa"
	Schnorr Scheme = "schnorr"
)

// ParseScheme reads "ecdsa" or "schnorr" (case-insensitive; "bip340" too).
func ParseScheme(s string) (Scheme, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "ecdsa":
		return ECDSA, nil
	case "schnorr", "bip340", "bip-340":
		return Schnorr, nil
	}
	return "", fmt.Errorf("tx: unknown signature scheme %q (want ecdsa or schnorr)", s)
}

// PublicKey is the key a verifier of this scheme needs: the compressed
// point for ECDSA, the x-only key for Schnorr.
func (k Key) PublicKey(s Scheme) []byte {
	if s == Schnorr {
		return k.XOnly[:]
	}
	return k.Compressed[:]
}

// SignTransaction signs t's SigHash with k under scheme s. aux is BIP 340's
// auxiliary randomness and is unused by ECDSA, whose nonce is RFC 6979's.
func SignTransaction(s Scheme, k Key, t Transaction, aux [32]byte) ([]byte, error) {
	h := t.SigHash()
	switch s {
	case ECDSA:
		return ECDSASign(k.Secret, h)
	case Schnorr:
		sig, err := SchnorrSign(k.Secret, h, aux)
		return sig[:], err
	}
	return nil, fmt.Errorf("tx: unknown signature scheme %q", s)
}

// VerifyTransaction checks sig over a serialized transaction, as a node
// would on receiving the bytes: raw need not parse, it is hashed as it is,
// so a flipped bit anywhere changes the message the signature must match.
func VerifyTransaction(s Scheme, publicKey, raw, sig []byte) bool {
	h := DoubleSHA256(raw)
	switch s {
	case ECDSA:
		return ECDSAVerify(publicKey, h, sig)
	case Schnorr:
		if len(publicKey) != 32 || len(sig) != 64 {
			return false
		}
		return SchnorrVerify([32]byte(publicKey), h, [64]byte(sig))
	}
	return false
}
