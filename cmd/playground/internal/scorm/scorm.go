// Package scorm packages lessons for learning-management systems (Moodle,
// Canvas, Blackboard, SCORM Cloud) as SCORM content packages: a zip with
// imsmanifest.xml at its root and one SCO (sharable content object) per
// lesson, per ADL's SCORM 1.2 and SCORM 2004 4th edition.
//
// Each SCO is the lesson's embed page (embed/lesson/<slug>/index.html),
// rendered by the site as for a static export and then made position
// independent: an LMS serves the package under a path nobody knows at build
// time, so every URL in the pages is relative and the go-app loader
// computes the app's root from its own address. web/scorm.js, added to
// each SCO page, is the bridge to the LMS's run-time API.
package scorm

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"path"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/consensus-lab/playground/cmd/playground/internal/site"
	"github.com/consensus-lab/playground/lessons"
	"github.com/consensus-lab/playground/lessons/lesson"
)

// Version is the SCORM edition a package is made for.
type Version string

const (
	V12   Version = "1.2"
	V2004 Version = "2004" // 4th edition
)

// ParseVersion reads the --scorm flag.
func ParseVersion(s string) (Version, error) {
	switch v := Version(s); v {
	case V12, V2004:
		return v, nil
	}
	return "", fmt.Errorf("--scorm must be 1.2 or 2004 (SCORM 2004 4th edition), not %q", s)
}

// Config says what goes into a package.
type Config struct {
	Course  *lessons.Course
	Web     fs.FS    // the site's web/ folder (web.Files)
	Only    []string // lesson slugs to package; empty: every lesson
	Version Version
	// Title names the course in the LMS; empty: the lesson's title for a
	// one-lesson package, else the playground's name.
	Title string
}

// renderBase is the base path the pages are rendered under before they are
// made relative. It is a path no real link contains, so every occurrence
// is one to rewrite.
const renderBase = "/scorm-package-root-7f3a/"

// The SCO pages live three folders down: embed/lesson/<slug>/index.html.
const scoUp = "../../../"

// Package is a built SCORM package before it is zipped.
type Package struct {
	Version  Version
	Title    string
	Lessons  []*lesson.Lesson
	Files    map[string][]byte // path in the zip -> content, imsmanifest.xml included
	Manifest []byte
}

// Build renders the selected lessons and everything their pages load.
func Build(cfg Config) (*Package, error) {
	selected, err := selectLessons(cfg.Course, cfg.Only)
	if err != nil {
		return nil, err
	}
	if cfg.Version == V12 {
		for _, l := range selected {
			if err := fitsSuspendData12(l); err != nil {
				return nil, err
			}
		}
	}
	s, err := site.New(site.Config{Course: cfg.Course, Web: cfg.Web, Base: renderBase})
	if err != nil {
		return nil, err
	}
	p := &Package{Version: cfg.Version, Title: cfg.Title, Lessons: selected, Files: map[string][]byte{}}
	if p.Title == "" {
		p.Title = "Consensus & API security playground"
		if len(selected) == 1 {
			p.Title = selected[0].Title
		}
	}
	get := func(rel string) ([]byte, error) {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, renderBase+strings.TrimPrefix(rel, "/"), nil))
		if rec.Code != http.StatusOK {
			return nil, fmt.Errorf("scorm: %s answered %d", rel, rec.Code)
		}
		return rec.Body.Bytes(), nil
	}

	loaders := map[string]bool{} // go-app loader scripts the pages name
	for _, l := range selected {
		page, err := get("embed/lesson/" + l.Slug)
		if err != nil {
			return nil, err
		}
		loader, err := loaderOf(page)
		if err != nil {
			return nil, fmt.Errorf("scorm: lesson %s: %w", l.Slug, err)
		}
		loaders[loader] = true
		page, err = scoPage(page, scoTag(cfg.Version, l))
		if err != nil {
			return nil, fmt.Errorf("scorm: lesson %s: %w", l.Slug, err)
		}
		p.Files[scoHref(l.Slug)] = page
	}

	wasms := map[string]bool{}
	for name := range loaders {
		js, err := get(name)
		if err != nil {
			return nil, err
		}
		js, wasm, err := relocatableLoader(js)
		if err != nil {
			return nil, fmt.Errorf("scorm: %s: %w", name, err)
		}
		p.Files[name] = js
		wasms[wasm] = true
	}
	for _, name := range []string{"wasm_exec.js", "app.css"} {
		b, err := get(name)
		if err != nil {
			return nil, err
		}
		p.Files[name] = b
	}

	// Every file of web/ except the data of lessons left out. The site serves them uncompressed to a request
	// without Accept-Encoding: an LMS serves what is in the zip as it is.
	chosen := map[string]bool{}
	for _, l := range selected {
		chosen[lesson.DataPath(l.Slug)] = true
	}
	for _, cached := range s.CachedPaths() {
		name, ok := strings.CutPrefix(cached, "/web/")
		if !ok {
			continue
		}
		name = "web/" + name
		switch {
		case strings.HasPrefix(name, "web/data/lessons/") && !chosen[name]:
			continue
		}
		b, err := get(name)
		if err != nil {
			if strings.HasSuffix(name, ".wasm") {
				return nil, fmt.Errorf("%w (build the binary with `make build`, or run `make wasm` first)", err)
			}
			return nil, err
		}
		p.Files[name] = b
	}
	for w := range wasms {
		if _, ok := p.Files[w]; !ok {
			return nil, fmt.Errorf("scorm: this binary carries no %s: build it with `make build` (or run `make wasm` before go build)", w)
		}
	}

	p.Manifest, err = manifest(p)
	if err != nil {
		return nil, err
	}
	p.Files[ManifestName] = p.Manifest
	return p, nil
}

// ManifestName is the manifest's path in the zip (at the root, per the spec).
const ManifestName = "imsmanifest.xml"

// selectLessons keeps the lessons named in only, in course order.
func selectLessons(c *lessons.Course, only []string) ([]*lesson.Lesson, error) {
	if len(only) == 0 {
		return c.Lessons, nil
	}
	want := map[string]bool{}
	for _, slug := range only {
		if _, ok := c.Lesson(slug); !ok {
			known := make([]string, len(c.Lessons))
			for i, l := range c.Lessons {
				known[i] = l.Slug
			}
			return nil, fmt.Errorf("--only: there is no lesson %q (lessons: %s)", slug, strings.Join(known, ", "))
		}
		want[slug] = true
	}
	var out []*lesson.Lesson
	for _, l := range c.Lessons {
		if want[l.Slug] {
			out = append(out, l)
		}
	}
	return out, nil
}

// suspendLimit12 is SCORM 1.2's limit on cmi.suspend_data (CMIString4096).
const suspendLimit12 = 4096

// fitsSuspendData12 refuses a lesson whose answers might not fit SCORM
// 1.2's suspend data: web/scorm.js stores every answered check as
// "check#<id>": {"selected": <option>, "correct": <bool>}, so the worst
// case is every check answered with its longest option. Go's JSON is at
// least as long as the browser's JSON.stringify of the same data.
func fitsSuspendData12(l *lesson.Lesson) error {
	type record struct {
		Selected string `json:"selected"`
		Correct  bool   `json:"correct"`
	}
	worst := map[string]record{}
	for _, b := range l.Blocks {
		if b.Widget == nil || b.Widget.Name != "check" {
			continue
		}
		longest := ""
		for _, o := range strings.Split(b.Widget.Params["options"], "|") {
			if len(o) > len(longest) {
				longest = o
			}
		}
		worst["check#"+b.Widget.ID] = record{Selected: longest, Correct: false}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(map[string]any{"v": 1, "s": worst, "end": 1, "done": 1}); err != nil {
		return err
	}
	if n := buf.Len() - 1; n > suspendLimit12 {
		return fmt.Errorf("%s: the answers to its %d checks may need %d characters of suspend data, over SCORM 1.2's %d: shorten the options, split the lesson, or use --scorm 2004",
			l.Source, len(worst), n, suspendLimit12)
	}
	return nil
}

// scoHref is where a lesson's SCO page is in the package.
func scoHref(slug string) string { return "embed/lesson/" + slug + "/index.html" }

// Checks lists the ids of a lesson's checks, in page order.
func Checks(l *lesson.Lesson) []string { return l.Summarize().Checks }

// WriteZip writes the package as a zip: imsmanifest.xml first, then every
// file in name order, with a fixed time so that the same input gives the
// same bytes.
func (p *Package) WriteZip(w io.Writer) error {
	zw := zip.NewWriter(w)
	names := make([]string, 0, len(p.Files))
	for n := range p.Files {
		if n != ManifestName {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	stamp := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, n := range append([]string{ManifestName}, names...) {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Deflate, Modified: stamp})
		if err != nil {
			return err
		}
		if _, err := f.Write(p.Files[n]); err != nil {
			return err
		}
	}
	return zw.Close()
}

// loaderRE finds the go-app loader a page runs (app.js).
// go-app writes attributes in any order.
var loaderRE = regexp.MustCompile(`<script [^>]*\bsrc="` + regexp.QuoteMeta(renderBase) + `(app\.js)"`)

func loaderOf(page []byte) (string, error) {
	m := loaderRE.FindAllSubmatch(page, -1)
	if len(m) != 1 {
		return "", fmt.Errorf("found %d go-app loader scripts in the page, want 1", len(m))
	}
	return string(m[0][1]), nil
}

// relPath is a package path as seen from a SCO page.
func relPath(name string) string { return scoUp + path.Clean(name) }
