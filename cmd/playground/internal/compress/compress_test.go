package compress

import (
	"bytes"
	"compress/gzip"
	"io"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRoundTrips(t *testing.T) {
	in := bytes.Repeat([]byte("proof of work, proof of stake; "), 400)
	for _, effort := range []int{Best, Fast, Fastest} {
		gz := Gzip(in, effort)
		r, err := gzip.NewReader(bytes.NewReader(gz))
		require.NoError(t, err)
		out, err := io.ReadAll(r)
		require.NoError(t, err)
		assert.Equal(t, in, out)
		assert.Less(t, len(gz), len(in)/10)

		br := Brotli(in, effort)
		out, err = io.ReadAll(brotli.NewReader(bytes.NewReader(br)))
		require.NoError(t, err)
		assert.Equal(t, in, out)
		assert.Less(t, len(br), len(in)/10)
	}
}

func TestWorth(t *testing.T) {
	assert.True(t, Worth("app.wasm", 1<<20))
	assert.True(t, Worth("style.css", 4000))
	assert.False(t, Worth("style.css", 100))
	assert.False(t, Worth("icon-512.png", 4000))
	assert.False(t, Worth("app.wasm.br", 1<<20))
}

func TestParseLevel(t *testing.T) {
	for name, want := range map[string]int{"best": Best, "fast": Fast, "fastest": Fastest} {
		got, err := ParseLevel(name)
		require.NoError(t, err)
		assert.Equal(t, want, got)
	}
	_, err := ParseLevel("max")
	assert.EqualError(t, err, `compression level "max": want best, fast or fastest`)
}
