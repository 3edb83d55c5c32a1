package widgetspec

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// checkOne runs a widget's strict check on params and returns the messages.
func checkOne(t *testing.T, name string, params map[string]string) []string {
	t.Helper()
	s, ok := Lookup(name)
	require.True(t, ok, name)
	var msgs []string
	for _, e := range s.Check(params) {
		msgs = append(msgs, e.Error())
	}
	return msgs
}

// expectOneError checks each params map gives exactly one message that
// contains the wanted text.
func expectOneError(t *testing.T, name string, cases []struct {
	params map[string]string
	want   string
}) {
	t.Helper()
	for _, tc := range cases {
		msgs := checkOne(t, name, tc.params)
		if assert.Len(t, msgs, 1, "%v", tc.params) {
			assert.Contains(t, msgs[0], tc.want, "%v", tc.params)
		}
	}
}

type specCase = struct {
	params map[string]string
	want   string
}

func TestLotterySpec(t *testing.T) {
	assert.Empty(t, checkOne(t, "lottery", map[string]string{"validators": "a:1,b:2", "draws": "100000", "seed": "x", "bias": "true", "attacker": "b"}))
	var many []string
	for i := range 13 {
		many = append(many, "v"+string(rune('a'+i))+":1")
	}
	expectOneError(t, "lottery", []specCase{
		{map[string]string{"validators": "a:1"}, "need at least two with stake"},
		{map[string]string{"validators": "a:1,b:0"}, "need at least two with stake"},
		{map[string]string{"validators": "a:1,a:2"}, "duplicate validator name"},
		{map[string]string{"validators": "a:1,b"}, "want name:stake"},
		{map[string]string{"attacker": "mallory"}, `attacker "mallory" is not one of the validators`},
		{map[string]string{"validators": strings.Join(many, ",")}, "at most 12"},
		{map[string]string{"draws": "100001"}, "above the maximum 100000"},
	})
}
