// Package search finds lessons by the words a learner types, forgiving the
// usual slips: a plural for a singular ("nonces" finds every lesson about a
// nonce), a word half typed ("slash"), and a typo ("slahsing"). It works on
// the course index (lesson.Summary) and has no dependency beyond it, so the
// browser app runs it as it is.
package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/consensus-lab/playground/lessons/lesson"
)

// Index is a course's lessons prepared for search: every lesson's words are
// split and stemmed once, not on each keystroke.
type Index struct {
	docs  []doc
	vocab []term // every distinct word of the course
}

type doc struct {
	summary lesson.Summary
	terms   []term // distinct words of the title, summary, sections and prose
}

// term is one distinct word with its stem.
type term struct{ word, stem string }

// Result is one lesson that matches a query.
type Result struct {
	// Number is the lesson's place in the whole course, from 1: a filtered
	// list shows the same number as the full one.
	Number int
	Lesson lesson.Summary
	// Sections are the lesson's sections whose titles match a word of the
	// query, for links that land on them.
	Sections []lesson.Section
}

// New indexes lessons, which are in course order.
func New(lessons []lesson.Summary) *Index {
	ix := &Index{docs: make([]doc, len(lessons))}
	var all []string
	for i, s := range lessons {
		var b strings.Builder
		b.WriteString(s.Title + " " + s.Summary + " " + s.Text)
		for _, sec := range s.Sections {
			b.WriteString(" " + sec.Title)
		}
		words := Words(b.String())
		ix.docs[i] = doc{summary: s, terms: terms(words)}
		all = append(all, words...)
	}
	ix.vocab = terms(all)
	return ix
}

// terms returns the distinct words with their stems.
func terms(words []string) []term {
	seen := make(map[string]bool, len(words))
	var out []term
	for _, w := range words {
		if !seen[w] {
			seen[w] = true
			out = append(out, term{w, Stem(w)})
		}
	}
	return out
}

// Find returns the lessons that contain every word of query, in course
// order; an empty query returns every lesson. A query word matches a
// lesson's word with the same stem ("nonces" finds "nonce") or one it starts
// ("slash", still being typed, finds "slashing"). A word that matches
// nothing in the whole course is taken for a typo: it matches the course's
// words nearest to it, if they are within TypoBudget edits ("slahsing"
// finds "slashing"). A word the course knows is never stretched to its
// neighbours: "nonce" does not find "none".
func (ix *Index) Find(query string) []Result {
	var qs []matcher
	for _, q := range terms(Words(query)) {
		qs = append(qs, ix.matcher(q))
	}
	var out []Result
	for i, d := range ix.docs {
		if !matchesAll(d.terms, qs) {
			continue
		}
		r := Result{Number: i + 1, Lesson: d.summary}
		for _, sec := range d.summary.Sections {
			if matchesAny(terms(Words(sec.Title)), qs) {
				r.Sections = append(r.Sections, sec)
			}
		}
		out = append(out, r)
	}
	return out
}

// matcher is one query word, with the number of edits it is allowed:
// -1 for a word the course knows (no typo), else the distance to the
// course's nearest words.
type matcher struct {
	q     term
	edits int
}

func (ix *Index) matcher(q term) matcher {
	for _, t := range ix.vocab {
		if exact(q, t) {
			return matcher{q, -1}
		}
	}
	best := TypoBudget(q.word) + 1
	for _, t := range ix.vocab {
		best = min(best, distance(q, t, best-1))
	}
	if best > TypoBudget(q.word) {
		return matcher{q, -1}
	}
	return matcher{q, best}
}

func (m matcher) matches(t term) bool {
	if m.edits < 0 {
		return exact(m.q, t)
	}
	return distance(m.q, t, m.edits) <= m.edits
}

// exact: the same stem, or t starts with the word typed so far.
func exact(q, t term) bool { return q.stem == t.stem || strings.HasPrefix(t.word, q.word) }

// distance is the fewer edits between the words or between their stems,
// or budget+1 when both are over budget.
func distance(q, t term, budget int) int {
	d := budget + 1
	for _, p := range [2][2]string{{q.word, t.word}, {q.stem, t.stem}} {
		if n := utf8.RuneCountInString(p[0]) - utf8.RuneCountInString(p[1]); n > budget || -n > budget {
			continue // the lengths alone rule it out, as for most pairs
		}
		d = min(d, Distance(p[0], p[1]))
	}
	return d
}

func matchesAll(have []term, qs []matcher) bool {
	for _, m := range qs {
		if !matchesAny(have, []matcher{m}) {
			return false
		}
	}
	return true
}

func matchesAny(have []term, qs []matcher) bool {
	for _, m := range qs {
		for _, h := range have {
			if m.matches(h) {
				return true
			}
		}
	}
	return false
}

// TypoBudget is how many edits a query word may be away from a lesson's
// word: none below 5 letters (short words have too many neighbours: "hash"
// and "cash"), one from 5, two from 8.
func TypoBudget(word string) int {
	switch n := len([]rune(word)); {
	case n >= 8:
		return 2
	case n >= 5:
		return 1
	}
	return 0
}

// Words splits s into lower-case words: runs of letters and digits. An
// apostrophe inside a word is dropped ("Ethereum's" is "ethereums"), as
// other punctuation ends a word ("proof-of-work" is three).
func Words(s string) []string {
	var (
		out []string
		w   []rune
	)
	flush := func() {
		if len(w) > 0 {
			out = append(out, string(w))
			w = w[:0]
		}
	}
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			w = append(w, unicode.ToLower(r))
		case (r == '\'' || r == '’') && len(w) > 0:
			// kept out of the word, which goes on
		default:
			flush()
		}
	}
	flush()
	return out
}

// Stem reduces an English word to a stem shared by its common forms:
// plurals ("nonces", "hashes", "parties"), -ing and -ed ("slashing",
// "slashed") and a final e ("mine", "mining"). It is deliberately small:
// query and lessons go through the same function, so a stem needs only to
// be consistent, not a dictionary word.
func Stem(w string) string {
	if len(w) <= 3 {
		return w
	}
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		w = w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "shes"), strings.HasSuffix(w, "ches"),
		strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "zes"):
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") &&
		!strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		w = w[:len(w)-1]
	}
	for _, suf := range []string{"ing", "ed"} {
		if rest, ok := strings.CutSuffix(w, suf); ok && len(rest) >= 3 && hasVowel(rest) {
			w = undouble(rest)
			break
		}
	}
	if len(w) > 3 && strings.HasSuffix(w, "e") {
		w = w[:len(w)-1]
	}
	return w
}

func hasVowel(s string) bool { return strings.ContainsAny(s, "aeiouy") }

// undouble turns "stopp" (from "stopping") into "stop", but leaves "pass"
// and "call", whose double letter belongs to the word.
func undouble(s string) string {
	n := len(s)
	if n >= 2 && s[n-1] == s[n-2] && !strings.ContainsRune("lsz", rune(s[n-1])) {
		return s[:n-1]
	}
	return s
}

// Distance is the Damerau-Levenshtein distance between a and b in its
// optimal-string-alignment form: insertions, deletions, substitutions and
// swaps of two neighbouring letters ("slahsing" is one swap from
// "slashing") each cost one.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// Three rows: the one before last is needed for swaps.
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
