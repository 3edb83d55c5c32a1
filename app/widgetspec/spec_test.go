package widgetspec

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var demo = Spec{
	Name: "demo",
	Params: []Param{
		{Name: "bits", Kind: Int, Default: "16", Min: 1, Max: 32},
		{Name: "mode", Kind: Enum, Default: "bits", Choices: []string{"bits", "nbits"}},
		{Name: "auto", Kind: Bool, Default: "false"},
		{Name: "text", Kind: String, Default: "", MaxLen: 4},
	},
}

func TestCheckIsStrict(t *testing.T) {
	assert.Empty(t, demo.Check(map[string]string{"bits": "20", "mode": "nbits", "auto": "true", "text": "abcd"}))

	errs := demo.Check(map[string]string{"bits": "99", "colour": "red", "mode": "x", "auto": "yes", "text": "abcde"})
	require.Len(t, errs, 5)
	msgs := make([]string, len(errs))
	for i, e := range errs {
		msgs[i] = e.Error()
	}
	assert.Contains(t, msgs, `widget "demo": auto="yes" is not true or false; using false`)
	assert.Contains(t, msgs, `widget "demo": bits=99 is above the maximum 32; using 32`)
	assert.Contains(t, msgs, `widget "demo" has no parameter "colour" (it takes: bits, mode, auto, text)`)
	assert.Contains(t, msgs, `widget "demo": mode="x" is not one of bits, nbits; using bits`)
	assert.Contains(t, msgs, `widget "demo": text is 5 bytes long, over the limit of 4; cut to fit`)
}

func TestResolveClampsWithNotes(t *testing.T) {
	values, notes := demo.Resolve(map[string]string{"bits": "-3", "zzz": "1", "text": "héllo"})
	assert.Equal(t, map[string]string{"bits": "1", "mode": "bits", "auto": "false", "text": "hél"}, values)
	assert.Equal(t, []string{
		"bits=-3 is below the minimum 1; using 1",
		"text is 6 bytes long, over the limit of 4; cut to fit",
		`ignored unknown parameter "zzz"`,
	}, notes)

	values, notes = demo.Resolve(nil)
	assert.Equal(t, "16", values["bits"])
	assert.Empty(t, notes)
}

func TestRegisteredWidgetsHaveValidDefaults(t *testing.T) {
	require.NotEmpty(t, Names())
	for _, name := range Names() {
		s, ok := Lookup(name)
		require.True(t, ok)
		assert.Equal(t, name, s.Name)
		assert.NotEmpty(t, s.Title, name)
		defaults := map[string]string{}
		for _, p := range s.Params {
			defaults[p.Name] = p.Default
		}
		assert.Empty(t, s.Check(defaults), "%s: defaults must pass its own check", name)
	}
	_, ok := Lookup("no-such-widget")
	assert.False(t, ok)
}

func FuzzResolveNeverFails(f *testing.F) {
	f.Add("bits", "17")
	f.Add("text", "\xff\xfe")
	f.Add("mode", "")
	f.Fuzz(func(t *testing.T, k, v string) {
		values, _ := demo.Resolve(map[string]string{k: v})
		assert.Empty(t, demo.Check(values), "resolved values must always be valid")
	})
}

func TestCheckValidatesAnswerAgainstOptions(t *testing.T) {
	s, ok := Lookup("check")
	require.True(t, ok)
	assert.Empty(t, s.Check(map[string]string{"question": "Q?", "options": "fewer | about the same|more", "answer": "about the same"}))
	errs := s.Check(map[string]string{"options": "a|b", "answer": "c"})
	require.Len(t, errs, 1)
	assert.EqualError(t, errs[0], `widget "check": answer "c" is not one of the options (a, b)`)
	errs = s.Check(map[string]string{"options": "only", "answer": "only"})
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0].Error(), "at least two choices")
}
