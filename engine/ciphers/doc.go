// Package ciphers is the engine of the encryption lesson: authenticated
// symmetric encryption (AES-256-GCM), signatures (Ed25519, RSA-PSS),
// public-key encryption (RSA-OAEP), key agreement (X25519), hybrid
// public-key encryption (HPKE, RFC 9180) and a fair speed race between them.
//
// Everything is built on the standard library: crypto/aes and crypto/cipher,
// crypto/ed25519, crypto/rsa, crypto/ecdh, crypto/hkdf and crypto/hpke. The
// package runs unchanged under js/wasm, where the learner's browser is the
// machine being measured.
//
// Bad input never panics: every function that takes bytes or text from a
// learner checks lengths first (crypto/cipher and crypto/ed25519 panic on a
// wrong nonce or key size) and answers with an error value that says what was
// wrong, wrapping one of the Err* sentinels so a widget can branch on it with
// errors.Is.
package ciphers
