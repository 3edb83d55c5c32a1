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
// # Replay cache
//
// A nonce is remembered per API key until its request's timestamp falls
// out of the window, so memory follows the request rate, not time. The
// cache is bounded in entries (Options.NonceCacheEntries; with nonces of at
// most 64 characters that bounds its bytes too). When it is full of live
// entries it never silently forgets one, which would let that nonce be
// replayed: it evicts the oldest entry of the key holding the most entries
// and from then on refuses that key's requests timestamped at or before the
// evicted one (stale_timestamp, "sign again with the current time"). A
// flood of valid requests, which anyone can send with public demo
// credentials, therefore cannot grow memory or make a replay pass; at worst
// it makes the flooding key's own older-timestamped requests fail until
// they are re-signed. Rate limiting in front of the verifier keeps it from
// getting that far.
//
// Secrets are never logged, traced or put in an error.
package signing
