package signing

import (
	"strings"
	"testing"

	"github.com/consensus-lab/playground/engine/problem"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	sig256 = strings.Repeat("ab", 32)
	sig512 = strings.Repeat("cd", 64)
)

func TestParseAuthorizationAccepts(t *testing.T) {
	base := Authorization{APIKey: "K", Signature: sig256, Timestamp: 1700000000, Nonce: "abcdefghijklmnop"}
	with := func(f func(*Authorization)) Authorization { a := base; f(&a); return a }
	for _, tc := range []struct {
		header string
		want   Authorization
	}{
		{`HMAC apiKey="K", signature="` + sig256 + `", timestamp="1700000000", nonce="abcdefghijklmnop"`, base},
		{`HMAC nonce="abcdefghijklmnop",timestamp="1700000000" ,  signature = "` + sig256 + `",apiKey="K"`, base},
		{"\tHMAC\tapiKey=\"K\",\tsignature=\"" + sig256 + "\", timestamp=\"1700000000\", nonce=\"abcdefghijklmnop\"  ", base},
		{`hmac APIKEY="K", Signature="` + sig256 + `", TIMESTAMP="1700000000", Nonce="abcdefghijklmnop"`, base},
		{`HMAC apiKey="K", signature="` + sig256 + `", timestamp="1700000000", nonce="abcdefghijklmnop", algorithm="hmac-sha256"`,
			with(func(a *Authorization) { a.Algorithm = AlgorithmSHA256 })},
		{`HMAC apiKey="K", signature="` + sig512 + `", timestamp="1700000000", nonce="abcdefghijklmnop", algorithm="HMAC-SHA512"`,
			with(func(a *Authorization) { a.Algorithm, a.Signature = AlgorithmSHA512, sig512 })},
		{`HMAC apiKey="a \"quoted\" \\ key", signature="` + sig256 + `", timestamp="0", nonce="` + strings.Repeat("Z9_-", 16) + `"`,
			with(func(a *Authorization) {
				a.APIKey, a.Timestamp, a.Nonce = `a "quoted" \ key`, 0, strings.Repeat("Z9_-", 16)
			})},
	} {
		got, err := ParseAuthorization(tc.header)
		require.NoError(t, err, tc.header)
		assert.Equal(t, tc.want, got, tc.header)
	}
}

func TestParseAuthorizationRejects(t *testing.T) {
	ok := map[string]string{"apiKey": `"K"`, "signature": `"` + sig256 + `"`, "timestamp": `"1700000000"`, "nonce": `"abcdefghijklmnop"`}
	build := func(over map[string]string, drop string) string {
		parts := []string{}
		for _, n := range []string{"apiKey", "signature", "timestamp", "nonce", "algorithm"} {
			v, has := ok[n]
			if o, set := over[n]; set {
				v, has = o, true
			}
			if has && n != drop {
				parts = append(parts, n+"="+v)
			}
		}
		return "HMAC " + strings.Join(parts, ", ")
	}
	const mal, weak = CodeMalformedAuthorization, CodeWeakAlgorithm
	for _, tc := range []struct {
		name, header, code, detail string
	}{
		{"empty", "", mal, "scheme"},
		{"other scheme", `Bearer abc`, mal, "scheme must be HMAC"},
		{"scheme only", `HMAC`, mal, "no parameters"},
		{"scheme glued", `HMACapiKey="K"`, mal, "scheme"},
		{"missing apiKey", build(nil, "apiKey"), mal, "apiKey is missing"},
		{"missing signature", build(nil, "signature"), mal, "signature is missing"},
		{"missing timestamp", build(nil, "timestamp"), mal, "timestamp is missing"},
		{"missing nonce", build(nil, "nonce"), mal, "nonce is missing"},
		{"unquoted", build(map[string]string{"apiKey": "K"}, ""), mal, "quoted string"},
		{"unterminated", `HMAC apiKey="K`, mal, "no closing quote"},
		{"unknown param", build(map[string]string{"realm": `"x"`}, "") + `, realm="x"`, mal, "unknown parameter"},
		{"duplicate", build(nil, "") + `, nonce="abcdefghijklmnoq"`, mal, "twice"},
		{"duplicate any case", build(nil, "") + `, NONCE="abcdefghijklmnoq"`, mal, "twice"},
		{"trailing comma", build(nil, "") + `,`, mal, "parameter name"},
		{"double comma", strings.Replace(build(nil, ""), ",", ",,", 1), mal, "parameter name"},
		{"no comma", strings.Replace(build(nil, ""), ", ", " ", 1), mal, "expected ','"},
		{"no equals", `HMAC apiKey "K"`, mal, "expected '='"},
		{"control char", build(map[string]string{"apiKey": "\"K\x01\""}, ""), mal, "control"},
		{"non-ascii", build(map[string]string{"apiKey": "\"K\u00e9\""}, ""), mal, "non-ASCII"},
		{"empty key", build(map[string]string{"apiKey": `""`}, ""), mal, "apiKey is empty"},
		{"ts letters", build(map[string]string{"timestamp": `"17e8"`}, ""), mal, "decimal"},
		{"ts negative", build(map[string]string{"timestamp": `"-1"`}, ""), mal, "decimal"},
		{"ts leading zero", build(map[string]string{"timestamp": `"01700000000"`}, ""), mal, "leading zero"},
		{"ts overflow", build(map[string]string{"timestamp": `"99999999999999999999"`}, ""), mal, "out of range"},
		{"ts empty", build(map[string]string{"timestamp": `""`}, ""), mal, "empty"},
		{"nonce short", build(map[string]string{"nonce": `"abcdefghijklmno"`}, ""), mal, "15 characters"},
		{"nonce long", build(map[string]string{"nonce": `"` + strings.Repeat("a", 65) + `"`}, ""), mal, "65 characters"},
		{"nonce charset", build(map[string]string{"nonce": `"abcdefghijklmno."`}, ""), mal, "only A-Z"},
		{"sig upper", build(map[string]string{"signature": `"` + strings.ToUpper(sig256) + `"`}, ""), mal, "lowercase hex"},
		{"sig short", build(map[string]string{"signature": `"abcd"`}, ""), mal, "4 hex digits"},
		{"sig256 as 512", build(map[string]string{"algorithm": `"hmac-sha512"`}, ""), mal, "hmac-sha512 gives 128"},
		{"md5", build(map[string]string{"algorithm": `"hmac-md5"`}, ""), weak, "too weak"},
		{"sha1", build(map[string]string{"algorithm": `"hmac-sha1"`}, ""), weak, "too weak"},
		{"SHA1 upper", build(map[string]string{"algorithm": `"HMAC-SHA1"`}, ""), weak, "too weak"},
		{"unknown alg", build(map[string]string{"algorithm": `"hmac-sha3"`}, ""), mal, "unknown algorithm"},
		{"too long", "HMAC apiKey=\"" + strings.Repeat("k", 3000) + "\"", mal, "bytes"},
	} {
		_, err := ParseAuthorization(tc.header)
		require.Error(t, err, tc.name)
		var d problem.Details
		require.ErrorAs(t, err, &d, tc.name)
		assert.Equal(t, 401, d.Status, tc.name)
		assert.Equal(t, tc.code, d.Code, tc.name)
		assert.Contains(t, d.Detail, tc.detail, tc.name)
	}
}

func TestAuthorizationStringRoundTrip(t *testing.T) {
	for _, a := range []Authorization{
		{APIKey: "K", Signature: sig256, Timestamp: 1, Nonce: "abcdefghijklmnop"},
		{APIKey: `we"ird\key`, Signature: sig512, Timestamp: 1700000000, Nonce: strings.Repeat("x", 64), Algorithm: AlgorithmSHA512},
		{APIKey: "K", Signature: sig256, Timestamp: 9223372036854775807, Nonce: "abcdefghijklmnop", Algorithm: AlgorithmSHA256},
	} {
		got, err := ParseAuthorization(a.String())
		require.NoError(t, err, a.String())
		assert.Equal(t, a, got)
	}
	assert.Equal(t, AlgorithmSHA256, Authorization{}.EffectiveAlgorithm())
}

func FuzzParseAuthorization(f *testing.F) {
	f.Add(`HMAC apiKey="K", signature="` + sig256 + `", timestamp="1700000000", nonce="abcdefghijklmnop"`)
	f.Add(`HMAC apiKey="K", signature="` + sig512 + `", timestamp="1", nonce="abcdefghijklmnop", algorithm="hmac-sha512"`)
	f.Add(`hmac NONCE = "abcdefghijklmnop" ,apikey="a\"b"`)
	f.Add(`HMAC apiKey="K", algorithm="hmac-md5"`)
	f.Add(`Bearer x`)
	f.Add(`HMAC ,,`)
	f.Add("HMAC apiKey=\"\\")
	f.Fuzz(func(t *testing.T, header string) {
		a, err := ParseAuthorization(header)
		if err != nil {
			var d problem.Details
			require.ErrorAs(t, err, &d)
			require.Contains(t, []string{CodeMalformedAuthorization, CodeWeakAlgorithm}, d.Code)
			return
		}
		// whatever parses is valid by the contract and survives a round trip
		require.NotEmpty(t, a.APIKey)
		require.NoError(t, checkNonce(a.Nonce))
		require.NoError(t, checkSignature(a.Signature, a.EffectiveAlgorithm()))
		again, err := ParseAuthorization(a.String())
		require.NoError(t, err)
		require.Equal(t, a, again)
	})
}

func FuzzCanonicalQuery(f *testing.F) {
	for _, s := range []string{"", "a=1", "b=2&a=1", "q=x+y%20z", "flag", "a=1&&", "%zz", "=&=", "\u00e9=~", "a=%2F%2f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, err := CanonicalQuery(raw)
		if err != nil {
			return
		}
		// the canonical form is a fixed point and uses only unreserved bytes, %XX, '=' and '&'
		again, err := CanonicalQuery(got)
		require.NoError(t, err)
		require.Equal(t, got, again)
		for i := 0; i < len(got); i++ {
			c := got[i]
			require.True(t, isUnreserved(c) || c == '%' || c == '=' || c == '&' || ('A' <= c && c <= 'F'), "byte %q in %q", c, got)
		}
	})
}
