package widgetspec

import (
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/engine/pow"
)

func TestParseRateSchedule(t *testing.T) {
	for in, want := range map[string][]float64{
		"1*2,4*3,0.5":    {1, 1, 4, 4, 4, 0.5},
		"x1*2, x4, x0.5": {1, 1, 4, 0.5},
		" 2 ":            {2},
		"1 * 3":          {1, 1, 1},
		"0.001,1000":     {0.001, 1000},
		"X3*1":           {3},
		"1.5e1*2":        {15, 15},
	} {
		got, err := ParseRateSchedule(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for in, msg := range map[string]string{
		"":                             "empty",
		"  ":                           "empty",
		"1,,2":                         `item 2 (""): "" is not a number`,
		"a*2":                          `"a" is not a number`,
		"0*2":                          "not within",
		"-1":                           "not within",
		"1001":                         "not within",
		"NaN":                          "is not a number",
		"Inf":                          "is not a number",
		"1*0":                          "at least 1",
		"1*-2":                         "at least 1",
		"1*1.5":                        "whole number",
		"1*":                           "whole number",
		"1*999,2*2":                    "more than 1000 periods",
		"1*9999999999":                 "more than 1000 periods",
		strings.Repeat("1,", 60) + "1": "at most 50",
	} {
		_, err := ParseRateSchedule(in)
		require.Error(t, err, in)
		assert.Contains(t, err.Error(), msg, in)
	}
}

func TestFormatRateScheduleRoundTrips(t *testing.T) {
	assert.Equal(t, "1*2,10*4,0.5", FormatRateSchedule([]float64{1, 1, 10, 10, 10, 10, 0.5}))
	assert.Equal(t, "", FormatRateSchedule(nil))
	for _, s := range []string{"1*2,10*4,0.5", "3", "0.25*7,1"} {
		m, err := ParseRateSchedule(s)
		require.NoError(t, err)
		assert.Equal(t, s, FormatRateSchedule(m))
	}
}

func TestRetargetSpec(t *testing.T) {
	s, ok := Lookup("retarget")
	require.True(t, ok)
	assert.Empty(t, s.Check(map[string]string{"schedule": "1*2,4*3,0.5", "periods": "8", "seed": "3"}))
	errs := s.Check(map[string]string{"schedule": "fast"})
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0].Error(), `widget "retarget": schedule item 1 ("fast")`)
	// The start bits leave room below: difficulty well above 1.
	d, err := pow.Difficulty(RetargetStartBits)
	require.NoError(t, err)
	assert.Greater(t, d, 1000.0)
}

func TestNothingAtStakeSpec(t *testing.T) {
	s, ok := Lookup("nothingatstake")
	require.True(t, ok)
	assert.Empty(t, s.Check(map[string]string{"validators": "a:32,b:16", "double": "b"}))
	assert.Empty(t, s.Check(map[string]string{"double": ""}), "nobody double-signs: allowed")
	for params, msg := range map[[2]string]string{
		{"a:32,b:16", "c"}: `double: "c" is not one of the validators`,
		{"a:32,b", ""}:     "validators:",
		{"a:1,b:1,c:1,d:1,e:1,f:1,g:1,h:1,i:1", ""}: "at most 8",
		{"a:0,b:3", ""}: "a has 0 ETH",
		{"a:32", "a,a"}: "listed twice",
		{"a:32", "a,,"}: "double:",
	} {
		errs := s.Check(map[string]string{"validators": params[0], "double": params[1]})
		require.Len(t, errs, 1, "%v", params)
		assert.Contains(t, errs[0].Error(), msg, "%v", params)
	}
}

func FuzzParseRateSchedule(f *testing.F) {
	for _, s := range []string{"1*2,4*3,0.5", "x1*2, x4, x0.5", "", "1*0", "1e309", "0x10", "1*1000", ",", "*", "x", "1_0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseRateSchedule(s)
		if err != nil {
			return
		}
		require.NotEmpty(t, m)
		require.LessOrEqual(t, len(m), MaxSchedulePeriods)
		for _, v := range m {
			require.False(t, math.IsNaN(v))
			require.GreaterOrEqual(t, v, 1.0/MaxRateMultiplier)
			require.LessOrEqual(t, v, float64(MaxRateMultiplier))
		}
		back, err := ParseRateSchedule(FormatRateSchedule(m))
		require.NoError(t, err)
		require.Equal(t, m, back)
		_, err = pow.ScaledSchedule(RetargetStartBits, m...)
		require.NoError(t, err, "the engine takes whatever the parser accepts")
	})
}
