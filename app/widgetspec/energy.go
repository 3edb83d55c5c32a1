package widgetspec

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// energy compares the energy of proof of work and proof of stake per block
// and per year, from explicit, cited assumptions the learner can change.
func init() {
	Register(Spec{
		Name:  "energy",
		Title: "Energy: PoW vs PoS",
		Doc:   "Energy per block and per year of proof of work (from a difficulty or a hash rate, and the miners' joules per hash) against proof of stake (machines times watts), with every assumption on screen.",
		Params: []Param{
			{Name: "mode", Kind: Enum, Default: "bits", Choices: []string{"bits", "hashrate"}, Doc: "derive PoW's hashes per block from the difficulty (bits) or from a network hash rate"},
			{Name: "bits", Kind: String, Default: "17034219", MaxLen: 10, Doc: "compact difficulty bits in hex; the default is Bitcoin block 840000's (April 2024)"},
			{Name: "hashrate", Kind: Int, Default: "600", Min: 1, Max: 100000, Doc: "PoW network hash rate in EH/s (1e18 hashes per second), used when mode=hashrate"},
			{Name: "jth", Kind: String, Default: "17.5", MaxLen: 12, Doc: "miner efficiency in joules per terahash; 17.5 is Bitmain's published figure for the Antminer S21"},
			{Name: "machines", Kind: Int, Default: "26200", Min: 1, Max: 10000000, Doc: "PoS machines running validators"},
			{Name: "watts", Kind: Int, Default: "100", Min: 1, Max: 100000, Doc: "average power per PoS machine in watts"},
		},
		Validate: func(v map[string]string) error {
			if _, err := ParseBits(v["bits"]); err != nil {
				return err
			}
			_, err := ParseJoulesPerTH(v["jth"])
			return err
		},
	})
}

// ParseBits reads compact difficulty bits written in hex, with or without
// 0x, e.g. "17034219" or "0x1d00ffff".
func ParseBits(s string) (uint32, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimPrefix(strings.TrimPrefix(t, "0x"), "0X")
	n, err := strconv.ParseUint(t, 16, 32)
	if err != nil || t == "" {
		return 0, fmt.Errorf("bits=%q is not 1 to 8 hex digits (e.g. 17034219)", s)
	}
	return uint32(n), nil
}

// ParseJoulesPerTH reads a miner efficiency in J/TH: a decimal number
// above 0 and at most 100000 (older machines used thousands).
func ParseJoulesPerTH(s string) (float64, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(f) || !(f > 0) || f > 100000 {
		return 0, fmt.Errorf("jth=%q must be a number of joules per terahash above 0 and at most 100000 (e.g. 17.5)", s)
	}
	return f, nil
}
