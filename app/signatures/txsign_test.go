//go:build !wasm

package signatures

import (
	"encoding/binary"
	"encoding/hex"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/kit/kittest"
	"github.com/consensus-lab/playground/app/widgetspec"
	"github.com/consensus-lab/playground/engine/tx"
)

// lessonTx is the transaction the widget signs, built with the engine.
func lessonTx(t *testing.T, amount uint64) tx.Transaction {
	prev, err := tx.ParseDisplayHex(txPrevTxID)
	require.NoError(t, err)
	rcpt, err := hex.DecodeString(txRecipient)
	require.NoError(t, err)
	return tx.Transaction{Version: 2, PrevTxID: prev, PrevIndex: txPrevIndex, Amount: amount, Recipient: [20]byte(rcpt)}
}

func unhex(t *testing.T, s string) []byte {
	b, err := hex.DecodeString(s)
	require.NoError(t, err)
	return b
}

func TestTxSignSignsAndVerifies(t *testing.T) {
	for _, scheme := range []tx.Scheme{tx.ECDSA, tx.Schnorr} {
		t.Run(string(scheme), func(t *testing.T) {
			html := kittest.Render(t, NewTxSign, kit.Placement{ID: "ts", Params: map[string]string{"scheme": string(scheme), "secret": "alice", "amount": "150001"}})
			secret, err := widgetspec.TxSignSecret("alice")
			require.NoError(t, err)
			key, err := tx.NewKey(secret)
			require.NoError(t, err)
			assert.Equal(t, hex.EncodeToString(secret[:]), kittest.Attrs(t, html, "ts-key-secret")["data-hex"])
			assert.Equal(t, hex.EncodeToString(key.Compressed[:]), kittest.Attrs(t, html, "ts-key-pub")["data-hex"])
			assert.Equal(t, hex.EncodeToString(key.XOnly[:]), kittest.Attrs(t, html, "ts-key-xonly")["data-hex"])

			want := lessonTx(t, 150001)
			raw := kittest.Attrs(t, html, "ts-tx")["data-raw"]
			assert.Equal(t, hex.EncodeToString(want.Bytes()), raw)
			assert.Len(t, raw, 2*widgetspec.TxSignSize)
			id := want.ID()
			assert.Equal(t, tx.DisplayHex(id), kittest.Attrs(t, html, "ts-txid")["data-txid"])
			// Grouped by the engine's fields: the amount is little-endian.
			amount := make([]byte, 8)
			binary.LittleEndian.PutUint64(amount, 150001)
			assert.Equal(t, hex.EncodeToString(amount), kittest.Attrs(t, html, "ts-field-amount")["data-hex"])
			for _, f := range tx.Fields {
				assert.Equal(t, raw[2*f.Offset:2*(f.Offset+f.Size)], kittest.Attrs(t, html, "ts-field-"+f.Name)["data-hex"], f.Name)
			}

			sig := kittest.Attrs(t, html, "ts-sig")
			if scheme == tx.Schnorr {
				assert.Equal(t, "64", sig["data-bytes"])
			} else {
				assert.Contains(t, []string{"70", "71", "72"}, sig["data-bytes"], "DER length")
			}
			assert.True(t, tx.VerifyTransaction(scheme, key.PublicKey(scheme), want.Bytes(), unhex(t, sig["data-hex"])), "the engine accepts the signature shown")
			assert.Equal(t, "yes", kittest.Attrs(t, html, "ts-verdict")["data-valid"])
			assert.Contains(t, kittest.Text(t, html, "ts-verdict"), "Valid")
			assert.Contains(t, html, `data-state="static"`)
		})
	}
}

// Every flip, of the transaction or of the signature, is refused; the
// widget names the field and the byte.
func TestTxSignFlipFails(t *testing.T) {
	cases := []struct {
		scheme, part string
		bit          int
		field        string
	}{
		{"ecdsa", "tx", 8*40 + 7, "amount"}, // the amount's lowest bit: 150,000 -> 150,001
		{"schnorr", "tx", 0, "version"},
		{"schnorr", "tx", 8*71 + 7, "lockTime"},
		{"ecdsa", "signature", 100, ""},
		{"schnorr", "signature", 511, ""},
	}
	for _, c := range cases {
		t.Run(c.scheme+"-"+c.part+"-"+c.field, func(t *testing.T) {
			w := NewTxSign(kit.Placement{ID: "ts", Params: map[string]string{"scheme": c.scheme, "part": c.part, "flip": kitInt(c.bit)}}).(*txSign)
			d := app.NewServerTester(w)
			defer d.Close()
			html := app.HTMLString(w)
			require.NotNil(t, w.tamper)
			flipped := kittest.Attrs(t, html, "ts-flipped")
			assert.Equal(t, c.field, flipped["data-field"])
			assert.Equal(t, kitInt(c.bit/8), flipped["data-byte"])
			assert.Equal(t, "no", kittest.Attrs(t, html, "ts-verdict")["data-valid"])
			assert.Contains(t, kittest.Text(t, html, "ts-verdict"), "Invalid")

			orig := lessonTx(t, 150000)
			raw, sig := orig.Bytes(), unhex(t, w.sig.Signature)
			if c.part == "tx" {
				raw = unhex(t, kittest.Attrs(t, html, "ts-tx")["data-raw"])
				assert.NotEqual(t, hex.EncodeToString(orig.Bytes()), hex.EncodeToString(raw))
				newID := kittest.Attrs(t, html, "ts-newtxid")["data-txid"]
				assert.Equal(t, tx.DisplayHex(tx.DoubleSHA256(raw)), newID)
				assert.NotEqual(t, kittest.Attrs(t, html, "ts-txid")["data-txid"], newID, "the new txid beside the old")
				if c.field == "amount" {
					p, err := tx.ParseTransaction(raw)
					require.NoError(t, err)
					assert.EqualValues(t, 150001, p.Amount, "the lesson's check question: 150,000 becomes 150,001")
				}
			} else {
				sig = unhex(t, kittest.Attrs(t, html, "ts-sig")["data-hex"])
				assert.NotEqual(t, w.sig.Signature, hex.EncodeToString(sig))
				assert.False(t, kittest.Has(html, "ts-newtxid"), "the transaction is unchanged")
			}
			key, _ := tx.NewKey(mustSecret(t))
			assert.False(t, tx.VerifyTransaction(tx.Scheme(c.scheme), key.PublicKey(tx.Scheme(c.scheme)), raw, sig), "the engine refuses what the widget shows")
		})
	}
}

func kitInt(n int) string { return kit.Int(n) }

func mustSecret(t *testing.T) [32]byte {
	s, err := widgetspec.TxSignSecret("alice")
	require.NoError(t, err)
	return s
}

// A bit past a 64-byte Schnorr signature is fitted to it, with a note.
func TestTxSignFlipClamped(t *testing.T) {
	html := kittest.Render(t, NewTxSign, kit.Placement{ID: "ts", Params: map[string]string{"scheme": "schnorr", "part": "signature", "flip": "570"}})
	assert.Contains(t, html, "flip=570 is past the end of the signature (512 bits); using 511")
	assert.Equal(t, "63", kittest.Attrs(t, html, "ts-flipped")["data-byte"])
	assert.Equal(t, "no", kittest.Attrs(t, html, "ts-verdict")["data-valid"])
}

// The lesson's second check question: signed twice, ECDSA gives the same
// signature and Schnorr a different one, and all four verify.
func TestTxSignSignAgain(t *testing.T) {
	for _, c := range []struct {
		scheme tx.Scheme
		same   string
	}{{tx.ECDSA, "yes"}, {tx.Schnorr, "no"}} {
		t.Run(string(c.scheme), func(t *testing.T) {
			w := NewTxSign(kit.Placement{ID: "ts", Params: map[string]string{"scheme": string(c.scheme)}}).(*txSign)
			d := app.NewClientTester(w)
			defer d.Close()
			w.signAgain()
			w.Update()
			d.Consume()
			html := app.HTMLString(w)
			res := kittest.Attrs(t, html, "ts-again-result")
			assert.Equal(t, c.same, res["data-same"])
			assert.Equal(t, "yes", res["data-valid"])
			assert.Contains(t, kittest.Text(t, html, "ts-again-result"), "Both verify.")
			key, _ := tx.NewKey(mustSecret(t))
			raw := lessonTx(t, 150000).Bytes()
			for _, id := range []string{"ts-sig", "ts-sig2"} {
				assert.True(t, tx.VerifyTransaction(c.scheme, key.PublicKey(c.scheme), raw, unhex(t, kittest.Attrs(t, html, id)["data-hex"])), id)
			}
			assert.Equal(t, c.same == "yes", kittest.Attrs(t, html, "ts-sig")["data-hex"] == kittest.Attrs(t, html, "ts-sig2")["data-hex"])
		})
	}
}

// While the worker computes, the widget says so and its button is busy;
// it is live (data-state="ready") only once the signature came back.
func TestTxSignBusyUntilSigned(t *testing.T) {
	h := holdCalls(t)
	w := NewTxSign(kit.Placement{ID: "ts"}).(*txSign)
	d := app.NewClientTester(w)
	defer d.Close()
	html := app.HTMLString(w)
	assert.Equal(t, "pending", kittest.Attrs(t, html, "ts-verdict")["data-valid"])
	assert.Contains(t, kittest.Attrs(t, html, "ts-again"), "aria-busy")
	assert.NotContains(t, html, `data-state="ready"`)

	assert.Equal(t, "secp256k1.key", h.next(t))
	assert.Equal(t, "tx.sign", h.next(t))
	assert.Empty(t, h.calls, "no flip asked: no tamper call")
	w.Update()
	d.Consume()
	html = app.HTMLString(w)
	assert.Equal(t, "yes", kittest.Attrs(t, html, "ts-verdict")["data-valid"])
	assert.NotContains(t, kittest.Attrs(t, html, "ts-again"), "aria-busy")
	assert.Contains(t, html, `data-state="ready"`)
}

// A secret key of zero is refused by the worker, with its message.
func TestTxSignBadSecret(t *testing.T) {
	html := kittest.Render(t, NewTxSign, kit.Placement{ID: "ts", Params: map[string]string{"secret": "0000000000000000000000000000000000000000000000000000000000000000"}})
	assert.Equal(t, "error", kittest.Attrs(t, html, "ts-verdict")["data-valid"])
	assert.Contains(t, kittest.Text(t, html, "ts-verdict"), "secret")
}
