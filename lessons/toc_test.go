package lessons

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A long lesson opens with its title alone, then the prose, then a table of
// contents before its first section that links every section's heading.
func TestLongLessonHasTableOfContents(t *testing.T) {
	course, err := Compile(Builtin, "lessons")
	require.NoError(t, err)
	for _, l := range course.Lessons {
		require.GreaterOrEqual(t, len(l.Sections), minTOCSections, l.Slug)
		assert.Regexp(t, `^<h1[^>]*>[^<]*</h1>$`, l.Blocks[0].HTML, "%s: the title is a block of its own", l.Slug)
		var page strings.Builder
		for _, b := range l.Blocks {
			page.WriteString(b.HTML)
		}
		toc := regexp.MustCompile(`<nav class="toc" aria-label="On this page">.*?</nav>`).FindString(page.String())
		require.NotEmpty(t, toc, l.Slug)
		assert.Less(t, strings.Index(page.String(), toc), strings.Index(page.String(), "<h2"), "%s: before the first section", l.Slug)
		links := regexp.MustCompile(`<a href="#([^"]+)">`).FindAllStringSubmatch(toc, -1)
		require.Len(t, links, len(l.Sections), l.Slug)
		for i, s := range l.Sections {
			assert.Equal(t, s.ID, links[i][1])
			assert.Contains(t, page.String(), `<h2 id="`+s.ID+`"`, "%s: the link has a heading to land on", l.Slug)
		}
	}
}

func TestShortLessonHasNoTableOfContents(t *testing.T) {
	page := "<h1>T</h1>\n<h2 id=\"a\">A</h2>"
	assert.Equal(t, page, withTOC(page, nil))
}

// Every fenced code block sits in a box with a copy button, in a <pre> that
// takes keyboard focus so that a long line can be scrolled without a mouse.
func TestCodeBlocksHaveCopyButtons(t *testing.T) {
	course, err := Compile(Builtin, "lessons")
	require.NoError(t, err)
	blocks := 0
	for _, l := range course.Lessons {
		for _, b := range l.Blocks {
			for _, m := range regexp.MustCompile(`(?s)<div class="code-block">(.*?)</div>`).FindAllStringSubmatch(b.HTML, -1) {
				blocks++
				assert.Regexp(t, `^<pre tabindex="0"( class="hl-chroma")?><code>`, m[1], l.Slug)
				assert.Contains(t, m[1], `</code></pre><button type="button" class="copy-code">Copy</button><span class="copy-status" role="status"></span>`, l.Slug)
			}
			assert.NotContains(t, b.HTML, "<pre><code>", "%s: a code block outside the box", l.Slug)
		}
	}
	assert.GreaterOrEqual(t, blocks, 10)
}
