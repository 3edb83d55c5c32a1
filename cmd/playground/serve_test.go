//go:build !wasm

package main

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/cmd/playground/internal/browsertest"
)

// rawGet sends path exactly as written (no client-side cleaning of "..").
func rawGet(t *testing.T, base, path string) (int, string) {
	t.Helper()
	host := strings.TrimSuffix(strings.TrimPrefix(base, "http://"), "/")
	conn, err := net.Dial("tcp", host)
	require.NoError(t, err)
	defer conn.Close()
	_, err = io.WriteString(conn, "GET "+path+" HTTP/1.1\r\nHost: "+host+"\r\nConnection: close\r\n\r\n")
	require.NoError(t, err)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestServeBlackBox(t *testing.T) {
	requireWasmBuilt(t)
	srv := browsertest.StartServe(t, bin)
	assert.Contains(t, srv.Output(), `using the demo credentials api key "demo", secret "demo-secret"`)

	t.Run("lesson page is pre-rendered with its text", func(t *testing.T) {
		resp, err := http.Get(srv.URL + "lessons/hashes")
		require.NoError(t, err)
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		assert.Equal(t, 200, resp.StatusCode)
		html := string(body)
		assert.Contains(t, html, `data-lesson="hashes"`)
		assert.Contains(t, html, "The avalanche effect")
		assert.Contains(t, html, `data-widget="hashbox"`)
		csp := resp.Header.Get("Content-Security-Policy")
		assert.Contains(t, csp, "'wasm-unsafe-eval'")
		assert.Contains(t, csp, "frame-ancestors 'self'", "other sites may embed only the embed pages")
		assert.Empty(t, resp.Header.Get("X-Frame-Options"))
		assert.Equal(t, "nosniff", resp.Header.Get("X-Content-Type-Options"))
	})

	t.Run("wasm with the right type, precompressed", func(t *testing.T) {
		for enc, want := range map[string]string{"br": "br", "gzip": "gzip", "br;q=0, gzip": "gzip", "identity": ""} {
			req, _ := http.NewRequest("GET", srv.URL+"web/gen/app.wasm", nil)
			req.Header.Set("Accept-Encoding", enc)
			resp, err := http.DefaultTransport.RoundTrip(req)
			require.NoError(t, err)
			resp.Body.Close()
			assert.Equal(t, 200, resp.StatusCode)
			assert.Equal(t, "application/wasm", resp.Header.Get("Content-Type"))
			assert.Equal(t, want, resp.Header.Get("Content-Encoding"), enc)
			assert.Equal(t, "Accept-Encoding", resp.Header.Get("Vary"))
		}
	})

	t.Run("no path traversal, no listing, 404 pages", func(t *testing.T) {
		for _, p := range []string{
			"/web/../go.mod", "/web/../../go.mod", "/web/%2e%2e/go.mod", "/web/..%2fgo.mod",
			"/../go.mod", "/web/", "/web", "/web/gen/", "/lessons/nope", "/embed/nope", "/nothing/here",
			"/web//etc/passwd", "/web/%2fetc%2fpasswd",
		} {
			code, body := rawGet(t, srv.URL, p)
			assert.Contains(t, []int{400, 404}, code, p)
			assert.NotContains(t, body, "module github.com", p)
			assert.NotContains(t, body, "root:x:0", p)
		}
		code, body := rawGet(t, srv.URL, "/no-such-page")
		assert.Equal(t, 404, code)
		assert.Contains(t, body, "Page not found")
	})

	t.Run("sandbox API is mounted", func(t *testing.T) {
		resp, err := http.Get(srv.URL + "api/v1/time")
		require.NoError(t, err)
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		assert.Equal(t, 200, resp.StatusCode)
		assert.Contains(t, string(body), `"unix":`)
	})

	require.NoError(t, srv.Stop(), "SIGTERM shuts down cleanly with exit 0")
	assert.Contains(t, srv.Output(), "shutting down")
}
