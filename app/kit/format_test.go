package kit

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFormats(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{Count(0), "0"},
		{Count(999), "999"},
		{Count(4294967296), "4,294,967,296"},
		{Int(-65537), "−65,537"},
		{Amount(1234.4), "1,234"},
		{Amount(1.234e23), "1.2 × 10^23"},
		{Amount(math.Inf(1)), "∞"},
		{Sci(3.712e26, 3), "3.71 × 10^26"},
		{Sci(1.5e-9, 2), "1.5 × 10^-9"},
		{Sig(0.123456, 3), "0.123"},
		{Sig(42, 3), "42.0"},
		{Sig(2.5e7, 2), "2.5 × 10^7"},
		{Percent(1.0/3, 2), "33.33%"},
		{Percent(0.5, 2), "50%"},
		{Prob(0.0006138), "0.0006138"},
		{Prob(1.2e-9), "1.20 × 10^-9"},
		{HashRate(0), "0 hashes/s"},
		{HashRate(1_234_000), "1.23 M hashes/s"},
		{HashRate(12_500), "12.5 k hashes/s"},
		{PerSecond(2e9, "ops"), "2 G ops/s"},
		{Bytes(512), "512 B"},
		{Bytes(1500), "1.5 kB"},
		{Bytes(2_250_000), "2.25 MB"},
		{Nanos(850), "850 ns"},
		{Nanos(12_400), "12.4 µs"},
		{Nanos(3_200_000), "3.2 ms"},
		{Millis(1500), "1.5 s"},
		{Duration(0.4), "under a second"},
		{Duration(125), "2 min 5 s"},
		{Duration(3 * 86400), "3.0 days"},
		{Duration(3.2e9 * 365.25 * 86400), "3,200,000,000 years"},
		{UTC(1231006505), "2009-01-03 18:15:05 UTC"},
		{YesNo(true), "yes"},
	} {
		assert.Equal(t, tc.want, tc.got)
	}
}
