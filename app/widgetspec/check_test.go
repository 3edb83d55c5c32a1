package widgetspec

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheckHint(t *testing.T) {
	s, ok := Lookup("check")
	require.True(t, ok)
	base := map[string]string{"question": "How many bits change?", "options": "A few|About half|All", "answer": "About half"}
	with := func(hint string) map[string]string {
		m := map[string]string{"hint": hint}
		for k, v := range base {
			m[k] = v
		}
		return m
	}
	assert.Empty(t, s.Check(with("Think of each output bit as a coin toss.")))
	assert.Empty(t, s.Check(base), "the hint is optional")
	errs := s.Check(with("It is about half of them."))
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0].Error(), `hint gives the answer away: it contains "About half"`)
}
