package lessons

import (
	"html"
	"strings"

	"github.com/consensus-lab/playground/lessons/lesson"
)

// minTOCSections is how many sections make a lesson long enough for a table
// of contents.
const minTOCSections = 4

// withTOC puts a table of contents of the lesson's sections before its
// first section, when it has at least minTOCSections of them.
func withTOC(page string, sections []lesson.Section) string {
	i := strings.Index(page, "<h2")
	if len(sections) < minTOCSections || i < 0 {
		return page
	}
	var b strings.Builder
	b.WriteString(`<nav class="toc" aria-label="On this page"><p class="toc-title">On this page</p><ol>`)
	for _, s := range sections {
		b.WriteString(`<li><a href="#` + html.EscapeString(s.ID) + `">` + html.EscapeString(s.Title) + `</a></li>`)
	}
	b.WriteString("</ol></nav>\n")
	return page[:i] + b.String() + page[i:]
}

// splitTitle makes a page's leading <h1> a block of its own, so that the
// lesson page can put the reading time under the title rather than above.
func splitTitle(blocks []lesson.Block) []lesson.Block {
	if len(blocks) == 0 || !strings.HasPrefix(blocks[0].HTML, "<h1") {
		return blocks
	}
	head, rest, ok := strings.Cut(blocks[0].HTML, "</h1>")
	if !ok || strings.TrimSpace(rest) == "" {
		return blocks
	}
	out := []lesson.Block{{HTML: head + "</h1>"}, {HTML: strings.TrimSpace(rest)}}
	return append(out, blocks[1:]...)
}
