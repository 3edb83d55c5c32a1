package ciphers

import (
	"crypto/ecdh"
	"crypto/hpke"
	"encoding/hex"
	"fmt"
)

// HPKESuite names an HPKE ciphersuite (RFC 9180). Both use the base mode,
// DHKEM(X25519, HKDF-SHA256) and HKDF-SHA256; they differ in the AEAD.
type HPKESuite int

// The suites this package offers.
const (
	// SuiteX25519AES128GCM is RFC 9180 appendix A.1: AEAD AES-128-GCM.
	SuiteX25519AES128GCM HPKESuite = iota
	// SuiteX25519ChaCha20Poly1305 is RFC 9180 appendix A.2: AEAD
	// ChaCha20Poly1305, the fast choice on machines without AES hardware
	// (including wasm in a browser).
	SuiteX25519ChaCha20Poly1305
)

// HPKE algorithm identifiers from the IANA registry (RFC 9180, section 7).
const (
	KEMX25519HKDFSHA256    = 0x0020
	KDFHKDFSHA256          = 0x0001
	AEADAES128GCM          = 0x0001
	AEADChaCha20Poly1305   = 0x0003
	hpkeX25519Size         = 32 // Nenc = Npk = Nsk for DHKEM(X25519)
	hpkeTagSize            = 16 // Nt for both AEADs
	hpkeModeBase           = 0x00
	hpkeSharedSecretLength = 32 // Nsecret
)

// String is the suite as RFC 9180 writes it.
func (s HPKESuite) String() string {
	switch s {
	case SuiteX25519AES128GCM:
		return "DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM"
	case SuiteX25519ChaCha20Poly1305:
		return "DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20Poly1305"
	}
	return fmt.Sprintf("HPKESuite(%d)", int(s))
}

// IDs are the suite's KEM, KDF and AEAD identifiers.
func (s HPKESuite) IDs() (kem, kdf, aead uint16) {
	aead = AEADAES128GCM
	if s == SuiteX25519ChaCha20Poly1305 {
		aead = AEADChaCha20Poly1305
	}
	return KEMX25519HKDFSHA256, KDFHKDFSHA256, aead
}

// keySize is the AEAD's Nk: 16 bytes for AES-128-GCM, 32 for ChaCha20Poly1305.
func (s HPKESuite) keySize() int {
	if s == SuiteX25519ChaCha20Poly1305 {
		return 32
	}
	return 16
}

func (s HPKESuite) components() (hpke.KDF, hpke.AEAD, error) {
	switch s {
	case SuiteX25519AES128GCM:
		return hpke.HKDFSHA256(), hpke.AES128GCM(), nil
	case SuiteX25519ChaCha20Poly1305:
		return hpke.HKDFSHA256(), hpke.ChaCha20Poly1305(), nil
	}
	return nil, nil, fmt.Errorf("%w: unknown HPKE suite %d", ErrMalformed, int(s))
}

func hpkeKEM() hpke.KEM { return hpke.DHKEM(ecdh.X25519()) }

// HPKEKey is a recipient's DHKEM(X25519, HKDF-SHA256) key pair.
type HPKEKey struct {
	private hpke.PrivateKey
}

// NewHPKEKey returns a fresh random recipient key pair.
func NewHPKEKey() (HPKEKey, error) {
	k, err := hpkeKEM().GenerateKey()
	if err != nil {
		return HPKEKey{}, fmt.Errorf("ciphers: generate HPKE key: %w", err)
	}
	return HPKEKey{private: k}, nil
}

// HPKEKeyFromIKM derives a key pair from input keying material with RFC 9180
// DeriveKeyPair, so a lesson can reproduce the RFC's test vectors. ikm should
// hold at least 32 bytes of entropy; fewer than 32 bytes are refused.
func HPKEKeyFromIKM(ikm []byte) (HPKEKey, error) {
	if len(ikm) < hpkeX25519Size {
		return HPKEKey{}, fmt.Errorf("%w: HPKE input keying material needs at least %d bytes, got %d", ErrKeySize, hpkeX25519Size, len(ikm))
	}
	k, err := hpkeKEM().DeriveKeyPair(ikm)
	if err != nil {
		return HPKEKey{}, fmt.Errorf("ciphers: derive HPKE key: %w", err)
	}
	return HPKEKey{private: k}, nil
}

// HPKEKeyFromBytes reads a 32-byte X25519 private key.
func HPKEKeyFromBytes(private []byte) (HPKEKey, error) {
	if len(private) != hpkeX25519Size {
		return HPKEKey{}, fmt.Errorf("%w: an X25519 private key is %d bytes, got %d", ErrKeySize, hpkeX25519Size, len(private))
	}
	k, err := hpkeKEM().NewPrivateKey(private)
	if err != nil {
		return HPKEKey{}, fmt.Errorf("%w: %v", ErrKeySize, err)
	}
	return HPKEKey{private: k}, nil
}

// Valid reports whether k holds a key (the zero HPKEKey does not).
func (k HPKEKey) Valid() bool { return k.private != nil }

// PublicKey is the 32-byte public key (pkRm) to hand to senders.
func (k HPKEKey) PublicKey() []byte {
	if !k.Valid() {
		return nil
	}
	return k.private.PublicKey().Bytes()
}

// PrivateKey is the 32-byte serialized private key (skRm). RFC 9180
// section 7.1.2 makes serialization clamp X25519 keys (clear the low three
// bits and the top bit, set bit 254), so this can differ from the bytes a key
// was made from, in those bits only, while naming the same key: the RFC's own
// test vectors list skRm unclamped.
func (k HPKEKey) PrivateKey() []byte {
	if !k.Valid() {
		return nil
	}
	b, err := k.private.Bytes()
	if err != nil {
		return nil
	}
	return b
}

// Export writes the key pair out for display.
func (k HPKEKey) Export() (KeyExport, error) {
	if !k.Valid() {
		return KeyExport{}, fmt.Errorf("%w: empty HPKE key", ErrKeySize)
	}
	e, err := X25519Export(k.PrivateKey())
	if err != nil {
		return KeyExport{}, err
	}
	e.Algorithm = "X25519 (HPKE DHKEM)"
	return e, nil
}

// HPKEMessage is what a sender transmits: the encapsulated key (the
// sender's fresh ephemeral public key) and the AEAD ciphertext. Info and AAD
// are not secret; both sides must use the same values or opening fails.
type HPKEMessage struct {
	Suite      HPKESuite `json:"suite"`
	Enc        []byte    `json:"enc"`        // 32 bytes
	Ciphertext []byte    `json:"ciphertext"` // plaintext length + 16-byte tag
	Info       []byte    `json:"info"`       // binds the key schedule to an application context
	AAD        []byte    `json:"aad"`        // authenticated with this one message
}

// Hex is Enc || Ciphertext in hex, the usual single-shot wire format.
func (m HPKEMessage) Hex() string {
	return hex.EncodeToString(m.Enc) + hex.EncodeToString(m.Ciphertext)
}

// HPKESeal encrypts plaintext to the recipient's 32-byte public key with the
// single-shot base mode of RFC 9180, using the standard library's
// crypto/hpke.
func HPKESeal(suite HPKESuite, recipientPublic, info, aad, plaintext []byte) (HPKEMessage, error) {
	kdf, aead, err := suite.components()
	if err != nil {
		return HPKEMessage{}, err
	}
	if len(recipientPublic) != hpkeX25519Size {
		return HPKEMessage{}, fmt.Errorf("%w: an X25519 public key is %d bytes, got %d", ErrMalformed, hpkeX25519Size, len(recipientPublic))
	}
	pk, err := hpkeKEM().NewPublicKey(recipientPublic)
	if err != nil {
		return HPKEMessage{}, fmt.Errorf("%w: recipient public key: %v", ErrMalformed, err)
	}
	enc, sender, err := hpke.NewSender(pk, kdf, aead, info)
	if err != nil {
		return HPKEMessage{}, fmt.Errorf("ciphers: HPKE setup: %w", err)
	}
	ct, err := sender.Seal(aad, plaintext)
	if err != nil {
		return HPKEMessage{}, fmt.Errorf("ciphers: HPKE seal: %w", err)
	}
	return HPKEMessage{Suite: suite, Enc: enc, Ciphertext: ct, Info: clone(info), AAD: clone(aad)}, nil
}

// Open decrypts a message sealed to k. A different recipient key, info or
// AAD, or any modified byte, gives an error wrapping ErrAuthFailed; parts of
// the wrong length give ErrMalformed.
func (k HPKEKey) Open(m HPKEMessage) ([]byte, error) {
	if !k.Valid() {
		return nil, fmt.Errorf("%w: empty HPKE key", ErrKeySize)
	}
	kdf, aead, err := m.Suite.components()
	if err != nil {
		return nil, err
	}
	if len(m.Enc) != hpkeX25519Size {
		return nil, fmt.Errorf("%w: the encapsulated key is %d bytes, got %d", ErrMalformed, hpkeX25519Size, len(m.Enc))
	}
	if len(m.Ciphertext) < hpkeTagSize {
		return nil, fmt.Errorf("%w: the ciphertext is at least the %d-byte tag, got %d bytes", ErrMalformed, hpkeTagSize, len(m.Ciphertext))
	}
	r, err := hpke.NewRecipient(m.Enc, k.private, kdf, aead, m.Info)
	if err != nil {
		// A low-order point as enc lands here: it cannot come from an honest
		// sender, so it is an authentication failure like any other forgery.
		return nil, fmt.Errorf("%w: HPKE setup refused the encapsulated key: %v", ErrAuthFailed, err)
	}
	pt, err := r.Open(m.AAD, m.Ciphertext)
	if err != nil {
		return nil, fmt.Errorf("%w: wrong recipient key, info or associated data, or a modified message", ErrAuthFailed)
	}
	return pt, nil
}
