package search_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/lessons"
	"github.com/consensus-lab/playground/lessons/lesson"
	"github.com/consensus-lab/playground/lessons/search"
)

func TestStem(t *testing.T) {
	for _, words := range [][]string{
		{"nonce", "nonces"},
		{"hash", "hashes", "hashing", "hashed"},
		{"slash", "slashes", "slashing", "slashed"},
		{"party", "parties"},
		{"mine", "mines", "mining", "mined"},
		{"stop", "stopping", "stopped"},
		{"sign", "signs", "signing", "signed"},
		{"key", "keys"},
	} {
		for _, w := range words[1:] {
			assert.Equal(t, search.Stem(words[0]), search.Stem(w), "%s and %s", words[0], w)
		}
	}
	// Words whose s or double letter is their own.
	for _, w := range []string{"pass", "consensus", "analysis", "call"} {
		assert.Equal(t, w, search.Stem(w))
	}
	assert.NotEqual(t, search.Stem("stake"), search.Stem("state"))
}

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"abc", "", 3},
		{"slahsing", "slashing", 1}, // one swap
		{"ab", "ba", 1},
		{"kitten", "sitting", 3},
		{"nonce", "nonces", 1},
		{"ca", "abc", 3}, // optimal string alignment: no edit of a swapped pair
		{"héllo", "hello", 1},
	} {
		assert.Equal(t, tc.want, search.Distance(tc.a, tc.b), "%q %q", tc.a, tc.b)
		assert.Equal(t, tc.want, search.Distance(tc.b, tc.a), "%q %q", tc.b, tc.a)
	}
}

func TestWords(t *testing.T) {
	assert.Equal(t, []string{"what", "51", "means", "in", "ethereums", "proof", "of", "stake"},
		search.Words("What “51%” means in Ethereum’s proof-of-stake"))
	assert.Empty(t, search.Words(" — "))
}

func TestTypoBudget(t *testing.T) {
	assert.Equal(t, 0, search.TypoBudget("hash"))
	assert.Equal(t, 1, search.TypoBudget("nonce"))
	assert.Equal(t, 1, search.TypoBudget("replay"))
	assert.Equal(t, 2, search.TypoBudget("slashing"))
}

// A small course where each rule can be seen alone.
func TestFindRules(t *testing.T) {
	ix := search.New([]lesson.Summary{
		{Slug: "a", Title: "Hashes", Text: "a hash of the block header"},
		{Slug: "b", Title: "Cash", Text: "money in the bank", Sections: []lesson.Section{{ID: "s1", Title: "Replays"}, {ID: "s2", Title: "Banks"}}},
		{Slug: "c", Title: "Stake", Text: "validators get slashed for signing twice"},
	})
	slugs := func(q string) []string {
		var out []string
		for _, r := range ix.Find(q) {
			out = append(out, r.Lesson.Slug)
		}
		return out
	}
	assert.Equal(t, []string{"a", "b", "c"}, slugs(""), "no query: every lesson")
	assert.Equal(t, []string{"a"}, slugs("hash"), "a four-letter word gets no typo budget: cash is not hash")
	assert.Equal(t, []string{"a"}, slugs("HASHES"), "case")
	assert.Equal(t, []string{"c"}, slugs("slashing"), "stem: slashing finds slashed")
	assert.Equal(t, []string{"c"}, slugs("slahsing"), "typo")
	assert.Equal(t, []string{"c"}, slugs("valid"), "prefix: a word being typed")
	assert.Equal(t, []string{"c"}, slugs("validatros signing"), "every word must match")
	assert.Empty(t, slugs("validators hash"), "every word must match")
	assert.Empty(t, slugs("zzzzzzzz"))

	r := ix.Find("replay")
	require.Len(t, r, 1)
	assert.Equal(t, 2, r[0].Number, "numbered in the whole course")
	assert.Equal(t, []lesson.Section{{ID: "s1", Title: "Replays"}}, r[0].Sections, "the section whose title matches")
}

// The defects seen on the built-in course.
func TestFindBuiltinCourse(t *testing.T) {
	course, err := lessons.Compile(lessons.Builtin, "lessons")
	require.NoError(t, err)
	ix := search.New(course.Index().Lessons)
	slugs := func(q string) []string {
		var out []string
		for _, r := range ix.Find(q) {
			out = append(out, r.Lesson.Slug)
		}
		return out
	}

	nonce := slugs("nonce")
	require.NotEmpty(t, nonce)
	assert.Equal(t, nonce, slugs("Nonces"), "the plural finds the same lessons")
	assert.Equal(t, nonce, slugs("nocnes"), "a swap in a six-letter word")

	slashing := slugs("slashing")
	require.NotEmpty(t, slashing)
	assert.Less(t, len(slashing), len(course.Lessons), "the word must narrow the list for the test to mean anything")
	assert.Equal(t, slashing, slugs("slahsing"))

	// Lesson numbers are the course's, whatever the filter.
	for _, r := range ix.Find("slashing") {
		assert.Equal(t, course.Lessons[r.Number-1].Slug, r.Lesson.Slug)
	}

	// Section titles are text, with the typographer's quotes decoded.
	var found bool
	for _, r := range ix.Find("51") {
		for _, s := range r.Sections {
			if s.ID == "what-51-means-in-proof-of-stake" {
				found = true
				assert.Equal(t, "What “51%” means in proof of stake", s.Title)
			}
		}
	}
	assert.True(t, found, "the 51%% section is found by its number")
	for _, l := range course.Lessons {
		assert.NotRegexp(t, `&[a-z]+;`, l.Text, "%s: the prose is text, not HTML", l.Slug)
	}
}
