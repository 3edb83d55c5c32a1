package signing

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCanonicalQuery(t *testing.T) {
	for _, tc := range []struct{ raw, want string }{
		{"", ""},
		{"b=2&a=1", "a=1&b=2"},
		{"q=x+y", "q=x%20y"},   // + is a space in form decoding
		{"q=x%20y", "q=x%20y"}, // so both spellings sign the same
		{"q=%2f%2F", "q=%2F%2F"},
		{"q=%7e", "q=~"}, // unreserved characters are not escaped
		{"flag", "flag="},
		{"flag&a=1", "a=1&flag="},
		{"a=1=2", "a=1%3D2"}, // split on the first "=" only
		{"a=2&a=1&A=3", "A=3&a=1&a=2"},
		{"b=1&a=2&a=10", "a=10&a=2&b=1"},           // byte order, not numeric
		{"\u00e9=1&~=2", "%C3%A9=1&~=2"},           // sorted on the encoded names
		{"n%20m=v&n+m=u", "n%20m=u&n%20m=v"},       // names decoded before sorting too
		{"a=%C3%A9&b=\u00e9", "a=%C3%A9&b=%C3%A9"}, // raw UTF-8 and escapes agree
		{"a=;&b=/?:@!$'()*,", "a=%3B&b=%2F%3F%3A%40%21%24%27%28%29%2A%2C"},
		{"a=1&&b=2", "=&a=1&b=2"}, // an empty part is an empty name and value
		{"a=", "a="},
		{"=v", "=v"},
	} {
		got, err := CanonicalQuery(tc.raw)
		require.NoError(t, err, tc.raw)
		assert.Equal(t, tc.want, got, tc.raw)
	}
}

func TestCanonicalQueryRejectsBadEscapes(t *testing.T) {
	for _, raw := range []string{"a=%", "a=%2", "a=%zz", "%g1=1", "a=1&b=%", "a=%%41"} {
		_, err := CanonicalQuery(raw)
		assert.Error(t, err, raw)
	}
}

// TestSignMatchesContract rebuilds the canonical string by hand from
// CONTRACT.md section 3 and checks Sign against crypto/hmac directly.
func TestSignMatchesContract(t *testing.T) {
	body := []byte(`{"symbol":"BTC-USD","side":"buy","type":"limit","quantity":"0.5","price":"65000"}`)
	digest := sha256.Sum256(body)
	want := "POST\n/api/v1/orders\na=1&b=x%20y\n" + hex.EncodeToString(digest[:]) + "\n1700000000\nabcdefghijklmnop"

	for _, tc := range []struct {
		alg     Algorithm
		mac     func() []byte
		algText string
	}{
		{"", func() []byte { m := hmac.New(sha256.New, []byte("s3cret")); m.Write([]byte(want)); return m.Sum(nil) }, ""},
		{AlgorithmSHA256, func() []byte { m := hmac.New(sha256.New, []byte("s3cret")); m.Write([]byte(want)); return m.Sum(nil) }, ""},
		{AlgorithmSHA512, func() []byte { m := hmac.New(sha512.New, []byte("s3cret")); m.Write([]byte(want)); return m.Sum(nil) }, `, algorithm="hmac-sha512"`},
	} {
		auth, canonical := Sign("POST", "/api/v1/orders", "b=x+y&a=1", body, "K", "s3cret", tc.alg, 1700000000, "abcdefghijklmnop")
		assert.Equal(t, want, canonical)
		assert.Equal(t, `HMAC apiKey="K", signature="`+hex.EncodeToString(tc.mac())+`", timestamp="1700000000", nonce="abcdefghijklmnop"`+tc.algText, auth)
	}
}

func TestSignEdgeCases(t *testing.T) {
	_, canonical := Sign("GET", "", "", nil, "K", "s", "", 1, "abcdefghijklmnop")
	assert.Equal(t, "GET\n/\n\n"+BodyDigest(nil)+"\n1\nabcdefghijklmnop", canonical, `"" is sent as "/"`)
	assert.Equal(t, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", BodyDigest(nil))

	auth, canonical := Sign("GET", "/", "a=%zz", nil, "K", "s", "", 1, "abcdefghijklmnop")
	assert.NotEmpty(t, auth)
	assert.Contains(t, canonical, "\na=%zz\n", "an uncanonicalisable query is signed verbatim")

	auth, _ = Sign("GET", "/", "", nil, "K", "s", "hmac-md5", 1, "abcdefghijklmnop")
	assert.Empty(t, auth, "unsupported algorithm")
}

func TestDiffCanonical(t *testing.T) {
	server := "GET\n/a\nq=1\nd\n1\nn"
	assert.Empty(t, DiffCanonical(server, server))
	assert.Equal(t, []LineDiff{{Index: 2, Name: "query", Server: "q=1", Client: "q=2"}},
		DiffCanonical(server, "GET\n/a\nq=2\nd\n1\nn"))
	assert.Equal(t, []LineDiff{{Index: 0, Name: "method", Server: "GET", Client: "get"}, {Index: 4, Name: "timestamp", Server: "1", Client: "2"}},
		DiffCanonical(server, "get\n/a\nq=1\nd\n2\nn"))
	d := DiffCanonical(server, server+"\nextra")
	require.Len(t, d, 1)
	assert.Equal(t, LineDiff{Index: 6, Server: "", Client: "extra"}, d[0])
	d = DiffCanonical(server, "GET\n/a")
	require.Len(t, d, 4)
	assert.Equal(t, "query", d[0].Name)
	assert.Equal(t, "", d[0].Client)
}
