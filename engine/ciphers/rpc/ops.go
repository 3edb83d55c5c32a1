package rpc

import (
	"context"
	"encoding/hex"
	"slices"
	"time"

	"github.com/consensus-lab/playground/engine/ciphers"
)

// An op decodes its arguments and returns a result to encode as JSON.
type op func(d *Dispatcher, args []byte) (any, error)

// ops is the dispatch table: exactly what the four encryption widgets and
// the signatures lesson's widgets (curve.go) ask.
// Binary values are []byte (base64 in JSON); keys a learner sees or pastes
// (AES key, Ed25519 seed) are hex strings, read leniently by
// ciphers.DecodeHex.
var ops = map[string]op{
	"aes.seal":         aesSeal,
	"aes.open":         aesOpen,
	"aes.flip":         aesFlip,
	"ed25519.key":      ed25519Key,
	"ed25519.sign":     ed25519Sign,
	"ed25519.verify":   ed25519Verify,
	"ed25519.export":   ed25519Export,
	"rsa.keygen":       rsaKeygen,
	"rsa.sign":         rsaSign,
	"rsa.verify":       rsaVerify,
	"rsa.export":       rsaExport,
	"rsa.free":         rsaFree,
	"hpke.walkthrough": hpkeWalkthrough,
	"race.measure":     raceMeasure,
	"secp256k1.key":    secpKey,
	"tx.sign":          txSign,
	"tx.verify":        txVerify,
	"tx.tamper":        txTamper,
	"schnorr.sign":     schnorrSign,
	"schnorr.verify":   schnorrVerify,
	"merkle.proof":     merkleProof,
}

// AESSealArgs: seal Plaintext with AAD under Key (hex; empty means a fresh
// random key).
type AESSealArgs struct {
	Key       string `json:"key"`
	Plaintext string `json:"plaintext"`
	AAD       string `json:"aad"`
}

// AESSealResult is the key used (hex), the sealed message, and the result
// of opening it again: the untouched message is shown decrypting.
type AESSealResult struct {
	Key       string         `json:"key"`
	Sealed    ciphers.Sealed `json:"sealed"`
	Opened    string         `json:"opened"`
	OpenError string         `json:"openError,omitempty"`
}

func aesSeal(_ *Dispatcher, args []byte) (any, error) {
	var a AESSealArgs
	if err := decode("aes.seal", args, &a); err != nil {
		return nil, err
	}
	key, err := aesKey(a.Key)
	if err != nil {
		return nil, err
	}
	s, err := key.Seal([]byte(a.Plaintext), []byte(a.AAD))
	if err != nil {
		return nil, err
	}
	r := AESSealResult{Key: key.Hex(), Sealed: s}
	r.Opened, r.OpenError = open(key, s)
	return r, nil
}

func aesKey(s string) (ciphers.AESKey, error) {
	if s == "" {
		return ciphers.NewAESKey(), nil
	}
	return ciphers.ParseAESKey(s)
}

func open(k ciphers.AESKey, s ciphers.Sealed) (plaintext, errText string) {
	pt, err := k.Open(s)
	if err != nil {
		return "", err.Error()
	}
	return string(pt), ""
}

// AESOpenArgs: open Sealed under Key (hex, required).
type AESOpenArgs struct {
	Key    string         `json:"key"`
	Sealed ciphers.Sealed `json:"sealed"`
}

// AESOpenResult is the plaintext; a refused message is an error reply
// (CodeAuthFailed).
type AESOpenResult struct {
	Plaintext string `json:"plaintext"`
}

func aesOpen(_ *Dispatcher, args []byte) (any, error) {
	var a AESOpenArgs
	if err := decode("aes.open", args, &a); err != nil {
		return nil, err
	}
	key, err := ciphers.ParseAESKey(a.Key)
	if err != nil {
		return nil, err
	}
	pt, err := key.Open(a.Sealed)
	if err != nil {
		return nil, err
	}
	return AESOpenResult{Plaintext: string(pt)}, nil
}

// AESFlipArgs: flip bit Bit of Part ("nonce", "ciphertext", "tag", "aad")
// of Sealed, then try to open the result under Key.
type AESFlipArgs struct {
	Key    string         `json:"key"`
	Sealed ciphers.Sealed `json:"sealed"`
	Part   string         `json:"part"`
	Bit    int            `json:"bit"`
}

// AESFlipResult is the flip and what opening the tampered message gave.
// A bit outside the part is an error reply (CodeBitOutOfRange).
type AESFlipResult struct {
	Tamper    ciphers.Tamper `json:"tamper"`
	Opened    string         `json:"opened"`
	OpenError string         `json:"openError,omitempty"`
}

func aesFlip(_ *Dispatcher, args []byte) (any, error) {
	var a AESFlipArgs
	if err := decode("aes.flip", args, &a); err != nil {
		return nil, err
	}
	key, err := ciphers.ParseAESKey(a.Key)
	if err != nil {
		return nil, err
	}
	p, err := ciphers.ParsePart(a.Part)
	if err != nil {
		return nil, err
	}
	t, err := a.Sealed.Flip(p, a.Bit)
	if err != nil {
		return nil, err
	}
	r := AESFlipResult{Tamper: t}
	r.Opened, r.OpenError = open(key, t.Sealed)
	return r, nil
}

// Ed25519KeyArgs: rebuild the key from Seed (hex), or make a fresh one
// when Seed is empty.
type Ed25519KeyArgs struct {
	Seed string `json:"seed"`
}

// Ed25519KeyResult is the key: its seed (hex, passed back to sign) and
// public key.
type Ed25519KeyResult struct {
	Seed   string `json:"seed"`
	Public []byte `json:"public"`
}

func ed25519Key(_ *Dispatcher, args []byte) (any, error) {
	var a Ed25519KeyArgs
	if err := decode("ed25519.key", args, &a); err != nil {
		return nil, err
	}
	k, err := edKey(a.Seed, true)
	if err != nil {
		return nil, err
	}
	return Ed25519KeyResult{Seed: hex.EncodeToString(k.Seed()), Public: k.Public()}, nil
}

func edKey(seed string, freshIfEmpty bool) (ciphers.Ed25519Key, error) {
	if seed == "" && freshIfEmpty {
		return ciphers.NewEd25519Key()
	}
	b, err := ciphers.DecodeHex(seed)
	if err != nil {
		return ciphers.Ed25519Key{}, err
	}
	return ciphers.Ed25519KeyFromSeed(b)
}

// SignArgs: sign Message with the Ed25519 key of Seed (hex) or the RSA key
// under Handle.
type SignArgs struct {
	Seed    string `json:"seed,omitempty"`
	Handle  uint32 `json:"handle,omitempty"`
	Message string `json:"message"`
}

// SignResult is the signature.
type SignResult struct {
	Signature []byte `json:"signature"`
}

// VerifyArgs: check Signature over Message, with the Ed25519 public key
// Public or the public half of the RSA key under Handle.
type VerifyArgs struct {
	Public    []byte `json:"public,omitempty"`
	Handle    uint32 `json:"handle,omitempty"`
	Message   string `json:"message"`
	Signature []byte `json:"signature"`
}

// VerifyResult says the signature verifies; one that does not is an error
// reply (CodeBadSignature or CodeMalformed) whose text the widget shows.
type VerifyResult struct {
	Valid bool `json:"valid"`
}

// HandleArgs names an RSA key made by rsa.keygen.
type HandleArgs struct {
	Handle uint32 `json:"handle"`
}

func ed25519Sign(_ *Dispatcher, args []byte) (any, error) {
	var a SignArgs
	if err := decode("ed25519.sign", args, &a); err != nil {
		return nil, err
	}
	k, err := edKey(a.Seed, false)
	if err != nil {
		return nil, err
	}
	sig, err := k.Sign([]byte(a.Message))
	if err != nil {
		return nil, err
	}
	return SignResult{Signature: sig}, nil
}

func ed25519Verify(_ *Dispatcher, args []byte) (any, error) {
	var a VerifyArgs
	if err := decode("ed25519.verify", args, &a); err != nil {
		return nil, err
	}
	if err := ciphers.VerifyEd25519(a.Public, []byte(a.Message), a.Signature); err != nil {
		return nil, err
	}
	return VerifyResult{Valid: true}, nil
}

func ed25519Export(_ *Dispatcher, args []byte) (any, error) {
	var a Ed25519KeyArgs
	if err := decode("ed25519.export", args, &a); err != nil {
		return nil, err
	}
	k, err := edKey(a.Seed, false)
	if err != nil {
		return nil, err
	}
	return k.Export()
}

// RSAKeygenArgs: make an RSA key of Bits (0 means ciphers.RSADefaultBits).
type RSAKeygenArgs struct {
	Bits int `json:"bits"`
}

// RSAKeyResult describes a key kept in the worker under Handle.
type RSAKeyResult struct {
	Handle    uint32 `json:"handle"`
	Bits      int    `json:"bits"`
	Weak      bool   `json:"weak"`
	PublicHex string `json:"publicHex"` // DER of the PKIX public key, as KeyExport writes it
	PublicPEM string `json:"publicPem"`
}

func rsaKeygen(d *Dispatcher, args []byte) (any, error) {
	var a RSAKeygenArgs
	if err := decode("rsa.keygen", args, &a); err != nil {
		return nil, err
	}
	k, err := ciphers.NewRSAKey(a.Bits)
	if err != nil {
		return nil, err
	}
	e, err := k.Export()
	if err != nil {
		return nil, err
	}
	return RSAKeyResult{Handle: d.keys.add(k), Bits: k.Bits(), Weak: k.Weak(), PublicHex: e.PublicHex, PublicPEM: e.PublicPEM}, nil
}

func rsaSign(d *Dispatcher, args []byte) (any, error) {
	var a SignArgs
	if err := decode("rsa.sign", args, &a); err != nil {
		return nil, err
	}
	k, err := d.keys.get("rsa.sign", a.Handle)
	if err != nil {
		return nil, err
	}
	sig, err := k.SignPSS([]byte(a.Message))
	if err != nil {
		return nil, err
	}
	return SignResult{Signature: sig}, nil
}

func rsaVerify(d *Dispatcher, args []byte) (any, error) {
	var a VerifyArgs
	if err := decode("rsa.verify", args, &a); err != nil {
		return nil, err
	}
	k, err := d.keys.get("rsa.verify", a.Handle)
	if err != nil {
		return nil, err
	}
	if err := ciphers.VerifyPSS(k.Public(), []byte(a.Message), a.Signature); err != nil {
		return nil, err
	}
	return VerifyResult{Valid: true}, nil
}

func rsaExport(d *Dispatcher, args []byte) (any, error) {
	var a HandleArgs
	if err := decode("rsa.export", args, &a); err != nil {
		return nil, err
	}
	k, err := d.keys.get("rsa.export", a.Handle)
	if err != nil {
		return nil, err
	}
	return k.Export()
}

// FreeResult says whether a key was freed (false: there was none).
type FreeResult struct {
	Freed bool `json:"freed"`
}

func rsaFree(d *Dispatcher, args []byte) (any, error) {
	var a HandleArgs
	if err := decode("rsa.free", args, &a); err != nil {
		return nil, err
	}
	return FreeResult{Freed: d.keys.free(a.Handle)}, nil
}

// WalkthroughArgs: one HPKE base-mode encryption (X25519, HKDF-SHA256,
// AES-128-GCM) of Plaintext, shown step by step. Nil IKMs mean fresh keys;
// RFC 9180 A.1.1's reproduce the RFC.
type WalkthroughArgs struct {
	Plaintext    string `json:"plaintext"`
	Info         string `json:"info"`
	AAD          string `json:"aad"`
	RecipientIKM []byte `json:"recipientIkm,omitempty"`
	EphemeralIKM []byte `json:"ephemeralIkm,omitempty"`
}

func hpkeWalkthrough(_ *Dispatcher, args []byte) (any, error) {
	var a WalkthroughArgs
	if err := decode("hpke.walkthrough", args, &a); err != nil {
		return nil, err
	}
	return ciphers.NewWalkthrough(ciphers.WalkthroughInput{
		Suite:        ciphers.SuiteX25519AES128GCM,
		Plaintext:    []byte(a.Plaintext),
		Info:         []byte(a.Info),
		AAD:          []byte(a.AAD),
		RecipientIKM: a.RecipientIKM,
		EphemeralIKM: a.EphemeralIKM,
	})
}

// RaceArgs: time one algorithm on messages of Size bytes for BudgetMs
// milliseconds per operation (plus half as much warm-up). The RSA rows use
// the key under RSAHandle; 0 makes a fresh RSA-2048 key for this call
// (slow: make one with rsa.keygen and pass it for a whole race).
type RaceArgs struct {
	Algorithm string `json:"alg"`
	Size      int    `json:"size"`
	BudgetMs  int    `json:"budgetMs"`
	RSAHandle uint32 `json:"rsaHandle,omitempty"`
}

// RaceResult is the algorithm's measurements, one per operation.
type RaceResult struct {
	Measurements []ciphers.Measurement `json:"measurements"`
	RSABits      int                   `json:"rsaBits"`
}

func raceMeasure(d *Dispatcher, args []byte) (any, error) {
	var a RaceArgs
	if err := decode("race.measure", args, &a); err != nil {
		return nil, err
	}
	alg := ciphers.Algorithm(a.Algorithm)
	if !slices.Contains(ciphers.Algorithms(), alg) {
		return nil, errorf(CodeBadArgs, "race.measure: unknown algorithm %q", a.Algorithm)
	}
	// Budget 0 would mean the engine's default; a widget always says.
	if a.BudgetMs <= 0 || time.Duration(a.BudgetMs)*time.Millisecond > ciphers.MaxRaceBudget {
		return nil, errorf(CodeBadArgs, "race.measure: budgetMs %d is outside 1 to %d", a.BudgetMs, ciphers.MaxRaceBudget/time.Millisecond)
	}
	var rsa ciphers.RSAKey
	if a.RSAHandle != 0 {
		k, err := d.keys.get("race.measure", a.RSAHandle)
		if err != nil {
			return nil, err
		}
		rsa = k
	}
	// One algorithm per call keeps each call short, so the widget's Stop
	// only has to stop sending: there is nothing to cancel in here.
	rep, err := ciphers.Race(context.Background(), ciphers.RaceConfig{
		Sizes:  []int{a.Size},
		Budget: time.Duration(a.BudgetMs) * time.Millisecond,
		Only:   []ciphers.Algorithm{alg},
		RSA:    rsa,
	})
	if err != nil {
		return nil, err
	}
	return RaceResult{Measurements: rep.Measurements, RSABits: rep.RSABits}, nil
}
