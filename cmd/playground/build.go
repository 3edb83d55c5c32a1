//go:build !wasm

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/consensus-lab/playground/cmd/playground/internal/compress"
	"github.com/consensus-lab/playground/cmd/playground/internal/scorm"
	"github.com/consensus-lab/playground/cmd/playground/internal/site"
	"github.com/consensus-lab/playground/lessons"
)

func buildCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("build", stderr)
	out := fs.String("out", "", "folder to write the static site into (required)")
	base := fs.String("base", "/", "URL path the site will live under, e.g. /course/")
	dir := fs.String("lessons", "", "folder of lessons (default: the built-in course)")
	version := fs.String("version", "", "cache version for the service worker (default: a hash of the content)")
	scormVersion := fs.String("scorm", "", "write a SCORM package (1.2 or 2004) to --out FILE.zip instead of a site")
	only := fs.String("only", "", "with --scorm: the lessons to package, as slug,slug (default: all)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		if *scormVersion != "" {
			return errors.New("build: --out FILE.zip is required")
		}
		return errors.New("build: --out DIR is required")
	}
	if *scormVersion == "" && *only != "" {
		return errors.New("build: --only goes with --scorm")
	}
	course, err := loadCourse(*dir, stderr)
	if err != nil {
		return err
	}
	files, err := siteFiles(ctx, stderr, compress.Best)
	if err != nil {
		return err
	}
	if *scormVersion != "" {
		if *base != "/" {
			return errors.New("build: --base does not apply to --scorm: a package works under any path the LMS serves it from")
		}
		return buildSCORM(course, files, *scormVersion, *only, *out, stdout)
	}
	s, err := site.New(site.Config{Course: course, Web: files, Base: *base, Version: *version})
	if err != nil {
		return err
	}
	if err := requireWasm(s); err != nil {
		return err
	}
	if err := s.Export(*out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d pages of %d lessons to %s (base %s, version %s)\n", len(s.Pages()), len(course.Lessons), *out, *base, s.Version())
	return nil
}

// buildSCORM writes an LMS package of the course's lessons (or those named
// in only) to out.
func buildSCORM(course *lessons.Course, files fs.FS, version, only, out string, stdout io.Writer) error {
	v, err := scorm.ParseVersion(version)
	if err != nil {
		return err
	}
	var slugs []string
	for _, s := range strings.Split(only, ",") {
		if s = strings.TrimSpace(s); s != "" {
			slugs = append(slugs, s)
		}
	}
	p, err := scorm.Build(scorm.Config{Course: course, Web: files, Only: slugs, Version: v})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := p.WriteZip(&buf); err != nil {
		return err
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote a SCORM %s package of %d lessons (%d files, %d bytes) to %s\n", v, len(p.Lessons), len(p.Files), buf.Len(), out)
	return nil
}

// requireWasm refuses to publish a site whose binary was built without the
// wasm its pages load (go build instead of make build): those pages
// would load forever.
func requireWasm(s *site.Site) error {
	if missing := s.MissingWasm(); len(missing) > 0 {
		return fmt.Errorf("this binary carries no web/%s: build it with `make build` (or run `make wasm` before go build)", missing[0])
	}
	return nil
}
