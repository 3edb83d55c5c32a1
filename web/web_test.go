package web

import (
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// WithGen is a well-behaved file system: the static files and gen/ side by
// side, as the site walks them.
func TestWithGen(t *testing.T) {
	gen := fstest.MapFS{"app.wasm.br": {Data: []byte("BR")}, "app.wasm.gz": {Data: []byte("GZ")}}
	files := WithGen(gen)
	require.NoError(t, fstest.TestFS(files, "style.css", "go-worker.js", "gen/app.wasm.br", "gen/app.wasm.gz"))

	b, err := fs.ReadFile(files, "gen/app.wasm.br")
	require.NoError(t, err)
	assert.Equal(t, "BR", string(b))
	_, err = fs.Stat(files, "gen/nope.wasm.br")
	assert.ErrorIs(t, err, fs.ErrNotExist)
	_, err = files.Open("gen/../style.css")
	assert.ErrorIs(t, err, fs.ErrInvalid)
}
