package site

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// Export writes the site as static files into dir, laid out so that any
// static host serves it under the site's base path: every page as
// <page>/index.html (and <page>.html for hosts that map /x to x.html), the
// go-app scripts at the top, web/ with .br and .gz twins beside large files,
// and 404.html. A page that does not render with status 200 fails the
// export: go-app's own generator would write the error page silently.
func (s *Site) Export(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	write := func(rel string, b []byte) error {
		full := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(rel, "/")))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		return os.WriteFile(full, b, 0o644)
	}
	for _, name := range s.assets.names() {
		a := s.assets[name]
		if err := write("web/"+name, a.body()); err != nil {
			return err
		}
		if a.br != nil {
			if err := write("web/"+name+".br", a.br); err != nil {
				return err
			}
		}
		if a.gz != nil {
			if err := write("web/"+name+".gz", a.gz); err != nil {
				return err
			}
		}
	}
	get := func(rel string, want int) ([]byte, error) {
		req := httptest.NewRequest(http.MethodGet, s.base+strings.TrimPrefix(rel, "/"), nil)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != want {
			return nil, fmt.Errorf("export: %s%s answered %d, want %d", s.base, strings.TrimPrefix(rel, "/"), rec.Code, want)
		}
		return rec.Body.Bytes(), nil
	}
	scripts := []string{"/app.js", "/app-worker.js", "/wasm_exec.js", "/manifest.webmanifest", "/app.css", "/robots.txt"}
	for _, f := range scripts {
		b, err := get(f, http.StatusOK)
		if err != nil {
			return err
		}
		if err := write(f, b); err != nil {
			return err
		}
	}
	for _, p := range s.Pages() {
		b, err := get(p, http.StatusOK)
		if err != nil {
			return err
		}
		b = WithoutOGURL(b)
		if p == "/" {
			if err := write("/index.html", b); err != nil {
				return err
			}
			continue
		}
		if err := write(p+"/index.html", b); err != nil {
			return err
		}
		if err := write(p+".html", b); err != nil {
			return err
		}
	}
	b, err := get("/404", http.StatusNotFound)
	if err != nil {
		return err
	}
	return write("/404.html", WithoutOGURL(b))
}

// ogURL matches the og:url tag go-app writes into every page (its
// attributes come out in either order).
var ogURL = regexp.MustCompile(`<meta (?:property="og:url" content="[^"]*"|content="[^"]*" property="og:url")>\n?`)

// WithoutOGURL drops og:url from an exported page. go-app fills it from the
// request, and an export has none: it would announce
// http://example.com/lessons/x (httptest's host, without the base path) to
// every link preview. The export cannot know where it will be hosted, and
// og:url is optional, so leaving it out is the honest choice.
func WithoutOGURL(page []byte) []byte { return ogURL.ReplaceAll(page, nil) }
