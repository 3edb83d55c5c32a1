package rpc

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/engine/tx"
)

// BIP 340 test vector 1 (bitcoin/bips bip-0340/test-vectors.csv).
const (
	bip340Secret = "b7e151628aed2a6abf7158809cf4f3c762e7160f38b4da56a784d9045190cfef"
	bip340Public = "dff1d77f2a671c5f36183726db2341be58feae1da2deced843240f7b502ba659"
	bip340Aux    = "0000000000000000000000000000000000000000000000000000000000000001"
	bip340Msg    = "243f6a8885a308d313198a2e03707344a4093822299f31d0082efa98ec4e6c89"
	bip340Sig    = "6896bd60eeae296db48a229ff71dfe071bde413e6d43f917dc8dcf8c78de33418906d11ac976abccb20b091292bff4ea897efcb639ea871cfa95f6de339e4b0a"
)

var sampleTx = TxFields{
	Version: 2, PrevTxID: "fff2525b8931402dd09222c50775608f75787bd2b87e56995a7bdd30f79702c4",
	PrevIndex: 1, Amount: 150000, Recipient: "c398efa9c392ba6013c5e04ee729755ef7f58b32",
}

func TestSchnorrOpsVector(t *testing.T) {
	d := New()
	var s SchnorrSignResult
	call(t, d, "schnorr.sign", SchnorrSignArgs{Secret: bip340Secret, Message: bip340Msg, Aux: bip340Aux}, &s)
	assert.Equal(t, bip340Public, s.PublicKey)
	assert.Equal(t, bip340Sig, s.Signature)
	var v VerifyResult
	call(t, d, "schnorr.verify", SchnorrVerifyArgs{PublicKey: bip340Public, Message: bip340Msg, Signature: bip340Sig}, &v)
	assert.True(t, v.Valid)
	call(t, d, "schnorr.verify", SchnorrVerifyArgs{PublicKey: bip340Public, Message: strings.Repeat("00", 32), Signature: bip340Sig}, &v)
	assert.False(t, v.Valid)

	var k KeyResult
	call(t, d, "secp256k1.key", KeyArgs{Secret: bip340Secret}, &k)
	assert.Equal(t, bip340Public, k.XOnly)
	assert.Equal(t, k.XOnly, k.Compressed[2:])
	call(t, d, "secp256k1.key", KeyArgs{}, &k)
	assert.Len(t, k.Secret, 64, "a fresh key")

	r := callErr(t, d, "secp256k1.key", KeyArgs{Secret: strings.Repeat("00", 32)})
	assert.Equal(t, CodeSecretKey, r.Code)
	r = callErr(t, d, "schnorr.sign", SchnorrSignArgs{Secret: bip340Secret, Message: "abcd"})
	assert.Equal(t, CodeMalformed, r.Code)
	assert.Contains(t, r.Error, "32 bytes")
}

func TestTxSignTamperOps(t *testing.T) {
	d := New()
	var k KeyResult
	call(t, d, "secp256k1.key", KeyArgs{Secret: bip340Secret}, &k)
	for _, scheme := range []string{"ecdsa", "schnorr"} {
		var signed TxSignResult
		call(t, d, "tx.sign", TxSignArgs{Scheme: scheme, Secret: k.Secret, Tx: sampleTx}, &signed)
		require.True(t, signed.Valid, scheme)
		require.Equal(t, sampleTx, *signed.Tx)
		require.Len(t, signed.Raw, 2*tx.TransactionSize)
		require.Equal(t, tx.Fields, signed.Fields)
		if scheme == "schnorr" {
			assert.Equal(t, k.XOnly, signed.PublicKey)
			assert.Len(t, signed.Signature, 128)
			assert.Len(t, signed.Aux, 64, "the fresh aux is reported")
		} else {
			assert.Equal(t, k.Compressed, signed.PublicKey)
			assert.True(t, strings.HasPrefix(signed.Signature, "30"), "DER")
		}
		check := TxVerifyArgs{Scheme: scheme, PublicKey: signed.PublicKey, Raw: signed.Raw, Signature: signed.Signature}
		var v TxCheck
		call(t, d, "tx.verify", check, &v)
		assert.True(t, v.Valid)
		assert.Equal(t, signed.TxID, v.TxID)

		// One bit in each field: the verdict flips and the field is named.
		for _, f := range tx.Fields {
			var tr TxTamperResult
			call(t, d, "tx.tamper", TxTamperArgs{TxVerifyArgs: check, Part: "tx", Bit: 8*f.Offset + 7}, &tr)
			assert.False(t, tr.Valid, "%s: %s", scheme, f.Name)
			assert.Equal(t, f.Name, tr.Field)
			assert.Equal(t, tr.Before^1, tr.After)
			assert.NotEqual(t, signed.TxID, tr.TxID, "a new transaction id")
		}
		var tr TxTamperResult
		call(t, d, "tx.tamper", TxTamperArgs{TxVerifyArgs: check, Part: "signature", Bit: 8*20 + 3}, &tr)
		assert.False(t, tr.Valid)
		assert.Equal(t, signed.TxID, tr.TxID, "the transaction is unchanged")
		assert.Empty(t, tr.Field)

		r := callErr(t, d, "tx.tamper", TxTamperArgs{TxVerifyArgs: check, Part: "tx", Bit: 8 * tx.TransactionSize})
		assert.Equal(t, CodeBitOutOfRange, r.Code)
		r = callErr(t, d, "tx.tamper", TxTamperArgs{TxVerifyArgs: check, Part: "header"})
		assert.Equal(t, CodeBadArgs, r.Code)
	}
	// Schnorr with a fixed aux is reproducible; ECDSA always is.
	var a, b TxSignResult
	call(t, d, "tx.sign", TxSignArgs{Scheme: "schnorr", Secret: k.Secret, Tx: sampleTx, Aux: bip340Aux}, &a)
	call(t, d, "tx.sign", TxSignArgs{Scheme: "schnorr", Secret: k.Secret, Tx: sampleTx, Aux: bip340Aux}, &b)
	assert.Equal(t, a.Signature, b.Signature)

	r := callErr(t, d, "tx.sign", TxSignArgs{Scheme: "rsa", Secret: k.Secret, Tx: sampleTx})
	assert.Equal(t, CodeBadArgs, r.Code)
	bad := sampleTx
	bad.Recipient = "abcd"
	r = callErr(t, d, "tx.sign", TxSignArgs{Scheme: "ecdsa", Secret: k.Secret, Tx: bad})
	assert.Equal(t, CodeMalformed, r.Code)
	assert.Contains(t, r.Error, "recipient")
}

// The Merkle proof of block 100000: root, branch and path as a light client
// checks them (the ids and root as in engine/tx's test).
func TestMerkleProofOp(t *testing.T) {
	d := New()
	ids := []string{
		"8c14f0db3df150123e6f3dbbf30f8b955a8249b62ac1d1ff16284aefa3d06d87",
		"fff2525b8931402dd09222c50775608f75787bd2b87e56995a7bdd30f79702c4",
		"6359f0868171b1d194cbee1af2f16ea598ae8fad666d9b012c8ed2b79a236ec4",
		"e9a66845e05d5abc0ad04ec80f774a7e585c6e8db975962d069a522137b80c1d",
	}
	var m MerkleResult
	call(t, d, "merkle.proof", MerkleArgs{TxIDs: ids, Index: 2}, &m)
	assert.Equal(t, "f3e94742aca4b5ef85488dc37c06c3282295ffec960994b2c0d5ac2a25a95766", m.Root)
	assert.True(t, m.Valid)
	require.Len(t, m.Levels, 3)
	assert.Equal(t, ids, m.Levels[0])
	assert.Equal(t, []string{ids[3], m.Levels[1][0]}, m.Branch)
	assert.Equal(t, []string{ids[2], m.Levels[1][1], m.Root}, m.Path)

	call(t, d, "merkle.proof", MerkleArgs{TxIDs: ids, Index: 2, Leaf: ids[1]}, &m)
	assert.False(t, m.Valid, "another transaction does not prove against the root")
	assert.NotEqual(t, m.Root, m.Path[2])

	r := callErr(t, d, "merkle.proof", MerkleArgs{TxIDs: ids, Index: 4})
	assert.Equal(t, CodeBadArgs, r.Code)
	r = callErr(t, d, "merkle.proof", MerkleArgs{})
	assert.Equal(t, CodeBadArgs, r.Code)
	r = callErr(t, d, "merkle.proof", MerkleArgs{TxIDs: []string{"xyz"}})
	assert.Equal(t, CodeMalformed, r.Code)
}
