package kit

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// One spelling of every number the widgets show: "," between thousands,
// "× 10^" for powers of ten, SI prefixes for units. The numbers themselves
// come from engine/...; these only make them readable.

// Count writes n with thousands separators: 4,294,967,296.
func Count(n uint64) string {
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

// Int is Count for a signed int.
func Int(n int) string {
	if n < 0 {
		return "−" + Count(uint64(-n))
	}
	return Count(uint64(n))
}

// Amount writes a large float as a count while it fits exactly, and as
// Sci (two significant digits) beyond.
func Amount(x float64) string {
	switch {
	case math.IsInf(x, 1) || math.IsNaN(x):
		return "∞"
	case x < 1e15:
		return Count(uint64(math.Round(x)))
	}
	return Sci(x, 2)
}

// Sci writes v in scientific notation with sig significant digits:
// 3.71 × 10^26.
func Sci(v float64, sig int) string {
	switch {
	case math.IsNaN(v):
		return "–"
	case math.IsInf(v, 0):
		return "∞"
	case v == 0:
		return "0"
	}
	e := strconv.FormatFloat(v, 'e', max(sig-1, 0), 64) // 3.71e+26
	mant, exp, _ := strings.Cut(e, "e")
	n, _ := strconv.Atoi(exp)
	return mant + " × 10^" + strconv.Itoa(n)
}

// Sig writes v with sig significant digits, plainly for ordinary
// magnitudes (0.001 to a million) and as Sci beyond.
func Sig(v float64, sig int) string {
	switch {
	case math.IsNaN(v):
		return "–"
	case math.IsInf(v, 0):
		return "∞"
	case v == 0:
		return "0"
	}
	a := math.Abs(v)
	if a >= 1e-3 && a < 1e6 {
		decimals := max(0, sig-1-int(math.Floor(math.Log10(a))))
		return strconv.FormatFloat(v, 'f', decimals, 64)
	}
	return Sci(v, sig)
}

// Percent writes a share in [0, 1] as a percentage with at most decimals
// decimals, trailing zeros dropped: 0.3333 -> "33.33%".
func Percent(share float64, decimals int) string {
	if math.IsNaN(share) {
		return "–"
	}
	return trimZeros(strconv.FormatFloat(share*100, 'f', decimals, 64)) + "%"
}

// Prob writes a probability as the Bitcoin whitepaper's table does (seven
// decimals) while that still shows a significant digit, and as Sci below.
func Prob(p float64) string {
	switch {
	case math.IsNaN(p):
		return "–"
	case p == 0:
		return "0"
	case p >= 1e-6:
		return strconv.FormatFloat(p, 'f', 7, 64)
	default:
		return Sci(p, 3)
	}
}

// Full writes every digit of v, for data attributes that tests and course
// pages read back.
func Full(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// YesNo is a flag for data attributes and table cells. (go-app writes a
// "true" attribute value as a bare attribute, whose value reads as empty.)
func YesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// si writes v with an SI prefix (k, M, G, T) and unit: "1.5 kB", and with
// a unit that is a word, given with a leading space, "1.23 M hashes/s".
func si(v float64, unit string) string {
	switch a := math.Abs(v); {
	case a >= 1e12:
		return trimZeros(strconv.FormatFloat(v/1e12, 'f', 2, 64)) + " T" + unit
	case a >= 1e9:
		return trimZeros(strconv.FormatFloat(v/1e9, 'f', 2, 64)) + " G" + unit
	case a >= 1e6:
		return trimZeros(strconv.FormatFloat(v/1e6, 'f', 2, 64)) + " M" + unit
	case a >= 1e3:
		return trimZeros(strconv.FormatFloat(v/1e3, 'f', 1, 64)) + " k" + unit
	}
	return trimZeros(strconv.FormatFloat(v, 'f', 0, 64)) + " " + strings.TrimPrefix(unit, " ")
}

// HashRate writes hashes per second: "1.23 M hashes/s".
func HashRate(hps float64) string { return si(hps, " hashes/s") }

// PerSecond writes a rate of operations: "12.5 k ops/s".
func PerSecond(v float64, what string) string { return si(v, " "+what+"/s") }

// Bytes writes a size with SI units: "512 B", "1.5 kB", "2.25 MB".
func Bytes(n int) string {
	if n < 1000 {
		return strconv.Itoa(n) + " B"
	}
	return si(float64(n), "B")
}

// Nanos writes a short duration given in nanoseconds: "850 ns", "12.4 µs",
// "3.2 ms", "1.25 s".
func Nanos(ns float64) string {
	switch {
	case ns >= 1e9:
		return trimZeros(strconv.FormatFloat(ns/1e9, 'f', 2, 64)) + " s"
	case ns >= 1e6:
		return trimZeros(strconv.FormatFloat(ns/1e6, 'f', 2, 64)) + " ms"
	case ns >= 1e3:
		return trimZeros(strconv.FormatFloat(ns/1e3, 'f', 1, 64)) + " µs"
	}
	return strconv.FormatFloat(ns, 'f', 0, 64) + " ns"
}

// Millis writes a duration measured in milliseconds: "40 ms", "1.5 s".
func Millis(ms float64) string { return Nanos(ms * 1e6) }

// Duration writes a span of seconds the way a person would say it, from
// "under a second" to "3.2 × 10^9 years".
func Duration(s float64) string {
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
		return Count(uint64(math.Round(s/year))) + " years"
	}
	return Amount(s/year) + " years"
}

// UTC writes a Unix time as a date a learner can read.
func UTC(unix int64) string {
	return time.Unix(unix, 0).UTC().Format("2006-01-02 15:04:05 UTC")
}

func trimZeros(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}
