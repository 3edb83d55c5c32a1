// Package lesson holds the compiled form of a lesson: HTML segments and the
// widgets placed between them. The native compiler (package lessons) writes
// it as JSON and the browser reads it back, so this package stays free of
// goldmark and go-app and costs the wasm almost nothing.
package lesson

// Lesson is one compiled page.
type Lesson struct {
	Slug    string  `json:"slug"`
	Title   string  `json:"title"`
	Summary string  `json:"summary"`
	Order   int     `json:"order"`
	Minutes int     `json:"minutes"` // reading estimate, rounded up
	Blocks  []Block `json:"blocks"`
	Prev    *Link   `json:"prev,omitempty"`
	Next    *Link   `json:"next,omitempty"`
	Source  string  `json:"source"` // file name, for error messages and "edit this page"
	// Mastery is the share of checks (0-1] to answer right to pass the
	// lesson in an LMS; 0 when the author set none (front matter mastery).
	Mastery float64 `json:"mastery,omitempty"`
	// Sections are the lesson's second-level headings, for search results
	// that jump to the right place.
	Sections []Section `json:"sections,omitempty"`
	// Text is the lesson's prose in lower case with spaces collapsed: the
	// search index, made at build time so the browser needs no parser.
	Text string `json:"text,omitempty"`
}

// Section is one heading of a lesson and its anchor.
type Section struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// Block is either trusted HTML made by the compiler or one widget.
type Block struct {
	HTML   string  `json:"html,omitempty"`
	Widget *Widget `json:"widget,omitempty"`
}

// Widget is one placement of a widget in a lesson.
type Widget struct {
	Name   string            `json:"name"`
	Params map[string]string `json:"params,omitempty"`
	ID     string            `json:"id"`   // unique within the lesson, stable across builds
	Line   int               `json:"line"` // 1-based line in the source file
}

// Link points at another lesson.
type Link struct {
	Slug  string `json:"slug"`
	Title string `json:"title"`
}

// Summary is what the home page and search need of a lesson.
type Summary struct {
	Slug     string    `json:"slug"`
	Title    string    `json:"title"`
	Summary  string    `json:"summary"`
	Order    int       `json:"order"`
	Minutes  int       `json:"minutes"`
	Widgets  []string  `json:"widgets"` // distinct widget names, in order of appearance
	Checks   []string  `json:"checks"`  // ids of the lesson's "predict, then run" checks
	Sections []Section `json:"sections,omitempty"`
	Text     string    `json:"text,omitempty"`
}

// Index lists every lesson in course order.
type Index struct {
	Lessons []Summary `json:"lessons"`
}

// Summarize returns the index entry of l.
func (l *Lesson) Summarize() Summary {
	s := Summary{Slug: l.Slug, Title: l.Title, Summary: l.Summary, Order: l.Order, Minutes: l.Minutes, Sections: l.Sections, Text: l.Text}
	seen := map[string]bool{}
	for _, b := range l.Blocks {
		if b.Widget == nil {
			continue
		}
		if b.Widget.Name == "check" {
			s.Checks = append(s.Checks, b.Widget.ID)
		}
		if !seen[b.Widget.Name] {
			seen[b.Widget.Name] = true
			s.Widgets = append(s.Widgets, b.Widget.Name)
		}
	}
	return s
}

// DataPath is where a compiled lesson is published below the site's base,
// both by the server and in a static export.
func DataPath(slug string) string { return "web/data/lessons/" + slug + ".json" }

// IndexPath is where the index is published below the site's base.
const IndexPath = "web/data/index.json"
