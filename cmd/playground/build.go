//go:build !wasm

package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/consensus-lab/playground/cmd/playground/internal/compress"
	"github.com/consensus-lab/playground/cmd/playground/internal/site"
)

func buildCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("build", stderr)
	out := fs.String("out", "", "folder to write the static site into (required)")
	base := fs.String("base", "/", "URL path the site will live under, e.g. /course/")
	dir := fs.String("lessons", "", "folder of lessons (default: the built-in course)")
	version := fs.String("version", "", "cache version for the service worker (default: a hash of the content)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("build: --out DIR is required")
	}
	course, err := loadCourse(*dir, stderr)
	if err != nil {
		return err
	}
	files, err := siteFiles(ctx, stderr, compress.Best)
	if err != nil {
		return err
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

// requireWasm refuses to publish a site whose binary was built without the
// app bundles its pages load (go build instead of make build): those pages
// would load forever.
func requireWasm(s *site.Site) error {
	if missing := s.MissingBundles(); len(missing) > 0 {
		return fmt.Errorf("this binary carries no web/%s: build it with `make build` (or run `make wasm` before go build)", site.BundleWasm(missing[0]))
	}
	return nil
}
