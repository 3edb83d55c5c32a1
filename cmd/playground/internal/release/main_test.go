package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/cmd/playground/internal/browsertest"
	"github.com/consensus-lab/playground/cmd/playground/internal/wasmbuild"
)

const module = "../../../.."

// One platform's archive, as make release writes it: one folder with the
// binary, the README and the licence; SHA256SUMS names it with its real
// checksum; and the binary (when it runs here) reports the stamped version
// and its embedded wasm.
func TestReleaseArchive(t *testing.T) {
	browsertest.RequireWasm(t, wasmbuild.Missing(os.DirFS(filepath.Join(module, "web", "gen"))))
	goos, goarch := "linux", "amd64"
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" && runtime.GOARCH == "arm64" || runtime.GOOS == "linux" && runtime.GOARCH == "arm64" {
		goos, goarch = runtime.GOOS, runtime.GOARCH // a platform of the release that runs here
	}
	out := t.TempDir()
	var log bytes.Buffer
	require.NoError(t, run(module, out, "v0.9.0-test", []string{goos + "/" + goarch}, &log))

	base := "playground_v0.9.0-test_" + goos + "_" + goarch
	name, exe := base+".tar.gz", "playground"
	if goos == "windows" {
		name, exe = base+".zip", "playground.exe"
	}
	entries, err := os.ReadDir(out)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.Equal(t, []string{"SHA256SUMS", name}, names)
	assert.Contains(t, log.String(), filepath.Join(out, name)+": ")

	archive, err := os.ReadFile(filepath.Join(out, name))
	require.NoError(t, err)
	sum := sha256.Sum256(archive)
	sums, err := os.ReadFile(filepath.Join(out, "SHA256SUMS"))
	require.NoError(t, err)
	assert.Equal(t, hex.EncodeToString(sum[:])+"  "+name+"\n", string(sums))

	files := unpack(t, name, archive)
	assert.Equal(t, []string{base + "/" + exe, base + "/README.md", base + "/LICENSE"}, files.names)
	for _, doc := range []string{"README.md", "LICENSE"} {
		want, err := os.ReadFile(filepath.Join(module, doc))
		require.NoError(t, err)
		assert.Equal(t, string(want), string(files.data[base+"/"+doc]), doc)
		assert.Equal(t, os.FileMode(0o644), files.mode[base+"/"+doc].Perm())
	}
	assert.Equal(t, os.FileMode(0o755), files.mode[base+"/"+exe].Perm())

	if goos != runtime.GOOS || goarch != runtime.GOARCH {
		t.Logf("the %s/%s binary does not run here: its version is not checked", goos, goarch)
		return
	}
	bin := filepath.Join(t.TempDir(), exe)
	require.NoError(t, os.WriteFile(bin, files.data[base+"/"+exe], 0o755))
	v, err := exec.Command(bin, "version").Output()
	require.NoError(t, err)
	assert.Equal(t, "playground v0.9.0-test ("+runtime.Version()+" "+goos+"/"+goarch+", wasm embedded)\n", string(v))
}

type unpacked struct {
	names []string
	data  map[string][]byte
	mode  map[string]os.FileMode
}

func unpack(t *testing.T, name string, archive []byte) unpacked {
	t.Helper()
	u := unpacked{data: map[string][]byte{}, mode: map[string]os.FileMode{}}
	add := func(n string, mode os.FileMode, r io.Reader) {
		b, err := io.ReadAll(r)
		require.NoError(t, err)
		u.names = append(u.names, n)
		u.data[n], u.mode[n] = b, mode
	}
	if strings.HasSuffix(name, ".zip") {
		zr, err := zip.NewReader(bytes.NewReader(archive), int64(len(archive)))
		require.NoError(t, err)
		for _, f := range zr.File {
			rc, err := f.Open()
			require.NoError(t, err)
			add(f.Name, f.Mode(), rc)
			rc.Close()
		}
		return u
	}
	gz, err := gzip.NewReader(bytes.NewReader(archive))
	require.NoError(t, err)
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return u
		}
		require.NoError(t, err)
		require.Equal(t, byte(tar.TypeReg), h.Typeflag, h.Name)
		add(h.Name, h.FileInfo().Mode(), tr)
	}
}

// A release without its wasm is refused before anything is built.
func TestReleaseNeedsWasm(t *testing.T) {
	empty := t.TempDir()
	err := run(empty, t.TempDir(), "v1.0.0", []string{"linux/amd64"}, io.Discard)
	assert.ErrorContains(t, err, "is missing: run make wasm first (make release does)")
	assert.ErrorContains(t, run(module, t.TempDir(), "", []string{"linux/amd64"}, io.Discard), "want a version")
}
