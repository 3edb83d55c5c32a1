package directive

import (
	"bytes"
	"fmt"
	"html"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Container directives wrap Markdown, as in the generic-directive proposal:
// a line of three or more colons with a name opens one, a line of as many
// colons alone closes it, and an outer container uses more colons than the
// ones inside it. Lessons use them for tabs, one panel shown at a time:
//
//	::::tabs{label="Client examples"}
//	:::tab{label=curl}
//	```sh
//	curl ...
//	```
//	:::
//	:::tab{label=Python}
//	...
//	:::
//	::::
//
// The page needs no WebAssembly for them: the HTML follows the WAI-ARIA tabs
// pattern, the first panel is shown and the others are hidden, and a few
// lines of web/playground.js switch panels on click and with the arrow,
// Home and End keys. Without script the first panel still reads.
//
// A line made only of colons inside a fenced code block in a container
// closes the container, as it would in remark-directive: use fewer colons
// in the code or more on the container.

// KindContainer is the ast.NodeKind of Container.
var KindContainer = ast.NewNodeKind("ContainerDirective")

// Container is one container directive and its content (its children).
type Container struct {
	ast.BaseBlock
	Name   string
	Attrs  map[string]string
	Err    error // set when the container is malformed or misplaced
	Offset int   // byte offset of the opening line in the source
	Index  int   // position among the document's tabs, from 0 (tabs only)
	fence  int   // number of colons that open and close it
	closed bool
}

// Kind implements ast.Node.
func (c *Container) Kind() ast.NodeKind { return KindContainer }

// Dump implements ast.Node.
func (c *Container) Dump(source []byte, level int) {
	ast.DumpHelper(c, source, level, map[string]string{"Name": c.Name}, nil)
}

// containers lists the container names lessons may use, and what each needs.
var containers = map[string]func(c *Container) error{
	"tabs": func(c *Container) error {
		n := 0
		for ch := c.FirstChild(); ch != nil; ch = ch.NextSibling() {
			if t, ok := ch.(*Container); ok && t.Name == "tab" {
				n++
				continue
			}
			return fmt.Errorf("%s tabs may hold only %s tab containers, one per tab (found %s)",
				strings.Repeat(":", c.fence), strings.Repeat(":", c.fence-1), describe(ch))
		}
		if n < 2 {
			return fmt.Errorf("tabs need at least two tab containers, found %d", n)
		}
		return checkAttrs(c, "label")
	},
	"tab": func(c *Container) error {
		if p, ok := c.Parent().(*Container); !ok || p.Name != "tabs" {
			return fmt.Errorf("a tab container belongs directly inside a tabs container")
		}
		if strings.TrimSpace(c.Attrs["label"]) == "" {
			return fmt.Errorf(`a tab needs a label, e.g. :::tab{label="Python"}`)
		}
		return checkAttrs(c, "label")
	},
}

func checkAttrs(c *Container, allowed ...string) error {
	for k := range c.Attrs {
		if !contains(allowed, k) {
			return fmt.Errorf("%s takes only %s, not %q", c.Name, strings.Join(allowed, ", "), k)
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func describe(n ast.Node) string {
	if c, ok := n.(*Container); ok {
		return "a " + c.Name + " container"
	}
	return "a " + strings.ToLower(n.Kind().String())
}

type containerParser struct{}

func (containerParser) Trigger() []byte { return []byte{':'} }

// fenceOf counts the leading colons of a line (after up to three spaces).
func fenceOf(line []byte) (n int, rest []byte) {
	line = bytes.TrimLeft(line, " ")
	for n < len(line) && line[n] == ':' {
		n++
	}
	return n, line[n:]
}

func (containerParser) Open(_ ast.Node, reader text.Reader, _ parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	if w, _ := util.IndentWidth(line, reader.LineOffset()); w > 3 {
		return nil, parser.NoChildren
	}
	n, rest := fenceOf(line)
	if n < 3 || len(rest) == 0 || !isLower(rest[0]) {
		return nil, parser.NoChildren
	}
	c := &Container{Offset: seg.Start, fence: n}
	var err error
	c.Name, c.Attrs, _, err = ParseLine("::" + string(bytes.TrimRight(rest, " \t\r\n")))
	if err != nil {
		c.Err = fmt.Errorf("%s%v", strings.Repeat(":", n-2), err)
	} else if _, known := containers[c.Name]; !known {
		c.Err = fmt.Errorf("unknown container %q (known: tabs, tab)", c.Name)
	}
	reader.AdvanceToEOL()
	return c, parser.HasChildren
}

func (containerParser) Continue(node ast.Node, reader text.Reader, _ parser.Context) parser.State {
	c := node.(*Container)
	line, _ := reader.PeekLine()
	if w, _ := util.IndentWidth(line, reader.LineOffset()); w <= 3 {
		if n, rest := fenceOf(line); n == c.fence && util.IsBlank(rest) {
			c.closed = true
			reader.AdvanceToEOL()
			return parser.Close
		}
	}
	return parser.Continue | parser.HasChildren
}

func (containerParser) Close(node ast.Node, _ text.Reader, _ parser.Context) {
	if c := node.(*Container); !c.closed && c.Err == nil {
		c.Err = fmt.Errorf("%s%s is never closed: end it with a line of %d colons", strings.Repeat(":", c.fence), c.Name, c.fence)
	}
}

func (containerParser) CanInterruptParagraph() bool { return true }
func (containerParser) CanAcceptIndentedLine() bool { return false }

// containerChecker checks each container's place and content once the
// whole document is parsed, and numbers the tabs for unique element ids.
type containerChecker struct{}

func (containerChecker) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	i := 0
	for _, c := range Containers(doc) {
		if c.Err == nil {
			c.Err = containers[c.Name](c)
		}
		if c.Name == "tabs" {
			c.Index = i
			i++
		}
	}
}

// Containers returns every container directive of doc in document order.
func Containers(doc ast.Node) []*Container { return all[*Container](doc) }

type containerRenderer struct{}

func (containerRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindContainer, renderContainer)
}

func tabID(tabs, tab int) string { return fmt.Sprintf("tabs-%d-%d", tabs, tab) }

// renderContainer writes the WAI-ARIA tabs pattern: a tablist of buttons,
// then one tabpanel per tab, all but the first hidden. A malformed
// container renders nothing: the compiler refuses the lesson anyway.
func renderContainer(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	c := node.(*Container)
	if c.Err != nil {
		return ast.WalkSkipChildren, nil
	}
	switch c.Name {
	case "tabs":
		if !entering {
			_, _ = w.WriteString("</div>\n")
			return ast.WalkContinue, nil
		}
		_, _ = w.WriteString(`<div class="tabs">` + "\n")
		label := c.Attrs["label"]
		if label == "" {
			label = "Tabs"
		}
		fmt.Fprintf(w, `<div role="tablist" aria-label="%s">`, html.EscapeString(label))
		i := 0
		for ch := c.FirstChild(); ch != nil; ch = ch.NextSibling() {
			selected, tabindex := "false", "-1"
			if i == 0 {
				selected, tabindex = "true", "0"
			}
			id := tabID(c.Index, i)
			fmt.Fprintf(w, `<button type="button" role="tab" id="%s" aria-controls="%s-panel" aria-selected="%s" tabindex="%s">%s</button>`,
				id, id, selected, tabindex, html.EscapeString(ch.(*Container).Attrs["label"]))
			i++
		}
		_, _ = w.WriteString("</div>\n")
	case "tab":
		if !entering {
			_, _ = w.WriteString("</div>\n")
			return ast.WalkContinue, nil
		}
		tabs := c.Parent().(*Container)
		i := 0
		for ch := tabs.FirstChild(); ch != node; ch = ch.NextSibling() {
			i++
		}
		id := tabID(tabs.Index, i)
		hidden := ""
		if i > 0 {
			hidden = " hidden"
		}
		fmt.Fprintf(w, `<div role="tabpanel" id="%s-panel" aria-labelledby="%s" tabindex="0"%s>`+"\n", id, id, hidden)
	}
	return ast.WalkContinue, nil
}
