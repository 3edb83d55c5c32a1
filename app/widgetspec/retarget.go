package widgetspec

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/consensus-lab/playground/engine/pow"
)

// retarget runs a hash-rate schedule through Bitcoin's difficulty retarget,
// period by period.
func init() {
	Register(Spec{
		Name:  "retarget",
		Title: "Difficulty retarget simulator",
		Doc:   "A hash-rate schedule (multiples of the rate that mines the start difficulty at ten minutes a block) simulated block by block through 2016-block periods under Bitcoin's retarget rule, with the 4x clamp.",
		Params: []Param{
			{Name: "schedule", Kind: String, Default: "1*2,10*4,0.5", MaxLen: 200, Doc: "hash rate per period as multiplier*periods, comma-separated, e.g. 1*2,4*3,0.5 (x1 for two periods, x4 for three, then x0.5 from then on)"},
			{Name: "periods", Kind: Int, Default: "10", Min: 1, Max: 40, Doc: "2016-block periods to simulate"},
			{Name: "seed", Kind: Int, Default: "1", Min: 0, Max: 999999999, Doc: "seed of the simulated block times"},
		},
		Validate: func(v map[string]string) error {
			_, err := ParseRateSchedule(v["schedule"])
			return err
		},
	})
}

// RetargetStartBits are the compact bits the retarget widget starts from:
// a difficulty of about 16 thousand, far enough above the minimum (1) that a
// falling hash rate can still lower it.
const RetargetStartBits uint32 = 0x1b0404cb

// Bounds of a rate schedule: the engine's.
const (
	MaxRateMultiplier    = pow.MaxRateMultiplier // each multiplier within [1/MaxRateMultiplier, MaxRateMultiplier]
	MaxSchedulePeriods   = pow.MaxSimPeriods     // periods listed in total
	maxScheduleItemCount = 50
)

// ParseRateSchedule reads a hash-rate schedule as lessons and URLs write
// it: comma-separated items "M" or "M*N" (multiplier M for N periods, N = 1
// when left out), with an optional "x" before M ("x4*3"); spaces around
// items and symbols are ignored. It returns one multiplier per listed
// period; a simulation holds the last one after them. Each multiplier must
// be within [1/MaxRateMultiplier, MaxRateMultiplier], each N at least 1,
// and all N together at most MaxSchedulePeriods.
func ParseRateSchedule(s string) ([]float64, error) {
	if strings.TrimSpace(s) == "" {
		return nil, fmt.Errorf("schedule is empty; write e.g. 1*2,4*3,0.5")
	}
	items := strings.Split(s, ",")
	if len(items) > maxScheduleItemCount {
		return nil, fmt.Errorf("schedule has %d items, at most %d", len(items), maxScheduleItemCount)
	}
	var out []float64
	for i, item := range items {
		item = strings.TrimSpace(item)
		mult, count, hasCount := strings.Cut(item, "*")
		mult = strings.TrimSpace(mult)
		mult = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(mult, "x"), "X"))
		m, err := strconv.ParseFloat(mult, 64)
		if err != nil || math.IsNaN(m) || math.IsInf(m, 0) {
			return nil, fmt.Errorf("schedule item %d (%q): %q is not a number", i+1, item, mult)
		}
		if m < 1.0/MaxRateMultiplier || m > MaxRateMultiplier {
			return nil, fmt.Errorf("schedule item %d (%q): multiplier %v is not within 0.001 to %d", i+1, item, m, MaxRateMultiplier)
		}
		n := 1
		if hasCount {
			n, err = strconv.Atoi(strings.TrimSpace(count))
			if err != nil || n < 1 {
				return nil, fmt.Errorf("schedule item %d (%q): %q is not a whole number of periods of at least 1", i+1, item, strings.TrimSpace(count))
			}
		}
		if n > MaxSchedulePeriods-len(out) {
			return nil, fmt.Errorf("schedule lists more than %d periods", MaxSchedulePeriods)
		}
		for range n {
			out = append(out, m)
		}
	}
	return out, nil
}

// FormatRateSchedule writes multipliers back in ParseRateSchedule's form,
// runs of the same multiplier as "M*N".
func FormatRateSchedule(mults []float64) string {
	var parts []string
	for i := 0; i < len(mults); {
		j := i
		for j < len(mults) && mults[j] == mults[i] {
			j++
		}
		p := strconv.FormatFloat(mults[i], 'g', -1, 64)
		if j-i > 1 {
			p += "*" + strconv.Itoa(j-i)
		}
		parts = append(parts, p)
		i = j
	}
	return strings.Join(parts, ",")
}
