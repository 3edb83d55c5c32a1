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
// Secrets are never logged, traced or put in an error.
package signing
