package signing

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// OnVerify sees every verification the middleware makes, refused or not,
// with the trace that explains it.
func TestMiddlewareOnVerify(t *testing.T) {
	ring := NewKeyRing()
	ring.Add("k", "secret", time.Time{}, time.Time{})
	now := time.Unix(1_800_000_000, 0)
	var seen []Result
	var errs []error
	v := NewVerifier(ring, Options{Now: func() time.Time { return now }, OnVerify: func(_ *http.Request, res Result, err error) {
		seen = append(seen, res)
		errs = append(errs, err)
	}})
	h := v.Middleware(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) }))

	send := func(secret string) int {
		auth, _ := Sign("GET", "/x", "", nil, "k", secret, AlgorithmSHA256, now.Unix(), "nonce-0123456789abcdef"+secret[:1])
		req := httptest.NewRequest("GET", "/x", nil)
		req.Header.Set("Authorization", auth)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	assert.Equal(t, http.StatusNoContent, send("secret"))
	assert.Equal(t, http.StatusUnauthorized, send("wrong"))
	require.Len(t, seen, 2)
	assert.NoError(t, errs[0])
	_, failed := seen[0].Trace.Failed()
	assert.False(t, failed)
	require.Error(t, errs[1])
	step, failed := seen[1].Trace.Failed()
	assert.True(t, failed)
	assert.Equal(t, StepSignature, step.Name)
}
