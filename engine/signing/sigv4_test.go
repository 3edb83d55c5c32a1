package signing

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// suiteRequest builds the request a SigV4 test-suite file describes. The
// suite writes paths unencoded, as raw bytes on the request line, so the
// path goes into URL.Opaque, which net/http sends verbatim (or into
// URL.Path when it starts with "//", which needs no escaping anyway).
func suiteRequest(t testing.TB, method, wirePath, rawQuery string, headers [][2]string, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, "https://example.amazonaws.com/", strings.NewReader(body))
	require.NoError(t, err)
	if strings.HasPrefix(wirePath, "//") {
		req.URL.Path = wirePath // an Opaque of "//x" would be read as a host
	} else {
		req.URL.Opaque = wirePath
	}
	req.URL.RawQuery = rawQuery
	for _, h := range headers {
		if strings.EqualFold(h[0], "Host") {
			req.Host = h[1]
			continue
		}
		req.Header.Add(h[0], h[1])
	}
	return req
}

// parseRequestText reads hmac.json's "request" ("GET /?q HTTP/1.1\nName:value\n...").
func parseRequestText(t testing.TB, text string) *http.Request {
	t.Helper()
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	parts := strings.SplitN(lines[0], " ", 3)
	require.Len(t, parts, 3, lines[0])
	path, query, _ := strings.Cut(parts[1], "?")
	var headers [][2]string
	for _, l := range lines[1:] {
		name, value, ok := strings.Cut(l, ":")
		require.True(t, ok, l)
		headers = append(headers, [2]string{name, value})
	}
	return suiteRequest(t, parts[0], path, query, headers, "")
}

func TestSigV4HeaderVectors(t *testing.T) {
	v := loadHMAC(t)
	ctx, ts := v.AWS.Context, awsTime(t, v)
	n := 0
	for _, c := range v.AWS.Cases {
		if c.Placement != "header" {
			continue
		}
		n++
		req := parseRequestText(t, c.Request)
		s, err := SigV4Sign(req, nil, ctx.AccessKeyID, ctx.SecretAccessKey, ctx.Region, ctx.Service, ts)
		require.NoError(t, err, c.Name)
		assert.Equal(t, c.CanonicalRequest, s.CanonicalRequest, c.Name)
		assert.Equal(t, c.StringToSign, s.StringToSign, c.Name)
		assert.Equal(t, c.ExpectedSignature, s.Signature, c.Name)
		assert.Equal(t, ctx.AmzDate, req.Header.Get("X-Amz-Date"), "SigV4 sets X-Amz-Date on req")
		assert.Contains(t, c.SignedRequest, "Authorization:"+s.Authorization+"\n", c.Name)

		k := v.AWS.SigningKey
		assert.Equal(t, []string{k.KDate, k.KRegion, k.KService, k.KSigning}, []string{s.KDate, s.KRegion, s.KService, s.KSigning})

		auth, err := SigV4Authorization(parseRequestText(t, c.Request), nil, ctx.AccessKeyID, ctx.SecretAccessKey, ctx.Region, ctx.Service, ts)
		require.NoError(t, err)
		assert.Equal(t, s.Authorization, auth)
	}
	assert.Positive(t, n)
}

func TestSigV4PresignVector(t *testing.T) {
	v := loadHMAC(t)
	ctx, ts := v.AWS.Context, awsTime(t, v)
	n := 0
	for _, c := range v.AWS.Cases {
		if c.Placement != "query" {
			continue
		}
		n++
		req := parseRequestText(t, c.Request)
		s, err := SigV4Presign(req, nil, ctx.AccessKeyID, ctx.SecretAccessKey, ctx.Region, ctx.Service, ts,
			time.Duration(ctx.ExpiresSeconds)*time.Second)
		require.NoError(t, err, c.Name)
		assert.Equal(t, c.CanonicalRequest, s.CanonicalRequest, c.Name)
		assert.Equal(t, c.StringToSign, s.StringToSign, c.Name)
		assert.Equal(t, c.ExpectedSignature, s.Signature, c.Name)
		assert.Empty(t, req.Header.Get("X-Amz-Date"), "presigning leaves req alone")

		// the presigned URL carries the same parameters as the suite's signed request
		line := strings.SplitN(c.SignedRequest, "\n", 2)[0]
		target := strings.SplitN(line, " ", 3)[1]
		_, wantQuery, _ := strings.Cut(target, "?")
		want, err := url.ParseQuery(wantQuery)
		require.NoError(t, err)
		u, err := url.Parse(s.URL)
		require.NoError(t, err)
		assert.Equal(t, want, u.Query(), c.Name)
		assert.Equal(t, "example.amazonaws.com", u.Host)
	}
	assert.Positive(t, n)
}

func TestSigV4Suite(t *testing.T) {
	v, p := loadHMAC(t), loadPresets(t)
	ctx, ts := v.AWS.Context, awsTime(t, v)
	for _, c := range p.AWSSuite.Cases {
		t.Run(c.Name, func(t *testing.T) {
			req := suiteRequest(t, c.Method, c.WirePath, c.RawQuery, c.Headers, c.Body)
			s, err := SigV4Sign(req, []byte(c.Body), ctx.AccessKeyID, ctx.SecretAccessKey, ctx.Region, ctx.Service, ts)
			require.NoError(t, err)
			if c.CanonicalRequest != "" {
				assert.Equal(t, c.CanonicalRequest, s.CanonicalRequest)
			}
			assert.Equal(t, c.ExpectedAuthorization, s.Authorization)
		})
	}
}

func sigV4Test(t *testing.T, req *http.Request, body []byte, service string) SigV4Steps {
	t.Helper()
	v := loadHMAC(t)
	s, err := SigV4Sign(req, body, v.AWS.Context.AccessKeyID, v.AWS.Context.SecretAccessKey, v.AWS.Context.Region, service, awsTime(t, v))
	require.NoError(t, err)
	return s
}

func canonicalLine(s SigV4Steps, i int) string { return strings.Split(s.CanonicalRequest, "\n")[i] }

func TestSigV4PathEncoding(t *testing.T) {
	for _, tc := range []struct {
		url, service, want string
	}{
		// a Go URL path is escaped once on the wire, and SigV4 escapes the
		// wire path again for every service but S3
		{"https://h.example/example%20space/", "service", "/example%2520space/"},
		{"https://h.example/example space/", "service", "/example%2520space/"},
		{"https://h.example/example%20space/", "s3", "/example%20space/"},
		{"https://h.example/a%2Fb", "service", "/a%252Fb"},
		{"https://h.example/\u1234", "service", "/%25E1%2588%25B4"},
		{"https://h.example", "service", "/"},
		{"https://h.example/a/./b/../c//d/", "service", "/a/c/d/"},
		{"https://h.example/a/./b/../c//d/", "s3", "/a/./b/../c//d/"},
		{"https://h.example/~user/a-b_c.d", "service", "/~user/a-b_c.d"},
	} {
		req, err := http.NewRequest(http.MethodGet, tc.url, nil)
		require.NoError(t, err)
		assert.Equal(t, tc.want, canonicalLine(sigV4Test(t, req, nil, tc.service), 1), "%s %s", tc.service, tc.url)
	}
}

func TestSigV4QueryEncoding(t *testing.T) {
	for raw, want := range map[string]string{
		"b=2&a=1":          "a=1&b=2",
		"a=x+y":            "a=x%20y",
		"a=%7e&b=%2f":      "a=~&b=%2F",
		"flag&a=1":         "a=1&flag=",
		"a=1&&b=2&":        "a=1&b=2", // empty parts dropped, as AWS SDKs parse them
		"k=v2&k=V1&K=v":    "K=v&k=V1&k=v2",
		"x=%E1%88%B4&y=*'": "x=%E1%88%B4&y=%2A%27",
	} {
		req, err := http.NewRequest(http.MethodGet, "https://h.example/?"+raw, nil)
		require.NoError(t, err)
		assert.Equal(t, want, canonicalLine(sigV4Test(t, req, nil, "service"), 2), raw)
	}
}

func TestSigV4Headers(t *testing.T) {
	req, err := http.NewRequest(http.MethodPost, "https://h.example:443/", nil)
	require.NoError(t, err)
	req.Header["x-lower"] = []string{"  a  \t b  "} // non-canonical key as some callers set it
	req.Header.Add("X-Multi", "one")
	req.Header.Add("X-Multi", "  two   three ")
	req.Header.Set("Authorization", "stale value that must not be signed")
	req.Header.Set("X-Amz-Date", "19700101T000000Z") // overwritten
	s := sigV4Test(t, req, []byte("{}"), "service")
	assert.Equal(t, "host;x-amz-date;x-lower;x-multi", s.SignedHeaders)
	assert.Contains(t, s.CanonicalRequest, "\nhost:h.example\n", "default port dropped")
	assert.Contains(t, s.CanonicalRequest, "\nx-lower:a \t b\n", "only spaces fold, tabs stay")
	assert.Contains(t, s.CanonicalRequest, "\nx-multi:one,two three\n")
	assert.Contains(t, s.CanonicalRequest, "\nx-amz-date:20150830T123600Z\n")
	assert.True(t, strings.HasSuffix(s.CanonicalRequest, BodyDigest([]byte("{}"))))

	req2, _ := http.NewRequest(http.MethodGet, "http://h.example:8080/", nil)
	assert.Contains(t, sigV4Test(t, req2, nil, "service").CanonicalRequest, "\nhost:h.example:8080\n", "other ports kept")
}

func TestSigV4PayloadHashHeader(t *testing.T) {
	req, _ := http.NewRequest(http.MethodPut, "https://bucket.s3.amazonaws.com/key", nil)
	req.Header.Set("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD")
	s := sigV4Test(t, req, []byte("ignored"), "s3")
	assert.True(t, strings.HasSuffix(s.CanonicalRequest, "\nUNSIGNED-PAYLOAD"))
	assert.Contains(t, s.SignedHeaders, "x-amz-content-sha256")
}

func TestSigV4Errors(t *testing.T) {
	ts := time.Unix(0, 0)
	req, _ := http.NewRequest(http.MethodGet, "https://h.example/", nil)
	for _, args := range [][3]string{{"", "r", "s"}, {"AK", "", "s"}, {"AK", "r", ""}, {"AK", "us/east", "s"}} {
		_, err := SigV4Authorization(req, nil, args[0], "secret", args[1], args[2], ts)
		assert.Error(t, err, args)
	}
	noHost := &http.Request{Method: http.MethodGet, URL: &url.URL{Path: "/"}, Header: http.Header{}}
	_, err := SigV4Authorization(noHost, nil, "AK", "secret", "r", "s", ts)
	assert.ErrorContains(t, err, "host")
	_, err = SigV4Authorization(&http.Request{}, nil, "AK", "secret", "r", "s", ts)
	assert.Error(t, err)
	_, err = SigV4Presign(req, nil, "AK", "secret", "r", "s", ts, 0)
	assert.ErrorContains(t, err, "expiry")
	_, err = SigV4Presign(req, nil, "AK", "secret", "r", "s", ts, 8*24*time.Hour)
	assert.ErrorContains(t, err, "expiry")
	bad, _ := http.NewRequest(http.MethodGet, "https://h.example/", nil)
	bad.URL.RawQuery = "a=%zz"
	_, err = SigV4Authorization(bad, nil, "AK", "secret", "r", "s", ts)
	assert.Error(t, err)
}

func TestRemoveDotSegments(t *testing.T) {
	for in, want := range map[string]string{
		"/": "/", "//": "/", "/./": "/", "/a/..": "/", "/a/../..": "/", "/a/b/../c": "/a/c",
		"//example//": "/example/", "/./example": "/example", "/a/.": "/a/", "/a/b/..": "/a/",
	} {
		assert.Equal(t, want, removeDotSegments(in), in)
	}
}
