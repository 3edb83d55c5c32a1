package ciphers

import (
	"errors"
	"fmt"
)

// Sentinel errors. Functions wrap them with details; test with errors.Is.
var (
	// ErrAuthFailed means an AEAD refused a message: the key, nonce,
	// ciphertext, tag or associated data differ from what was sealed. The
	// AEAD cannot tell which, and neither can we: that is the point.
	ErrAuthFailed = errors.New("ciphers: authentication failed")
	// ErrBadSignature means a signature does not verify for this message and
	// public key.
	ErrBadSignature = errors.New("ciphers: signature does not verify")
	// ErrDecryption means RSA-OAEP decryption failed: wrong key, wrong label
	// or a modified ciphertext (OAEP deliberately does not say which).
	ErrDecryption = errors.New("ciphers: decryption failed")
	// ErrMessageTooLong means a message is longer than RSA-OAEP can encrypt
	// with this key; see OAEPSizeError for the numbers.
	ErrMessageTooLong = errors.New("ciphers: message too long for RSA-OAEP")
	// ErrBitOutOfRange means a tamper request named a bit outside the part.
	ErrBitOutOfRange = errors.New("ciphers: bit index out of range")
	// ErrKeySize means a key size (in bits or bytes) is not accepted.
	ErrKeySize = errors.New("ciphers: unsupported key size")
	// ErrMalformed means input bytes or text do not have the expected shape
	// (length, encoding, PEM type).
	ErrMalformed = errors.New("ciphers: malformed input")
)

// OAEPSizeError reports a message too long for RSA-OAEP-SHA256. Its message
// explains where the limit comes from, because the widget shows it as is.
type OAEPSizeError struct {
	Size    int // bytes in the message
	Max     int // the most this key can encrypt
	KeyBits int // modulus size in bits
}

// Error says how long the message is, what the key allows, where that limit
// comes from, and what to do instead.
func (e *OAEPSizeError) Error() string {
	return fmt.Sprintf("ciphers: RSA-OAEP-SHA256 with a %d-bit key encrypts at most %d bytes "+
		"(%d-byte modulus - 2 x 32-byte SHA-256 digest - 2), and this message is %d bytes: "+
		"encrypt a random AES key with RSA and the message with AES (hybrid encryption)",
		e.KeyBits, e.Max, (e.KeyBits+7)/8, e.Size)
}

// Unwrap lets errors.Is(err, ErrMessageTooLong) match.
func (e *OAEPSizeError) Unwrap() error { return ErrMessageTooLong }
