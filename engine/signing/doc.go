// Package signing implements HMAC request signing for the sandbox API
// (CONTRACT.md section 3) and presets that sign exactly like Binance, Kraken
// and AWS Signature Version 4.
//
// A client signs with Sign or the Transport round tripper; a server checks
// with a Verifier, usually through its Middleware. The Verifier answers every
// failure with a problem.Details carrying one of the contract's 401 codes and
// records a step-by-step Trace so that a lesson widget can show why a request
// failed: which step, how far the clocks disagree, and which line of the
// canonical string differed from the client's.
//
// # Keys
//
// A key signs with an HMAC secret (Authorization: HMAC) or with an Ed25519
// private key (Authorization: Ed25519, the standard base64 of the 64-byte
// signature over the same canonical string); for the latter the server
// holds only the public key. Keys come from a KeySource: a KeyRing, or a
// store of personal keys.
//
// # Replay cache
//
// A nonce is remembered per API key until its request's timestamp falls
// out of the window (a NonceStore: bounded in memory, or Redis). The
// in-memory store never silently forgets a live nonce: when full, it gives
// up whole seconds of the key holding the most entries, farthest from the
// server clock first, and refuses that key's requests of those exact
// seconds (see MemoryNonces). Options.Admit runs the rate limit before a
// nonce is spent, so a flood answered 429 spends none.
//
// Secrets are never logged, traced or put in an error.
package signing
