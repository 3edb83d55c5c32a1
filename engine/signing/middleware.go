package signing

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/consensus-lab/playground/engine/problem"
)

type apiKeyContextKey struct{}

// APIKeyFrom returns the API key that Middleware authenticated.
func APIKeyFrom(ctx context.Context) (string, bool) {
	k, ok := ctx.Value(apiKeyContextKey{}).(string)
	return k, ok
}

// WithAPIKey returns ctx carrying apiKey as Middleware would set it, for
// handlers tested or called without the middleware.
func WithAPIKey(ctx context.Context, apiKey string) context.Context {
	return context.WithValue(ctx, apiKeyContextKey{}, apiKey)
}

// Middleware authenticates every request before next sees it. A body over
// MaxBodyBytes is answered 413 body_too_large (before authentication, since
// the body is part of what is signed); an authentication failure is a 401
// problem+json with the contract's code and a WWW-Authenticate challenge. On
// success next gets the request with the same body (re-readable through
// GetBody as well) and the API key in its context (APIKeyFrom).
func (v *Verifier) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := v.readBody(w, r)
		if err != nil {
			var d problem.Details
			if !errors.As(err, &d) {
				d = problem.Newf(http.StatusBadRequest, "body_unreadable", "reading the request body failed: %v", err)
			}
			problem.Write(w, d)
			return
		}
		res, err := v.verify(w, r, body)
		if v.observe != nil {
			v.observe(r, res, err)
		}
		if err != nil {
			d := err.(problem.Details)
			if d.Status == http.StatusUnauthorized {
				w.Header().Set("WWW-Authenticate", Scheme+", "+SchemeEd25519)
			}
			problem.Write(w, d)
			return
		}
		r2 := r.WithContext(WithAPIKey(r.Context(), res.APIKey))
		r2.Body = io.NopCloser(bytes.NewReader(body))
		r2.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
		r2.ContentLength = int64(len(body))
		next.ServeHTTP(w, r2)
	})
}

// readBody reads at most MaxBodyBytes; a declared or actual excess is a 413
// problem.Details.
func (v *Verifier) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	tooLarge := problem.New(http.StatusRequestEntityTooLarge, CodeBodyTooLarge,
		fmt.Sprintf("the body is larger than %d bytes", v.maxBody))
	if r.ContentLength > v.maxBody {
		return nil, tooLarge
	}
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, v.maxBody))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return nil, tooLarge
	}
	return body, err
}
