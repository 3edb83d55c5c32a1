// Package site assembles the playground's web site from its parts: the
// go-app handler that pre-renders pages, the files of web/ with their
// compressed twins, the compiled lessons as JSON, and (when serving) the
// sandbox API. `playground serve` serves a Site; `playground build` exports
// one as static files (export.go).
package site

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"slices"
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
	pages   *app.Handler // renders pages; its app.js loads the default bundle
	// bundles are the app bundles the pages load, the default first; each
	// other one has a handler only for its loader script, app-<name>.js.
	bundles []string
	loaders map[string]*app.Handler
}

// BundleWasm is where an app bundle's wasm lives below web/.
func BundleWasm(bundle string) string { return "gen/app-" + bundle + ".wasm" }

// bundleScript is the site path of the go-app loader (app.js) of a bundle
// that is not the default.
func bundleScript(bundle string) string { return "/app-" + bundle + ".js" }

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
	s.bundles = s.usedBundles()
	dropUnusedBundles(assets, s.bundles)
	s.version = cfg.Version
	if s.version == "" {
		s.version = assets.digest()
	}
	playapp.Routes()
	playapp.SetCourse(cfg.Course)
	s.pages = s.newAppHandler(s.bundles[0])
	s.loaders = map[string]*app.Handler{}
	for _, b := range s.bundles[1:] {
		s.loaders[b] = s.newAppHandler(b)
	}
	return s, nil
}

// usedBundles lists the bundles some page loads, in playapp's order (the
// default first, and always: the 404 page loads it).
func (s *Site) usedBundles() []string {
	used := map[string]bool{}
	for _, p := range s.Pages() {
		used[playapp.PageBundle(p, s.cfg.Course)] = true
	}
	var out []string
	for i, b := range append(playapp.Bundles(), playapp.AllBundle()) {
		if i == 0 || used[b.Name] {
			out = append(out, b.Name)
		}
	}
	return out
}

// Bundles lists the app bundles the site's pages load (BundleWasm names
// their files), the default first.
func (s *Site) Bundles() []string { return s.bundles }

// MissingBundles lists the bundles some page loads whose wasm the site's
// web files lack (a binary built with go build before make wasm).
func (s *Site) MissingBundles() []string {
	var out []string
	for _, b := range s.bundles {
		if _, ok := s.assets[BundleWasm(b)]; !ok {
			out = append(out, b)
		}
	}
	return out
}

// dropUnusedBundles leaves out the app bundles no page loads: app-all.wasm
// is built for authors' lessons that mix bundles, and the built-in course
// never needs it, so neither the export nor the service worker carry it.
func dropUnusedBundles(set assetSet, used []string) {
	for name := range set {
		if !strings.HasPrefix(name, "gen/app-") || !strings.HasSuffix(name, ".wasm") {
			continue
		}
		if b := strings.TrimSuffix(strings.TrimPrefix(name, "gen/app-"), ".wasm"); !slices.Contains(used, b) {
			delete(set, name)
		}
	}
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
	for _, b := range s.bundles[1:] {
		out = append(out, s.base+strings.TrimPrefix(bundleScript(b), "/"))
	}
	return out
}

// resources tells go-app where things are without letting it serve files
// itself (LocalDir would serve the working directory's web/ folder).
type resources struct{ prefix, bundle string }

func (r resources) Package() string { return r.prefix }
func (r resources) Static() string  { return r.prefix }
func (r resources) AppWASM() string { return r.prefix + "/web/" + BundleWasm(r.bundle) }

// newAppHandler makes a go-app handler whose app.js loads bundle's wasm.
func (s *Site) newAppHandler(bundle string) *app.Handler {
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
		Resources:               resources{prefix: prefix, bundle: bundle},
		Version:                 s.version,
		WasmContentLengthHeader: "X-Uncompressed-Length",
		ServiceWorkerTemplate:   serviceWorker,
		// go-app's own viewport tag forbids zooming; a later tag wins, and
		// learners on phones must be able to zoom into digests and charts.
		RawHeaders: []string{`<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">`},
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
	for b, h := range s.loaders {
		if rel == bundleScript(b) {
			r2 := r.Clone(r.Context())
			r2.URL.Path = "/app.js"
			h.ServeHTTP(w, r2)
			return
		}
	}
	page := strings.TrimSuffix(rel, "/")
	if page == "" {
		page = "/"
	}
	r2 := r.Clone(r.Context())
	r2.URL.Path = page
	status := playapp.PageStatus(page, s.cfg.Course)
	if status != http.StatusOK {
		r2.Header.Del("If-None-Match")
		s.pages.ServeHTTP(&statusWriter{ResponseWriter: w, status: status}, r2)
		return
	}
	if b := playapp.PageBundle(page, s.cfg.Course); b != s.bundles[0] {
		s.serveWithLoader(w, r2, b)
		return
	}
	s.pages.ServeHTTP(w, r2)
}

// serveWithLoader renders a page whose bundle is not the default: go-app
// writes the same <script src=".../app.js"> into every page, so that one
// tag is pointed at the bundle's loader.
func (s *Site) serveWithLoader(w http.ResponseWriter, r *http.Request, bundle string) {
	rec := httptest.NewRecorder()
	s.pages.ServeHTTP(rec, r)
	body := rec.Body.Bytes()
	prefix := strings.TrimSuffix(s.base, "/")
	from := []byte(`src="` + prefix + `/app.js"`)
	if rec.Code == http.StatusOK {
		if n := bytes.Count(body, from); n != 1 {
			// go-app changed how it writes pages: a page loading the
			// wrong bundle would show "unknown widget", so say it loudly.
			http.Error(w, fmt.Sprintf("site: %d app.js script tags in %s, want 1", n, r.URL.Path), http.StatusInternalServerError)
			return
		}
		body = bytes.Replace(body, from, []byte(`src="`+prefix+bundleScript(bundle)+`"`), 1)
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	if rec.Code == http.StatusOK {
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	}
	w.WriteHeader(rec.Code)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// notFound renders the site's 404 page for any path.
func (s *Site) notFound(w http.ResponseWriter, r *http.Request) {
	r2 := r.Clone(r.Context())
	r2.URL.Path = "/404"
	r2.Header.Del("If-None-Match")
	s.pages.ServeHTTP(&statusWriter{ResponseWriter: w, status: http.StatusNotFound}, r2)
}

// statusWriter replaces the status go-app writes (always 200 for pages).
type statusWriter struct {
	http.ResponseWriter
	status      int
	wroteHeader bool
}

func (s *statusWriter) WriteHeader(int) {
	if !s.wroteHeader {
		s.wroteHeader = true
		s.ResponseWriter.WriteHeader(s.status)
	}
}

func (s *statusWriter) Write(b []byte) (int, error) {
	s.WriteHeader(s.status)
	return s.ResponseWriter.Write(b)
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
