package pos

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// MaxDraws bounds one DrawRange or Tally call (a widget asking for a
// billion slots gets an error, not a frozen tab).
const MaxDraws = 1 << 22

// ErrTooManyDraws reports a request above MaxDraws.
var ErrTooManyDraws = errors.New("pos: too many draws")

// Draw is one slot of the stake lottery, with everything a widget needs
// to show why the winner won: the per-slot seed, how many 64-bit samples
// were consumed (rejection sampling), the winning ticket and its owner.
type Draw struct {
	Slot     uint64 `json:"slot"`
	SlotSeed Hash   `json:"slotSeed"`
	Attempts int    `json:"attempts"` // samples drawn; > 1 only when a sample fell in the biased zone
	Ticket   uint64 `json:"ticket"`   // uniform in [0, total stake)
	Winner   int    `json:"winner"`   // index in the set
	Name     string `json:"name"`
}

// SlotSeed is SHA-256(seed || slot as 8 big-endian bytes): every slot gets
// its own independent-looking randomness from one epoch seed.
func SlotSeed(seed Hash, slot uint64) Hash { return sum(seed[:], be64(slot)) }

// uniform maps src to a ticket in [0, n) without modulo bias. Samples are
// the four big-endian uint64 words of src, then of SHA-256(src ||
// uint32_be(k)) for k = 1, 2, ...; a sample x is rejected when x < 2^64 mod
// n, which leaves a range whose size is a multiple of n, so x mod n is
// exactly uniform. A rejection has probability below n/2^64 <= 1/2.
func uniform(src Hash, n uint64) (ticket uint64, attempts int) {
	threshold := -n % n // 2^64 mod n, computed in uint64 arithmetic
	block := src
	for a := 0; ; a++ {
		if a > 0 && a%4 == 0 {
			block = sum(src[:], binary.BigEndian.AppendUint32(nil, uint32(a/4)))
		}
		x := binary.BigEndian.Uint64(block[(a%4)*8:])
		if x >= threshold {
			return x % n, a + 1
		}
	}
}

// Draw picks the proposer of one slot with probability stake/total. On a
// nil or zero ValidatorSet it returns Winner -1.
func (s *ValidatorSet) Draw(seed Hash, slot uint64) Draw {
	ss := SlotSeed(seed, slot)
	if !s.usable() {
		return Draw{Slot: slot, SlotSeed: ss, Winner: -1}
	}
	t, attempts := uniform(ss, s.total)
	w := s.owner(t)
	return Draw{Slot: slot, SlotSeed: ss, Attempts: attempts, Ticket: t, Winner: w, Name: s.vals[w].Name}
}

// DrawRange draws slots first .. first+n-1.
func (s *ValidatorSet) DrawRange(seed Hash, first, n uint64) ([]Draw, error) {
	if !s.usable() {
		return nil, ErrNoValidators
	}
	if n > MaxDraws {
		return nil, fmt.Errorf("%w: %d > %d", ErrTooManyDraws, n, MaxDraws)
	}
	out := make([]Draw, n)
	for i := range out {
		out[i] = s.Draw(seed, first+uint64(i))
	}
	return out, nil
}

// Tally is the histogram of many draws against the stake shares, with a
// chi-square goodness-of-fit test: the lottery widget's chart.
type Tally struct {
	Draws    uint64    `json:"draws"`
	Names    []string  `json:"names"`
	Stakes   []uint64  `json:"stakes"`
	Observed []uint64  `json:"observed"`
	Expected []float64 `json:"expected"` // draws * stake / total
	// ChiSquare is sum((O-E)^2/E) over validators with positive stake; DF
	// is their number minus one; PValue is the upper tail probability.
	ChiSquare float64 `json:"chiSquare"`
	DF        int     `json:"df"`
	PValue    float64 `json:"pValue"`
}

// Tally draws slots first .. first+n-1 and counts the winners.
func (s *ValidatorSet) Tally(seed Hash, first, n uint64) (Tally, error) {
	if !s.usable() {
		return Tally{}, ErrNoValidators
	}
	if n > MaxDraws {
		return Tally{}, fmt.Errorf("%w: %d > %d", ErrTooManyDraws, n, MaxDraws)
	}
	t := Tally{
		Draws:    n,
		Names:    make([]string, len(s.vals)),
		Stakes:   make([]uint64, len(s.vals)),
		Observed: make([]uint64, len(s.vals)),
		Expected: make([]float64, len(s.vals)),
	}
	for i, v := range s.vals {
		t.Names[i], t.Stakes[i] = v.Name, v.Stake
		t.Expected[i] = float64(n) * s.Share(i)
	}
	for k := uint64(0); k < n; k++ {
		t.Observed[s.Draw(seed, first+k).Winner]++
	}
	if n == 0 {
		t.PValue = 1
		return t, nil
	}
	var err error
	t.ChiSquare, t.DF, err = chiSquare(t.Observed, t.Expected)
	if err != nil {
		return t, err
	}
	t.PValue = ChiSquarePValue(t.ChiSquare, t.DF)
	return t, nil
}
