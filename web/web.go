// Package web holds the playground's static files: styles, scripts, icons,
// and (in gen/, built by make, never committed) the wasm binaries. They are
// embedded so that one `playground` binary serves and exports everything.
package web

import (
	"embed"
	"errors"
	"io"
	"io/fs"
	"slices"
	"strings"
)

//go:generate go run gen_icons.go

//go:embed *.css *.js *.svg *.png
var static embed.FS

// Files is the content of this folder as served under <base>/web/: the
// static files, plus the wasm files' .br and .gz twins in gen/ when `make
// wasm` built them before this package was compiled. make then writes
// wasm_embed.go (never committed), which embeds them; without it (a fresh
// clone, `go install`) the package compiles all the same, and the binary
// builds the wasm on first use instead (see WithGen). Only the twins are
// embedded: the site unzips a raw file the rare time one is asked for, and
// the binary is half the size.
var Files fs.FS = static

// WithGen is the static files with gen as the gen/ folder: the wasm
// twins a binary without embedded wasm built into its cache.
func WithGen(gen fs.FS) fs.FS { return withGen{gen} }

// withGen joins the two folders without copying either: the site reads
// every file once at start-up, and the twins are tens of megabytes.
type withGen struct{ gen fs.FS }

func (f withGen) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if rest, ok := strings.CutPrefix(name, "gen/"); ok {
		file, err := f.gen.Open(rest)
		var pe *fs.PathError
		if errors.As(err, &pe) {
			pe.Path = name
		}
		return file, err
	}
	switch name {
	case "gen":
		d, err := f.gen.Open(".")
		if err != nil {
			return nil, &fs.PathError{Op: "open", Path: name, Err: err}
		}
		return renamedDir{d.(fs.ReadDirFile), "gen"}, nil
	case ".":
		d, err := static.Open(".")
		if err != nil {
			return nil, err
		}
		return &rootDir{ReadDirFile: d.(fs.ReadDirFile), gen: f.gen}, nil
	}
	return static.Open(name)
}

// renamedDir is a folder shown under another name (gen's own root is ".").
type renamedDir struct {
	fs.ReadDirFile
	name string
}

func (d renamedDir) Stat() (fs.FileInfo, error) {
	fi, err := d.ReadDirFile.Stat()
	if err != nil {
		return nil, err
	}
	return dirInfo{fi, d.name}, nil
}

type dirInfo struct {
	fs.FileInfo
	name string
}

func (i dirInfo) Name() string { return i.name }

// rootDir lists gen/ among the static files.
type rootDir struct {
	fs.ReadDirFile
	gen  fs.FS
	list []fs.DirEntry // what is left to list, once read
	read bool
}

func (d *rootDir) ReadDir(n int) ([]fs.DirEntry, error) {
	if !d.read {
		entries, err := d.ReadDirFile.ReadDir(-1)
		if err != nil {
			return nil, err
		}
		fi, err := fs.Stat(d.gen, ".")
		if err != nil {
			return nil, &fs.PathError{Op: "readdir", Path: "gen", Err: err}
		}
		d.list = append(entries, fs.FileInfoToDirEntry(dirInfo{fi, "gen"}))
		slices.SortFunc(d.list, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
		d.read = true
	}
	if n <= 0 {
		out := d.list
		d.list = nil
		return out, nil
	}
	if len(d.list) == 0 {
		return nil, io.EOF
	}
	out := d.list[:min(n, len(d.list))]
	d.list = d.list[len(out):]
	return out, nil
}
