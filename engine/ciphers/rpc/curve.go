package rpc

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"

	"github.com/consensus-lab/playground/engine/ciphers"
	"github.com/consensus-lab/playground/engine/tx"
)

// The signatures lesson's ops: secp256k1 keys, ECDSA and BIP 340 Schnorr
// signatures of a small transaction, one flipped bit, and Merkle proofs.
// They live here, in the cipher worker, because btcec's curve tables are
// too heavy for the app bundles. Hashes and keys travel as lowercase hex;
// transaction ids and Merkle nodes in display order (as explorers print
// them). A signature that does not verify is a result with valid false,
// not an error reply: the widgets show it as the outcome.

// CodeSecretKey is the code of a secret key outside 1..n-1.
const CodeSecretKey = "secret_key_range"

// maxMerkleLeaves bounds merkle.proof; the widget draws a few dozen.
const maxMerkleLeaves = 1024

// KeyArgs: derive the public keys of Secret (64 hex digits), or of a fresh
// random secret when Secret is empty.
type KeyArgs struct {
	Secret string `json:"secret"`
}

// KeyResult is a secp256k1 key pair in both public encodings.
type KeyResult struct {
	Secret     string `json:"secret"`
	Compressed string `json:"compressed"` // 33 bytes: 02 or 03 (the parity of y), then x
	XOnly      string `json:"xonly"`      // 32 bytes: x of the point with even y (BIP 340)
}

// TxFields is a tx.Transaction as a learner edits it.
type TxFields struct {
	Version   uint32 `json:"version"`
	PrevTxID  string `json:"prevTxid"` // display order
	PrevIndex uint32 `json:"prevIndex"`
	Amount    uint64 `json:"amount"`    // satoshis
	Recipient string `json:"recipient"` // 40 hex digits
	LockTime  uint32 `json:"lockTime"`
}

// TxSignArgs: sign Tx with Secret under Scheme ("ecdsa" or "schnorr").
// Aux is BIP 340's auxiliary randomness (64 hex digits; empty: fresh random
// bytes); ECDSA ignores it.
type TxSignArgs struct {
	Scheme string   `json:"scheme"`
	Secret string   `json:"secret"`
	Tx     TxFields `json:"tx"`
	Aux    string   `json:"aux"`
}

// TxCheck is a transaction as a node receives it, and the verdict.
type TxCheck struct {
	Scheme    string    `json:"scheme"`
	PublicKey string    `json:"publicKey"`
	Raw       string    `json:"raw"`       // the serialized transaction
	Signature string    `json:"signature"` // DER for ECDSA, 64 bytes for Schnorr
	TxID      string    `json:"txid"`      // double SHA-256 of Raw, display order
	SigHash   string    `json:"sighash"`   // the message signed: the same hash, internal order
	Tx        *TxFields `json:"tx,omitempty"`
	Valid     bool      `json:"valid"`
}

// TxSignResult is the signed transaction with its layout.
type TxSignResult struct {
	TxCheck
	Aux    string     `json:"aux,omitempty"`
	Fields []tx.Field `json:"fields"`
}

// TxVerifyArgs: check Signature over Raw under PublicKey.
type TxVerifyArgs struct {
	Scheme    string `json:"scheme"`
	PublicKey string `json:"publicKey"`
	Raw       string `json:"raw"`
	Signature string `json:"signature"`
}

// TxTamperArgs: flip bit Bit of Part ("tx" or "signature") and check again.
type TxTamperArgs struct {
	TxVerifyArgs
	Part string `json:"part"`
	Bit  int    `json:"bit"`
}

// TxTamperResult is the check of the tampered copy and what changed.
type TxTamperResult struct {
	TxCheck
	Part   string `json:"part"`
	Byte   int    `json:"byte"`
	Field  string `json:"field,omitempty"` // the transaction field holding Byte
	Before byte   `json:"before"`
	After  byte   `json:"after"`
}

// SchnorrSignArgs: BIP 340 over a 32-byte Message (hex), as the vectors
// state it.
type SchnorrSignArgs struct {
	Secret  string `json:"secret"`
	Message string `json:"message"`
	Aux     string `json:"aux"`
}

// SchnorrSignResult is the signature and the x-only key that checks it.
type SchnorrSignResult struct {
	PublicKey string `json:"publicKey"`
	Signature string `json:"signature"`
}

// SchnorrVerifyArgs: BIP 340 verification of raw values.
type SchnorrVerifyArgs struct {
	PublicKey string `json:"publicKey"`
	Message   string `json:"message"`
	Signature string `json:"signature"`
}

// MerkleArgs: the tree of TxIDs (display order) and the proof of Index.
// A Leaf, when given, is checked in place of TxIDs[Index] against the
// true root: what a light client does with a forged transaction.
type MerkleArgs struct {
	TxIDs []string `json:"txids"`
	Index int      `json:"index"`
	Leaf  string   `json:"leaf,omitempty"`
}

// MerkleResult is every level (leaves first), the root, the branch for
// Index and the path a light client computes from it.
type MerkleResult struct {
	Levels [][]string `json:"levels"`
	Root   string     `json:"root"`
	Branch []string   `json:"branch"`
	Path   []string   `json:"path"` // the leaf checked, then each computed node up to the computed root
	Valid  bool       `json:"valid"`
}

// fixed decodes exactly n bytes of hex.
func fixed(what, s string, n int) ([]byte, error) {
	b, err := ciphers.DecodeHex(s)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if len(b) != n {
		return nil, errorf(CodeMalformed, "%s must be %d bytes (%d hex digits), got %d bytes", what, n, 2*n, len(b))
	}
	return b, nil
}

// random32 decodes 32 bytes of hex, or draws fresh ones when s is empty.
func random32(what, s string) ([32]byte, error) {
	var out [32]byte
	if s == "" {
		rand.Read(out[:])
		return out, nil
	}
	b, err := fixed(what, s, 32)
	if err != nil {
		return out, err
	}
	return [32]byte(b), nil
}

func txKey(secret string) (tx.Key, error) {
	s, err := fixed("secret key", secret, 32)
	if err != nil {
		return tx.Key{}, err
	}
	k, err := tx.NewKey([32]byte(s))
	if err != nil {
		return tx.Key{}, errorf(CodeSecretKey, "%v", err)
	}
	return k, nil
}

func secpKey(_ *Dispatcher, args []byte) (any, error) {
	var a KeyArgs
	if err := decode("secp256k1.key", args, &a); err != nil {
		return nil, err
	}
	var k tx.Key
	var err error
	if a.Secret == "" {
		k, err = tx.GenerateKey(rand.Reader)
	} else {
		k, err = txKey(a.Secret)
	}
	if err != nil {
		return nil, err
	}
	return KeyResult{Secret: hex.EncodeToString(k.Secret[:]), Compressed: hex.EncodeToString(k.Compressed[:]), XOnly: hex.EncodeToString(k.XOnly[:])}, nil
}

func scheme(s string) (tx.Scheme, error) {
	sc, err := tx.ParseScheme(s)
	if err != nil {
		return "", errorf(CodeBadArgs, "%v", err)
	}
	return sc, nil
}

func (f TxFields) transaction() (tx.Transaction, error) {
	prev, err := tx.ParseDisplayHex(f.PrevTxID)
	if err != nil {
		return tx.Transaction{}, errorf(CodeMalformed, "prevTxid: %v", err)
	}
	rcpt, err := fixed("recipient", f.Recipient, 20)
	if err != nil {
		return tx.Transaction{}, err
	}
	return tx.Transaction{Version: f.Version, PrevTxID: prev, PrevIndex: f.PrevIndex, Amount: f.Amount, Recipient: [20]byte(rcpt), LockTime: f.LockTime}, nil
}

func fieldsOf(t tx.Transaction) *TxFields {
	return &TxFields{Version: t.Version, PrevTxID: tx.DisplayHex(t.PrevTxID), PrevIndex: t.PrevIndex, Amount: t.Amount, Recipient: hex.EncodeToString(t.Recipient[:]), LockTime: t.LockTime}
}

// check verifies sig over raw and describes the result.
func check(s tx.Scheme, pub, raw, sig []byte) TxCheck {
	h := tx.DoubleSHA256(raw)
	c := TxCheck{
		Scheme: string(s), PublicKey: hex.EncodeToString(pub), Raw: hex.EncodeToString(raw), Signature: hex.EncodeToString(sig),
		TxID: tx.DisplayHex(h), SigHash: hex.EncodeToString(h[:]), Valid: tx.VerifyTransaction(s, pub, raw, sig),
	}
	if t, err := tx.ParseTransaction(raw); err == nil {
		c.Tx = fieldsOf(t)
	}
	return c
}

func txSign(_ *Dispatcher, args []byte) (any, error) {
	var a TxSignArgs
	if err := decode("tx.sign", args, &a); err != nil {
		return nil, err
	}
	s, err := scheme(a.Scheme)
	if err != nil {
		return nil, err
	}
	k, err := txKey(a.Secret)
	if err != nil {
		return nil, err
	}
	t, err := a.Tx.transaction()
	if err != nil {
		return nil, err
	}
	aux, err := random32("aux", a.Aux)
	if err != nil {
		return nil, err
	}
	sig, err := tx.SignTransaction(s, k, t, aux)
	if err != nil {
		return nil, err
	}
	r := TxSignResult{TxCheck: check(s, k.PublicKey(s), t.Bytes(), sig), Fields: tx.Fields}
	if s == tx.Schnorr {
		r.Aux = hex.EncodeToString(aux[:])
	}
	return r, nil
}

func (a TxVerifyArgs) decode() (tx.Scheme, []byte, []byte, []byte, error) {
	s, err := scheme(a.Scheme)
	if err != nil {
		return "", nil, nil, nil, err
	}
	var pub, raw, sig []byte
	for _, f := range []struct {
		what string
		in   string
		out  *[]byte
	}{{"public key", a.PublicKey, &pub}, {"transaction", a.Raw, &raw}, {"signature", a.Signature, &sig}} {
		if *f.out, err = ciphers.DecodeHex(f.in); err != nil {
			return "", nil, nil, nil, fmt.Errorf("%s: %w", f.what, err)
		}
	}
	return s, pub, raw, sig, nil
}

func txVerify(_ *Dispatcher, args []byte) (any, error) {
	var a TxVerifyArgs
	if err := decode("tx.verify", args, &a); err != nil {
		return nil, err
	}
	s, pub, raw, sig, err := a.decode()
	if err != nil {
		return nil, err
	}
	return check(s, pub, raw, sig), nil
}

func txTamper(_ *Dispatcher, args []byte) (any, error) {
	var a TxTamperArgs
	if err := decode("tx.tamper", args, &a); err != nil {
		return nil, err
	}
	s, pub, raw, sig, err := a.decode()
	if err != nil {
		return nil, err
	}
	target := &raw
	switch a.Part {
	case "tx", "":
		a.Part = "tx"
	case "signature":
		target = &sig
	default:
		return nil, errorf(CodeBadArgs, "tx.tamper: part must be tx or signature, got %q", a.Part)
	}
	flipped, err := tx.FlipBit(*target, a.Bit)
	if err != nil {
		return nil, errorf(CodeBitOutOfRange, "tx.tamper: %v", err)
	}
	r := TxTamperResult{Part: a.Part, Byte: a.Bit / 8, Before: (*target)[a.Bit/8], After: flipped[a.Bit/8]}
	*target = flipped
	if f, ok := tx.FieldAt(r.Byte); ok && a.Part == "tx" {
		r.Field = f.Name
	}
	r.TxCheck = check(s, pub, raw, sig)
	return r, nil
}

func schnorrSign(_ *Dispatcher, args []byte) (any, error) {
	var a SchnorrSignArgs
	if err := decode("schnorr.sign", args, &a); err != nil {
		return nil, err
	}
	k, err := txKey(a.Secret)
	if err != nil {
		return nil, err
	}
	msg, err := fixed("message", a.Message, 32)
	if err != nil {
		return nil, err
	}
	aux, err := random32("aux", a.Aux)
	if err != nil {
		return nil, err
	}
	sig, err := tx.SchnorrSign(k.Secret, [32]byte(msg), aux)
	if err != nil {
		return nil, err
	}
	return SchnorrSignResult{PublicKey: hex.EncodeToString(k.XOnly[:]), Signature: hex.EncodeToString(sig[:])}, nil
}

func schnorrVerify(_ *Dispatcher, args []byte) (any, error) {
	var a SchnorrVerifyArgs
	if err := decode("schnorr.verify", args, &a); err != nil {
		return nil, err
	}
	pub, err := fixed("public key", a.PublicKey, 32)
	if err != nil {
		return nil, err
	}
	msg, err := fixed("message", a.Message, 32)
	if err != nil {
		return nil, err
	}
	sig, err := fixed("signature", a.Signature, 64)
	if err != nil {
		return nil, err
	}
	return VerifyResult{Valid: tx.SchnorrVerify([32]byte(pub), [32]byte(msg), [64]byte(sig))}, nil
}

func displayAll(hs [][32]byte) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = tx.DisplayHex(h)
	}
	return out
}

func merkleProof(_ *Dispatcher, args []byte) (any, error) {
	var a MerkleArgs
	if err := decode("merkle.proof", args, &a); err != nil {
		return nil, err
	}
	if len(a.TxIDs) == 0 || len(a.TxIDs) > maxMerkleLeaves {
		return nil, errorf(CodeBadArgs, "merkle.proof: 1 to %d transaction ids, got %d", maxMerkleLeaves, len(a.TxIDs))
	}
	if a.Index < 0 || a.Index >= len(a.TxIDs) {
		return nil, errorf(CodeBadArgs, "merkle.proof: index %d outside 0..%d", a.Index, len(a.TxIDs)-1)
	}
	ids := make([][32]byte, len(a.TxIDs))
	for i, s := range a.TxIDs {
		var err error
		if ids[i], err = tx.ParseDisplayHex(s); err != nil {
			return nil, errorf(CodeMalformed, "txid %d: %v", i, err)
		}
	}
	leaf := ids[a.Index]
	if a.Leaf != "" {
		var err error
		if leaf, err = tx.ParseDisplayHex(a.Leaf); err != nil {
			return nil, errorf(CodeMalformed, "leaf: %v", err)
		}
	}
	levels, err := tx.Levels(ids)
	if err != nil {
		return nil, errorf(CodeBadArgs, "%v", err)
	}
	branch, err := tx.MerkleBranch(ids, a.Index)
	if err != nil {
		return nil, errorf(CodeBadArgs, "%v", err)
	}
	root := levels[len(levels)-1][0]
	path, _ := tx.BranchPath(leaf, a.Index, branch)
	r := MerkleResult{Root: tx.DisplayHex(root), Branch: displayAll(branch), Path: displayAll(path), Valid: path[len(path)-1] == root}
	for _, l := range levels {
		r.Levels = append(r.Levels, displayAll(l))
	}
	return r, nil
}
