// Package idempotency implements the Idempotency-Key HTTP header field
// (IETF httpapi draft, with Stripe's behaviour where the draft is silent) as
// net/http middleware.
//
// The middleware parses the key, fingerprints the request (method, escaped
// path and body; no other header), and asks a Store, atomically, whether the
// key is new, running, finished, or reused with another payload:
//
//	new                         run the handler, buffer its response, store it
//	same fingerprint, running   409 idempotency_key_in_flight, nothing stored
//	same fingerprint, finished  the stored status, headers and body again,
//	                            plus "Idempotent-Replayed: true"
//	other fingerprint           422 idempotency_key_reused (even while running)
//
// A handler that rejects a request before doing any work (a validation 400, an
// injected 5xx) calls DoNotStore; the key is then released and can be used
// again. Keys are scoped (per API key in the sandbox) and expire after a TTL,
// 24 hours by default, measured from the first request.
package idempotency
