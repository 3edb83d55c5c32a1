package ciphers

import (
	"crypto/ecdh"
	"crypto/hpke"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// kat.json holds the published vectors (sources in testdata/SOURCES.md). It
// is embedded so the js/wasm test binary needs no file system.
//
//go:embed testdata/kat.json
var katJSON []byte

// hexBytes is a []byte written as hex in JSON.
type hexBytes []byte

func (h *hexBytes) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := hex.DecodeString(s)
	*h = v
	return err
}

type katFile struct {
	GCM []struct {
		Name, Source                                string
		Key, Nonce, Plaintext, AAD, Ciphertext, Tag hexBytes
	}
	Ed25519 []struct {
		Name, Source                     string
		Seed, Public, Message, Signature hexBytes
	}
	X25519 []struct {
		Name, Source                                             string
		AlicePrivate, AlicePublic, BobPrivate, BobPublic, Shared hexBytes
	}
	HPKE []hpkeVector
}

type hpkeVector struct {
	Name, Source, Suite          string
	Mode                         int
	KEMID                        uint16 `json:"kem_id"`
	KDFID                        uint16 `json:"kdf_id"`
	AEADID                       uint16 `json:"aead_id"`
	Info, IkmE, PkEm, SkEm, IkmR hexBytes
	PkRm, SkRm, Enc              hexBytes
	SharedSecret                 hexBytes `json:"shared_secret"`
	KeyScheduleContext           hexBytes `json:"key_schedule_context"`
	Secret, Key                  hexBytes
	BaseNonce                    hexBytes `json:"base_nonce"`
	ExporterSecret               hexBytes `json:"exporter_secret"`
	Encryptions                  []struct {
		Seq                int
		Pt, AAD, Nonce, Ct hexBytes
	}
	Exports []struct {
		Context hexBytes `json:"exporter_context"`
		L       int
		Value   hexBytes `json:"exported_value"`
	}
}

func (v hpkeVector) suite(t *testing.T) HPKESuite {
	switch v.Suite {
	case "aes128gcm":
		return SuiteX25519AES128GCM
	case "chacha20poly1305":
		return SuiteX25519ChaCha20Poly1305
	}
	t.Fatalf("unknown suite %q in kat.json", v.Suite)
	return 0
}

var (
	katOnce sync.Once
	katData katFile
	katErr  error
)

func kat(t *testing.T) katFile {
	t.Helper()
	katOnce.Do(func() { katErr = json.Unmarshal(katJSON, &katData) })
	require.NoError(t, katErr)
	require.NotEmpty(t, katData.GCM)
	require.NotEmpty(t, katData.Ed25519)
	require.NotEmpty(t, katData.X25519)
	require.NotEmpty(t, katData.HPKE)
	return katData
}

func TestGCMKnownAnswers(t *testing.T) {
	for _, v := range kat(t).GCM {
		t.Run(v.Name, func(t *testing.T) {
			var key AESKey
			require.Len(t, v.Key, AESKeySize)
			copy(key[:], v.Key)
			s, err := key.sealWithNonce(v.Nonce, v.Plaintext, v.AAD)
			require.NoError(t, err)
			require.Equal(t, []byte(v.Ciphertext), nonNil(s.Ciphertext))
			require.Equal(t, []byte(v.Tag), s.Tag)

			pt, err := key.Open(Sealed{Nonce: v.Nonce, Ciphertext: v.Ciphertext, Tag: v.Tag, AAD: v.AAD})
			require.NoError(t, err)
			require.Equal(t, []byte(v.Plaintext), nonNil(pt))
		})
	}
}

func TestEd25519KnownAnswers(t *testing.T) {
	for _, v := range kat(t).Ed25519 {
		t.Run(v.Name, func(t *testing.T) {
			k, err := Ed25519KeyFromSeed(v.Seed)
			require.NoError(t, err)
			require.Equal(t, []byte(v.Public), []byte(k.Public()))
			sig, err := k.Sign(v.Message)
			require.NoError(t, err)
			require.Equal(t, []byte(v.Signature), sig, "Ed25519 is deterministic: the RFC's signature exactly")
			require.NoError(t, VerifyEd25519([]byte(v.Public), v.Message, v.Signature))
			require.ErrorIs(t, VerifyEd25519([]byte(v.Public), append([]byte(v.Message), 0), v.Signature), ErrBadSignature)
		})
	}
}

func TestX25519KnownAnswers(t *testing.T) {
	for _, v := range kat(t).X25519 {
		t.Run(v.Name, func(t *testing.T) {
			a, err := AgreementFrom(v.AlicePrivate, v.BobPrivate)
			require.NoError(t, err)
			require.Equal(t, []byte(v.AlicePublic), a.AlicePublic)
			require.Equal(t, []byte(v.BobPublic), a.BobPublic)
			require.Equal(t, []byte(v.Shared), a.AliceSecret)
			require.Equal(t, []byte(v.Shared), a.BobSecret)
			require.True(t, a.Agree())

			k, err := X25519(v.BobPrivate, v.AlicePublic)
			require.NoError(t, err)
			require.Equal(t, []byte(v.Shared), k)
		})
	}
}

// TestHPKEKnownAnswers checks crypto/hpke as this package drives it: the
// RFC's ikm gives the RFC's key pairs, the RFC's messages open in sequence,
// and the exporter gives the RFC's values.
func TestHPKEKnownAnswers(t *testing.T) {
	for _, v := range kat(t).HPKE {
		t.Run(v.Name, func(t *testing.T) {
			suite := v.suite(t)
			kem, kdfID, aeadID := suite.IDs()
			require.Equal(t, []uint16{v.KEMID, v.KDFID, v.AEADID}, []uint16{kem, kdfID, aeadID})
			require.Zero(t, v.Mode, "base mode only")

			// crypto/hpke serializes X25519 keys clamped (RFC 9180 section
			// 7.1.2); the RFC's vectors print them unclamped. Same keys.
			r, err := HPKEKeyFromIKM(v.IkmR)
			require.NoError(t, err)
			require.Equal(t, clampX25519(v.SkRm), r.PrivateKey())
			require.Equal(t, []byte(v.PkRm), r.PublicKey())
			e, err := HPKEKeyFromIKM(v.IkmE)
			require.NoError(t, err)
			require.Equal(t, clampX25519(v.SkEm), e.PrivateKey())
			require.Equal(t, []byte(v.PkEm), e.PublicKey())
			fromBytes, err := HPKEKeyFromBytes(v.SkRm)
			require.NoError(t, err)
			require.Equal(t, []byte(v.PkRm), fromBytes.PublicKey(), "the unclamped skRm is the same key")
			require.Equal(t, []byte(v.Enc), e.PublicKey(), "DHKEM's enc is the ephemeral public key")

			// Single-shot Open reaches sequence number 0.
			first := v.Encryptions[0]
			require.Zero(t, first.Seq)
			pt, err := r.Open(HPKEMessage{Suite: suite, Enc: v.Enc, Ciphertext: first.Ct, Info: v.Info, AAD: first.AAD})
			require.NoError(t, err)
			require.Equal(t, []byte(first.Pt), pt)

			// A context opens the rest in order, and exports.
			kdf, aead, err := suite.components()
			require.NoError(t, err)
			ctx, err := hpke.NewRecipient(v.Enc, r.private, kdf, aead, v.Info)
			require.NoError(t, err)
			for i, enc := range v.Encryptions {
				require.Equal(t, i, enc.Seq, "kat.json must list consecutive sequence numbers")
				pt, err := ctx.Open(enc.AAD, enc.Ct)
				require.NoError(t, err, "seq %d", enc.Seq)
				require.Equal(t, []byte(enc.Pt), pt)
			}
			for _, x := range v.Exports {
				got, err := ctx.Export(string(x.Context), x.L)
				require.NoError(t, err)
				require.Equal(t, []byte(x.Value), got)
			}
		})
	}
}

// TestKeyScheduleKnownAnswers checks the walkthrough's own RFC 9180 code
// (DeriveKeyPair, ExtractAndExpand, KeySchedule) on every suite's vector,
// including ChaCha20Poly1305 whose last step the walkthrough cannot show.
func TestKeyScheduleKnownAnswers(t *testing.T) {
	for _, v := range kat(t).HPKE {
		t.Run(v.Name, func(t *testing.T) {
			kemID, kdfID, aeadID := v.suite(t).IDs()
			kemSuite, hpkeSuite := kemSuiteID(kemID), hpkeSuiteID(kemID, kdfID, aeadID)
			skE, err := deriveX25519(kemSuite, v.IkmE)
			require.NoError(t, err)
			require.Equal(t, []byte(v.SkEm), skE.Bytes())
			skR, err := deriveX25519(kemSuite, v.IkmR)
			require.NoError(t, err)
			require.Equal(t, []byte(v.SkRm), skR.Bytes())

			ksc, err := keyScheduleContext(hpkeSuite, v.Info)
			require.NoError(t, err)
			require.Equal(t, []byte(v.KeyScheduleContext), ksc)
			kemContext := append(append([]byte{}, v.Enc...), v.PkRm...)

			nk := v.suite(t).keySize()
			sender, err := deriveSide(skE, skR.PublicKey(), kemContext, ksc, kemSuite, hpkeSuite, nk)
			require.NoError(t, err)
			pkE, err := ecdh.X25519().NewPublicKey(v.Enc)
			require.NoError(t, err)
			recipient, err := deriveSide(skR, pkE, kemContext, ksc, kemSuite, hpkeSuite, nk)
			require.NoError(t, err)
			for _, side := range []HPKESide{sender, recipient} {
				require.Equal(t, []byte(v.SharedSecret), side.SharedSecret)
				require.Equal(t, []byte(v.Secret), side.Secret)
				require.Equal(t, []byte(v.Key), side.Key)
				require.Equal(t, []byte(v.BaseNonce), side.BaseNonce)
				require.Equal(t, []byte(v.ExporterSecret), side.ExporterSecret)
			}
		})
	}
}

// TestWalkthroughKnownAnswer replays RFC 9180 appendix A.1.1, encryption 0,
// through the public walkthrough and compares every value shown.
func TestWalkthroughKnownAnswer(t *testing.T) {
	var v hpkeVector
	for _, x := range kat(t).HPKE {
		if x.Suite == "aes128gcm" {
			v = x
		}
	}
	require.NotEmpty(t, v.Name, "kat.json lacks the AES-128-GCM vector")
	enc0 := v.Encryptions[0]
	w, err := NewWalkthrough(WalkthroughInput{
		Suite: SuiteX25519AES128GCM, Plaintext: enc0.Pt, Info: v.Info, AAD: enc0.AAD,
		RecipientIKM: v.IkmR, EphemeralIKM: v.IkmE,
	})
	require.NoError(t, err)
	require.Equal(t, []byte(v.SkRm), w.RecipientPrivate)
	require.Equal(t, []byte(v.PkRm), w.RecipientPublic)
	require.Equal(t, []byte(v.SkEm), w.EphemeralPrivate)
	require.Equal(t, []byte(v.PkEm), w.EphemeralPublic)
	require.Equal(t, []byte(v.Enc), w.Enc)
	require.Equal(t, []byte(v.KeyScheduleContext), w.KeyScheduleContext)
	for _, side := range []HPKESide{w.Sender, w.Recipient} {
		require.Equal(t, []byte(v.SharedSecret), side.SharedSecret)
		require.Equal(t, []byte(v.Secret), side.Secret)
		require.Equal(t, []byte(v.Key), side.Key)
		require.Equal(t, []byte(v.BaseNonce), side.BaseNonce)
		require.Equal(t, []byte(v.ExporterSecret), side.ExporterSecret)
	}
	require.Equal(t, []byte(enc0.Nonce), w.Sender.BaseNonce, "message 0 uses base_nonce itself")
	require.Equal(t, []byte(enc0.Ct), w.Ciphertext)
	require.Equal(t, []byte(enc0.Pt), w.Opened)
}

// clampX25519 applies RFC 7748's decodeScalar25519 bit fixes to a copy.
func clampX25519(sk []byte) []byte {
	c := append([]byte{}, sk...)
	c[0] &= 248
	c[31] &= 127
	c[31] |= 64
	return c
}

// nonNil turns nil into an empty slice, so vectors with empty fields compare.
func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}
