package ciphers

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/hkdf"
	"crypto/hpke"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
)

// The walkthrough recomputes HPKE's base mode step by step (RFC 9180,
// sections 4.1, 5.1 and 7.1.3) with crypto/ecdh and crypto/hkdf, because
// crypto/hpke rightly keeps the ephemeral key and the intermediate secrets to
// itself. The result is not trusted on its own: every walkthrough is opened
// by crypto/hpke as a real recipient, and the tests compare every
// intermediate value with RFC 9180's published vectors.

// WalkthroughInput chooses what to encrypt and, optionally, the keys.
type WalkthroughInput struct {
	// Suite must be SuiteX25519AES128GCM: the standard library exposes
	// ChaCha20-Poly1305 only inside crypto/hpke, so its last step cannot be
	// shown separately. HPKESeal handles both suites.
	Suite     HPKESuite
	Plaintext []byte
	Info      []byte // application context, bound into the key schedule
	AAD       []byte // associated data of this one message
	// RecipientIKM and EphemeralIKM feed DeriveKeyPair. Nil means 32 fresh
	// random bytes; RFC 9180's values reproduce its appendix A.1.1.
	RecipientIKM []byte
	EphemeralIKM []byte
}

// HPKESide holds what one party derives. Sender and Recipient compute these
// independently; the walkthrough's point is that they come out equal.
type HPKESide struct {
	DH             []byte `json:"dh"`             // X25519 output: the Diffie-Hellman value
	SharedSecret   []byte `json:"sharedSecret"`   // KEM shared secret: ExtractAndExpand(dh, kem_context)
	Secret         []byte `json:"secret"`         // key-schedule secret: LabeledExtract(shared_secret, "secret", psk = "")
	Key            []byte `json:"key"`            // AEAD key
	BaseNonce      []byte `json:"baseNonce"`      // AEAD nonce for message 0; message i uses base_nonce XOR i
	ExporterSecret []byte `json:"exporterSecret"` // root of Export(), for deriving further keys
}

// Walkthrough is one HPKE base-mode encryption with every intermediate value.
type Walkthrough struct {
	Suite     string `json:"suite"`
	Plaintext []byte `json:"plaintext"`
	Info      []byte `json:"info"`
	AAD       []byte `json:"aad"`

	RecipientIKM     []byte `json:"recipientIkm"`
	RecipientPrivate []byte `json:"recipientPrivate"` // skRm as DeriveKeyPair outputs it, unclamped as the RFC prints it; stays with the recipient
	RecipientPublic  []byte `json:"recipientPublic"`  // pkRm: published
	EphemeralIKM     []byte `json:"ephemeralIkm"`
	EphemeralPrivate []byte `json:"ephemeralPrivate"` // skEm: used once by the sender, then forgotten
	EphemeralPublic  []byte `json:"ephemeralPublic"`  // pkEm

	Enc                []byte `json:"enc"`                // the encapsulated key, sent: equals pkEm for DHKEM
	KEMContext         []byte `json:"kemContext"`         // enc || pkRm
	KeyScheduleContext []byte `json:"keyScheduleContext"` // mode || psk_id_hash || info_hash

	Sender    HPKESide `json:"sender"`
	Recipient HPKESide `json:"recipient"`

	Ciphertext []byte `json:"ciphertext"` // sent: AES-128-GCM(key, base_nonce, aad, plaintext), tag included
	Opened     []byte `json:"opened"`     // the plaintext crypto/hpke recovered as the recipient

	Steps []Step `json:"steps"`
}

// Step is one line of the walkthrough, in the order a lesson tells it.
type Step struct {
	Actor   string `json:"actor"`   // "recipient", "sender" or "both"
	Name    string `json:"name"`    // the RFC 9180 variable name
	Formula string `json:"formula"` // how it is computed
	Value   []byte `json:"value"`
	Public  bool   `json:"public"` // travels in the clear or is published
}

// NewWalkthrough encrypts in.Plaintext with HPKE base mode, showing every
// step, and has crypto/hpke open the result. It fails if crypto/hpke does not
// recover the plaintext or if the two sides disagree, which would mean the
// step-by-step code is wrong.
func NewWalkthrough(in WalkthroughInput) (Walkthrough, error) {
	if in.Suite != SuiteX25519AES128GCM {
		return Walkthrough{}, fmt.Errorf("%w: the walkthrough shows %s only (the standard library has no "+
			"stand-alone ChaCha20-Poly1305 to show the last step with); HPKESeal supports %s",
			ErrMalformed, SuiteX25519AES128GCM, in.Suite)
	}
	rIKM, err := ikmOrRandom(in.RecipientIKM, "recipient")
	if err != nil {
		return Walkthrough{}, err
	}
	eIKM, err := ikmOrRandom(in.EphemeralIKM, "ephemeral")
	if err != nil {
		return Walkthrough{}, err
	}
	kemID, kdfID, aeadID := in.Suite.IDs()
	kemSuite := kemSuiteID(kemID)
	hpkeSuite := hpkeSuiteID(kemID, kdfID, aeadID)

	w := Walkthrough{
		Suite: in.Suite.String(), Plaintext: clone(in.Plaintext), Info: clone(in.Info), AAD: clone(in.AAD),
		RecipientIKM: rIKM, EphemeralIKM: eIKM,
	}
	skR, err := deriveX25519(kemSuite, rIKM)
	if err != nil {
		return Walkthrough{}, err
	}
	skE, err := deriveX25519(kemSuite, eIKM)
	if err != nil {
		return Walkthrough{}, err
	}
	w.RecipientPrivate, w.RecipientPublic = skR.Bytes(), skR.PublicKey().Bytes()
	w.EphemeralPrivate, w.EphemeralPublic = skE.Bytes(), skE.PublicKey().Bytes()
	w.Enc = w.EphemeralPublic
	w.KEMContext = append(clone(w.Enc), w.RecipientPublic...)
	if w.KeyScheduleContext, err = keyScheduleContext(hpkeSuite, in.Info); err != nil {
		return Walkthrough{}, err
	}

	// Sender: Encap(pkR), then KeySchedule.
	if w.Sender, err = deriveSide(skE, skR.PublicKey(), w.KEMContext, w.KeyScheduleContext, kemSuite, hpkeSuite, in.Suite.keySize()); err != nil {
		return Walkthrough{}, err
	}
	block, err := aes.NewCipher(w.Sender.Key)
	if err != nil {
		return Walkthrough{}, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return Walkthrough{}, err
	}
	w.Ciphertext = gcm.Seal(nil, w.Sender.BaseNonce, in.Plaintext, in.AAD) // sequence number 0: nonce = base_nonce

	// Recipient: Decap(enc, skR) with its own key and the received enc only.
	pkE, err := ecdh.X25519().NewPublicKey(w.Enc)
	if err != nil {
		return Walkthrough{}, err
	}
	if w.Recipient, err = deriveSide(skR, pkE, w.KEMContext, w.KeyScheduleContext, kemSuite, hpkeSuite, in.Suite.keySize()); err != nil {
		return Walkthrough{}, err
	}
	if !bytes.Equal(w.Sender.Key, w.Recipient.Key) || !bytes.Equal(w.Sender.BaseNonce, w.Recipient.BaseNonce) {
		return Walkthrough{}, fmt.Errorf("ciphers: internal error: sender and recipient derived different keys")
	}

	// The proof that the steps are HPKE: the standard library opens it.
	hk, err := HPKEKeyFromBytes(w.RecipientPrivate)
	if err != nil {
		return Walkthrough{}, err
	}
	kdfAlg, aeadAlg, err := in.Suite.components()
	if err != nil {
		return Walkthrough{}, err
	}
	r, err := hpke.NewRecipient(w.Enc, hk.private, kdfAlg, aeadAlg, in.Info)
	if err != nil {
		return Walkthrough{}, fmt.Errorf("ciphers: internal error: crypto/hpke refused the walkthrough's enc: %w", err)
	}
	if w.Opened, err = r.Open(in.AAD, w.Ciphertext); err != nil {
		return Walkthrough{}, fmt.Errorf("ciphers: internal error: crypto/hpke could not open the walkthrough's ciphertext: %w", err)
	}
	w.Steps = w.steps()
	return w, nil
}

func (w *Walkthrough) steps() []Step {
	return []Step{
		{"recipient", "skR", "DeriveKeyPair(ikmR): LabeledExpand(LabeledExtract(\"\", \"dkp_prk\", ikmR), \"sk\", \"\", 32)", w.RecipientPrivate, false},
		{"recipient", "pkR", "X25519(skR, 9), published", w.RecipientPublic, true},
		{"sender", "skE", "a fresh ephemeral key, used for this message only", w.EphemeralPrivate, false},
		{"sender", "enc", "pkE = X25519(skE, 9), sent with the ciphertext", w.Enc, true},
		{"sender", "dh", "X25519(skE, pkR)", w.Sender.DH, false},
		{"both", "kem_context", "enc || pkR", w.KEMContext, true},
		{"sender", "shared_secret", "LabeledExpand(LabeledExtract(\"\", \"eae_prk\", dh), \"shared_secret\", kem_context, 32)", w.Sender.SharedSecret, false},
		{"both", "key_schedule_context", "mode (0x00, base) || LabeledExtract(\"\", \"psk_id_hash\", \"\") || LabeledExtract(\"\", \"info_hash\", info)", w.KeyScheduleContext, true},
		{"sender", "secret", "LabeledExtract(shared_secret, \"secret\", \"\")", w.Sender.Secret, false},
		{"sender", "key", "LabeledExpand(secret, \"key\", key_schedule_context, 16)", w.Sender.Key, false},
		{"sender", "base_nonce", "LabeledExpand(secret, \"base_nonce\", key_schedule_context, 12)", w.Sender.BaseNonce, false},
		{"sender", "ct", "AES-128-GCM.Seal(key, base_nonce XOR 0, aad, pt), sent", w.Ciphertext, true},
		{"recipient", "dh", "X25519(skR, enc): the same value the sender got", w.Recipient.DH, false},
		{"recipient", "shared_secret", "the same ExtractAndExpand over the same inputs", w.Recipient.SharedSecret, false},
		{"recipient", "key", "the same key schedule", w.Recipient.Key, false},
		{"recipient", "base_nonce", "the same key schedule", w.Recipient.BaseNonce, false},
		{"recipient", "pt", "AES-128-GCM.Open(key, base_nonce, aad, ct), done by crypto/hpke", w.Opened, false},
	}
}

func ikmOrRandom(ikm []byte, who string) ([]byte, error) {
	if ikm == nil {
		b := make([]byte, hpkeX25519Size)
		_, _ = rand.Read(b)
		return b, nil
	}
	if len(ikm) < hpkeX25519Size {
		return nil, fmt.Errorf("%w: %s input keying material needs at least %d bytes, got %d", ErrKeySize, who, hpkeX25519Size, len(ikm))
	}
	return clone(ikm), nil
}

// deriveSide runs ExtractAndExpand and the base-mode KeySchedule from one
// party's private key and the other party's public key.
func deriveSide(own *ecdh.PrivateKey, peer *ecdh.PublicKey, kemContext, ksc, kemSuite, hpkeSuite []byte, nk int) (HPKESide, error) {
	var s HPKESide
	var err error
	if s.DH, err = own.ECDH(peer); err != nil {
		return s, fmt.Errorf("%w: X25519: %v", ErrMalformed, err)
	}
	var k kdf
	s.SharedSecret = k.expand(kemSuite, k.extract(kemSuite, nil, "eae_prk", s.DH), "shared_secret", kemContext, hpkeSharedSecretLength)
	s.Secret = k.extract(hpkeSuite, s.SharedSecret, "secret", nil) // psk = "" in base mode
	s.Key = k.expand(hpkeSuite, s.Secret, "key", ksc, nk)
	s.BaseNonce = k.expand(hpkeSuite, s.Secret, "base_nonce", ksc, NonceSize)
	s.ExporterSecret = k.expand(hpkeSuite, s.Secret, "exp", ksc, sha256.Size)
	return s, k.err
}

// deriveX25519 is DeriveKeyPair for DHKEM(X25519): the private key is the
// expanded bytes as they are (X25519 clamps when it uses them).
func deriveX25519(kemSuite, ikm []byte) (*ecdh.PrivateKey, error) {
	var k kdf
	sk := k.expand(kemSuite, k.extract(kemSuite, nil, "dkp_prk", ikm), "sk", nil, hpkeX25519Size)
	if k.err != nil {
		return nil, k.err
	}
	return ecdh.X25519().NewPrivateKey(sk)
}

func keyScheduleContext(hpkeSuite, info []byte) ([]byte, error) {
	var k kdf
	ksc := []byte{hpkeModeBase}
	ksc = append(ksc, k.extract(hpkeSuite, nil, "psk_id_hash", nil)...)
	ksc = append(ksc, k.extract(hpkeSuite, nil, "info_hash", info)...)
	return ksc, k.err
}

// kemSuiteID is "KEM" || I2OSP(kem_id, 2).
func kemSuiteID(kem uint16) []byte { return binary.BigEndian.AppendUint16([]byte("KEM"), kem) }

// hpkeSuiteID is "HPKE" || I2OSP(kem_id, 2) || I2OSP(kdf_id, 2) || I2OSP(aead_id, 2).
func hpkeSuiteID(kem, kdf, aead uint16) []byte {
	b := binary.BigEndian.AppendUint16([]byte("HPKE"), kem)
	b = binary.BigEndian.AppendUint16(b, kdf)
	return binary.BigEndian.AppendUint16(b, aead)
}

// kdf chains RFC 9180's labeled HKDF-SHA256 calls and keeps the first error,
// so a derivation reads as the RFC writes it. (HKDF-SHA256 fails only under
// a FIPS 140-only policy, where X25519 is refused anyway.)
type kdf struct{ err error }

// extract is LabeledExtract: Extract(salt, "HPKE-v1" || suite_id || label || ikm).
func (k *kdf) extract(suiteID, salt []byte, label string, ikm []byte) []byte {
	if k.err != nil {
		return nil
	}
	in := append(append(append([]byte("HPKE-v1"), suiteID...), label...), ikm...)
	prk, err := hkdf.Extract(sha256.New, in, salt)
	if err != nil {
		k.err = fmt.Errorf("ciphers: HKDF-Extract %s: %w", label, err)
	}
	return prk
}

// expand is LabeledExpand: Expand(prk, I2OSP(L, 2) || "HPKE-v1" || suite_id || label || info, L).
func (k *kdf) expand(suiteID, prk []byte, label string, info []byte, length int) []byte {
	if k.err != nil {
		return nil
	}
	labeled := binary.BigEndian.AppendUint16(nil, uint16(length))
	labeled = append(append(append(append(labeled, "HPKE-v1"...), suiteID...), label...), info...)
	out, err := hkdf.Expand(sha256.New, prk, string(labeled), length)
	if err != nil {
		k.err = fmt.Errorf("ciphers: HKDF-Expand %s: %w", label, err)
	}
	return out
}
