// Package directive is a goldmark extension for leaf block directives, the
// line syntax lessons use to place a widget:
//
//	::hashbox{text="Hello" compare="hello"}
//
// The syntax follows the generic-directive proposal for CommonMark (as in
// remark-directive): "::", a name, then optional attributes in braces. A line
// that starts like a directive but is malformed still becomes a Node, with
// Err set, so the compiler reports it as file:line instead of silently
// printing it as a paragraph.
//
// The extension has three parts, as goldmark extensions do: a block parser
// (parse.go), a transformer that numbers the directives in document order
// (below), and a renderer that writes a placeholder the compiler splits on.
// Container directives (container.go), which wrap Markdown in tabs, come
// with the same extension.
package directive

import (
	"fmt"
	"strconv"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindDirective is the ast.NodeKind of Node.
var KindDirective = ast.NewNodeKind("Directive")

// Node is one directive line.
type Node struct {
	ast.BaseBlock
	Name   string
	Attrs  map[string]string
	Keys   []string // attribute names in source order
	Err    error    // set when the line is malformed
	Offset int      // byte offset of the line in the source
	Index  int      // position among the document's directives, from 0
}

// Kind implements ast.Node.
func (n *Node) Kind() ast.NodeKind { return KindDirective }

// IsRaw implements ast.Node: a directive has no inline content.
func (n *Node) IsRaw() bool { return true }

// Dump implements ast.Node.
func (n *Node) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Name": n.Name, "Index": strconv.Itoa(n.Index)}, nil)
}

// Placeholder is what the renderer writes for the directive with index i. It
// is an HTML comment: goldmark escapes raw HTML in lessons (no WithUnsafe), so
// an author cannot forge one.
func Placeholder(i int) string { return fmt.Sprintf("<!--directive:%d-->", i) }

// Extension adds directives to a goldmark.Markdown.
var Extension goldmark.Extender = extension{}

type extension struct{}

func (extension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		// Before the paragraph parser (priority 1000) and the thematic break
		// and list parsers, none of which start with ':'.
		parser.WithBlockParsers(util.Prioritized(blockParser{}, 90), util.Prioritized(containerParser{}, 91)),
		parser.WithASTTransformers(util.Prioritized(numberer{}, 100), util.Prioritized(containerChecker{}, 101)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(htmlRenderer{}, 100), util.Prioritized(containerRenderer{}, 100)))
}

// numberer gives each directive its index in document order.
type numberer struct{}

func (numberer) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	i := 0
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if d, ok := n.(*Node); ok && entering {
			d.Index = i
			i++
		}
		return ast.WalkContinue, nil
	})
}

type htmlRenderer struct{}

func (htmlRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindDirective, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(Placeholder(n.(*Node).Index))
			_ = w.WriteByte('\n')
		}
		return ast.WalkSkipChildren, nil
	})
}

// Collect returns every directive of doc in document order.
func Collect(doc ast.Node) []*Node { return all[*Node](doc) }

// all returns every node of type T in doc, in document order.
func all[T ast.Node](doc ast.Node) []T {
	var out []T
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := n.(T); ok && entering {
			out = append(out, t)
		}
		return ast.WalkContinue, nil
	})
	return out
}
