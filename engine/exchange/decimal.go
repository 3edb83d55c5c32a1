package exchange

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Scale is the number of decimals an amount may carry (satoshi precision).
const Scale = 8

// maxIntegerDigits keeps every amount below 10^10, so that it fits an int64
// counted in units of 10^-8 with room to spare.
const maxIntegerDigits = 10

// maxDecimalLength bounds the text looked at, leading zeros included.
const maxDecimalLength = 40

// Decimal is a positive amount with at most 8 decimals, held exactly as a
// count of 10^-8 units.
type Decimal struct{ units int64 }

// ErrDecimal is wrapped by every ParseDecimal error.
var ErrDecimal = errors.New("not a positive decimal")

// ParseDecimal reads a decimal string such as "0.5" or "65000": digits, and
// optionally a point followed by 1 to 8 digits. No sign, exponent, spaces or
// thousands separators; the value must be greater than zero and below 10^10.
// Leading zeros and trailing zeros after the point are accepted.
func ParseDecimal(s string) (Decimal, error) {
	fail := func(why string) (Decimal, error) {
		return Decimal{}, fmt.Errorf("%w: %q %s", ErrDecimal, truncate(s, 24), why)
	}
	switch {
	case s == "":
		return fail("is empty")
	case len(s) > maxDecimalLength:
		return fail(fmt.Sprintf("is longer than %d characters", maxDecimalLength))
	case s[0] == '-':
		return fail("is negative")
	case s[0] == '+':
		return fail("has a sign; write the bare number")
	}
	intPart, frac, hasPoint := strings.Cut(s, ".")
	if intPart == "" {
		return fail("needs a digit before the point, e.g. 0.5")
	}
	if hasPoint && frac == "" {
		return fail("needs a digit after the point")
	}
	for _, part := range []string{intPart, frac} {
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return fail(fmt.Sprintf("has %q where a digit belongs", part[i]))
			}
		}
	}
	if len(frac) > Scale {
		return fail(fmt.Sprintf("has %d decimals, at most %d allowed", len(frac), Scale))
	}
	intPart = strings.TrimLeft(intPart, "0")
	if len(intPart) > maxIntegerDigits {
		return fail(fmt.Sprintf("is too large (at most %d digits before the point)", maxIntegerDigits))
	}
	units := int64(0)
	if intPart != "" {
		n, err := strconv.ParseInt(intPart, 10, 64)
		if err != nil { // cannot happen: at most 10 digits
			return fail("is not a number")
		}
		units = n
	}
	fracDigits := frac + strings.Repeat("0", Scale-len(frac))
	f, err := strconv.ParseInt(fracDigits, 10, 64)
	if err != nil {
		return fail("is not a number")
	}
	units = units*pow10(Scale) + f
	if units == 0 {
		return fail("is zero; it must be positive")
	}
	return Decimal{units: units}, nil
}

// Units is the amount in 10^-8.
func (d Decimal) Units() int64 { return d.units }

// String is the shortest exact form: no leading zeros (except "0.x"), no
// trailing zeros after the point, no point for whole numbers.
func (d Decimal) String() string {
	i, f := d.units/pow10(Scale), d.units%pow10(Scale)
	if f == 0 {
		return strconv.FormatInt(i, 10)
	}
	fs := fmt.Sprintf("%0*d", Scale, f)
	return strconv.FormatInt(i, 10) + "." + strings.TrimRight(fs, "0")
}

func pow10(n int) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
