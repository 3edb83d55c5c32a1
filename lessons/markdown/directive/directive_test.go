package directive

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/text"
)

func TestParseLine(t *testing.T) {
	for _, tc := range []struct {
		line  string
		name  string
		attrs map[string]string
		err   string
	}{
		{line: "::hashbox", name: "hashbox", attrs: map[string]string{}},
		{line: "::hashbox{}", name: "hashbox", attrs: map[string]string{}},
		{line: `::hashbox{text="Hello, world" compare=hello}`, name: "hashbox",
			attrs: map[string]string{"text": "Hello, world", "compare": "hello"}},
		{line: `  ::miner{ bits=16   label="say \"hi\" \\ bye" }  `, name: "miner",
			attrs: map[string]string{"bits": "16", "label": `say "hi" \ bye`}},
		{line: `::a-2{x-y=""}`, name: "a-2", attrs: map[string]string{"x-y": ""}},
		{line: "::", err: "needs a name"},
		{line: "::Hash", err: "needs a name"},
		{line: "::hashbox text=1", err: `expected '{' or the end of the line`},
		{line: "::hashbox{text=1", err: "missing '}'"},
		{line: `::hashbox{text="abc}`, err: "closing quote is missing"},
		{line: `::hashbox{text="a\nb"}`, err: "only"},
		{line: "::hashbox{text}", err: `"text" needs '='`},
		{line: "::hashbox{text=}", err: "empty value"},
		{line: "::hashbox{a=1 a=2}", err: "given twice"},
		{line: "::hashbox{a=1} trailing", err: `unexpected "trailing"`},
		{line: "::hashbox{=1}", err: "expected an attribute name"},
	} {
		t.Run(tc.line, func(t *testing.T) {
			name, attrs, _, err := ParseLine(tc.line)
			if tc.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.name, name)
			assert.Equal(t, tc.attrs, attrs)
		})
	}
}

func TestGoldmarkPlacesDirectives(t *testing.T) {
	src := []byte("# Title\n\nSome text\n::hashbox{text=a}\n\n- item\n\n::miner\n\n    ::indented is code\n\nA :: in prose and ::: note stay text.\n")
	md := goldmark.New(goldmark.WithExtensions(Extension))
	doc := md.Parser().Parse(text.NewReader(src))
	nodes := Collect(doc)
	require.Len(t, nodes, 2)
	assert.Equal(t, "hashbox", nodes[0].Name)
	assert.Equal(t, 0, nodes[0].Index)
	assert.Equal(t, "::hashbox", string(src[nodes[0].Offset:nodes[0].Offset+9]), "offset points at the line")
	assert.Equal(t, "miner", nodes[1].Name)
	assert.Equal(t, 1, nodes[1].Index)

	var out bytes.Buffer
	require.NoError(t, md.Renderer().Render(&out, src, doc))
	html := out.String()
	assert.Contains(t, html, "<p>Some text</p>\n"+Placeholder(0), "a directive interrupts a paragraph")
	assert.Contains(t, html, Placeholder(1))
	assert.Contains(t, html, "<pre><code>::indented is code")
	assert.Contains(t, html, "<p>A :: in prose and ::: note stay text.</p>")
}

func TestLinesAroundDirectiveSurvive(t *testing.T) {
	for _, src := range []string{"before\n::hashbox{a=1}\nafter\n", "before\n::hashbox{a=1}", "::hashbox{a=1}\r\nafter"} {
		md := goldmark.New(goldmark.WithExtensions(Extension))
		var out bytes.Buffer
		require.NoError(t, md.Convert([]byte(src), &out))
		html := out.String()
		assert.Contains(t, html, Placeholder(0), src)
		assert.NotContains(t, html, "}", "nothing of the directive line leaks: %q", src)
		if strings.Contains(src, "after") {
			assert.Contains(t, html, "<p>after</p>", src)
		}
	}
}

func TestMalformedDirectiveIsKeptAsError(t *testing.T) {
	src := []byte("intro\n\n::hashbox{text=\"open\n")
	doc := goldmark.New(goldmark.WithExtensions(Extension)).Parser().Parse(text.NewReader(src))
	nodes := Collect(doc)
	require.Len(t, nodes, 1)
	assert.Error(t, nodes[0].Err)
}

func FuzzParseLine(f *testing.F) {
	for _, s := range []string{"::hashbox", `::x{a="b\"c" d=e}`, "::y{", `::z{a="`, "::", "::a{b=c}}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		name, attrs, keys, err := ParseLine(line)
		if err != nil {
			return
		}
		require.NotEmpty(t, name)
		require.Len(t, keys, len(attrs))
		for _, k := range keys {
			_, ok := attrs[k]
			require.True(t, ok)
		}
	})
}
