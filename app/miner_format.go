package app

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"
)

// Number formats of the mining widgets. The numbers themselves come from
// engine/pow; these only make them readable.

// formatCount writes n with thousands separators: 4,294,967,296.
func formatCount(n uint64) string {
	s := strconv.FormatUint(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// formatAmount writes a large float as a count while it fits exactly, and
// in scientific notation (1.2 × 10^23) beyond.
func formatAmount(x float64) string {
	switch {
	case math.IsInf(x, 1) || math.IsNaN(x):
		return "∞"
	case x < 1e15:
		return formatCount(uint64(math.Round(x)))
	}
	e := math.Floor(math.Log10(x))
	m := x / math.Pow(10, e)
	if m >= 9.95 { // rounding would print 10.0
		m, e = m/10, e+1
	}
	return strconv.FormatFloat(m, 'f', 1, 64) + " × 10^" + strconv.Itoa(int(e))
}

// formatRate writes a hash rate: 1.23 M hashes/s.
func formatRate(hps float64) string {
	switch {
	case hps >= 1e9:
		return strconv.FormatFloat(hps/1e9, 'f', 2, 64) + " G hashes/s"
	case hps >= 1e6:
		return strconv.FormatFloat(hps/1e6, 'f', 2, 64) + " M hashes/s"
	case hps >= 1e3:
		return strconv.FormatFloat(hps/1e3, 'f', 0, 64) + " k hashes/s"
	}
	return strconv.FormatFloat(hps, 'f', 0, 64) + " hashes/s"
}

// formatDuration writes a duration in seconds the way a person would say
// it, from "under a second" to "3.2 × 10^9 years".
func formatDuration(s float64) string {
	const (
		minute = 60.0
		hour   = 60 * minute
		day    = 24 * hour
		year   = 365.25 * day
	)
	switch {
	case math.IsInf(s, 1) || math.IsNaN(s):
		return "forever"
	case s < 1:
		return "under a second"
	case s < minute:
		return strconv.Itoa(int(math.Round(s))) + " s"
	case s < hour:
		m := int(s / minute)
		return strconv.Itoa(m) + " min " + strconv.Itoa(int(s)-60*m) + " s"
	case s < day:
		h := int(s / hour)
		return strconv.Itoa(h) + " h " + strconv.Itoa(int((s-float64(h)*hour)/minute)) + " min"
	case s < year:
		return strconv.FormatFloat(s/day, 'f', 1, 64) + " days"
	case s < 1e6*year:
		return formatCount(uint64(math.Round(s/year))) + " years"
	}
	return formatAmount(s/year) + " years"
}

// formatUTC writes a block time as a date a learner can read.
func formatUTC(unix uint32) string {
	return time.Unix(int64(unix), 0).UTC().Format("2006-01-02 15:04:05 UTC")
}

// log2Big is log2(x) for x > 0 (a float is enough for a chart), -Inf for 0.
func log2Big(x *big.Int) float64 {
	if x == nil || x.Sign() <= 0 {
		return math.Inf(-1)
	}
	n := x.BitLen()
	if n <= 53 {
		return math.Log2(float64(x.Uint64()))
	}
	top := new(big.Int).Rsh(x, uint(n-53)).Uint64()
	return math.Log2(float64(top)) + float64(n-53)
}
