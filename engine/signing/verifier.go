package signing

import (
	"crypto/ed25519"
	"crypto/hmac"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/consensus-lab/playground/engine/problem"
)

// Defaults for Options fields left zero.
const (
	DefaultWindow            = 300 * time.Second
	DefaultMaxBodyBytes      = 64 << 10
	DefaultNonceCacheEntries = 1 << 16 // ~145 bytes each with 64-character nonces (measured): ~9.4 MB at most
)

// Options configure a Verifier. Zero fields take the defaults above.
type Options struct {
	Now func() time.Time // the server clock; time.Now if nil
	// Window is the allowed clock difference either way (300 s). It is
	// compared in whole seconds, the unit of the timestamp: the request
	// passes when |server Unix seconds - timestamp| <= Window.
	Window       time.Duration
	MaxBodyBytes int64 // larger bodies get 413 body_too_large (64 KiB)
	// NonceCacheEntries bounds the replay cache, all keys together (see the
	// package documentation for what happens when it is full).
	NonceCacheEntries int
	// Nonces keeps spent nonces; nil is a MemoryNonces of
	// NonceCacheEntries entries.
	Nonces NonceStore
	// Admit, when set, runs once the signature has verified and before the
	// nonce is spent: the key's scopes, allow-list and rate limit. A
	// problem.Details it returns is the answer and the nonce stays unspent,
	// so a refused request costs its sender nothing but the refusal (and a
	// 429 flood cannot fill the nonce store). It may set response headers.
	Admit func(w http.ResponseWriter, r *http.Request, res Result) error
	// OnVerify, when set, sees every verification Middleware makes, passed
	// or failed, with its step-by-step trace: how the playground's lesson
	// widgets explain a refusal that the API only answers with a code. It
	// runs on the request's goroutine and must be quick.
	OnVerify func(r *http.Request, res Result, err error)
}

// Verifier checks signed requests against a KeyRing. It is safe for
// concurrent use.
type Verifier struct {
	ring    KeySource
	now     func() time.Time
	window  int64 // seconds
	maxBody int64
	nonces  NonceStore
	admit   func(http.ResponseWriter, *http.Request, Result) error
	observe func(*http.Request, Result, error)
}

// NewVerifier returns a verifier of the keys in ring (a *KeyRing, or any
// KeySource).
func NewVerifier(ring KeySource, opts Options) *Verifier {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Window <= 0 {
		opts.Window = DefaultWindow
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if opts.NonceCacheEntries <= 0 {
		opts.NonceCacheEntries = DefaultNonceCacheEntries
	}
	window := int64(opts.Window / time.Second)
	if opts.Nonces == nil {
		opts.Nonces = NewMemoryNonces(opts.NonceCacheEntries, window)
	}
	return &Verifier{
		ring:    ring,
		now:     opts.Now,
		window:  window,
		maxBody: opts.MaxBodyBytes,
		nonces:  opts.Nonces,
		admit:   opts.Admit,
		observe: opts.OnVerify,
	}
}

// Result is the outcome of Verify. On failure it still carries the Trace
// and whatever was parsed before the failing step.
type Result struct {
	APIKey    string
	Algorithm Algorithm
	Timestamp int64
	Nonce     string
	Canonical string // the server's canonical string, once built
	// SecretIndex is the 1-based position (in the order of KeyRing.Add) of
	// the key's secret that matched; it names the secret without showing it.
	SecretIndex int
	Trace       Trace
}

// Verify authenticates r whose body has already been read into body (r.Body
// is not touched). On success the nonce is spent. Admit is not called: see
// Middleware. The error is a
// problem.Details with one of the contract's 401 codes.
//
// Steps run in the order of the Trace: parse, key, algorithm, timestamp,
// nonce, canonical, signature; the cheap checks come first so that a stale
// or replayed request costs no HMAC. The nonce is only looked at before the
// signature is checked and spent after, atomically, so a request that fails
// never spends it and two concurrent copies of one request cannot both pass.
func (v *Verifier) Verify(r *http.Request, body []byte) (Result, error) {
	return v.verify(nil, r, body)
}

// verify is Verify with Admit run (when w is not nil) between the signature
// and the spending of the nonce.
func (v *Verifier) verify(w http.ResponseWriter, r *http.Request, body []byte) (Result, error) {
	ctx := r.Context()
	var res Result
	tr := &res.Trace
	now := v.now()
	nowSec := now.Unix()

	values := r.Header.Values("Authorization")
	if len(values) == 0 {
		err := unauthorized(CodeMissingAuthorization,
			`no Authorization header; send Authorization: HMAC apiKey="...", signature="...", timestamp="...", nonce="..."`)
		tr.fail(StepParse, err.Code, err.Detail)
		return res, err
	}
	if len(values) > 1 {
		err := malformed("%d Authorization headers; send exactly one", len(values))
		tr.fail(StepParse, err.Code, err.Detail)
		return res, err
	}
	a, stage, err := parseAuthorization(values[0])
	if err != nil {
		d := err.(problem.Details)
		if stage == stageAlgorithm {
			tr.pass(StepParse, "header is well formed")
			tr.fail(StepAlgorithm, d.Code, d.Detail)
		} else {
			tr.fail(StepParse, d.Code, d.Detail)
		}
		return res, d
	}
	res.APIKey, res.Algorithm, res.Timestamp, res.Nonce = a.APIKey, a.EffectiveAlgorithm(), a.Timestamp, a.Nonce
	tr.pass(StepParse, fmt.Sprintf("apiKey %q, timestamp %d, nonce %q", a.APIKey, a.Timestamp, a.Nonce))

	cands, total, err := v.ring.Credentials(ctx, a.APIKey, now)
	switch {
	case err != nil:
		return res, v.failed(tr, StepKey, StoreUnavailable(err))
	case total == 0:
		return res, v.failed(tr, StepKey, unauthorized(CodeUnknownKey, "API key %q is not known", truncate(a.APIKey, 64)))
	case len(cands) == 0:
		return res, v.failed(tr, StepKey, unauthorized(CodeUnknownKey,
			"API key %q has no secret valid now (%d secret(s), all retired or not yet valid)", truncate(a.APIKey, 64), total))
	}
	tr.pass(StepKey, fmt.Sprintf("%d of the key's %d secret(s) valid now", len(cands), total))
	tr.pass(StepAlgorithm, string(res.Algorithm))

	skew := nowSec - a.Timestamp
	tr.SkewSeconds, tr.HasSkew = skew, true
	if skew > v.window || skew < -v.window {
		return res, v.failed(tr, StepTimestamp, unauthorized(CodeStaleTimestamp,
			"timestamp %d is %s the server clock (%d); the window is %d s either way",
			a.Timestamp, describeSkew(skew), nowSec, v.window))
	}
	verdict, err := v.nonces.Check(ctx, a.APIKey, a.Nonce, a.Timestamp, nowSec)
	if err != nil {
		return res, v.failed(tr, StepNonce, StoreUnavailable(err))
	}
	if verdict == NonceForgotten {
		return res, v.failed(tr, StepTimestamp, forgottenProblem(a.Timestamp))
	}
	tr.pass(StepTimestamp, fmt.Sprintf("%s the server clock, within %d s", describeSkew(skew), v.window))

	if verdict == NonceReplayed {
		return res, v.failed(tr, StepNonce, replayedProblem(a.Nonce))
	}
	tr.pass(StepNonce, "not used before by this key")

	var rawQuery string
	if r.URL != nil {
		rawQuery = r.URL.RawQuery
	}
	query, qerr := CanonicalQuery(rawQuery)
	if qerr != nil {
		return res, v.failed(tr, StepCanonical, unauthorized(CodeBadSignature,
			"the query cannot be canonicalised, so no signature can match: %v", qerr))
	}
	res.Canonical = CanonicalString(r.Method, requestPath(r), query, BodyDigest(body),
		strconv.FormatInt(a.Timestamp, 10), a.Nonce)
	tr.Canonical = canonicalLines(res.Canonical)
	clientCanonical, hasClient := debugCanonical(r)
	if hasClient {
		tr.ClientCanonical = strings.Split(clientCanonical, "\n")
		tr.Diffs = DiffCanonical(res.Canonical, clientCanonical)
	}
	tr.pass(StepCanonical, fmt.Sprintf("%d lines", len(tr.Canonical)))

	res.SecretIndex = matchCredential(res.Algorithm, a.Signature, res.Canonical, cands)
	if res.SecretIndex == 0 {
		return res, v.failed(tr, StepSignature, unauthorized(CodeBadSignature, "%s",
			badSignatureDetail(res.Canonical, hasClient, tr.Diffs, kindHint(res.Algorithm, cands))))
	}
	if v.admit != nil && w != nil {
		if err := v.admit(w, r, res); err != nil {
			res.SecretIndex = 0
			return res, err
		}
	}

	verdict, err = v.nonces.Spend(ctx, a.APIKey, a.Nonce, a.Timestamp, a.Timestamp+v.window, nowSec)
	switch {
	case err != nil:
		res.SecretIndex = 0
		return res, v.failed(tr, StepNonce, StoreUnavailable(err))
	case verdict == NonceReplayed: // a concurrent copy of this request won the race
		res.SecretIndex = 0
		return res, v.failed(tr, StepNonce, replayedProblem(a.Nonce))
	case verdict == NonceForgotten:
		res.SecretIndex = 0
		return res, v.failed(tr, StepTimestamp, forgottenProblem(a.Timestamp))
	}
	what := "secret"
	if res.Algorithm == AlgorithmEd25519 {
		what = "public key"
	}
	tr.pass(StepSignature, fmt.Sprintf("%s matches %s #%d of the key; nonce spent", res.Algorithm, what, res.SecretIndex))
	return res, nil
}

// matchCredential returns the Index of the credential that signed, 0 if
// none. Every candidate is computed, so the time taken does not say which
// matched.
func matchCredential(alg Algorithm, signature, canonical string, cands []Credential) int {
	match := 0
	if alg == AlgorithmEd25519 {
		sig, _ := base64.StdEncoding.DecodeString(signature) // parse checked it
		for _, c := range cands {
			if c.Public != nil && ed25519.Verify(c.Public, []byte(canonical), sig) && match == 0 {
				match = c.Index
			}
		}
		return match
	}
	got, _ := hex.DecodeString(signature) // parse checked it is lowercase hex
	for _, c := range cands {
		if c.Public == nil && hmac.Equal(macBytes(alg, c.Secret, canonical), got) && match == 0 {
			match = c.Index
		}
	}
	return match
}

// kindHint says when the key has no credential of the scheme used at all.
func kindHint(alg Algorithm, cands []Credential) string {
	ed, mac := 0, 0
	for _, c := range cands {
		if c.Public != nil {
			ed++
		} else {
			mac++
		}
	}
	switch {
	case alg == AlgorithmEd25519 && ed == 0:
		return "this key has no Ed25519 public key: sign with Authorization: HMAC"
	case alg != AlgorithmEd25519 && mac == 0:
		return "this key is an Ed25519 key: sign with Authorization: Ed25519 and its private key"
	}
	return ""
}

// CachedNonces is how many spent nonces the in-memory replay cache holds
// now, all keys together; it never exceeds Options.NonceCacheEntries. It is
// -1 when Options.Nonces is another store.
func (v *Verifier) CachedNonces() int {
	if m, ok := v.nonces.(*MemoryNonces); ok {
		return m.Len()
	}
	return -1
}

func (v *Verifier) failed(tr *Trace, step StepName, d problem.Details) problem.Details {
	tr.fail(step, d.Code, d.Detail)
	return d
}

func replayedProblem(nonce string) problem.Details {
	return unauthorized(CodeReplayedNonce, "nonce %q was already used by this key within the window; sign with a fresh nonce", nonce)
}

func forgottenProblem(ts int64) problem.Details {
	return unauthorized(CodeStaleTimestamp,
		"timestamp %d: the replay cache was full and gave up this key's nonces of that second, so it can no longer vouch for them; sign again with the current time", ts)
}

// CodeStoreUnavailable answers a request when the store behind the API
// (Redis) cannot be reached: nothing was decided, so it may be retried.
const CodeStoreUnavailable = "store_unavailable"

// StoreUnavailable is the 503 answer when the store cannot be reached.
func StoreUnavailable(err error) problem.Details {
	return problem.Newf(http.StatusServiceUnavailable, CodeStoreUnavailable, "the sandbox's store is unavailable, retry shortly: %v", err)
}

func describeSkew(skew int64) string {
	switch {
	case skew > 0:
		return fmt.Sprintf("%d s behind", skew)
	case skew < 0:
		return fmt.Sprintf("%d s ahead of", -skew)
	}
	return "equal to"
}

// badSignatureDetail shows the server's canonical string (it holds no
// secret, and seeing it is how a developer finds the mismatch) and, when
// the client sent its own, the lines that differ.
func badSignatureDetail(canonical string, hasClient bool, diffs []LineDiff, hint string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "signature does not match; the server's canonical string is %q", canonical)
	if hint != "" {
		b.WriteString("; " + hint)
	}
	switch {
	case hasClient && len(diffs) == 0:
		b.WriteString("; yours is identical, so the secret or the algorithm differs")
	case hasClient:
		for _, d := range diffs {
			name := d.Name
			if name == "" {
				name = "extra"
			}
			fmt.Fprintf(&b, "; line %d (%s) differs: server %q, yours %q", d.Index+1, name, d.Server, d.Client)
		}
	}
	return b.String()
}

// debugCanonical reads DebugCanonicalHeader; a value that is not base64 is
// ignored rather than failing the request, since it is only a hint.
func debugCanonical(r *http.Request) (string, bool) {
	v := r.Header.Get(DebugCanonicalHeader)
	if v == "" {
		return "", false
	}
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(v))
	if err != nil {
		return "", false
	}
	return string(b), true
}

// requestPath is the escaped path as the client sent it. On a server that
// is the request-target (before "?"), which survives http.StripPrefix and
// keeps escapes that URL.EscapedPath would normalise; a request handed to a
// handler in-process has no RequestURI, and then the URL is what the client
// would have sent.
func requestPath(r *http.Request) string {
	if u := r.RequestURI; u != "" && u != "*" {
		if u[0] == '/' {
			p, _, _ := strings.Cut(u, "?")
			return p
		}
		if parsed, err := url.ParseRequestURI(u); err == nil { // absolute-form
			if p := parsed.EscapedPath(); p != "" {
				return p
			}
			return "/"
		}
	}
	if r.URL == nil {
		return "/"
	}
	if p := r.URL.EscapedPath(); p != "" {
		return p
	}
	return "/"
}
