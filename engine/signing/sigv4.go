package signing

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// AWS Signature Version 4 constants.
const (
	sigV4Algorithm  = "AWS4-HMAC-SHA256"
	sigV4DateFormat = "20060102T150405Z"
	sigV4Terminator = "aws4_request"
	// SigV4MaxPresignExpiry is the longest validity AWS accepts for a
	// presigned URL (7 days).
	SigV4MaxPresignExpiry = 7 * 24 * time.Hour
)

// SigV4Steps are the intermediate values of a SigV4 signature, for the
// lesson. The derived keys are hex; they are derived from the secret but do
// not reveal it, and kSigning is only valid for one day, region and service.
type SigV4Steps struct {
	CanonicalRequest string
	StringToSign     string
	CredentialScope  string // yyyymmdd/region/service/aws4_request
	SignedHeaders    string // lower-case names joined with ";"
	PayloadHash      string
	KDate            string
	KRegion          string
	KService         string
	KSigning         string
	Signature        string
	// Authorization is the header value (header signing only).
	Authorization string
	// URL is the presigned URL (SigV4Presign only).
	URL string
}

// SigV4Authorization signs req as AWS SigV4 with the header method: every
// header already on req (except Authorization) plus host and x-amz-date
// are signed. It sets X-Amz-Date on req and returns the Authorization value;
// setting that header is left to the caller.
func SigV4Authorization(req *http.Request, body []byte, accessKeyID, secretKey, region, service string, t time.Time) (string, error) {
	s, err := SigV4Sign(req, body, accessKeyID, secretKey, region, service, t)
	return s.Authorization, err
}

// SigV4Sign is SigV4Authorization with every intermediate step.
//
// The rules follow the AWS SigV4 documentation and its test suite:
//   - canonical URI: the path as it goes on the wire (req.URL.Opaque when
//     set, else URL.EscapedPath()), with dot segments removed and repeated
//     slashes merged, then URI-encoded again, so "%20" on the wire is "%2520"
//     here; for service "s3" the wire path is used as it is, neither
//     normalised nor encoded again, as S3 requires;
//   - canonical query: form-decoded, re-encoded with RFC 3986 rules (space
//     is %20), sorted by name then value; a name without "=" gets an empty
//     value, empty "&&" parts are dropped;
//   - canonical headers: names lower-cased and sorted, values trimmed with
//     runs of spaces folded to one, repeated headers joined with "," in the
//     order given;
//   - payload hash: the X-Amz-Content-Sha256 header when req has one (for
//     example UNSIGNED-PAYLOAD), else hex SHA-256 of body.
func SigV4Sign(req *http.Request, body []byte, accessKeyID, secretKey, region, service string, t time.Time) (SigV4Steps, error) {
	if err := checkSigV4Inputs(req, accessKeyID, region, service); err != nil {
		return SigV4Steps{}, err
	}
	t = t.UTC()
	amzDate := t.Format(sigV4DateFormat)
	req.Header.Set("X-Amz-Date", amzDate)

	var s SigV4Steps
	query, err := sigV4Query(req.URL.RawQuery)
	if err != nil {
		return SigV4Steps{}, err
	}
	headers, signed := sigV4Headers(req, nil)
	s.SignedHeaders = signed
	s.PayloadHash = sigV4PayloadHash(req, body)
	s.CanonicalRequest = strings.Join([]string{
		req.Method, sigV4URI(req, service), query, headers, signed, s.PayloadHash,
	}, "\n")
	s.finish(accessKeyID, secretKey, region, service, t)
	s.Authorization = fmt.Sprintf("%s Credential=%s/%s, SignedHeaders=%s, Signature=%s",
		sigV4Algorithm, accessKeyID, s.CredentialScope, s.SignedHeaders, s.Signature)
	return s, nil
}

// SigV4Presign signs req with the query-string method and returns the
// presigned URL in URL: the X-Amz-Algorithm, -Credential, -Date, -Expires
// and -SignedHeaders parameters are added to the query, the headers on req
// plus host are signed, and X-Amz-Signature is appended. req is not
// modified. expires must be between 1 s and 7 days.
func SigV4Presign(req *http.Request, body []byte, accessKeyID, secretKey, region, service string, t time.Time, expires time.Duration) (SigV4Steps, error) {
	if err := checkSigV4Inputs(req, accessKeyID, region, service); err != nil {
		return SigV4Steps{}, err
	}
	if expires < time.Second || expires > SigV4MaxPresignExpiry {
		return SigV4Steps{}, fmt.Errorf("signing: presign expiry %s is outside 1s..%s", expires, SigV4MaxPresignExpiry)
	}
	t = t.UTC()
	var s SigV4Steps
	s.CredentialScope = sigV4Scope(t, region, service)
	headers, signed := sigV4Headers(req, []string{"x-amz-date"})
	s.SignedHeaders = signed

	add := url.Values{}
	add.Set("X-Amz-Algorithm", sigV4Algorithm)
	add.Set("X-Amz-Credential", accessKeyID+"/"+s.CredentialScope)
	add.Set("X-Amz-Date", t.Format(sigV4DateFormat))
	add.Set("X-Amz-Expires", strconv.FormatInt(int64(expires/time.Second), 10))
	add.Set("X-Amz-SignedHeaders", signed)
	raw := req.URL.RawQuery
	extra := strings.ReplaceAll(add.Encode(), "+", "%20")
	if raw != "" {
		raw += "&"
	}
	raw += extra
	query, err := sigV4Query(raw)
	if err != nil {
		return SigV4Steps{}, err
	}
	s.PayloadHash = sigV4PayloadHash(req, body)
	s.CanonicalRequest = strings.Join([]string{
		req.Method, sigV4URI(req, service), query, headers, signed, s.PayloadHash,
	}, "\n")
	s.finish(accessKeyID, secretKey, region, service, t)
	scheme, host := req.URL.Scheme, req.URL.Host
	if scheme == "" {
		scheme = "https"
	}
	if host == "" {
		host = req.Host
	}
	s.URL = scheme + "://" + host + wirePath(req.URL) + "?" + raw + "&X-Amz-Signature=" + s.Signature
	return s, nil
}

func checkSigV4Inputs(req *http.Request, accessKeyID, region, service string) error {
	switch {
	case req == nil || req.URL == nil:
		return errors.New("signing: SigV4 needs a request with a URL")
	case accessKeyID == "" || region == "" || service == "":
		return errors.New("signing: SigV4 needs an access key ID, a region and a service")
	case strings.ContainsAny(accessKeyID+region+service, "/ \n"):
		return errors.New("signing: SigV4 access key ID, region and service cannot contain '/', spaces or newlines")
	case sigV4Host(req) == "":
		return errors.New("signing: SigV4 needs a host (req.Host or req.URL.Host)")
	}
	return nil
}

// finish derives the signing key and signs the canonical request.
func (s *SigV4Steps) finish(accessKeyID, secretKey, region, service string, t time.Time) {
	s.CredentialScope = sigV4Scope(t, region, service)
	crHash := sha256.Sum256([]byte(s.CanonicalRequest))
	s.StringToSign = strings.Join([]string{
		sigV4Algorithm, t.Format(sigV4DateFormat), s.CredentialScope, hex.EncodeToString(crHash[:]),
	}, "\n")
	kDate := hmacSHA256([]byte("AWS4"+secretKey), t.Format("20060102"))
	kRegion := hmacSHA256(kDate, region)
	kService := hmacSHA256(kRegion, service)
	kSigning := hmacSHA256(kService, sigV4Terminator)
	s.KDate, s.KRegion = hex.EncodeToString(kDate), hex.EncodeToString(kRegion)
	s.KService, s.KSigning = hex.EncodeToString(kService), hex.EncodeToString(kSigning)
	s.Signature = hex.EncodeToString(hmacSHA256(kSigning, s.StringToSign))
}

func sigV4Scope(t time.Time, region, service string) string {
	return t.Format("20060102") + "/" + region + "/" + service + "/" + sigV4Terminator
}

func hmacSHA256(key []byte, msg string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}

// sigV4Host is the Host header value net/http will send, without a default
// port (AWS SDKs strip :80 for http and :443 for https).
func sigV4Host(req *http.Request) string {
	host := req.Host
	if host == "" && req.URL != nil {
		host = req.URL.Host
	}
	if h, port, err := net.SplitHostPort(host); err == nil {
		scheme := ""
		if req.URL != nil {
			scheme = req.URL.Scheme
		}
		if (scheme == "http" && port == "80") || (scheme == "https" && port == "443") {
			if strings.Contains(h, ":") {
				return "[" + h + "]"
			}
			return h
		}
	}
	return host
}

// sigV4Headers builds the canonical headers block (each line ending in
// "\n") and the signed-headers list. skip names headers not to sign.
func sigV4Headers(req *http.Request, skip []string) (canonical, signed string) {
	values := map[string][]string{"host": {sigV4Host(req)}}
	for name, vs := range req.Header {
		lower := strings.ToLower(name)
		if lower == "authorization" || lower == "host" {
			continue
		}
		values[lower] = append(values[lower], vs...)
	}
	for _, s := range skip {
		delete(values, s)
	}
	names := make([]string, 0, len(values))
	for n := range values {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		b.WriteString(n)
		b.WriteByte(':')
		for i, v := range values[n] {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(trimAll(v))
		}
		b.WriteByte('\n')
	}
	return b.String(), strings.Join(names, ";")
}

// trimAll is SigV4's "Trimall": trim surrounding whitespace and fold runs
// of spaces into one (inside quotes too, as the test suite expects).
func trimAll(v string) string {
	v = strings.TrimSpace(v)
	if !strings.Contains(v, "  ") {
		return v
	}
	var b strings.Builder
	space := false
	for i := 0; i < len(v); i++ {
		if v[i] == ' ' {
			if space {
				continue
			}
			space = true
		} else {
			space = false
		}
		b.WriteByte(v[i])
	}
	return b.String()
}

func sigV4PayloadHash(req *http.Request, body []byte) string {
	if h := req.Header.Get("X-Amz-Content-Sha256"); h != "" {
		return h
	}
	return BodyDigest(body)
}

// sigV4Query drops empty "&&" parts, as AWS SDKs do when they parse the
// query, then canonicalises like CanonicalQuery.
func sigV4Query(raw string) (string, error) {
	if strings.Contains(raw, "&&") || strings.HasPrefix(raw, "&") || strings.HasSuffix(raw, "&") {
		parts := strings.Split(raw, "&")
		kept := parts[:0]
		for _, p := range parts {
			if p != "" {
				kept = append(kept, p)
			}
		}
		raw = strings.Join(kept, "&")
	}
	return CanonicalQuery(raw)
}

// sigV4URI is the canonical URI (see SigV4Sign).
func sigV4URI(req *http.Request, service string) string {
	p := wirePath(req.URL)
	if service == "s3" {
		return p
	}
	return uriEncodePath(removeDotSegments(p))
}

// wirePath is the path exactly as net/http writes it on the request line:
// URL.Opaque when set (minus any "//host" and query), else the escaped path.
func wirePath(u *url.URL) string {
	if o := u.Opaque; o != "" {
		if strings.HasPrefix(o, "//") {
			i := strings.IndexByte(o[2:], '/')
			if i < 0 {
				return "/"
			}
			o = o[2+i:]
		}
		o, _, _ = strings.Cut(o, "?")
		if strings.HasPrefix(o, "/") {
			return o
		}
		return "/"
	}
	if p := u.EscapedPath(); p != "" {
		return p
	}
	return "/"
}

// removeDotSegments resolves "." and ".." and merges repeated slashes, as
// the SigV4 test suite's normalize-path cases require.
func removeDotSegments(p string) string {
	segs := strings.Split(p, "/")
	out := make([]string, 0, len(segs))
	trailing := false
	for i, s := range segs {
		last := i == len(segs)-1
		switch s {
		case "", ".":
			trailing = last
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
			trailing = last
		default:
			out = append(out, s)
			trailing = false
		}
	}
	if len(out) == 0 {
		return "/"
	}
	r := "/" + strings.Join(out, "/")
	if trailing {
		r += "/"
	}
	return r
}

// uriEncodePath is AWS UriEncode with "/" kept.
func uriEncodePath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = rfc3986Encode(s)
	}
	return strings.Join(segs, "/")
}
