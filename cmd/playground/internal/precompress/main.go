// Command precompress writes NAME.br and NAME.gz beside each file named on
// the command line, at the best compression. The Makefile runs it on the
// wasm builds so that neither `serve` nor `build` spends seconds on it.
package main

import (
	"fmt"
	"os"

	"github.com/consensus-lab/playground/cmd/playground/internal/compress"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: precompress FILE...")
		os.Exit(2)
	}
	for _, name := range os.Args[1:] {
		b, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintln(os.Stderr, "precompress:", err)
			os.Exit(1)
		}
		br := compress.Brotli(b, compress.Best)
		gz := compress.Gzip(b, compress.Best)
		for ext, data := range map[string][]byte{".br": br, ".gz": gz} {
			if err := os.WriteFile(name+ext, data, 0o644); err != nil {
				fmt.Fprintln(os.Stderr, "precompress:", err)
				os.Exit(1)
			}
		}
		fmt.Printf("%s: %d bytes, brotli %d, gzip %d\n", name, len(b), len(br), len(gz))
	}
}
