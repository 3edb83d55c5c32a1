package lessons

import (
	"bytes"
	"html"
	"strings"

	"github.com/yuin/goldmark/ast"

	"github.com/consensus-lab/playground/lessons/lesson"
)

// searchIndex collects a lesson's second-level headings (with the anchors
// goldmark gave them) and its prose as lower-case text, for the client-side
// search on the home page (package lessons/search). Both are plain text:
// the typographer's entities (&ldquo;, &rsquo;) are decoded, since the
// browser shows them as text, not HTML.
func searchIndex(doc ast.Node, src []byte) ([]lesson.Section, string) {
	var (
		sections []lesson.Section
		text     bytes.Buffer
	)
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			if n.Level == 2 {
				id, _ := n.AttributeString("id")
				idb, _ := id.([]byte)
				sections = append(sections, lesson.Section{ID: string(idb), Title: html.UnescapeString(plainText(n, src))})
			}
		case *ast.Text:
			text.Write(n.Segment.Value(src))
			text.WriteByte(' ')
		case *ast.String:
			text.Write(n.Value)
		case *ast.CodeSpan:
			text.WriteString(plainText(n, src) + " ")
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return sections, strings.Join(strings.Fields(strings.ToLower(html.UnescapeString(text.String()))), " ")
}

// plainText is the text of a node's inline children.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
		case *ast.String:
			b.Write(c.Value)
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}
