package directive

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

type blockParser struct{}

func (blockParser) Trigger() []byte { return []byte{':'} }

func (blockParser) Open(_ ast.Node, reader text.Reader, _ parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	// Only "::" followed by a letter starts a directive: a lone "::" or
	// "::: note" (container syntax, not supported) stays text.
	if !bytes.HasPrefix(line, []byte("::")) || len(line) < 3 || !isLower(line[2]) {
		return nil, parser.NoChildren
	}
	n := &Node{Offset: seg.Start}
	n.Name, n.Attrs, n.Keys, n.Err = ParseLine(string(bytes.TrimRight(line, "\r\n")))
	// Leave the newline to the reader, as goldmark's own leaf parsers do;
	// consuming it would swallow the next line.
	if n := seg.Len(); n > 0 && line[len(line)-1] == '\n' {
		reader.Advance(n - 1)
	} else {
		reader.Advance(n)
	}
	return n, parser.NoChildren
}

func (blockParser) Continue(ast.Node, text.Reader, parser.Context) parser.State { return parser.Close }
func (blockParser) Close(ast.Node, text.Reader, parser.Context)                 {}
func (blockParser) CanInterruptParagraph() bool                                 { return true }
func (blockParser) CanAcceptIndentedLine() bool                                 { return false }

// ParseLine parses one directive line, `::name` or `::name{k=v k2="v 2"}`.
// Values are unquoted (no spaces, quotes or braces) or double-quoted with
// backslash escapes for `"` and `\`. Names and keys are lower case letters,
// digits and '-', starting with a letter. Errors say what was expected where.
func ParseLine(line string) (name string, attrs map[string]string, keys []string, err error) {
	s := strings.TrimSpace(line)
	if !strings.HasPrefix(s, "::") {
		return "", nil, nil, fmt.Errorf("a directive starts with \"::\"")
	}
	s = s[2:]
	i := 0
	for i < len(s) && isIdent(s[i]) {
		i++
	}
	name = s[:i]
	if name == "" || !isLower(name[0]) {
		return "", nil, nil, fmt.Errorf("a directive needs a name after \"::\" (lower-case letters, digits, '-')")
	}
	rest := s[i:]
	attrs = map[string]string{}
	if rest == "" {
		return name, attrs, nil, nil
	}
	if rest[0] != '{' {
		return name, nil, nil, fmt.Errorf("::%s: expected '{' or the end of the line, found %q", name, rest)
	}
	rest = rest[1:]
	for {
		rest = strings.TrimLeft(rest, " \t")
		if rest == "" {
			return name, nil, nil, fmt.Errorf("::%s: missing '}' at the end of the attributes", name)
		}
		if rest[0] == '}' {
			if tail := strings.TrimSpace(rest[1:]); tail != "" {
				return name, nil, nil, fmt.Errorf("::%s: unexpected %q after '}'", name, tail)
			}
			return name, attrs, keys, nil
		}
		j := 0
		for j < len(rest) && isIdent(rest[j]) {
			j++
		}
		key := rest[:j]
		if key == "" || !isLower(key[0]) {
			return name, nil, nil, fmt.Errorf("::%s: expected an attribute name, found %q", name, rest)
		}
		rest = rest[j:]
		if rest == "" || rest[0] != '=' {
			return name, nil, nil, fmt.Errorf("::%s: attribute %q needs '=' and a value", name, key)
		}
		rest = rest[1:]
		var val string
		if strings.HasPrefix(rest, `"`) {
			val, rest, err = unquote(rest)
			if err != nil {
				return name, nil, nil, fmt.Errorf("::%s: attribute %q: %v", name, key, err)
			}
		} else {
			k := 0
			for k < len(rest) && !strings.ContainsRune(" \t\"{}", rune(rest[k])) {
				k++
			}
			if k == 0 {
				return name, nil, nil, fmt.Errorf("::%s: attribute %q has an empty value (quote it: %s=\"\")", name, key, key)
			}
			val, rest = rest[:k], rest[k:]
		}
		if _, dup := attrs[key]; dup {
			return name, nil, nil, fmt.Errorf("::%s: attribute %q is given twice", name, key)
		}
		attrs[key] = val
		keys = append(keys, key)
	}
}

func unquote(s string) (val, rest string, err error) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			return b.String(), s[i+1:], nil
		case '\\':
			if i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\') {
				b.WriteByte(s[i+1])
				i++
				continue
			}
			return "", "", fmt.Errorf("only \\\" and \\\\ are escapes inside quotes")
		default:
			b.WriteByte(c)
		}
	}
	return "", "", fmt.Errorf("the closing quote is missing")
}

func isLower(c byte) bool { return c >= 'a' && c <= 'z' }
func isIdent(c byte) bool { return isLower(c) || c >= '0' && c <= '9' || c == '-' }
