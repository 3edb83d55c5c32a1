package site

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/consensus-lab/playground/cmd/playground/internal/compress"
)

// asset is one file under <base>/web/, held in memory with its compressed
// twins. Serving from a map (never from a disk path built from the URL)
// makes path traversal impossible by construction.
type asset struct {
	name  string // path below web/, e.g. "gen/app.wasm"
	ctype string
	raw   []byte // see body
	size  int    // of raw
	br    []byte // nil when not worth it
	gz    []byte
	etag  string
	// unzip, when set, makes raw from gz on first use: the binary embeds
	// only the twins of the wasm files (see web.Files), and few requests
	// ever want them uncompressed.
	unzip sync.Once
}

// body is the uncompressed content.
func (a *asset) body() []byte {
	a.unzip.Do(func() {
		if a.raw == nil && a.gz != nil {
			raw, err := gunzip(a.gz)
			if err != nil {
				panic("site: " + a.name + ".gz: " + err.Error()) // embedded at build time: cannot happen
			}
			a.raw = raw
		}
	})
	return a.raw
}

func init() {
	// The platform's MIME table may lack these (and serving wasm as
	// anything else breaks instantiateStreaming).
	for ext, t := range map[string]string{
		".wasm": "application/wasm", ".js": "text/javascript; charset=utf-8",
		".css": "text/css; charset=utf-8", ".json": "application/json",
		".svg": "image/svg+xml", ".png": "image/png", ".md": "text/markdown; charset=utf-8",
		".webmanifest": "application/manifest+json",
	} {
		_ = mime.AddExtensionType(ext, t)
	}
}

func contentType(name string) string {
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// assetSet is every file of the site's web/ folder plus generated data.
type assetSet map[string]*asset

// loadAssets reads every file of fsys. Twins named x.br / x.gz (made by the
// Makefile with the best settings) are attached to x; other files worth
// compressing are compressed here, quickly.
func loadAssets(fsys fs.FS) (assetSet, error) {
	files := map[string][]byte{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if strings.HasSuffix(p, ".go") || path.Base(p) == "README.md" {
			return nil // generators and notes, not part of the site
		}
		b, err := fs.ReadFile(fsys, p)
		files[p] = b
		return err
	})
	if err != nil {
		return nil, err
	}
	set := assetSet{}
	for p, b := range files {
		if twin, ok := strings.CutSuffix(p, ".gz"); ok {
			if _, hasRaw := files[twin]; !hasRaw {
				if err := set.addTwins(twin, files[twin+".br"], b); err != nil {
					return nil, fmt.Errorf("%s: %w", p, err)
				}
			}
			continue
		}
		if strings.HasSuffix(p, ".br") {
			continue
		}
		set.add(p, b, files[p+".br"], files[p+".gz"])
	}
	return set, nil
}

// addTwins stores a file known only by its compressed twins. Its ETag
// comes from the gzip twin, which make writes deterministically, so it
// still changes exactly when the file does.
func (s assetSet) addTwins(name string, br, gz []byte) error {
	size, err := gzipSize(gz)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(gz)
	s[name] = &asset{name: name, ctype: contentType(name), size: size, br: br, gz: gz, etag: hex.EncodeToString(sum[:8])}
	return nil
}

// gzipSize reads the uncompressed size from a gzip member's trailer (RFC
// 1952: ISIZE, the size modulo 2^32), after checking the header.
func gzipSize(gz []byte) (int, error) {
	if len(gz) < 18 || gz[0] != 0x1f || gz[1] != 0x8b {
		return 0, errors.New("not a gzip file")
	}
	return int(binary.LittleEndian.Uint32(gz[len(gz)-4:])), nil
}

func gunzip(gz []byte) ([]byte, error) {
	r, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

// add stores a file, compressing it when no twins are given.
func (s assetSet) add(name string, raw, br, gz []byte) {
	if br == nil && gz == nil && compress.Worth(name, len(raw)) {
		if len(raw) > 4<<20 {
			gz = compress.Gzip(raw, compress.Fast) // brotli is too slow at start-up for wasm
		} else {
			br, gz = compress.Brotli(raw, compress.Fast), compress.Gzip(raw, compress.Fast)
		}
	}
	sum := sha256.Sum256(raw)
	s[name] = &asset{name: name, ctype: contentType(name), raw: raw, size: len(raw), br: br, gz: gz, etag: hex.EncodeToString(sum[:8])}
}

// names lists the assets, sorted.
func (s assetSet) names() []string {
	out := make([]string, 0, len(s))
	for n := range s {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// digest fingerprints every asset: the build's version.
func (s assetSet) digest() string {
	h := sha256.New()
	for _, n := range s.names() {
		h.Write([]byte(n))
		h.Write([]byte(s[n].etag))
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// serve answers GET/HEAD for one asset with content negotiation.
func (a *asset) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Vary", "Accept-Encoding")
	var body []byte
	enc := ""
	switch accepts := r.Header.Get("Accept-Encoding"); {
	case a.br != nil && acceptsEncoding(accepts, "br"):
		body, enc = a.br, "br"
	case a.gz != nil && acceptsEncoding(accepts, "gzip"):
		body, enc = a.gz, "gzip"
	default:
		body = a.body()
	}
	etag := `"` + a.etag + enc + `"`
	h.Set("ETag", etag)
	// Revalidate every time: cheap with the ETag, and the service worker is
	// what keeps the site working offline.
	h.Set("Cache-Control", "no-cache")
	h.Set("Content-Type", a.ctype)
	if enc != "" {
		h.Set("Content-Encoding", enc)
	}
	if strings.HasSuffix(a.name, ".wasm") {
		// go-app's loader shows progress against this (Content-Length is
		// the compressed size when an encoding is used).
		h.Set("X-Uncompressed-Length", strconv.Itoa(a.size))
	}
	if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// acceptsEncoding reads an Accept-Encoding header (RFC 9110 12.5.3): the
// coding must be listed (or "*") with a q-value above zero.
func acceptsEncoding(header, coding string) bool {
	star := false
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(k, "q") {
				if f, err := strconv.ParseFloat(v, 64); err == nil {
					q = f
				}
			}
		}
		switch name {
		case coding:
			return q > 0
		case "*":
			star = q > 0
		}
	}
	return star
}
