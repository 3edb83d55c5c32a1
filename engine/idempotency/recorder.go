package idempotency

import (
	"bytes"
	"context"
	"net/http"
)

// notReplayed lists response headers that describe one delivery rather than
// the result, so they are neither stored nor replayed.
var notReplayed = []string{"Date", "Connection", "Content-Length", "Transfer-Encoding", "Set-Cookie", "Trailer", ReplayedHeader}

// recorder buffers a handler's response so that it can be stored before it
// is sent (and kept when the handler aborts the connection afterwards).
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
	wrote  bool
}

func newRecorder() *recorder { return &recorder{header: make(http.Header)} }

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.wrote {
		return
	}
	r.wrote = true
	r.status = status
}

func (r *recorder) Write(p []byte) (int, error) {
	r.WriteHeader(http.StatusOK)
	return r.body.Write(p)
}

func (r *recorder) response() Response {
	status := r.status
	if !r.wrote {
		status = http.StatusOK
	}
	h := r.header.Clone()
	for _, name := range notReplayed {
		h.Del(name)
	}
	return Response{Status: status, Header: h, Body: bytes.Clone(r.body.Bytes())}
}

func contextWith(r *http.Request, s *state) context.Context {
	return context.WithValue(r.Context(), ctxKey{}, s)
}
