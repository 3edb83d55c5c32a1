// Command release writes the release archives, for `make release`:
//
//	release -version V [-out DIR] [-module DIR] OS/ARCH...
//
// For each platform it cross-compiles playground with the wasm embedded
// (make wasm must have run: it refuses a binary without) and writes
// DIR/playground_V_OS_ARCH.tar.gz (.zip for windows) holding one folder of
// the same name with the binary, README.md and LICENSE; then DIR/SHA256SUMS
// in the format of sha256sum, one line per archive written.
package main

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/consensus-lab/playground/cmd/playground/internal/wasmbuild"
)

func main() {
	version := flag.String("version", "", "the version to stamp (playground version prints it)")
	out := flag.String("out", "bin/release", "folder for the archives and SHA256SUMS")
	module := flag.String("module", ".", "the module's root folder")
	flag.Parse()
	if err := run(*module, *out, *version, flag.Args(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
}

// docs are the files every archive carries beside the binary.
var docs = []string{"README.md", "LICENSE"}

func run(module, out, version string, platforms []string, log io.Writer) error {
	if version == "" || strings.ContainsAny(version, `/\ `) {
		return fmt.Errorf("-version %q: want a version such as v1.2.0", version)
	}
	if len(platforms) == 0 {
		return errors.New("no platforms: name some as OS/ARCH, e.g. linux/amd64")
	}
	// A binary without the wasm still works where Go is installed, but a
	// release is for those without it.
	if missing := wasmbuild.Missing(os.DirFS(filepath.Join(module, "web", "gen"))); len(missing) > 0 {
		return fmt.Errorf("web/gen/%s is missing: run make wasm first (make release does)", missing[0])
	}
	if _, err := os.Stat(filepath.Join(module, "web", "wasm_embed.go")); err != nil {
		return errors.New("web/wasm_embed.go is missing: run make wasm first (make release does)")
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	mtime := time.Now().UTC().Truncate(time.Second)
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" { // reproducible builds
		sec, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return fmt.Errorf("SOURCE_DATE_EPOCH: %w", err)
		}
		mtime = time.Unix(sec, 0).UTC()
	}
	sums := map[string]string{} // archive name -> SHA-256
	for _, p := range platforms {
		goos, goarch, ok := strings.Cut(p, "/")
		if !ok {
			return fmt.Errorf("platform %q: want OS/ARCH", p)
		}
		start := time.Now()
		name, sum, err := archive(module, out, version, goos, goarch, mtime)
		if err != nil {
			return err
		}
		fi, err := os.Stat(filepath.Join(out, name))
		if err != nil {
			return err
		}
		fmt.Fprintf(log, "%s: %.1f MB (%.0fs)\n", filepath.Join(out, name), float64(fi.Size())/1e6, time.Since(start).Seconds())
		sums[name] = sum
	}
	return writeSums(out, sums)
}

// archive builds the binary for one platform and packs it; it returns the
// archive's name and SHA-256.
func archive(module, out, version, goos, goarch string, mtime time.Time) (name, sum string, err error) {
	base := "playground_" + version + "_" + goos + "_" + goarch
	exe := "playground"
	if goos == "windows" {
		exe += ".exe"
	}
	tmp, err := os.MkdirTemp("", "release-")
	if err != nil {
		return "", "", err
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, exe)
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w -X main.version="+version, "-o", bin, "./cmd/playground")
	cmd.Dir = module
	cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", "", fmt.Errorf("%s/%s: go build: %v\n%s", goos, goarch, err, b)
	}
	files := []member{{name: base + "/" + exe, path: bin, mode: 0o755}}
	for _, d := range docs {
		files = append(files, member{name: base + "/" + d, path: filepath.Join(module, d), mode: 0o644})
	}
	name = base + ".tar.gz"
	write := writeTarGz
	if goos == "windows" {
		name, write = base+".zip", writeZip
	}
	f, err := os.Create(filepath.Join(out, name))
	if err != nil {
		return "", "", err
	}
	h := sha256.New()
	if err := write(io.MultiWriter(f, h), files, mtime); err != nil {
		f.Close()
		return "", "", fmt.Errorf("%s: %w", name, err)
	}
	return name, hex.EncodeToString(h.Sum(nil)), f.Close()
}

type member struct {
	name, path string
	mode       int64
}

func writeTarGz(w io.Writer, files []member, mtime time.Time) error {
	gz := gzip.NewWriter(w)
	tw := tar.NewWriter(gz)
	for _, m := range files {
		b, err := os.ReadFile(m.path)
		if err != nil {
			return err
		}
		h := &tar.Header{Name: m.name, Mode: m.mode, Size: int64(len(b)), ModTime: mtime, Typeflag: tar.TypeReg, Format: tar.FormatPAX}
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		if _, err := tw.Write(b); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

func writeZip(w io.Writer, files []member, mtime time.Time) error {
	zw := zip.NewWriter(w)
	for _, m := range files {
		b, err := os.ReadFile(m.path)
		if err != nil {
			return err
		}
		h := &zip.FileHeader{Name: m.name, Method: zip.Deflate, Modified: mtime}
		h.SetMode(os.FileMode(m.mode))
		fw, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		if _, err := fw.Write(b); err != nil {
			return err
		}
	}
	return zw.Close()
}

// writeSums lists the archives with their SHA-256, as sha256sum writes
// it (so `sha256sum -c SHA256SUMS` checks a download).
func writeSums(out string, sums map[string]string) error {
	var b strings.Builder
	for _, n := range slices.Sorted(maps.Keys(sums)) {
		b.WriteString(sums[n] + "  " + n + "\n")
	}
	return os.WriteFile(filepath.Join(out, "SHA256SUMS"), []byte(b.String()), 0o644)
}
