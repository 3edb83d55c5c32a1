// Package tx is what a block commits to and how a spender proves the right
// to spend: Bitcoin's Merkle tree of transaction ids with inclusion proofs,
// and secp256k1 signatures, ECDSA (RFC 6979 nonces, as Bitcoin signed before
// Taproot) and Schnorr (BIP 340, as Taproot signs).
//
// The curve arithmetic is btcsuite's btcec (github.com/btcsuite/btcd/btcec/v2),
// a kept library: nothing here implements field or point operations. Hashes
// inside the package are in internal byte order, as they are serialized;
// DisplayHex and ParseDisplayHex convert to and from the byte-reversed hex
// that explorers print for transaction ids and Merkle roots.
//
// Transaction is a deliberately small transaction (a few fields and a fixed
// serialization) for the lessons to sign and tamper with; it is not
// Bitcoin's wire format and its signature hash is not Bitcoin's sighash.
package tx
