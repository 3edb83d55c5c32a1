// Package widgetspec declares every widget a lesson may place and the
// parameters each one takes. It is pure data with no go-app import, so the
// native lesson compiler can reject a misspelt widget or a bad parameter at
// check time, and the browser can clamp parameters that arrive in an embed URL.
//
// The go-app components that draw the widgets live in the topic packages of
// app (written from app/kit, which takes every input's bounds from here);
// a test of the registry in package app checks that every spec has a
// component and every component a spec.
package widgetspec

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Kind is the type of a parameter value.
type Kind int

const (
	// String parameters take any text up to MaxLen bytes.
	String Kind = iota
	// Int parameters take a base-10 integer within [Min, Max].
	Int
	// Bool parameters take true or false.
	Bool
	// Enum parameters take one of Choices.
	Enum
)

// Param describes one widget parameter.
type Param struct {
	Name    string
	Kind    Kind
	Default string
	Doc     string
	Min     int      // Int only
	Max     int      // Int only
	MaxLen  int      // String only; 0 means 256
	Choices []string // Enum only
}

// Spec describes one widget.
type Spec struct {
	Name   string // the name lessons and embed URLs use, e.g. "hashbox"
	Title  string // what the widget is called on the page
	Doc    string
	Params []Param
	// Validate, when set, checks what single parameters cannot: how they
	// fit together. It sees the values after defaults are filled in.
	Validate func(values map[string]string) error
}

// Param returns the parameter called name.
func (s Spec) Param(name string) (Param, bool) {
	for _, p := range s.Params {
		if p.Name == name {
			return p, true
		}
	}
	return Param{}, false
}

var registry = map[string]Spec{}

// Register adds a spec; it panics on a duplicate because that is a
// programming error caught by every test run.
func Register(s Spec) {
	if _, dup := registry[s.Name]; dup {
		panic("widgetspec: duplicate widget " + s.Name)
	}
	registry[s.Name] = s
}

// Lookup returns the spec of a widget.
func Lookup(name string) (Spec, bool) {
	s, ok := registry[name]
	return s, ok
}

// Names lists every registered widget, sorted.
func Names() []string {
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Check validates params strictly, as the lesson compiler needs: an unknown
// parameter or a value out of range is an error. Messages name the
// parameter and say what would be accepted.
func (s Spec) Check(params map[string]string) []error {
	var errs []error
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		p, ok := s.Param(k)
		if !ok {
			errs = append(errs, fmt.Errorf("widget %q has no parameter %q (it takes: %s)", s.Name, k, s.paramList()))
			continue
		}
		if _, note := p.clamp(params[k]); note != "" {
			errs = append(errs, fmt.Errorf("widget %q: %s", s.Name, note))
		}
	}
	if s.Validate != nil && len(errs) == 0 {
		values, _ := s.Resolve(params)
		if err := s.Validate(values); err != nil {
			errs = append(errs, fmt.Errorf("widget %q: %v", s.Name, err))
		}
	}
	return errs
}

// Resolve fills defaults and clamps every value into range, as a widget does
// with parameters from a URL: it never fails, and each note says what was
// changed so the widget can show it.
func (s Spec) Resolve(params map[string]string) (values map[string]string, notes []string) {
	values = make(map[string]string, len(s.Params))
	for _, p := range s.Params {
		values[p.Name] = p.Default
	}
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		p, ok := s.Param(k)
		if !ok {
			notes = append(notes, fmt.Sprintf("ignored unknown parameter %q", k))
			continue
		}
		v, note := p.clamp(params[k])
		values[k] = v
		if note != "" {
			notes = append(notes, note)
		}
	}
	return values, notes
}

func (s Spec) paramList() string {
	if len(s.Params) == 0 {
		return "no parameters"
	}
	names := make([]string, len(s.Params))
	for i, p := range s.Params {
		names[i] = p.Name
	}
	return strings.Join(names, ", ")
}

// clamp returns a valid value for v and, when v was not valid as given, a
// note saying what was used instead.
func (p Param) clamp(v string) (string, string) {
	switch p.Kind {
	case Int:
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return p.Default, fmt.Sprintf("%s=%q is not a whole number; using %s", p.Name, v, p.Default)
		}
		if n < p.Min {
			return strconv.Itoa(p.Min), fmt.Sprintf("%s=%d is below the minimum %d; using %d", p.Name, n, p.Min, p.Min)
		}
		if n > p.Max {
			return strconv.Itoa(p.Max), fmt.Sprintf("%s=%d is above the maximum %d; using %d", p.Name, n, p.Max, p.Max)
		}
		return strconv.Itoa(n), ""
	case Bool:
		switch v {
		case "true", "false":
			return v, ""
		}
		return p.Default, fmt.Sprintf("%s=%q is not true or false; using %s", p.Name, v, p.Default)
	case Enum:
		for _, c := range p.Choices {
			if v == c {
				return v, ""
			}
		}
		return p.Default, fmt.Sprintf("%s=%q is not one of %s; using %s", p.Name, v, strings.Join(p.Choices, ", "), p.Default)
	default:
		limit := p.MaxLen
		if limit == 0 {
			limit = 256
		}
		if len(v) > limit {
			return truncateUTF8(v, limit), fmt.Sprintf("%s is %d bytes long, over the limit of %d; cut to fit", p.Name, len(v), limit)
		}
		return v, ""
	}
}

// truncateUTF8 cuts s to at most n bytes without splitting a character.
func truncateUTF8(s string, n int) string {
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
