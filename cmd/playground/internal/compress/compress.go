// Package compress makes the .br and .gz twins of assets, with real encoders
// (github.com/andybalholm/brotli and compress/gzip), for the server and the
// static export.
package compress

import (
	"bytes"
	"compress/gzip"
	"fmt"

	"github.com/andybalholm/brotli"
)

// Levels, chosen by measurement on a 10 MB app wasm (app-pow.wasm, on the
// shared two-core machine under load; brotli, then gzip):
//
//	Best     brotli 11, gzip 9: 1.59 MB in 425 s, 2.23 MB in 8.2 s
//	Fast     brotli 5,  gzip 6: 1.87 MB in 6.6 s, 2.25 MB in 3.3 s
//	Fastest  brotli 1,  gzip 1: 2.50 MB in 1.7 s, 2.78 MB in 1.2 s
//
// Best is for what is published (make build, dist, release, and the size
// budgets: only it keeps the app under 1.8 MB); Fast for work done at
// start-up; Fastest for builds that only tests download, where the size is
// not under test.
const (
	Best = iota
	Fast
	Fastest
)

var levels = [...]struct{ brotli, gzip int }{
	Best:    {brotli.BestCompression, gzip.BestCompression},
	Fast:    {5, 6},
	Fastest: {1, 1},
}

var levelNames = [...]string{Best: "best", Fast: "fast", Fastest: "fastest"}

// LevelName is the name ParseLevel reads.
func LevelName(level int) string { return levelNames[level] }

// ParseLevel reads a level by name: "best", "fast" or "fastest".
func ParseLevel(name string) (int, error) {
	for i, n := range levelNames {
		if n == name {
			return i, nil
		}
	}
	return 0, fmt.Errorf("compression level %q: want best, fast or fastest", name)
}

// Gzip compresses b.
func Gzip(b []byte, level int) []byte {
	var out bytes.Buffer
	w, _ := gzip.NewWriterLevel(&out, levels[level].gzip) // the level is valid
	_, _ = w.Write(b)
	_ = w.Close()
	return out.Bytes()
}

// Brotli compresses b.
func Brotli(b []byte, level int) []byte {
	var out bytes.Buffer
	w := brotli.NewWriterLevel(&out, levels[level].brotli)
	_, _ = w.Write(b)
	_ = w.Close()
	return out.Bytes()
}

// Worth reports whether compressing a file of this name and size helps:
// images are already compressed and tiny files gain nothing.
func Worth(name string, size int) bool {
	if size < 512 {
		return false
	}
	for _, ext := range []string{".png", ".jpg", ".jpeg", ".webp", ".gif", ".woff2", ".br", ".gz"} {
		if len(name) >= len(ext) && name[len(name)-len(ext):] == ext {
			return false
		}
	}
	return true
}
