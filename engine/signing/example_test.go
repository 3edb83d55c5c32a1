package signing_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/consensus-lab/playground/engine/signing"
)

// A server protects a handler with the verifier's middleware; a client
// signs with Transport. Here the client calls the handler in-process, as
// the browser build of the sandbox does.
func Example() {
	ring := signing.NewKeyRing()
	ring.Add("demo", "demo-secret", time.Time{}, time.Time{})
	v := signing.NewVerifier(ring, signing.Options{})
	api := v.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key, _ := signing.APIKeyFrom(r.Context())
		body, _ := io.ReadAll(r.Body)
		fmt.Fprintf(w, "%s sent %s", key, body)
	}))

	client := &http.Client{Transport: &signing.Transport{
		Base:   inProcess{api},
		APIKey: "demo",
		Secret: "demo-secret",
	}}
	resp, err := client.Post("http://sandbox/api/v1/orders", "application/json", strings.NewReader(`{"side":"buy"}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.StatusCode, string(b))
	// Output: 200 demo sent {"side":"buy"}
}

type inProcess struct{ h http.Handler }

func (p inProcess) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	p.h.ServeHTTP(rec, r)
	return rec.Result(), nil
}

// Sign shows the canonical string and the header for one request.
func ExampleSign() {
	auth, canonical := signing.Sign("GET", "/api/v1/orders", "limit=2&b=x+y", nil,
		"demo", "demo-secret", signing.AlgorithmSHA256, 1700000000, "abcdefghijklmnop")
	fmt.Println(strings.ReplaceAll(canonical, "\n", `\n`))
	fmt.Println(auth[:len(`HMAC apiKey="demo", signature=`)])
	// Output:
	// GET\n/api/v1/orders\nb=x%20y&limit=2\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n1700000000\nabcdefghijklmnop
	// HMAC apiKey="demo", signature=
}

// A Trace says which step failed and why.
func ExampleVerifier_Verify() {
	ring := signing.NewKeyRing()
	ring.Add("demo", "demo-secret", time.Time{}, time.Time{})
	v := signing.NewVerifier(ring, signing.Options{Now: func() time.Time { return time.Unix(1700000400, 0) }})

	req := httptest.NewRequest("GET", "/api/v1/orders", nil)
	auth, _ := signing.Sign("GET", "/api/v1/orders", "", nil, "demo", "demo-secret", "", 1700000000, "abcdefghijklmnop")
	req.Header.Set("Authorization", auth)
	res, err := v.Verify(req, nil)
	fmt.Println(err)
	for _, s := range res.Trace.Steps {
		fmt.Println(s.Name, s.OK)
	}
	// Output:
	// 401 stale_timestamp: timestamp 1700000000 is 400 s behind the server clock (1700000400); the window is 300 s either way
	// parse true
	// key true
	// algorithm true
	// timestamp false
}
