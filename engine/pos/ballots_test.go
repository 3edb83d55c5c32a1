package pos

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseNames(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"alice,bob,carol", []string{"alice", "bob", "carol"}},
		{" alice , bob ", []string{"alice", "bob"}},
		{"", nil},
		{"   ", nil},
		{"solo", []string{"solo"}},
	} {
		got, err := ParseNames(tc.in)
		require.NoError(t, err, "%q", tc.in)
		assert.Equal(t, tc.want, got, "%q", tc.in)
	}
	for _, in := range []string{"a,,b", ",a", "a, "} {
		_, err := ParseNames(in)
		assert.ErrorIs(t, err, ErrEmptyName, "%q", in)
	}
	_, err := ParseNames(strings.Repeat("a,", MaxValidators) + "a")
	assert.ErrorIs(t, err, ErrTooManyEntries)
}

func TestParseBallots(t *testing.T) {
	got, err := ParseBallots(" whale:500:alice/bob , ann:120: carol ,zed:0:")
	require.NoError(t, err)
	assert.Equal(t, []Ballot{
		{Voter: "whale", Tokens: 500, Delegates: []string{"alice", "bob"}},
		{Voter: "ann", Tokens: 120, Delegates: []string{"carol"}},
		{Voter: "zed", Tokens: 0},
	}, got)

	none, err := ParseBallots("  ")
	require.NoError(t, err)
	assert.Empty(t, none)

	for _, in := range []string{"whale:500", "whale:500:a:b", ":5:a", "w:-1:a", "w:x:a", "w:1:a//b", "w:1:a,", "w:18446744073709551616:a"} {
		_, err := ParseBallots(in)
		assert.ErrorIs(t, err, ErrBadBallots, "%q", in)
	}
	_, err = ParseBallots(strings.Repeat("w:1:a,", MaxValidators) + "w:1:a")
	assert.ErrorIs(t, err, ErrTooManyEntries)
}

// What the widget does: parse, elect, change a vote, write it back, and
// get the same ballots again.
func TestBallotsRoundTripThroughAnElection(t *testing.T) {
	bs, err := ParseBallots("whale:500:alice/bob,ann:120:carol,bo:90:carol/dave")
	require.NoError(t, err)
	e, err := Elect([]string{"alice", "bob", "carol", "dave"}, bs, 2)
	require.NoError(t, err)
	assert.Equal(t, []string{"alice", "bob"}, e.Producers)

	bs[0].Delegates = []string{"carol"}
	text := FormatBallots(bs)
	assert.Equal(t, "whale:500:carol,ann:120:carol,bo:90:carol/dave", text)
	back, err := ParseBallots(text)
	require.NoError(t, err)
	assert.Equal(t, bs, back)
	e, err = Elect([]string{"alice", "bob", "carol", "dave"}, back, 2)
	require.NoError(t, err)
	assert.Equal(t, []string{"carol", "dave"}, e.Producers)
}

func FuzzParseBallots(f *testing.F) {
	for _, s := range []string{"whale:500:alice/bob,ann:120:carol", "", "a:1:", ":::", "a:1:b/", "a:99999999999999999999:b", " a : 2 : b / c ", "a:1:b,c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		bs, err := ParseBallots(s)
		if err != nil {
			require.Nil(t, bs)
			return
		}
		for _, b := range bs {
			require.NotEmpty(t, b.Voter)
			require.False(t, strings.ContainsAny(b.Voter, ":,"))
			for _, d := range b.Delegates {
				require.NotEmpty(t, d)
				require.False(t, strings.ContainsAny(d, ":,/"))
			}
		}
		// Writing and reading back is stable (names are trimmed, so
		// compare after one round).
		back, err := ParseBallots(FormatBallots(bs))
		require.NoError(t, err)
		require.Equal(t, len(bs), len(back))
		for i := range bs {
			require.Equal(t, bs[i].Tokens, back[i].Tokens)
			require.Equal(t, len(bs[i].Delegates), len(back[i].Delegates))
		}
		// An election over what parsed never panics.
		_, _ = Elect([]string{"a", "b"}, bs, 1)
	})
}

func FuzzParseNames(f *testing.F) {
	for _, s := range []string{"a,b,c", "", ",", " a ", "a,,b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		names, err := ParseNames(s)
		if err != nil {
			return
		}
		for _, n := range names {
			require.NotEmpty(t, n)
			require.Equal(t, strings.TrimSpace(n), n)
		}
		if len(names) > 0 {
			_, _ = NewClique(names)
		}
	})
}
