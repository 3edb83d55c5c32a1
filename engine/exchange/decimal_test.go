package exchange

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseDecimal(t *testing.T) {
	good := []struct {
		in, canonical string
		units         int64
	}{
		{"0.5", "0.5", 50_000_000},
		{"65000", "65000", 6_500_000_000_000},
		{"65000.00", "65000", 6_500_000_000_000},
		{"0.00000001", "0.00000001", 1},
		{"1.23456789", "1.23456789", 123_456_789},
		{"007.10", "7.1", 710_000_000},
		{"9999999999.99999999", "9999999999.99999999", 999_999_999_999_999_999},
	}
	for _, tc := range good {
		d, err := ParseDecimal(tc.in)
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.units, d.Units(), tc.in)
		assert.Equal(t, tc.canonical, d.String(), tc.in)
	}
	bad := []struct{ in, why string }{
		{"", "empty"},
		{"0", "zero"},
		{"0.00000000", "zero"},
		{"-1", "negative"},
		{"+1", "sign"},
		{".5", "before the point"},
		{"5.", "after the point"},
		{"1.2.3", "digit belongs"},
		{"1e5", "digit belongs"},
		{" 1", "digit belongs"},
		{"1,000", "digit belongs"},
		{"0.000000001", "9 decimals"},
		{"10000000000", "too large"},
		{"NaN", "digit belongs"},
		{"１", "digit belongs"},
		{strings.Repeat("1", 41), "longer than"},
	}
	for _, tc := range bad {
		_, err := ParseDecimal(tc.in)
		require.Error(t, err, tc.in)
		assert.ErrorIs(t, err, ErrDecimal)
		assert.Contains(t, err.Error(), tc.why, tc.in)
	}
}

func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"0.5", "65000", "0.00000001", "1.", ".1", "-0", "1e3", "9999999999.99999999", "00000000000000000001", "0.123456789"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDecimal(s)
		if err != nil {
			require.ErrorIs(t, err, ErrDecimal)
			return
		}
		require.Positive(t, d.Units())
		again, err := ParseDecimal(d.String())
		require.NoError(t, err, "canonical form %q of %q", d.String(), s)
		require.Equal(t, d, again)
		if _, frac, ok := strings.Cut(d.String(), "."); ok {
			require.LessOrEqual(t, len(frac), Scale)
			require.False(t, strings.HasSuffix(frac, "0"))
		}
	})
}

func FuzzParseOrder(f *testing.F) {
	for _, s := range []string{
		`{"symbol":"BTC-USD","side":"buy","type":"limit","quantity":"0.5","price":"65000"}`,
		`{"symbol":"ETH-USD","side":"sell","type":"market","quantity":"2"}`,
		`{"symbol":"ETH-USD","side":"sell","type":"market","quantity":2}`,
		`{}`, `[]`, `null`, `{"x":1}`, ``, `{"symbol":"BTC-USD"`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		req, err := ParseOrder(body)
		if err != nil {
			var v *ValidationError
			require.ErrorAs(t, err, &v)
			require.NotEmpty(t, v.Detail)
			return
		}
		require.Contains(t, Symbols, req.Symbol)
		require.Contains(t, Sides, req.Side)
		require.Contains(t, Types, req.Type)
		_, err = ParseDecimal(req.Quantity)
		require.NoError(t, err)
		if req.Type == "limit" {
			_, err = ParseDecimal(req.Price)
			require.NoError(t, err)
		} else {
			require.Empty(t, req.Price)
		}
	})
}
