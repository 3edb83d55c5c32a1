// Package vectors gives tests the published test vectors of shared/vectors.
//
// The files are copied into testdata/ so that a clean clone tests without
// anything beside it; TestCopiesMatchShared fails when the copies drift from
// ../shared/vectors (when that folder is present). Each test decodes the
// parts it needs into its own types, except the RFC 4231 cases, which
// more than one package needs (rfc4231.go).
package vectors

import (
	"embed"
	"encoding/json"
	"fmt"
)

//go:embed testdata/*.json testdata/*.csv testdata/*.md
var files embed.FS

// Raw returns the bytes of one vector file, e.g. "pow.json" or "bip340.csv".
func Raw(name string) ([]byte, error) {
	return files.ReadFile("testdata/" + name)
}

// Decode unmarshals one vector file into v.
func Decode(name string, v any) error {
	b, err := Raw(name)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("vectors: %s: %w", name, err)
	}
	return nil
}
