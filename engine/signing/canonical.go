package signing

import (
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// CanonicalLineNames names the six lines of the canonical string, in order.
// The Trace uses them to say which line differed.
var CanonicalLineNames = [6]string{"method", "path", "query", "body_sha256", "timestamp", "nonce"}

// CanonicalQuery canonicalises a raw query string as CONTRACT.md section 3
// says: split on "&", each part on its first "=" (no "=" means an empty
// value), form-decode name and value ("+" is a space, %XX a byte), re-encode
// with RFC 3986 rules (only A-Z a-z 0-9 - . _ ~ stay, everything else is %XX
// with upper-case hex), sort by encoded name then encoded value, and join as
// name=value with "&". An empty query gives "".
//
// The split follows the contract to the letter, so an empty part (as in
// "a=1&&b=2" or a trailing "&") is an entry with an empty name and value and
// canonicalises to "=". A "%" not followed by two hex digits is an error:
// being lenient there would let two different raw queries share a signature.
func CanonicalQuery(rawQuery string) (string, error) {
	if rawQuery == "" {
		return "", nil
	}
	parts := strings.Split(rawQuery, "&")
	pairs := make([][2]string, 0, len(parts))
	for _, part := range parts {
		name, value, _ := strings.Cut(part, "=")
		n, err := formDecode(name)
		if err != nil {
			return "", fmt.Errorf("signing: query name %q: %w", name, err)
		}
		v, err := formDecode(value)
		if err != nil {
			return "", fmt.Errorf("signing: query value %q: %w", value, err)
		}
		pairs = append(pairs, [2]string{rfc3986Encode(n), rfc3986Encode(v)})
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i][0] != pairs[j][0] {
			return pairs[i][0] < pairs[j][0]
		}
		return pairs[i][1] < pairs[j][1]
	})
	var b strings.Builder
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p[0])
		b.WriteByte('=')
		b.WriteString(p[1])
	}
	return b.String(), nil
}

// formDecode is application/x-www-form-urlencoded decoding of one component.
// url.QueryUnescape does the same but its errors quote the whole input, and
// this keeps the rule in one visible place.
func formDecode(s string) (string, error) {
	if !strings.ContainsAny(s, "+%") {
		return s, nil
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '+':
			b = append(b, ' ')
		case '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return "", fmt.Errorf("bad percent-escape at byte %d", i)
			}
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		default:
			b = append(b, c)
		}
	}
	return string(b), nil
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}

// isUnreserved is RFC 3986 section 2.3.
func isUnreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

// rfc3986Encode percent-encodes every byte that is not unreserved, with
// upper-case hex. AWS SigV4 uses the same rule ("UriEncode").
func rfc3986Encode(s string) string {
	const upperHex = "0123456789ABCDEF"
	n := 0
	for i := 0; i < len(s); i++ {
		if !isUnreserved(s[i]) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	b := make([]byte, 0, len(s)+2*n)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUnreserved(c) {
			b = append(b, c)
			continue
		}
		b = append(b, '%', upperHex[c>>4], upperHex[c&15])
	}
	return string(b)
}

// BodyDigest is the lowercase hex SHA-256 of body, the fourth canonical
// line. It is SHA-256 whatever the HMAC algorithm.
func BodyDigest(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// CanonicalString joins the six already-canonical lines with "\n".
func CanonicalString(method, escapedPath, canonicalQuery, bodyDigest, timestamp, nonce string) string {
	return strings.Join([]string{method, escapedPath, canonicalQuery, bodyDigest, timestamp, nonce}, "\n")
}

// signatureHex is lowercase hex HMAC(secret, canonical); "" for an
// unsupported algorithm.
func signatureHex(alg Algorithm, secret []byte, canonical string) string {
	mac := macBytes(alg, secret, canonical)
	if mac == nil {
		return ""
	}
	return hex.EncodeToString(mac)
}

func macBytes(alg Algorithm, secret []byte, canonical string) []byte {
	h := alg.newHash()
	if h == nil {
		return nil
	}
	m := hmac.New(h, secret)
	m.Write([]byte(canonical))
	return m.Sum(nil)
}

// Sign computes the Authorization header value and the canonical string for
// one request. escapedPath is the path exactly as it goes on the wire ("" is
// sent as "/", so it is signed as "/"); rawQuery is the query as sent,
// without "?". The algorithm parameter is written only for hmac-sha512,
// hmac-sha256 being the default.
//
// Sign cannot fail, so its inputs decide what is signed: a rawQuery that
// CanonicalQuery rejects is put in the canonical string verbatim (a Verifier
// refuses such a request anyway), and an unsupported algorithm gives an empty
// authorization. Transport checks both and returns an error instead.
func Sign(method, escapedPath, rawQuery string, body []byte, apiKey, secret string, alg Algorithm, ts int64, nonce string) (authorization string, canonical string) {
	if escapedPath == "" {
		escapedPath = "/"
	}
	q, err := CanonicalQuery(rawQuery)
	if err != nil {
		q = rawQuery
	}
	tsText := strconv.FormatInt(ts, 10)
	canonical = CanonicalString(method, escapedPath, q, BodyDigest(body), tsText, nonce)
	sig := signatureHex(alg, []byte(secret), canonical)
	if sig == "" {
		return "", canonical
	}
	a := Authorization{APIKey: apiKey, Signature: sig, Timestamp: ts, Nonce: nonce}
	if alg.normalize() != AlgorithmSHA256 {
		a.Algorithm = alg
	}
	return a.String(), canonical
}

// SignEd25519 is Sign for an Ed25519 key: the same canonical string, signed
// with priv, sent as Authorization: Ed25519 with the standard base64 of the
// 64-byte signature.
func SignEd25519(method, escapedPath, rawQuery string, body []byte, apiKey string, priv ed25519.PrivateKey, ts int64, nonce string) (authorization string, canonical string) {
	if escapedPath == "" {
		escapedPath = "/"
	}
	q, err := CanonicalQuery(rawQuery)
	if err != nil {
		q = rawQuery
	}
	canonical = CanonicalString(method, escapedPath, q, BodyDigest(body), strconv.FormatInt(ts, 10), nonce)
	if len(priv) != ed25519.PrivateKeySize {
		return "", canonical
	}
	sig := ed25519.Sign(priv, []byte(canonical))
	a := Authorization{Scheme: SchemeEd25519, APIKey: apiKey, Signature: base64.StdEncoding.EncodeToString(sig), Timestamp: ts, Nonce: nonce}
	return a.String(), canonical
}
