package main

import (
	"errors"
	"fmt"
	"path"
	"strconv"
	"strings"
)

var errOver = errors.New("over budget")

// budget is the most a wasm file may weigh once compressed. A zero gz
// means no gzip limit.
type budget struct {
	pattern string
	br, gz  float64 // MB
}

func (b budget) fits(br, gz int) bool {
	return mb(br) <= b.br && (b.gz == 0 || mb(gz) <= b.gz)
}

func (b budget) String() string {
	s := fmt.Sprintf("brotli <= %.2f MB", b.br)
	if b.gz > 0 {
		s += fmt.Sprintf(", gzip <= %.2f MB", b.gz)
	}
	return s
}

// budgetFlag collects -budget NAME=BR[/GZ]; the first pattern matching a
// file's base name applies.
type budgetFlag []budget

func (f *budgetFlag) String() string { return fmt.Sprint(*f) }

func (f *budgetFlag) Set(v string) error {
	name, limits, ok := strings.Cut(v, "=")
	if !ok || name == "" {
		return fmt.Errorf("budget %q: want NAME=BR or NAME=BR/GZ", v)
	}
	if _, err := path.Match(name, ""); err != nil {
		return fmt.Errorf("budget %q: %v", v, err)
	}
	b := budget{pattern: name}
	brs, gzs, hasGz := strings.Cut(limits, "/")
	var err error
	if b.br, err = strconv.ParseFloat(brs, 64); err != nil || b.br <= 0 {
		return fmt.Errorf("budget %q: brotli limit %q is not a positive number of MB", v, brs)
	}
	if hasGz {
		if b.gz, err = strconv.ParseFloat(gzs, 64); err != nil || b.gz <= 0 {
			return fmt.Errorf("budget %q: gzip limit %q is not a positive number of MB", v, gzs)
		}
	}
	*f = append(*f, b)
	return nil
}

func (f budgetFlag) lookup(base string) (budget, bool) {
	for _, b := range f {
		if ok, _ := path.Match(b.pattern, base); ok {
			return b, true
		}
	}
	return budget{}, false
}
