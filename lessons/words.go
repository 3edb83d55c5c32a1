package lessons

import (
	"bytes"

	"github.com/yuin/goldmark/ast"

	"github.com/consensus-lab/playground/lessons/search"
)

// readingMinutes estimates reading time at 200 words a minute, rounded up,
// counting prose and code but not front matter.
func readingMinutes(doc ast.Node, src []byte) int {
	words := 0
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || n.Type() != ast.TypeBlock {
			return ast.WalkContinue, nil
		}
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			words += len(bytes.Fields(seg.Value(src)))
		}
		return ast.WalkContinue, nil
	})
	if words == 0 {
		return 1
	}
	return (words + 199) / 200
}

// closest returns the candidate within edit distance 2 of name, if any.
func closest(name string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if d := search.Distance(name, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}
