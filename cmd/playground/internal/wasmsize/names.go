package main

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Module is what the size report needs from a wasm binary: the size of
// each function body with its name, and the bytes of the data segments
// (Go puts type descriptors, the pc tables, strings and initialised
// variables there).
type Module struct {
	Funcs []Func
	Data  int
}

// Func is one function body of the code section.
type Func struct {
	Name string // from the name section; "" when the binary is stripped
	Size int    // bytes of the body
}

// Parse reads the sections of a wasm binary. Only the import, code, data and
// name sections are decoded; the others are skipped by their length.
func Parse(b []byte) (Module, error) {
	var m Module
	if len(b) < 8 || string(b[:4]) != "\x00asm" {
		return m, errors.New("not a wasm binary")
	}
	r := reader{b: b, i: 8}
	imported := 0 // imported functions take the first function indices
	names := map[int]string{}
	for r.i < len(b) {
		id := r.byte()
		size := r.uleb()
		if r.err != nil || r.i+size > len(b) {
			return m, errors.New("truncated section")
		}
		sec := reader{b: b[:r.i+size], i: r.i}
		r.i += size
		switch id {
		case 2: // imports
			for n := sec.uleb(); n > 0 && sec.err == nil; n-- {
				sec.skipName()
				sec.skipName()
				switch kind := sec.byte(); kind {
				case 0: // function: type index
					sec.uleb()
					imported++
				case 1: // table: element type, limits
					sec.byte()
					sec.limits()
				case 2: // memory: limits
					sec.limits()
				case 3: // global: value type, mutability
					sec.byte()
					sec.byte()
				default:
					return m, fmt.Errorf("unknown import kind %d", kind)
				}
			}
		case 10: // code
			for n := sec.uleb(); n > 0 && sec.err == nil; n-- {
				body := sec.uleb()
				m.Funcs = append(m.Funcs, Func{Size: body})
				sec.i += body
			}
		case 11: // data
			m.Data += size
		case 0: // custom: only "name", subsection 1 (function names)
			if sec.name() != "name" {
				continue
			}
			for sec.i < len(sec.b) && sec.err == nil {
				sub := sec.byte()
				subSize := sec.uleb()
				end := sec.i + subSize
				if sub == 1 {
					for n := sec.uleb(); n > 0 && sec.err == nil; n-- {
						idx := sec.uleb()
						names[idx] = sec.name()
					}
				}
				sec.i = end
			}
		}
		if sec.err != nil {
			return m, fmt.Errorf("section %d: %w", id, sec.err)
		}
	}
	for i := range m.Funcs {
		m.Funcs[i].Name = names[imported+i]
	}
	return m, nil
}

// Code is the total size of the function bodies.
func (m Module) Code() int {
	n := 0
	for _, f := range m.Funcs {
		n += f.Size
	}
	return n
}

// Weight is the code size one package contributes.
type Weight struct {
	Package string
	Size    int
}

// ByPackage sums function sizes per Go package, largest first.
func (m Module) ByPackage() []Weight {
	sums := map[string]int{}
	for _, f := range m.Funcs {
		sums[PackageOf(f.Name)] += f.Size
	}
	out := make([]Weight, 0, len(sums))
	for p, s := range sums {
		out = append(out, Weight{p, s})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Size != out[j].Size {
			return out[i].Size > out[j].Size
		}
		return out[i].Package < out[j].Package
	})
	return out
}

// PackageOf returns the package part of a Go function name as the wasm
// linker writes it: the import path with "/" and "-" turned into "_", then
// ".", then the function ("github.com_a_b.(*T).M" comes out as
// "github.com_a_b.__T_.M"). The package ends at the first dot that is not
// part of a host name such as github.com.
func PackageOf(name string) string {
	if name == "" {
		return "(unnamed)"
	}
	for i := 0; i < len(name); i++ {
		if name[i] != '.' {
			continue
		}
		rest := name[i+1:]
		host := false
		for _, tld := range []string{"com_", "org_", "in_", "io_", "net_", "dev_"} {
			if strings.HasPrefix(rest, tld) {
				host = true
				break
			}
		}
		if !host {
			return name[:i]
		}
	}
	return name
}

// reader decodes the LEB128 integers and names of a wasm binary and
// remembers the first error instead of panicking on short input.
type reader struct {
	b   []byte
	i   int
	err error
}

func (r *reader) byte() byte {
	if r.i >= len(r.b) {
		r.err = errors.New("unexpected end")
		return 0
	}
	c := r.b[r.i]
	r.i++
	return c
}

func (r *reader) uleb() int {
	var v uint64
	for shift := 0; shift < 35; shift += 7 {
		c := r.byte()
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return int(v)
		}
	}
	if r.err == nil {
		r.err = errors.New("LEB128 number too long")
	}
	return 0
}

func (r *reader) name() string {
	n := r.uleb()
	if r.err != nil || r.i+n > len(r.b) {
		r.err = errors.New("name runs past its section")
		return ""
	}
	s := string(r.b[r.i : r.i+n])
	r.i += n
	return s
}

func (r *reader) skipName() { r.name() }

func (r *reader) limits() {
	if r.byte()&1 != 0 {
		r.uleb()
	}
	r.uleb()
}
