package site

import (
	"bytes"
	"compress/gzip"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/lessons"
)

func TestNormalizeBase(t *testing.T) {
	for in, want := range map[string]string{"": "/", "/": "/", "course": "/course/", "/course": "/course/", "/a/b/": "/a/b/"} {
		got, err := NormalizeBase(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, bad := range []string{"/a//b/", "/../x/", "/./", "/a?b/", "/a#b", `/a\b`, "/%2e%2e/"} {
		_, err := NormalizeBase(bad)
		assert.Error(t, err, bad)
	}
}

func TestAcceptsEncoding(t *testing.T) {
	for _, tc := range []struct {
		header, coding string
		want           bool
	}{
		{"gzip, deflate, br", "br", true},
		{"gzip;q=1.0, br;q=0", "br", false},
		{"*", "br", true},
		{"*;q=0, gzip", "br", false},
		{"identity", "gzip", false},
		{"GZIP", "gzip", true},
		{"", "gzip", false},
	} {
		assert.Equal(t, tc.want, acceptsEncoding(tc.header, tc.coding), "%q %s", tc.header, tc.coding)
	}
}

func TestAssetsServeFromMemoryOnly(t *testing.T) {
	course, err := lessons.Compile(lessons.Builtin, "lessons")
	require.NoError(t, err)
	web := fstest.MapFS{
		"style.css":       {Data: []byte("body{}")},
		"gen/app.wasm":    {Data: make([]byte, 4096)},
		"gen/app.wasm.br": {Data: []byte("BR")},
		"gen/app.wasm.gz": {Data: []byte("GZ")},
		"gen/README.md":   {Data: []byte("not served")},
		"gen_icons.go":    {Data: []byte("package main")},
	}
	s, err := New(Config{Course: course, Web: web, Base: "/"})
	require.NoError(t, err)

	get := func(path, enc string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, "http://x"+path, nil)
		if enc != "" {
			req.Header.Set("Accept-Encoding", enc)
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		return rec
	}
	rec := get("/web/gen/app.wasm", "br")
	assert.Equal(t, 200, rec.Code)
	assert.Equal(t, "BR", rec.Body.String(), "the precompressed twin is served as is")
	assert.Equal(t, "br", rec.Header().Get("Content-Encoding"))
	assert.Equal(t, "4096", rec.Header().Get("X-Uncompressed-Length"))

	etag := rec.Header().Get("ETag")
	req := httptest.NewRequest(http.MethodGet, "http://x/web/gen/app.wasm", nil)
	req.Header.Set("Accept-Encoding", "br")
	req.Header.Set("If-None-Match", etag)
	rec2 := httptest.NewRecorder()
	s.ServeHTTP(rec2, req)
	assert.Equal(t, http.StatusNotModified, rec2.Code)

	for _, p := range []string{"/web/gen/README.md", "/web/gen_icons.go", "/web/gen/", "/web/data/lessons/nope.json"} {
		assert.Equal(t, 404, get(p, "").Code, p)
	}
	assert.Equal(t, 200, get("/web/data/index.json", "").Code)
	assert.Equal(t, 405, func() int {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "http://x/lessons/hashes", nil))
		return rec.Code
	}())
}

func TestExportLeavesNoPlaceholderHost(t *testing.T) {
	course, err := lessons.Compile(lessons.Builtin, "lessons")
	require.NoError(t, err)
	web := fstest.MapFS{
		"style.css":    {Data: []byte("body{}")},
		"gen/app.wasm": {Data: make([]byte, 64)},
	}
	s, err := New(Config{Course: course, Web: web, Base: "/course/"})
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, s.Export(dir))

	pages := 0
	require.NoError(t, filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		pages++
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		page := string(b)
		assert.False(t, strings.Contains(page, "example.com"), "%s names httptest's host", path)
		assert.False(t, strings.Contains(page, `property="og:url"`), "%s keeps og:url", path)
		assert.True(t, strings.Contains(page, `property="og:title"`), "%s: only og:url goes", path)
		return nil
	}))
	assert.Greater(t, pages, 2*len(course.Lessons))
}

// A lesson page preloads its own data under the base path, in the CORS mode
// of the fetch the wasm makes, so the browser can hand that fetch the
// preloaded response.
func TestLessonPagesPreloadTheirData(t *testing.T) {
	course, err := lessons.Compile(lessons.Builtin, "lessons")
	require.NoError(t, err)
	s, err := New(Config{Course: course, Web: fstest.MapFS{"style.css": {Data: []byte("body{}")}}, Base: "/course/"})
	require.NoError(t, err)
	links := regexp.MustCompile(`<link [^>]*>`)
	for _, page := range []string{"/course/lessons/hashes", "/course/embed/lesson/hashes"} {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://x"+page, nil))
		require.Equal(t, http.StatusOK, rec.Code, page)
		var preload string
		for _, l := range links.FindAllString(rec.Body.String(), -1) {
			if strings.Contains(l, `href="/course/web/data/lessons/hashes.json"`) {
				preload = l
			}
		}
		require.NotEmpty(t, preload, "%s has no link to its lesson data", page)
		for _, attr := range []string{`rel="preload"`, `as="fetch"`, `crossorigin="anonymous"`} {
			assert.Contains(t, preload, attr, page)
		}
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://x/course/", nil))
	assert.NotContains(t, rec.Body.String(), "web/data/lessons/", "the home page preloads no lesson")
}

// Every page, lesson and embed alike, loads the one app.js, which loads the
// one app wasm; the service worker and the export carry it, and no page
// has a loader of its own (moving between lessons never reloads).
func TestEveryPageLoadsTheOneApp(t *testing.T) {
	course, err := lessons.Compile(lessons.Builtin, "lessons")
	require.NoError(t, err)
	web := fstest.MapFS{
		"style.css":        {Data: []byte("body{}")},
		"gen/app.wasm":     {Data: []byte("app")},
		"gen/ciphers.wasm": {Data: []byte("worker")},
		"gen/miner.wasm":   {Data: []byte("worker")},
	}
	s, err := New(Config{Course: course, Web: web, Base: "/course/"})
	require.NoError(t, err)
	assert.Empty(t, s.MissingWasm())

	get := func(p string) string {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://x"+p, nil))
		require.Equal(t, http.StatusOK, rec.Code, p)
		assert.Equal(t, strconv.Itoa(rec.Body.Len()), rec.Header().Get("Content-Length"), p)
		return rec.Body.String()
	}
	script := regexp.MustCompile(`<script [^>]*src="(/course/app[^"]*\.js)"`)
	for _, page := range s.Pages() {
		m := script.FindAllStringSubmatch(get("/course"+page), -1)
		require.Len(t, m, 1, page)
		assert.Equal(t, "/course/app.js", m[0][1], page)
	}
	assert.Contains(t, get("/course/app.js"), `"/course/web/gen/app.wasm"`)
	assert.Contains(t, s.CachedPaths(), "/web/gen/app.wasm")

	dir := t.TempDir()
	require.NoError(t, s.Export(dir))
	for _, f := range []string{"app.js", "web/gen/app.wasm", "web/gen/ciphers.wasm", "web/gen/miner.wasm"} {
		assert.FileExists(t, filepath.Join(dir, f))
	}
	files, err := filepath.Glob(filepath.Join(dir, "app*.js"))
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{filepath.Join(dir, "app.js"), filepath.Join(dir, "app-worker.js")}, files, "one loader and the service worker, no per-page loaders")
}

// The binary embeds only the twins of the wasm files: the raw file is the
// gzip twin unzipped, served to a client that takes no encoding and
// written by the export, and its size comes from the gzip trailer.
func TestAssetKnownOnlyByItsTwins(t *testing.T) {
	course, err := lessons.Compile(lessons.Builtin, "lessons")
	require.NoError(t, err)
	raw := bytes.Repeat([]byte("\x00asm wasm bytes "), 1000)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, _ = zw.Write(raw)
	require.NoError(t, zw.Close())
	web := fstest.MapFS{
		"gen/app.wasm.gz": {Data: gz.Bytes()},
		"gen/app.wasm.br": {Data: []byte("BR")},
		"gen/bad.wasm.gz": {Data: []byte("not gzip")},
	}
	_, err = New(Config{Course: course, Web: web, Base: "/"})
	assert.ErrorContains(t, err, "gen/bad.wasm.gz: not a gzip file")
	delete(web, "gen/bad.wasm.gz")
	s, err := New(Config{Course: course, Web: web, Base: "/"})
	require.NoError(t, err)
	assert.NotContains(t, s.MissingWasm(), AppWasm, "a wasm known by its twins is there")
	assert.Contains(t, s.MissingWasm(), "gen/miner.wasm")

	for enc, want := range map[string][]byte{"br": []byte("BR"), "gzip": gz.Bytes(), "": raw} {
		req := httptest.NewRequest(http.MethodGet, "http://x/web/gen/app.wasm", nil)
		req.Header.Set("Accept-Encoding", enc)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		require.Equal(t, 200, rec.Code, enc)
		assert.Equal(t, want, rec.Body.Bytes(), enc)
		assert.Equal(t, strconv.Itoa(len(raw)), rec.Header().Get("X-Uncompressed-Length"), enc)
	}
	dir := t.TempDir()
	require.NoError(t, s.Export(dir))
	b, err := os.ReadFile(filepath.Join(dir, "web/gen/app.wasm"))
	require.NoError(t, err)
	assert.Equal(t, raw, b, "static hosts get the raw file too")

	s, err = New(Config{Course: course, Web: fstest.MapFS{"style.css": {Data: []byte("x")}}, Base: "/"})
	require.NoError(t, err)
	assert.Equal(t, []string{AppWasm, "gen/miner.wasm", "gen/ciphers.wasm"}, s.MissingWasm(), "no wasm at all")
}

// Every page, the 404 page included, has one viewport tag, and it lets the
// learner zoom (go-app's own tag forbids it).
func TestOneViewportThatAllowsZoom(t *testing.T) {
	course, err := lessons.Compile(lessons.Builtin, "lessons")
	require.NoError(t, err)
	s, err := New(Config{Course: course, Web: fstest.MapFS{"style.css": {Data: []byte("body{}")}}, Base: "/course/"})
	require.NoError(t, err)
	tag := regexp.MustCompile(`<meta [^>]*name="viewport"[^>]*>`)
	for _, p := range append(s.Pages(), "/no-such-page") {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://x/course"+p, nil))
		tags := tag.FindAllString(rec.Body.String(), -1)
		require.Len(t, tags, 1, "%s (status %d)", p, rec.Code)
		assert.NotContains(t, tags[0], "maximum-scale", p)
		assert.NotContains(t, tags[0], "user-scalable", p)
		assert.Contains(t, tags[0], "width=device-width", p)
	}
}

// Fault 8 of issue 17 (second half): frame-ancestors * applied to every
// page. Only the embed pages may be framed by other sites.
func TestOnlyEmbedPagesMayBeFramedByOtherSites(t *testing.T) {
	course, err := lessons.Compile(lessons.Builtin, "lessons")
	require.NoError(t, err)
	s, err := New(Config{Course: course, Web: fstest.MapFS{"style.css": {Data: []byte("body{}")}}, Base: "/course/"})
	require.NoError(t, err)
	for page, want := range map[string]string{
		"/course/embed/lesson/hashes":       "frame-ancestors *",
		"/course/embed/hashbox?text=a":      "frame-ancestors *",
		"/course/lessons/hashes":            "frame-ancestors 'self'",
		"/course/":                          "frame-ancestors 'self'",
		"/course/web/style.css":             "frame-ancestors 'self'",
		"/course/embedded-but-not-an-embed": "frame-ancestors 'self'",
	} {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://x"+page, nil))
		csp := rec.Header().Get("Content-Security-Policy")
		assert.True(t, strings.HasSuffix(csp, "; "+want), "%s: %s", page, csp)
		assert.Equal(t, 1, strings.Count(csp, "frame-ancestors"), page)
	}
}
