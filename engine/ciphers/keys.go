package ciphers

import (
	"crypto"
	"crypto/ecdh"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"strings"
)

// KeyExport is a key pair written out for display and copy-paste.
//
// PublicHex and PrivateHex are the raw bytes the algorithm defines when it has
// them (Ed25519: the 32-byte public key and 32-byte seed; X25519: the two
// 32-byte values). RSA keys are structures, not strings, so for RSA they are
// the DER bytes of the PEM blocks. The PEM blocks are PKIX "PUBLIC KEY" and
// PKCS #8 "PRIVATE KEY", which openssl and every TLS library read.
type KeyExport struct {
	Algorithm  string `json:"algorithm"` // e.g. "Ed25519", "RSA-2048", "X25519"
	Bits       int    `json:"bits"`      // security-relevant size: 256 for the curves, the modulus for RSA
	PublicHex  string `json:"publicHex"`
	PrivateHex string `json:"privateHex"`
	PublicPEM  string `json:"publicPem"`
	PrivatePEM string `json:"privatePem"`
	Note       string `json:"note,omitempty"` // a warning worth showing, e.g. weak RSA sizes
}

// exportPEM fills the PEM fields (and returns the DER) for any key pair the
// standard library can marshal.
func exportPEM(pub crypto.PublicKey, priv crypto.PrivateKey) (pubDER, privDER []byte, pubPEM, privPEM string, err error) {
	pubDER, err = x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil, nil, "", "", fmt.Errorf("ciphers: encode public key: %w", err)
	}
	privDER, err = x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return nil, nil, "", "", fmt.Errorf("ciphers: encode private key: %w", err)
	}
	pubPEM = string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER}))
	privPEM = string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: privDER}))
	return pubDER, privDER, pubPEM, privPEM, nil
}

// maxPEMInput bounds pasted PEM text; a 4096-bit RSA public key is under 1 KB.
const maxPEMInput = 64 << 10

// ParsePublicKeyPEM reads one PKIX "PUBLIC KEY" PEM block, as PublicPEM
// writes it and as openssl prints it, and returns *rsa.PublicKey,
// ed25519.PublicKey or *ecdh.PublicKey (X25519). Other key types are refused:
// this package cannot use them. Text before the block is ignored; a missing
// or damaged block is an error wrapping ErrMalformed.
func ParsePublicKeyPEM(text string) (crypto.PublicKey, error) {
	if len(text) > maxPEMInput {
		return nil, fmt.Errorf("%w: PEM text of %d bytes is longer than %d", ErrMalformed, len(text), maxPEMInput)
	}
	block, _ := pem.Decode([]byte(text))
	if block == nil {
		return nil, fmt.Errorf("%w: no PEM block found (expected -----BEGIN PUBLIC KEY-----)", ErrMalformed)
	}
	if block.Type != "PUBLIC KEY" {
		hint := ""
		if strings.Contains(block.Type, "PRIVATE") {
			hint = "; never paste a private key where a public one is asked for"
		}
		return nil, fmt.Errorf("%w: PEM block is %q, want \"PUBLIC KEY\"%s", ErrMalformed, block.Type, hint)
	}
	key, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	switch k := key.(type) {
	case *rsa.PublicKey:
		if bits := k.N.BitLen(); bits < RSAMinBits || bits > RSAMaxBits {
			return nil, fmt.Errorf("%w: RSA public key of %d bits (this package uses %d to %d)", ErrKeySize, bits, RSAMinBits, RSAMaxBits)
		}
		return k, nil
	case ed25519.PublicKey:
		return k, nil
	case *ecdh.PublicKey:
		if k.Curve() != ecdh.X25519() {
			return nil, fmt.Errorf("%w: ECDH key on a curve other than X25519", ErrMalformed)
		}
		return k, nil
	}
	return nil, fmt.Errorf("%w: public key of type %T is not used in this lesson", ErrMalformed, key)
}
