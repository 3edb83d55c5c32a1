// Package site assembles the playground's web site from its parts: the
// go-app handler that pre-renders pages, the files of web/ with their
// compressed twins, the compiled lessons as JSON, and (when serving) the
// sandbox API. `playground serve` serves a Site; `playground build` exports
// one as static files (export.go).
package site

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	playapp "github.com/consensus-lab/playground/app"
	"github.com/consensus-lab/playground/app/widgetspec"
	"github.com/consensus-lab/playground/lessons"
	"github.com/consensus-lab/playground/lessons/lesson"
)

// Config says what a site is made of.
type Config struct {
	Course *lessons.Course
	Web    fs.FS  // the web/ folder: styles, scripts, icons, gen/*.wasm
	Base   string // "/" (serve) or a sub-path such as "/course/" (static export)
	// API, when set, answers every path under /api/ (serve only).
	API http.Handler
	// Version overrides the content hash used to name the service worker's
	// cache (tests use it to force an update).
	Version string
}

// Site is an http.Handler for the whole playground.
type Site struct {
	cfg     Config
	base    string
	assets  assetSet
	version string
	pages   *app.Handler // renders pages; its app.js loads AppWasm
}

// AppWasm is where the browser app lives below web/: one wasm with every
// widget, so that moving between lessons never reloads the page.
const AppWasm = "gen/app.wasm"

// New builds a site. It fails when the course is empty or the base path is
// not of the form "/" or "/a/b/".
func New(cfg Config) (*Site, error) {
	if cfg.Course == nil || len(cfg.Course.Lessons) == 0 {
		return nil, fmt.Errorf("site: no lessons")
	}
	base, err := NormalizeBase(cfg.Base)
	if err != nil {
		return nil, err
	}
	assets, err := loadAssets(cfg.Web)
	if err != nil {
		return nil, fmt.Errorf("site: reading web files: %w", err)
	}
	if err := addLessonData(assets, cfg.Course); err != nil {
		return nil, err
	}
	s := &Site{cfg: cfg, base: base, assets: assets}
	s.version = cfg.Version
	if s.version == "" {
		s.version = assets.digest()
	}
	playapp.Routes()
	playapp.SetCourse(cfg.Course)
	s.pages = s.newAppHandler()
	return s, nil
}

// MissingWasm lists the wasm files the site needs but its web files lack
// (a binary built with go build before make wasm), as paths below web/.
func (s *Site) MissingWasm() []string {
	var out []string
	for _, name := range []string{AppWasm, "gen/miner.wasm", "gen/ciphers.wasm"} {
		if _, ok := s.assets[name]; !ok {
			out = append(out, name)
		}
	}
	return out
}

// NormalizeBase turns "", "/", "course", "/course" or "/course/" into "/"
// or "/course/". It refuses anything that is not a clean absolute path.
func NormalizeBase(b string) (string, error) {
	t := strings.Trim(b, "/")
	if t == "" {
		return "/", nil
	}
	for _, seg := range strings.Split(t, "/") {
		if seg == "" || seg == "." || seg == ".." || strings.ContainsAny(seg, "?#\\%") {
			return "", fmt.Errorf("base path %q must be like /course/ (no empty, . or .. segments, no ?, #, %% or \\)", b)
		}
	}
	return "/" + t + "/", nil
}

// Version is the build's version: the hash of every file the site serves.
func (s *Site) Version() string { return s.version }

// addLessonData publishes the compiled course as JSON assets.
func addLessonData(set assetSet, c *lessons.Course) error {
	b, err := json.Marshal(c.Index())
	if err != nil {
		return err
	}
	set.add(strings.TrimPrefix(lesson.IndexPath, "web/"), b, nil, nil)
	for _, l := range c.Lessons {
		b, err := json.Marshal(l)
		if err != nil {
			return err
		}
		set.add(strings.TrimPrefix(lesson.DataPath(l.Slug), "web/"), b, nil, nil)
	}
	return nil
}

// Pages lists every page of the site as site paths (without the base):
// home, lessons, lesson embeds and widget embeds.
func (s *Site) Pages() []string {
	pages := []string{"/"}
	for _, l := range s.cfg.Course.Lessons {
		pages = append(pages, "/lessons/"+l.Slug, "/embed/lesson/"+l.Slug)
	}
	for _, w := range widgetspec.Names() {
		pages = append(pages, "/embed/"+w)
	}
	sort.Strings(pages[1:])
	return pages
}

// CachedPaths lists what the service worker stores at install, besides
// go-app's own scripts: every file of web/ (go-app prefixes those with the
// base) and every page, with the base and a trailing slash (go-app leaves
// page paths alone, and a static host serves <page>/index.html without a
// redirect at that address).
func (s *Site) CachedPaths() []string {
	var out []string
	for _, n := range s.assets.names() {
		out = append(out, "/web/"+n)
	}
	for _, p := range s.Pages() {
		if p == "/" {
			out = append(out, s.base)
			continue
		}
		out = append(out, s.base+strings.TrimPrefix(p, "/")+"/")
	}
	return out
}

// resources tells go-app where things are without letting it serve files
// itself (LocalDir would serve the working directory's web/ folder).
type resources struct{ prefix string }

func (r resources) Package() string { return r.prefix }
func (r resources) Static() string  { return r.prefix }
func (r resources) AppWASM() string { return r.prefix + "/web/" + AppWasm }

// newAppHandler makes the go-app handler that renders pages and writes
// app.js, the loader of AppWasm.
func (s *Site) newAppHandler() *app.Handler {
	prefix := strings.TrimSuffix(s.base, "/")
	cacheable := s.CachedPaths()
	return &app.Handler{
		Name:        "Consensus & API security playground",
		ShortName:   "Playground",
		Title:       "Consensus & API security playground",
		Description: "Interactive lessons on proof of work, proof of stake and API security that run in your browser.",
		Lang:        "en",
		Icon: app.Icon{
			Default: "/web/icon-192.png",
			Large:   "/web/icon-512.png",
			SVG:     "/web/icon.svg",
		},
		BackgroundColor:         "#fbfaf7",
		ThemeColor:              "#0f4c5c",
		LoadingLabel:            "Loading widgets {progress}%",
		Styles:                  []string{"/web/style.css", "/web/highlight.css"},
		Scripts:                 []string{"/web/playground.js"},
		CacheableResources:      cacheable,
		Resources:               resources{prefix: prefix},
		Version:                 s.version,
		WasmContentLengthHeader: "X-Uncompressed-Length",
		ServiceWorkerTemplate:   serviceWorker,
	}
}

// ServeHTTP serves the site at its base path.
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	setSecurityHeaders(w.Header(), strings.HasPrefix(p, s.base+"embed/"))
	if !strings.HasPrefix(p+"/", s.base) {
		s.notFound(w, r)
		return
	}
	rel := "/" + strings.TrimPrefix(p, s.base)
	if p+"/" == s.base {
		rel = "/"
	}
	switch {
	case strings.HasPrefix(rel, "/api/"):
		if s.cfg.API == nil {
			http.Error(w, "no API on this site", http.StatusNotFound)
			return
		}
		s.cfg.API.ServeHTTP(w, r)
		return
	case r.Method != http.MethodGet && r.Method != http.MethodHead:
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	case strings.HasPrefix(rel, "/web/"):
		// A map lookup: "..", "//" or encoded tricks simply do not match.
		if a, ok := s.assets[strings.TrimPrefix(rel, "/web/")]; ok {
			a.serve(w, r)
			return
		}
		s.notFound(w, r)
		return
	case rel == "/robots.txt":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("User-agent: *\nAllow: /\n"))
		return
	case rel == "/sitemap.xml", rel == "/ads.txt", rel == "/app.wasm", rel == "/goapp.wasm":
		s.notFound(w, r)
		return
	}
	s.servePage(w, r, rel)
}

// servePage lets go-app render the page (or its generated scripts) with the
// status the course gives the path.
func (s *Site) servePage(w http.ResponseWriter, r *http.Request, rel string) {
	switch rel {
	case "/app.js", "/app-worker.js", "/wasm_exec.js", "/manifest.webmanifest", "/manifest.json", "/app.css", "/goapp.js":
		r2 := r.Clone(r.Context())
		r2.URL.Path = rel
		s.pages.ServeHTTP(w, r2)
		return
	}
	page := strings.TrimSuffix(rel, "/")
	if page == "" {
		page = "/"
	}
	r2 := r.Clone(r.Context())
	r2.URL.Path = page
	s.renderPage(w, r2, playapp.PageStatus(page, s.cfg.Course))
}

// renderPage has go-app render the page at r's path and corrects what its
// template gets wrong for us (the viewport tag) before sending it with
// status.
func (s *Site) renderPage(w http.ResponseWriter, r *http.Request, status int) {
	if status != http.StatusOK {
		r = r.Clone(r.Context())
		r.Header.Del("If-None-Match")
	}
	rec := httptest.NewRecorder()
	s.pages.ServeHTTP(rec, r)
	body := rec.Body.Bytes()
	if rec.Code == http.StatusOK {
		body = withViewport(body)
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	if rec.Code == http.StatusOK {
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		rec.Code = status
	}
	w.WriteHeader(rec.Code)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// goappViewport matches the viewport tag go-app writes into every page
// (attributes in either order). It sets maximum-scale=1 and
// user-scalable=0, which forbid zooming: learners on phones must be able to
// zoom into digests and charts (WCAG 1.4.4), and a second tag after it
// would leave two, which axe reports too.
var goappViewport = regexp.MustCompile(`<meta (?:name="viewport" content="[^"]*"|content="[^"]*" name="viewport")>`)

// viewport is the page's one viewport tag.
const viewport = `<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">`

func withViewport(page []byte) []byte {
	return goappViewport.ReplaceAllLiteral(page, []byte(viewport))
}

// notFound renders the site's 404 page for any path.
func (s *Site) notFound(w http.ResponseWriter, r *http.Request) {
	r2 := r.Clone(r.Context())
	r2.URL.Path = "/404"
	s.renderPage(w, r2, http.StatusNotFound)
}

// CSP allows our own scripts and wasm compilation ('wasm-unsafe-eval') and
// inline style attributes (go-app sets some). Only the embed pages may be
// framed by any page, so that courses can embed widgets; the rest of the
// site refuses framing by other sites (clickjacking).
const contentSecurityPolicy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; " +
	"style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
	"worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'self'; " +
	"form-action 'self'; frame-ancestors "

func setSecurityHeaders(h http.Header, embed bool) {
	if embed {
		h.Set("Content-Security-Policy", contentSecurityPolicy+"*")
	} else {
		h.Set("Content-Security-Policy", contentSecurityPolicy+"'self'")
	}
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.Set("Cross-Origin-Resource-Policy", "cross-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
}
