package rpc

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzCall feeds any op name and any argument bytes to Call: the answer is
// always a JSON object, never a panic. rsa.keygen and race.measure are
// left out of the generated ops (they are slow by design), not of the table.
func FuzzCall(f *testing.F) {
	f.Add("aes.seal", []byte(`{"key":"`+testAESKey+`","plaintext":"p","aad":"a"}`))
	f.Add("aes.flip", []byte(`{"key":"`+testAESKey+`","sealed":{"nonce":"AAAAAAAAAAAAAAAA","ciphertext":"AQ==","tag":"AAAAAAAAAAAAAAAAAAAAAA=="},"part":"tag","bit":3}`))
	f.Add("aes.open", []byte(`{"key":"00","sealed":{}}`))
	f.Add("ed25519.verify", []byte(`{"public":"AAEC","message":"m","signature":"AAEC"}`))
	f.Add("ed25519.sign", []byte(`{"seed":"`+testSeed+`","message":"m"}`))
	f.Add("hpke.walkthrough", []byte(`{"plaintext":"hi","recipientIkm":"AAEC"}`))
	f.Add("rsa.sign", []byte(`{"handle":1}`))
	f.Add("tx.sign", []byte(`{"scheme":"schnorr","secret":"`+bip340Secret+`","tx":{"prevTxid":"`+sampleTx.PrevTxID+`","recipient":"`+sampleTx.Recipient+`"},"aux":"`+bip340Aux+`"}`))
	f.Add("tx.tamper", []byte(`{"scheme":"ecdsa","publicKey":"02","raw":"00","signature":"30","part":"tx","bit":3}`))
	f.Add("schnorr.verify", []byte(`{"publicKey":"`+bip340Public+`","message":"`+bip340Msg+`","signature":"`+bip340Sig+`"}`))
	f.Add("merkle.proof", []byte(`{"txids":["`+sampleTx.PrevTxID+`"],"index":0,"leaf":"00"}`))
	f.Add("nope", []byte(`null`))
	d := New()
	f.Fuzz(func(t *testing.T, op string, args []byte) {
		if op == "rsa.keygen" || op == "race.measure" {
			return
		}
		var v map[string]any
		require.NoError(t, json.Unmarshal(d.Call(op, args), &v))
	})
}
