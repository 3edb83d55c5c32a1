package widgetspec

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
)

// txsign signs a small transaction with a secp256k1 key (ECDSA or BIP 340
// Schnorr) in the cipher worker, lets the learner flip one bit of it or of
// the signature, and shows verification fail. The parsers here use only
// the standard library: this package is linked into the app, and
// engine/tx (btcec) must stay in the cipher worker.
func init() {
	Register(Spec{
		Name:  "txsign",
		Title: "Sign a transaction, then tamper with it",
		Doc:   "A secp256k1 key pair, a small transaction signed with ECDSA (RFC 6979) or Schnorr (BIP 340), and one flipped bit of the transaction or the signature: the transaction id changes and verification fails.",
		Params: []Param{
			{Name: "scheme", Kind: Enum, Default: "ecdsa", Choices: []string{"ecdsa", "schnorr"}, Doc: "the signature scheme: ecdsa (Bitcoin before Taproot) or schnorr (BIP 340, Taproot)"},
			{Name: "secret", Kind: String, Default: "alice", MaxLen: 100, Doc: "the secret key: 64 hex digits, or a word or phrase whose SHA-256 is the key (a demo key, never a real one)"},
			{Name: "amount", Kind: Int, Default: "150000", Min: 1, Max: 2_100_000_000_000_000, Doc: "satoshis paid (1 BTC = 100,000,000 satoshis)"},
			{Name: "part", Kind: Enum, Default: "tx", Choices: []string{"tx", "signature"}, Doc: "what the flip changes: the transaction or the signature"},
			{Name: "flip", Kind: Int, Default: "-1", Min: -1, Max: 8*TxSignSize - 1, Doc: "the bit to flip (bit 0 is the top bit of byte 0), or -1 for none"},
		},
		Validate: func(v map[string]string) error {
			if _, err := TxSignSecret(v["secret"]); err != nil {
				return err
			}
			flip, _ := strconv.Atoi(v["flip"])
			if v["part"] == "signature" && v["scheme"] == "schnorr" && flip >= 8*64 {
				return fmt.Errorf("flip %d is beyond the 512 bits of a Schnorr signature", flip)
			}
			if v["part"] == "signature" && v["scheme"] == "ecdsa" && flip >= 8*70 {
				return fmt.Errorf("flip %d may be beyond a DER signature (70 to 72 bytes): use a bit below 560", flip)
			}
			return nil
		},
	})
}

// TxSignSize is the length of engine/tx's serialized Transaction.
const TxSignSize = 72

// TxSignSecret reads the txsign secret: 64 hex digits (optionally
// 0x-prefixed) are the key itself, anything else is hashed with SHA-256.
// A key of zero or at least the curve order cannot come out of a hash in
// practice; the worker refuses it with a message if typed as hex.
func TxSignSecret(s string) ([32]byte, error) {
	t := strings.TrimPrefix(strings.TrimSpace(s), "0x")
	if len(t) == 64 {
		if b, err := hex.DecodeString(t); err == nil {
			return [32]byte(b), nil
		}
	}
	if strings.TrimSpace(s) == "" {
		return [32]byte{}, fmt.Errorf("secret: give 64 hex digits or a word")
	}
	return sha256.Sum256([]byte(s)), nil
}
