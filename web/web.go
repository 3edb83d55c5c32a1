// Package web holds the playground's static files: styles, scripts, icons,
// and (in gen/, built by make, never committed) the wasm binaries. They are
// embedded so that one `playground` binary serves and exports everything.
package web

import "embed"

//go:generate go run gen_icons.go

// Files is the content of this folder as served under <base>/web/. Of the
// wasm files in gen/ only the .br and .gz twins are embedded: the site
// unzips a raw file the rare time one is asked for, and the binary is
// half the size.
//
//go:embed *.css *.js *.svg *.png gen/*.br gen/*.gz
var Files embed.FS
