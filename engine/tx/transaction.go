package tx

import (
	"encoding/binary"
	"fmt"
)

// Transaction is a simplified one-input, one-output payment: enough fields
// for a learner to see what a signature covers. It is not Bitcoin's
// transaction format (no scripts, no varints, no witness) and SigHash is not
// Bitcoin's signature hash, though both follow the same idea: hash the
// fields, sign the hash.
type Transaction struct {
	Version   uint32   `json:"version"`
	PrevTxID  [32]byte `json:"prevTxid"`  // the transaction whose output is spent, internal byte order
	PrevIndex uint32   `json:"prevIndex"` // which output of it
	Amount    uint64   `json:"amount"`    // satoshis paid to Recipient
	Recipient [20]byte `json:"recipient"` // the payee's public key hash
	LockTime  uint32   `json:"lockTime"`
}

// Field is one field's place in the serialization: what a tamper view
// labels.
type Field struct {
	Name   string `json:"name"`
	Offset int    `json:"offset"`
	Size   int    `json:"size"`
}

// Fields lists the serialized fields in order; their sizes add up to
// TransactionSize. All integers are little-endian, as in Bitcoin.
var Fields = []Field{
	{"version", 0, 4},
	{"prevTxid", 4, 32},
	{"prevIndex", 36, 4},
	{"amount", 40, 8},
	{"recipient", 48, 20},
	{"lockTime", 68, 4},
}

// TransactionSize is the length of a serialized Transaction.
const TransactionSize = 72

// Bytes serializes t in the order of Fields.
func (t Transaction) Bytes() []byte {
	b := make([]byte, 0, TransactionSize)
	b = binary.LittleEndian.AppendUint32(b, t.Version)
	b = append(b, t.PrevTxID[:]...)
	b = binary.LittleEndian.AppendUint32(b, t.PrevIndex)
	b = binary.LittleEndian.AppendUint64(b, t.Amount)
	b = append(b, t.Recipient[:]...)
	return binary.LittleEndian.AppendUint32(b, t.LockTime)
}

// ParseTransaction reads what Bytes wrote: exactly TransactionSize bytes.
func ParseTransaction(b []byte) (Transaction, error) {
	if len(b) != TransactionSize {
		return Transaction{}, fmt.Errorf("tx: a transaction is %d bytes, got %d", TransactionSize, len(b))
	}
	var t Transaction
	t.Version = binary.LittleEndian.Uint32(b[0:])
	copy(t.PrevTxID[:], b[4:36])
	t.PrevIndex = binary.LittleEndian.Uint32(b[36:])
	t.Amount = binary.LittleEndian.Uint64(b[40:])
	copy(t.Recipient[:], b[48:68])
	t.LockTime = binary.LittleEndian.Uint32(b[68:])
	return t, nil
}

// ID is the transaction id: the double SHA-256 of the serialization, in
// internal byte order (DisplayHex prints it as explorers do).
func (t Transaction) ID() [32]byte { return DoubleSHA256(t.Bytes()) }

// SigHash is the 32-byte message both schemes sign. Here it equals the id;
// in Bitcoin the signature hash differs from the txid (the input scripts are
// replaced, a sighash type is appended, and Taproot uses a tagged hash).
func (t Transaction) SigHash() [32]byte { return t.ID() }

// FieldAt names the field that holds byte offset i of the serialization.
func FieldAt(i int) (Field, bool) {
	for _, f := range Fields {
		if i >= f.Offset && i < f.Offset+f.Size {
			return f, true
		}
	}
	return Field{}, false
}

// FlipBit returns a copy of b with one bit flipped; bit 0 is the most
// significant bit of byte 0, as bits read in hex. b is unchanged.
func FlipBit(b []byte, bit int) ([]byte, error) {
	if bit < 0 || bit >= 8*len(b) {
		return nil, fmt.Errorf("tx: bit %d is outside the %d bytes (bits 0 to %d)", bit, len(b), 8*len(b)-1)
	}
	out := append([]byte(nil), b...)
	out[bit/8] ^= 0x80 >> (bit % 8)
	return out, nil
}
