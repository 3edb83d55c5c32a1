package tx

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/engine/internal/vectors"
)

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	require.NoError(t, err, s)
	return b
}

// TestBIP340Vectors runs every row of the BIP 340 test vectors
// (bitcoin/bips bip-0340/test-vectors.csv, copied in shared/vectors): the
// rows with a secret key are signed and must give the published signature
// byte for byte; every row is verified and must give the published result.
func TestBIP340Vectors(t *testing.T) {
	raw, err := vectors.Raw("bip340.csv")
	require.NoError(t, err)
	rows, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	require.NoError(t, err)
	require.Equal(t, []string{"index", "secret key", "public key", "aux_rand", "message", "signature", "verification result", "comment"}, rows[0])
	rows = rows[1:]
	require.Len(t, rows, 15, "BIP 340 publishes vectors 0 to 14 with 32-byte messages")

	signed := 0
	for _, r := range rows {
		name := "vector " + r[0]
		if r[7] != "" {
			name += " (" + r[7] + ")"
		}
		t.Run(name, func(t *testing.T) {
			want, err := strconv.ParseBool(strings.ToLower(r[6]))
			require.NoError(t, err)
			pub, msg, sig := unhex(t, r[2]), unhex(t, r[4]), unhex(t, r[5])
			require.Len(t, pub, 32)
			require.Len(t, msg, 32)
			require.Len(t, sig, 64)
			if r[1] != "" {
				secret := [32]byte(unhex(t, r[1]))
				k, err := NewKey(secret)
				require.NoError(t, err)
				require.Equal(t, pub, k.XOnly[:], "x-only public key")
				got, err := SchnorrSign(secret, [32]byte(msg), [32]byte(unhex(t, r[3])))
				require.NoError(t, err)
				require.Equal(t, strings.ToLower(r[5]), hex.EncodeToString(got[:]))
				signed++
			}
			require.Equal(t, want, SchnorrVerify([32]byte(pub), [32]byte(msg), [64]byte(sig)))
		})
	}
	require.Equal(t, 4, signed, "vectors 0 to 3 carry a secret key")
}

func TestSecretKeyRange(t *testing.T) {
	var zero [32]byte
	_, err := NewKey(zero)
	require.ErrorIs(t, err, ErrSecretKey)
	n := [32]byte(unhex(t, "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"))
	_, err = NewKey(n)
	require.ErrorIs(t, err, ErrSecretKey, "n itself is not a key")
	_, err = SchnorrSign(n, zero, zero)
	require.ErrorIs(t, err, ErrSecretKey)
	_, err = ECDSASign(zero, zero)
	require.ErrorIs(t, err, ErrSecretKey)
	nMinus1 := n
	nMinus1[31]--
	_, err = NewKey(nMinus1)
	require.NoError(t, err)

	// GenerateKey skips invalid draws (here: one draw of n, then a valid one).
	k, err := GenerateKey(bytes.NewReader(append(n[:], bytes.Repeat([]byte{7}, 32)...)))
	require.NoError(t, err)
	require.Equal(t, [32]byte(bytes.Repeat([]byte{7}, 32)), k.Secret)
	_, err = GenerateKey(bytes.NewReader(nil))
	require.Error(t, err)
}

// TestECDSAKnownAnswers checks RFC 6979 signing on secp256k1 against
// published answers for sha256 of the message (the vectors that circulate
// among Bitcoin libraries, e.g. btcec's ecdsa/signature_test.go
// TestSignatureCanonical and bitcoinjs's ecdsa fixtures). The first has a
// high s that signing must lower.
func TestECDSAKnownAnswers(t *testing.T) {
	cases := []struct{ secret, msg, der string }{
		{"0000000000000000000000000000000000000000000000000000000000000001", "Satoshi Nakamoto",
			"3045022100934b1ea10a4b3c1757e2b0c017d0b6143ce3c9a7e6a4a49860d7a6ab210ee3d802202442ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5"},
		{"fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140", "Satoshi Nakamoto",
			"3045022100fd567d121db66e382991534ada77a6bd3106f0a1098c231e47993447cd6af2d002206b39cd0eb1bc8603e159ef5c20a5c8ad685a45b06ce9bebed3f153d10d93bed5"},
		{"f8b8af8ce3c7cca5e300d33939540c10d45ce001b8f252bfbc57ba0342904181", "Alan Turing",
			"304402207063ae83e7f62bbb171798131b4a0564b956930092b33b07b395615d9ec7e15c022058dfcc1e00a35e1572f366ffe34ba0fc47db1e7189759b9fb233c5b05ab388ea"},
	}
	for _, c := range cases {
		secret := [32]byte(unhex(t, c.secret))
		hash := sha256.Sum256([]byte(c.msg))
		der, err := ECDSASign(secret, hash)
		require.NoError(t, err)
		require.Equal(t, c.der, hex.EncodeToString(der))
		k, err := NewKey(secret)
		require.NoError(t, err)
		require.True(t, ECDSAVerify(k.Compressed[:], hash, der))
		hash[0] ^= 1
		require.False(t, ECDSAVerify(k.Compressed[:], hash, der))
	}
	require.False(t, ECDSAVerify([]byte{2, 3}, [32]byte{}, nil), "a malformed key fails, it does not panic")
}

func sampleTransaction() Transaction {
	prev, _ := ParseDisplayHex(block100000.txids[1])
	return Transaction{Version: 2, PrevTxID: prev, PrevIndex: 1, Amount: 150_000, Recipient: [20]byte{0xc3, 0x98, 0xef}, LockTime: 0}
}

func TestTransactionSerialization(t *testing.T) {
	tr := sampleTransaction()
	b := tr.Bytes()
	require.Len(t, b, TransactionSize)
	sum := 0
	for i, f := range Fields {
		require.Equal(t, sum, f.Offset, f.Name)
		sum += f.Size
		got, ok := FieldAt(f.Offset + f.Size - 1)
		require.True(t, ok)
		require.Equal(t, Fields[i], got)
	}
	require.Equal(t, TransactionSize, sum)
	_, ok := FieldAt(TransactionSize)
	require.False(t, ok)
	require.Equal(t, []byte{2, 0, 0, 0}, b[:4], "little-endian version")
	require.Equal(t, []byte{0xf0, 0x49, 0x02, 0, 0, 0, 0, 0}, b[40:48], "150000 satoshis little-endian")

	back, err := ParseTransaction(b)
	require.NoError(t, err)
	require.Equal(t, tr, back)
	_, err = ParseTransaction(b[1:])
	require.ErrorContains(t, err, "72 bytes")
	require.Equal(t, DoubleSHA256(b), tr.ID())
}

func TestSignTamperVerify(t *testing.T) {
	k, err := GenerateKey(rand.NewChaCha8([32]byte{1}))
	require.NoError(t, err)
	other, err := GenerateKey(rand.NewChaCha8([32]byte{2}))
	require.NoError(t, err)
	tr := sampleTransaction()
	raw := tr.Bytes()
	for _, s := range []Scheme{ECDSA, Schnorr} {
		sig, err := SignTransaction(s, k, tr, [32]byte{9})
		require.NoError(t, err)
		require.True(t, VerifyTransaction(s, k.PublicKey(s), raw, sig), s)
		require.False(t, VerifyTransaction(s, other.PublicKey(s), raw, sig), "%s: another key", s)

		// Every single flipped bit of the transaction breaks the signature.
		for bit := 0; bit < 8*len(raw); bit++ {
			bad, err := FlipBit(raw, bit)
			require.NoError(t, err)
			require.False(t, VerifyTransaction(s, k.PublicKey(s), bad, sig), "%s: bit %d", s, bit)
		}
		// So does a flipped bit of the signature (past ECDSA's DER header).
		for _, bit := range []int{8 * 8, 8*len(sig) - 1} {
			bad, err := FlipBit(sig, bit)
			require.NoError(t, err)
			require.False(t, VerifyTransaction(s, k.PublicKey(s), raw, bad), "%s: signature bit %d", s, bit)
		}
	}
	// ECDSA with RFC 6979 is deterministic; Schnorr changes with aux.
	a, _ := SignTransaction(ECDSA, k, tr, [32]byte{1})
	b, _ := SignTransaction(ECDSA, k, tr, [32]byte{2})
	require.Equal(t, a, b)
	a, _ = SignTransaction(Schnorr, k, tr, [32]byte{1})
	b, _ = SignTransaction(Schnorr, k, tr, [32]byte{2})
	require.NotEqual(t, a, b)
	require.True(t, VerifyTransaction(Schnorr, k.XOnly[:], raw, b))

	require.False(t, VerifyTransaction(Schnorr, k.Compressed[:], raw, a), "a Schnorr key is 32 bytes")
	require.False(t, VerifyTransaction("rsa", k.Compressed[:], raw, a))
	_, err = SignTransaction("rsa", k, tr, [32]byte{})
	require.Error(t, err)

	_, err = FlipBit(raw, 8*len(raw))
	require.ErrorContains(t, err, "outside")
	_, err = FlipBit(raw, -1)
	require.Error(t, err)
	flipped, err := FlipBit(raw, 0)
	require.NoError(t, err)
	require.Equal(t, raw[0]^0x80, flipped[0])
	require.Equal(t, tr.Bytes(), raw, "FlipBit leaves its input alone")
}

func TestParseScheme(t *testing.T) {
	for in, want := range map[string]Scheme{"ECDSA": ECDSA, " schnorr ": Schnorr, "bip340": Schnorr} {
		got, err := ParseScheme(in)
		require.NoError(t, err)
		require.Equal(t, want, got)
	}
	_, err := ParseScheme("rsa")
	require.ErrorContains(t, err, "ecdsa or schnorr")
}
