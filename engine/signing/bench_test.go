package signing

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// benchVerify measures Verify on pre-signed requests. Every request must
// carry a fresh nonce, so a pool is signed up front and the verifier (and
// its replay cache) is replaced, outside the timer, each time the pool is
// used up.
func benchVerify(b *testing.B, alg Algorithm, body string) {
	const pool = 2048
	clock := newClock(t0)
	reqs := make([]*http.Request, pool)
	for i := range reqs {
		reqs[i], _ = signed{method: "POST", target: "/api/v1/orders?symbol=BTC-USD", body: body, alg: alg}.request(b)
	}
	payload := []byte(body)
	b.SetBytes(int64(len(payload)))
	b.ReportAllocs()
	var v *Verifier
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%pool == 0 {
			b.StopTimer()
			v = newTestVerifier(clock, Options{})
			b.StartTimer()
		}
		if _, err := v.Verify(reqs[i%pool], payload); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	order := `{"symbol":"BTC-USD","side":"buy","type":"limit","quantity":"0.5","price":"65000"}`
	b.Run("sha256/order", func(b *testing.B) { benchVerify(b, AlgorithmSHA256, order) })
	b.Run("sha512/order", func(b *testing.B) { benchVerify(b, AlgorithmSHA512, order) })
	b.Run("sha256/64KiB", func(b *testing.B) { benchVerify(b, AlgorithmSHA256, strings.Repeat("x", 64<<10)) })
}

// BenchmarkVerifyRefused is the cost of refusing a flood of bad
// signatures, which never touches the replay cache.
func BenchmarkVerifyRefused(b *testing.B) {
	v := newTestVerifier(newClock(t0), Options{})
	req, _ := signed{secret: "wrong"}.request(b)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := v.Verify(req, nil); err == nil {
			b.Fatal("accepted")
		}
	}
}

func BenchmarkSign(b *testing.B) {
	body := []byte(`{"symbol":"BTC-USD","side":"buy","type":"limit","quantity":"0.5","price":"65000"}`)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Sign("POST", "/api/v1/orders", "b=2&a=1", body, demoKey, demoSecret, "", t0, "abcdefghijklmnop")
	}
}

func BenchmarkMiddleware(b *testing.B) {
	const pool = 2048
	clock := newClock(t0)
	reqs := make([]*http.Request, pool)
	body := `{"symbol":"BTC-USD","side":"buy","type":"market","quantity":"0.5"}`
	next := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	var h http.Handler
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if i%pool == 0 {
			b.StopTimer()
			for j := range reqs {
				reqs[j], _ = signed{method: "POST", body: body}.request(b)
			}
			h = newTestVerifier(clock, Options{}).Middleware(next)
			b.StartTimer()
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, reqs[i%pool])
		if rec.Code != http.StatusOK {
			b.Fatal(rec.Body.String())
		}
	}
}
