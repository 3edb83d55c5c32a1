package signing

import (
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
	// OnVerify, when set, sees every verification Middleware makes, passed
	// or failed, with its step-by-step trace: how the playground's lesson
	// widgets explain a refusal that the API only answers with a code. It
	// runs on the request's goroutine and must be quick.
	OnVerify func(r *http.Request, res Result, err error)
}

// Verifier checks signed requests against a KeyRing. It is safe for
// concurrent use.
type Verifier struct {
	ring    *KeyRing
	now     func() time.Time
	window  int64 // seconds
	maxBody int64
	nonces  *nonceCache
	observe func(*http.Request, Result, error)
}

// NewVerifier returns a verifier over ring.
func NewVerifier(ring *KeyRing, opts Options) *Verifier {
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
	return &Verifier{
		ring:    ring,
		now:     opts.Now,
		window:  window,
		maxBody: opts.MaxBodyBytes,
		nonces:  newNonceCache(opts.NonceCacheEntries, window),
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
// is not touched). On success the nonce is spent. The error is a
// problem.Details with one of the contract's 401 codes.
//
// Steps run in the order of the Trace: parse, key, algorithm, timestamp,
// nonce, canonical, signature; the cheap checks come first so that a stale
// or replayed request costs no HMAC. The nonce is only looked at before the
// signature is checked and spent after, atomically, so a request that fails
// never spends it and two concurrent copies of one request cannot both pass.
func (v *Verifier) Verify(r *http.Request, body []byte) (Result, error) {
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

	cands, total := v.ring.lookup(a.APIKey, now)
	switch {
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
	verdict := v.nonces.check(a.APIKey, a.Nonce, a.Timestamp, nowSec)
	if verdict == belowFloor {
		floor, _ := v.nonces.floor(a.APIKey, nowSec)
		return res, v.failed(tr, StepTimestamp, floorProblem(a.Timestamp, floor))
	}
	tr.pass(StepTimestamp, fmt.Sprintf("%s the server clock, within %d s", describeSkew(skew), v.window))

	if verdict == replayed {
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

	got, _ := hex.DecodeString(a.Signature) // parse checked it is lowercase hex
	for _, c := range cands {
		// every candidate is computed, so the time taken does not say which matched
		if hmac.Equal(macBytes(res.Algorithm, c.secret, res.Canonical), got) && res.SecretIndex == 0 {
			res.SecretIndex = c.index
		}
	}
	if res.SecretIndex == 0 {
		return res, v.failed(tr, StepSignature, unauthorized(CodeBadSignature, "%s",
			badSignatureDetail(res.Canonical, hasClient, tr.Diffs)))
	}

	switch v.nonces.spend(a.APIKey, a.Nonce, a.Timestamp, nowSec) {
	case replayed: // a concurrent copy of this request won the race
		res.SecretIndex = 0
		return res, v.failed(tr, StepNonce, replayedProblem(a.Nonce))
	case belowFloor:
		floor, _ := v.nonces.floor(a.APIKey, nowSec)
		res.SecretIndex = 0
		return res, v.failed(tr, StepTimestamp, floorProblem(a.Timestamp, floor))
	}
	tr.pass(StepSignature, fmt.Sprintf("%s matches secret #%d of the key; nonce spent", res.Algorithm, res.SecretIndex))
	return res, nil
}

// CachedNonces is how many spent nonces the replay cache holds now, all keys
// together; it never exceeds Options.NonceCacheEntries.
func (v *Verifier) CachedNonces() int { return v.nonces.size() }

func (v *Verifier) failed(tr *Trace, step StepName, d problem.Details) problem.Details {
	tr.fail(step, d.Code, d.Detail)
	return d
}

func replayedProblem(nonce string) problem.Details {
	return unauthorized(CodeReplayedNonce, "nonce %q was already used by this key within the window; sign with a fresh nonce", nonce)
}

func floorProblem(ts, floor int64) problem.Details {
	return unauthorized(CodeStaleTimestamp,
		"timestamp %d is at or before %d: the replay cache is full and can no longer vouch for nonces that old; sign again with the current time", ts, floor)
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
func badSignatureDetail(canonical string, hasClient bool, diffs []LineDiff) string {
	var b strings.Builder
	fmt.Fprintf(&b, "signature does not match; the server's canonical string is %q", canonical)
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
