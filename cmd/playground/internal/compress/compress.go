// Package compress makes the .br and .gz twins of assets, with real encoders
// (github.com/andybalholm/brotli and compress/gzip), for the server and the
// static export.
package compress

import (
	"bytes"
	"compress/gzip"

	"github.com/andybalholm/brotli"
)

// Levels: Best for build outputs made once, Fast for work done at start-up.
const (
	Best = iota
	Fast
)

// Gzip compresses b.
func Gzip(b []byte, effort int) []byte {
	level := gzip.BestCompression
	if effort == Fast {
		level = 6
	}
	var out bytes.Buffer
	w, _ := gzip.NewWriterLevel(&out, level) // the level is valid
	_, _ = w.Write(b)
	_ = w.Close()
	return out.Bytes()
}

// Brotli compresses b.
func Brotli(b []byte, effort int) []byte {
	level := brotli.BestCompression
	if effort == Fast {
		level = 5
	}
	var out bytes.Buffer
	w := brotli.NewWriterLevel(&out, level)
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
