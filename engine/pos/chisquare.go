package pos

import (
	"errors"
	"fmt"
	"math"
)

// ErrBadStatistic reports inputs a chi-square computation cannot use.
var ErrBadStatistic = errors.New("pos: bad chi-square input")

// ChiSquare is Pearson's statistic sum((O-E)^2/E) over categories with
// E > 0, and its degrees of freedom (that count minus one). An observation
// in a category with E == 0 is impossible under the model and is an error.
func ChiSquare(observed []uint64, expected []float64) (stat float64, df int, err error) {
	return chiSquare(observed, expected)
}

func chiSquare(observed []uint64, expected []float64) (float64, int, error) {
	if len(observed) != len(expected) {
		return 0, 0, fmt.Errorf("%w: %d observed, %d expected", ErrBadStatistic, len(observed), len(expected))
	}
	var stat float64
	cats := 0
	for i, e := range expected {
		switch {
		case math.IsNaN(e) || e < 0:
			return 0, 0, fmt.Errorf("%w: expected[%d] = %v", ErrBadStatistic, i, e)
		case e == 0:
			if observed[i] != 0 {
				return 0, 0, fmt.Errorf("%w: %d observations in category %d with zero expectation", ErrBadStatistic, observed[i], i)
			}
		default:
			d := float64(observed[i]) - e
			stat += d * d / e
			cats++
		}
	}
	if cats < 2 {
		return 0, 0, fmt.Errorf("%w: need at least two categories with positive expectation", ErrBadStatistic)
	}
	return stat, cats - 1, nil
}

// ChiSquarePValue is P(X >= stat) for X chi-square distributed with df
// degrees of freedom: the regularized upper incomplete gamma Q(df/2, stat/2).
func ChiSquarePValue(stat float64, df int) float64 {
	if df <= 0 || math.IsNaN(stat) {
		return math.NaN()
	}
	if stat <= 0 {
		return 1
	}
	return gammaQ(float64(df)/2, stat/2)
}

// ChiSquareCritical is the value c with P(X >= c) = alpha, found by
// bisection on ChiSquarePValue (monotone in c). Tables give, for example,
// 9.488 for df=4, alpha=0.05.
func ChiSquareCritical(df int, alpha float64) (float64, error) {
	if df <= 0 || !(alpha > 0 && alpha < 1) {
		return 0, fmt.Errorf("%w: df=%d alpha=%v", ErrBadStatistic, df, alpha)
	}
	lo, hi := 0.0, float64(df)+10
	for ChiSquarePValue(hi, df) > alpha {
		hi *= 2
	}
	for i := 0; i < 200 && hi-lo > 1e-12*hi; i++ {
		mid := (lo + hi) / 2
		if ChiSquarePValue(mid, df) > alpha {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2, nil
}

// gammaQ is the regularized upper incomplete gamma function: a series for
// x < a+1 and a continued fraction (modified Lentz) beyond, the standard
// split that keeps both converging fast.
func gammaQ(a, x float64) float64 {
	lg, _ := math.Lgamma(a)
	prefix := math.Exp(-x + a*math.Log(x) - lg)
	if x < a+1 {
		ap, del := a, 1/a
		s := del
		for n := 0; n < 1000; n++ {
			ap++
			del *= x / ap
			s += del
			if math.Abs(del) < math.Abs(s)*1e-15 {
				break
			}
		}
		return 1 - s*prefix
	}
	const tiny = 1e-300
	b := x + 1 - a
	c := 1 / tiny
	d := 1 / b
	h := d
	for i := 1; i < 1000; i++ {
		an := -float64(i) * (float64(i) - a)
		b += 2
		d = an*d + b
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = b + an/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		del := d * c
		h *= del
		if math.Abs(del-1) < 1e-15 {
			break
		}
	}
	return prefix * h
}
