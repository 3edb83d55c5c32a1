package rpc

import (
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/engine/ciphers"
)

const (
	testAESKey = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	// RFC 8032 section 7.1, test 1.
	testSeed   = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
	testPublic = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
)

// call runs op with args marshalled to JSON and decodes a successful
// result into out; it fails the test on an error reply.
func call(t *testing.T, d *Dispatcher, op string, args, out any) {
	t.Helper()
	b, err := json.Marshal(args)
	require.NoError(t, err)
	raw := d.Call(op, b)
	var r Reply
	require.NoError(t, json.Unmarshal(raw, &r), "%s", raw)
	require.Empty(t, r.Error, "%s: %s", op, raw)
	if out != nil {
		require.NoError(t, json.Unmarshal(raw, out), "%s", raw)
	}
}

// callErr runs op and returns its error reply, failing the test on success.
func callErr(t *testing.T, d *Dispatcher, op string, args any) Reply {
	t.Helper()
	var b []byte
	if s, ok := args.(string); ok {
		b = []byte(s)
	} else {
		var err error
		b, err = json.Marshal(args)
		require.NoError(t, err)
	}
	raw := d.Call(op, b)
	var r Reply
	require.NoError(t, json.Unmarshal(raw, &r), "%s", raw)
	require.NotEmpty(t, r.Error, "%s should fail: %s", op, raw)
	require.NotEmpty(t, r.Code)
	return r
}

func TestAESSealOpenFlip(t *testing.T) {
	d := New()
	var sealed AESSealResult
	call(t, d, "aes.seal", AESSealArgs{Key: testAESKey, Plaintext: "pay bob", AAD: "order-1"}, &sealed)
	assert.Equal(t, testAESKey, sealed.Key)
	assert.Equal(t, "pay bob", sealed.Opened)
	assert.Empty(t, sealed.OpenError)
	// The engine, not the op, is the judge: the result opens natively.
	key, err := ciphers.ParseAESKey(testAESKey)
	require.NoError(t, err)
	pt, err := key.Open(sealed.Sealed)
	require.NoError(t, err)
	assert.Equal(t, "pay bob", string(pt))

	var opened AESOpenResult
	call(t, d, "aes.open", AESOpenArgs{Key: testAESKey, Sealed: sealed.Sealed}, &opened)
	assert.Equal(t, "pay bob", opened.Plaintext)

	for _, p := range ciphers.Parts {
		var f AESFlipResult
		call(t, d, "aes.flip", AESFlipArgs{Key: testAESKey, Sealed: sealed.Sealed, Part: p.String(), Bit: 3}, &f)
		assert.Equal(t, p, f.Tamper.Part)
		assert.Equal(t, 3, f.Tamper.Bit)
		assert.Empty(t, f.Opened)
		assert.Contains(t, f.OpenError, ciphers.ErrAuthFailed.Error(), p.String())
		// The tampered message is refused by aes.open too, with its code.
		r := callErr(t, d, "aes.open", AESOpenArgs{Key: testAESKey, Sealed: f.Tamper.Sealed})
		assert.Equal(t, CodeAuthFailed, r.Code)
	}
}

func TestAESFreshKeysDiffer(t *testing.T) {
	d := New()
	var a, b AESSealResult
	call(t, d, "aes.seal", AESSealArgs{Plaintext: "x"}, &a)
	call(t, d, "aes.seal", AESSealArgs{Plaintext: "x"}, &b)
	assert.Len(t, a.Key, 64)
	assert.NotEqual(t, a.Key, b.Key, "an empty key means a fresh random one")
	assert.Equal(t, "x", a.Opened)
}

func TestEd25519Ops(t *testing.T) {
	d := New()
	var k Ed25519KeyResult
	call(t, d, "ed25519.key", Ed25519KeyArgs{Seed: "0x" + strings.ToUpper(testSeed)}, &k)
	assert.Equal(t, testSeed, k.Seed, "the seed comes back normalized")
	assert.Equal(t, testPublic, hex.EncodeToString(k.Public))

	var s1, s2 SignResult
	call(t, d, "ed25519.sign", SignArgs{Seed: k.Seed, Message: "pay 10"}, &s1)
	call(t, d, "ed25519.sign", SignArgs{Seed: k.Seed, Message: "pay 10"}, &s2)
	assert.Equal(t, s1.Signature, s2.Signature, "Ed25519 is deterministic")
	seed, _ := hex.DecodeString(testSeed)
	native, err := ciphers.Ed25519KeyFromSeed(seed)
	require.NoError(t, err)
	want, err := native.Sign([]byte("pay 10"))
	require.NoError(t, err)
	assert.Equal(t, want, s1.Signature)

	var v VerifyResult
	call(t, d, "ed25519.verify", VerifyArgs{Public: k.Public, Message: "pay 10", Signature: s1.Signature}, &v)
	assert.True(t, v.Valid)
	r := callErr(t, d, "ed25519.verify", VerifyArgs{Public: k.Public, Message: "pay 1000", Signature: s1.Signature})
	assert.Equal(t, CodeBadSignature, r.Code)
	assert.Contains(t, r.Error, ciphers.ErrBadSignature.Error())

	var e ciphers.KeyExport
	call(t, d, "ed25519.export", Ed25519KeyArgs{Seed: testSeed}, &e)
	assert.Equal(t, testPublic, e.PublicHex)
	assert.Contains(t, e.PublicPEM, "BEGIN PUBLIC KEY")

	var fresh Ed25519KeyResult
	call(t, d, "ed25519.key", nil, &fresh)
	assert.Len(t, fresh.Public, 32)
	assert.NotEqual(t, testSeed, fresh.Seed)
}

func TestRSAOpsKeepKeysUnderHandles(t *testing.T) {
	d := New()
	var k RSAKeyResult
	call(t, d, "rsa.keygen", RSAKeygenArgs{Bits: 1024}, &k)
	assert.NotZero(t, k.Handle)
	assert.Equal(t, 1024, k.Bits)
	assert.True(t, k.Weak)
	assert.Contains(t, k.PublicPEM, "BEGIN PUBLIC KEY")

	var s1, s2 SignResult
	call(t, d, "rsa.sign", SignArgs{Handle: k.Handle, Message: "m"}, &s1)
	call(t, d, "rsa.sign", SignArgs{Handle: k.Handle, Message: "m"}, &s2)
	assert.Len(t, s1.Signature, 128)
	assert.NotEqual(t, s1.Signature, s2.Signature, "PSS is randomized")
	// Verified natively with the public key the op published.
	pub, err := ciphers.ParsePublicKeyPEM(k.PublicPEM)
	require.NoError(t, err)
	rsaPub, ok := pub.(interface{ Size() int })
	require.True(t, ok)
	assert.Equal(t, 128, rsaPub.Size())

	var v VerifyResult
	call(t, d, "rsa.verify", VerifyArgs{Handle: k.Handle, Message: "m", Signature: s2.Signature}, &v)
	assert.True(t, v.Valid)
	assert.Equal(t, CodeBadSignature, callErr(t, d, "rsa.verify", VerifyArgs{Handle: k.Handle, Message: "M", Signature: s1.Signature}).Code)

	var e ciphers.KeyExport
	call(t, d, "rsa.export", HandleArgs{Handle: k.Handle}, &e)
	assert.Equal(t, k.PublicHex, e.PublicHex)
	assert.Contains(t, e.PrivatePEM, "BEGIN PRIVATE KEY")

	var f FreeResult
	call(t, d, "rsa.free", HandleArgs{Handle: k.Handle}, &f)
	assert.True(t, f.Freed)
	call(t, d, "rsa.free", HandleArgs{Handle: k.Handle}, &f)
	assert.False(t, f.Freed)
	r := callErr(t, d, "rsa.sign", SignArgs{Handle: k.Handle, Message: "m"})
	assert.Equal(t, CodeUnknownKey, r.Code)
	assert.Equal(t, CodeKeySize, callErr(t, d, "rsa.keygen", RSAKeygenArgs{Bits: 512}).Code)
}

func TestKeyStoreEvictsTheOldest(t *testing.T) {
	s := keyStore{keys: map[uint32]ciphers.RSAKey{}}
	var handles []uint32
	for range maxKeys + 2 {
		handles = append(handles, s.add(ciphers.RSAKey{}))
	}
	assert.Len(t, s.keys, maxKeys)
	for i, h := range handles {
		_, err := s.get("t", h)
		if i < 2 {
			assert.Error(t, err, "handle %d was evicted", h)
		} else {
			assert.NoError(t, err)
		}
	}
	assert.True(t, s.free(handles[5]))
	assert.Len(t, s.order, maxKeys-1)
	assert.NotContains(t, s.order, handles[5])
}

func TestHPKEWalkthroughReproducesRFC9180(t *testing.T) {
	// RFC 9180 appendix A.1.1.
	ikmR, _ := hex.DecodeString("6db9df30aa07dd42ee5e8181afdb977e538f5e1fec8a06223f33f7013e525037")
	ikmE, _ := hex.DecodeString("7268600d403fce431561aef583ee1613527cff655c1343f29812e66706df3234")
	in := WalkthroughArgs{Plaintext: "Beauty is truth, truth beauty", Info: "Ode on a Grecian Urn", AAD: "Count-0", RecipientIKM: ikmR, EphemeralIKM: ikmE}
	var w ciphers.Walkthrough
	call(t, New(), "hpke.walkthrough", in, &w)
	want, err := ciphers.NewWalkthrough(ciphers.WalkthroughInput{Plaintext: []byte(in.Plaintext), Info: []byte(in.Info), AAD: []byte(in.AAD), RecipientIKM: ikmR, EphemeralIKM: ikmE})
	require.NoError(t, err)
	assert.Equal(t, want, w, "the op's walkthrough survives JSON unchanged")
	assert.Len(t, w.Steps, 17)

	var fresh ciphers.Walkthrough
	call(t, New(), "hpke.walkthrough", WalkthroughArgs{Plaintext: "hi"}, &fresh)
	assert.Equal(t, []byte("hi"), fresh.Opened)
	assert.Equal(t, fresh.Sender.Key, fresh.Recipient.Key)
}

func TestRaceMeasureOneAlgorithm(t *testing.T) {
	d := New()
	var k RSAKeyResult
	call(t, d, "rsa.keygen", RSAKeygenArgs{Bits: 1024}, &k)
	for _, alg := range ciphers.Algorithms() {
		var r RaceResult
		call(t, d, "race.measure", RaceArgs{Algorithm: string(alg), Size: 32, BudgetMs: 1, RSAHandle: k.Handle}, &r)
		require.NotEmpty(t, r.Measurements, alg)
		for _, m := range r.Measurements {
			assert.Equal(t, alg, m.Algorithm)
			assert.Equal(t, 32, m.Size)
			assert.True(t, m.Measured(), "%s %s: %s", alg, m.Operation, m.Skipped)
			assert.Positive(t, m.OpsPerSec)
		}
		if alg == ciphers.AlgRSAPSS {
			assert.Equal(t, 1024, r.RSABits, "the handle's key was used, not a fresh RSA-2048")
		}
	}
}

func TestBadInputIsAnErrorReply(t *testing.T) {
	d := New()
	sealed := ciphers.Sealed{Nonce: make([]byte, 12), Ciphertext: []byte{1}, Tag: make([]byte, 16)}
	cases := []struct {
		op, args, code, text string
	}{
		{"nope", `{}`, CodeUnknownOp, `unknown op "nope"`},
		{"", `{}`, CodeUnknownOp, "known: aes.flip"},
		{"aes.seal", `[1,2]`, CodeBadArgs, "bad arguments"},
		{"aes.seal", `{"plaintext": 5}`, CodeBadArgs, "bad arguments"},
		{"aes.seal", `{"plaintxt": "x"}`, CodeBadArgs, "unknown field"},
		{"aes.seal", `{} {}`, CodeBadArgs, "more than one"},
		{"aes.seal", `{`, CodeBadArgs, "bad arguments"},
		{"aes.seal", `{"key": "zz"}`, CodeMalformed, "malformed"},
		{"aes.seal", `{"key": "abcd"}`, CodeKeySize, ""},
		{"aes.open", `{}`, CodeKeySize, "32 bytes, got 0"},
		{"aes.open", `{"key":"` + testAESKey + `","sealed":{"nonce":"AA=="}}`, CodeMalformed, ""},
		{"aes.flip", mustJSON(t, AESFlipArgs{Key: testAESKey, Sealed: sealed, Part: "tag", Bit: 128}), CodeBitOutOfRange, ""},
		{"aes.flip", mustJSON(t, AESFlipArgs{Key: testAESKey, Sealed: sealed, Part: "aad", Bit: 0}), CodeBitOutOfRange, ""},
		{"aes.flip", mustJSON(t, AESFlipArgs{Key: testAESKey, Sealed: sealed, Part: "body", Bit: 0}), CodeMalformed, ""},
		{"aes.flip", mustJSON(t, AESFlipArgs{Key: testAESKey, Sealed: sealed, Part: "tag", Bit: -1}), CodeBitOutOfRange, ""},
		{"ed25519.key", `{"seed": "abcd"}`, CodeKeySize, ""},
		{"ed25519.key", `{"seed": "xyz"}`, CodeMalformed, ""},
		{"ed25519.sign", `{"message": "m"}`, CodeKeySize, ""},
		{"ed25519.verify", `{"public": "AAEC", "message": "m", "signature": ""}`, CodeMalformed, ""},
		{"ed25519.verify", `{"public": "not base64!"}`, CodeBadArgs, ""},
		{"ed25519.export", `{}`, CodeKeySize, ""},
		{"rsa.keygen", `{"bits": 1000}`, CodeKeySize, ""},
		{"rsa.keygen", `{"bits": 8192}`, CodeKeySize, ""},
		{"rsa.keygen", `{"bits": -1}`, CodeKeySize, ""},
		{"rsa.sign", `{"handle": 7, "message": "m"}`, CodeUnknownKey, "no RSA key with handle 7"},
		{"rsa.verify", `{"handle": 0}`, CodeUnknownKey, ""},
		{"rsa.export", `{"handle": 1}`, CodeUnknownKey, ""},
		{"rsa.free", `{"handle": -1}`, CodeBadArgs, ""},
		{"hpke.walkthrough", `{"recipientIkm": "AAEC"}`, CodeKeySize, "at least 32 bytes"},
		{"race.measure", `{"alg": "DES", "size": 32, "budgetMs": 1}`, CodeBadArgs, `unknown algorithm "DES"`},
		{"race.measure", `{"alg": "AES-256-GCM", "size": 32, "budgetMs": 0}`, CodeBadArgs, "budgetMs 0"},
		{"race.measure", `{"alg": "AES-256-GCM", "size": 32, "budgetMs": 100000}`, CodeBadArgs, ""},
		{"race.measure", `{"alg": "AES-256-GCM", "size": -1, "budgetMs": 1}`, CodeMalformed, ""},
		{"race.measure", `{"alg": "AES-256-GCM", "size": 2000000, "budgetMs": 1}`, CodeMalformed, ""},
		{"race.measure", `{"alg": "RSA-PSS", "size": 32, "budgetMs": 1, "rsaHandle": 99}`, CodeUnknownKey, ""},
		{"aes.seal", strings.Repeat(" ", maxArgs+1), CodeBadArgs, "longer than"},
	}
	for _, c := range cases {
		t.Run(c.op+" "+shortName(c.args), func(t *testing.T) {
			r := callErr(t, d, c.op, c.args)
			assert.Equal(t, c.code, r.Code, r.Error)
			assert.Contains(t, r.Error, c.text)
		})
	}
}

func TestNoArgumentsMeansDefaults(t *testing.T) {
	for _, args := range []string{"", "null", "  "} {
		raw := New().Call("ed25519.key", []byte(args))
		var k Ed25519KeyResult
		require.NoError(t, json.Unmarshal(raw, &k), "%s", raw)
		assert.Len(t, k.Public, 32, "%q: %s", args, raw)
	}
}

func TestOpsListsTheTable(t *testing.T) {
	assert.Equal(t, []string{
		"aes.flip", "aes.open", "aes.seal",
		"ed25519.export", "ed25519.key", "ed25519.sign", "ed25519.verify",
		"hpke.walkthrough", "merkle.proof", "race.measure",
		"rsa.export", "rsa.free", "rsa.keygen", "rsa.sign", "rsa.verify",
		"schnorr.sign", "schnorr.verify", "secp256k1.key",
		"tx.sign", "tx.tamper", "tx.verify",
	}, Ops())
}

func TestCallRecoversFromAPanic(t *testing.T) {
	ops["test.panic"] = func(*Dispatcher, []byte) (any, error) { panic("boom") }
	defer delete(ops, "test.panic")
	var r Reply
	require.NoError(t, json.Unmarshal(New().Call("test.panic", nil), &r))
	assert.Equal(t, CodeInternal, r.Code)
	assert.Contains(t, r.Error, "boom")
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

func shortName(s string) string {
	if len(s) > 40 {
		return s[:40]
	}
	return s
}
