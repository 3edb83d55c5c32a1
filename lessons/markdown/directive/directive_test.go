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

func renderTabs(t *testing.T, src string) (string, []*Container) {
	t.Helper()
	md := goldmark.New(goldmark.WithExtensions(Extension))
	doc := md.Parser().Parse(text.NewReader([]byte(src)))
	var out bytes.Buffer
	require.NoError(t, md.Renderer().Render(&out, []byte(src), doc))
	return out.String(), Containers(doc)
}

func TestTabsRenderAsARIATabs(t *testing.T) {
	src := "Intro.\n\n::::tabs{label=\"Client examples\"}\n:::tab{label=curl}\nWith *curl*:\n\n```sh\necho ::: not a fence\n```\n:::\n\n:::tab{label=\"Python <3\"}\n```python\nprint(1)\n```\n:::\n::::\n\nAfter.\n\n::::tabs\n:::tab{label=a}\nA\n:::\n:::tab{label=b}\nB\n:::\n::::\n"
	html, cs := renderTabs(t, src)
	require.Len(t, cs, 6)
	for _, c := range cs {
		require.NoError(t, c.Err, c.Name)
	}
	assert.Equal(t, 0, cs[0].Index)
	assert.Equal(t, 1, cs[3].Index)
	assert.Contains(t, html, `<div role="tablist" aria-label="Client examples">`+
		`<button type="button" role="tab" id="tabs-0-0" aria-controls="tabs-0-0-panel" aria-selected="true" tabindex="0">curl</button>`+
		`<button type="button" role="tab" id="tabs-0-1" aria-controls="tabs-0-1-panel" aria-selected="false" tabindex="-1">Python &lt;3</button></div>`)
	assert.Contains(t, html, `<div role="tabpanel" id="tabs-0-0-panel" aria-labelledby="tabs-0-0" tabindex="0">`+"\n<p>With <em>curl</em>:</p>")
	assert.Contains(t, html, `<div role="tabpanel" id="tabs-0-1-panel" aria-labelledby="tabs-0-1" tabindex="0" hidden>`)
	assert.Contains(t, html, "echo ::: not a fence", "a line with text after the colons does not close the container")
	assert.Contains(t, html, `<code class="language-python">print(1)`)
	assert.Contains(t, html, `id="tabs-1-1"`, "the second tabs get their own ids")
	assert.Contains(t, html, "<p>After.</p>")
	assert.NotContains(t, html, "::::", "no fence leaks into the page")
	assert.NotContains(t, html, "{label", "no fence leaks into the page")
	assert.Equal(t, 2, strings.Count(html, `<div class="tabs">`))
	assert.Equal(t, strings.Count(html, "<div"), strings.Count(html, "</div>"), "every div is closed:\n%s", html)
}

func TestMalformedTabsAreErrors(t *testing.T) {
	for _, tc := range []struct{ src, err string }{
		{"::::tabs\n:::tab{label=a}\nA\n:::\n::::\n", "at least two"},
		{"::::tabs\nloose text\n:::tab{label=a}\nA\n:::\n:::tab{label=b}\nB\n:::\n::::\n", "may hold only ::: tab containers, one per tab (found a paragraph)"},
		{":::tab{label=a}\nA\n:::\n", "directly inside a tabs container"},
		{"::::tabs\n:::tab\nA\n:::\n:::tab{label=b}\nB\n:::\n::::\n", "a tab needs a label"},
		{"::::tabs{colour=red}\n:::tab{label=a}\nA\n:::\n:::tab{label=b}\nB\n:::\n::::\n", `tabs takes only label, not "colour"`},
		{":::note\nx\n:::\n", `unknown container "note"`},
		{"::::tabs\n:::tab{label=a}\nA\n:::\n:::tab{label=b}\nB\n", "never closed"},
		{":::tab{label=\"a}\n:::\n", "closing quote is missing"},
	} {
		_, cs := renderTabs(t, tc.src)
		var errs []string
		for _, c := range cs {
			if c.Err != nil {
				errs = append(errs, c.Err.Error())
			}
		}
		assert.Contains(t, strings.Join(errs, "\n"), tc.err, tc.src)
	}
}

// Any lesson text parses and renders without a panic, and when no container
// has an error every element the tabs open is closed.
func FuzzContainers(f *testing.F) {
	f.Add("::::tabs\n:::tab{label=a}\nA\n:::\n:::tab{label=b}\nB\n:::\n::::\n")
	f.Add(":::tab{label=a}\n::::tabs\n:::\n::::\n")
	f.Add("> ::::tabs\n> :::tab{label=a}\n- :::tab{label=b}\n")
	f.Fuzz(func(t *testing.T, src string) {
		html, cs := renderTabs(t, src)
		for _, c := range cs {
			if c.Err != nil {
				return
			}
		}
		require.Equal(t, strings.Count(html, "<div"), strings.Count(html, "</div>"), "%q", src)
	})
}
