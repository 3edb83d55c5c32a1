package space

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"slices"
)

// MaxEntries bounds a plot. At 16 bytes an entry, the largest plot is 1 MiB
// and 65 536 hashes: a fraction of a second even in a browser.
const MaxEntries = 1 << 16

// Errors for bad input; match with errors.Is.
var (
	ErrBadSize       = errors.New("space: bad plot size")
	ErrEmptyName     = errors.New("space: empty farmer name")
	ErrDuplicateName = errors.New("space: duplicate farmer name")
	ErrNoFarmers     = errors.New("space: no farmers")
	ErrBadFarmers    = errors.New("space: bad farmer list")
	ErrBadRounds     = errors.New("space: bad number of rounds")
)

// entry is one plotted value and the i it was hashed from, which lets
// anyone check an answer with a single hash (see Verify).
type entry struct {
	value uint64
	nonce uint64
}

// Plot is a farmer's sorted table of hash values. It is immutable once
// built, so it is safe to share between goroutines.
type Plot struct {
	name    string
	seed    string
	entries []entry // sorted by value, then nonce
}

// PlotValue is the value a plot stores for index i: the first 8 bytes,
// big-endian, of SHA-256(name || seed || i), i as 8 big-endian bytes.
func PlotValue(name, seed string, i uint64) uint64 {
	h := sha256.New()
	h.Write([]byte(name))
	h.Write([]byte(seed))
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], i)
	h.Write(b[:])
	var sum [sha256.Size]byte
	return binary.BigEndian.Uint64(h.Sum(sum[:0]))
}

// NewPlot plots n values for name and seed: n hashes, then a sort.
// n must be in [1, MaxEntries] and name non-empty.
func NewPlot(name, seed string, n int) (*Plot, error) {
	if name == "" {
		return nil, ErrEmptyName
	}
	if n < 1 || n > MaxEntries {
		return nil, fmt.Errorf("%w: %s: %d entries, want 1..%d", ErrBadSize, name, n, MaxEntries)
	}
	es := make([]entry, n)
	for i := range es {
		es[i] = entry{value: PlotValue(name, seed, uint64(i)), nonce: uint64(i)}
	}
	return newPlot(name, seed, es), nil
}

// newPlot sorts es into a plot; tests use it to build plots with chosen
// values (duplicates, values near 2^64).
func newPlot(name, seed string, es []entry) *Plot {
	slices.SortFunc(es, func(a, b entry) int {
		return cmp.Or(cmp.Compare(a.value, b.value), cmp.Compare(a.nonce, b.nonce))
	})
	return &Plot{name: name, seed: seed, entries: es}
}

// Name is the farmer's name.
func (p *Plot) Name() string { return p.name }

// Len is the number of plotted values.
func (p *Plot) Len() int { return len(p.entries) }

// Hashes is what plotting cost: one SHA-256 per value.
func (p *Plot) Hashes() uint64 { return uint64(len(p.entries)) }

// Value returns the k-th smallest plotted value, for 0 <= k < Len.
func (p *Plot) Value(k int) uint64 { return p.entries[k].value }

// Answer is a farmer's reply to a challenge.
type Answer struct {
	Value    uint64 // the first plotted value at or after the challenge, wrapping around
	Index    int    // its position in the sorted plot (the first of equal values)
	Nonce    uint64 // the i it was hashed from: PlotValue(name, seed, Nonce) == Value
	Distance uint64 // (Value - challenge) mod 2^64: smaller is better
	Probes   int    // plot entries read to find it
}

// Lookup answers challenge c by binary search: at most ProbeBound(Len())
// reads, where finding the same value without a plot takes Len() hashes.
func (p *Plot) Lookup(c uint64) Answer {
	lo, hi, probes, readFirst := 0, len(p.entries), 0, false
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		probes++
		readFirst = readFirst || mid == 0
		if p.entries[mid].value < c {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo == len(p.entries) {
		// Every value is below c: wrap around to the smallest, one more
		// read unless the search already read it.
		lo = 0
		if !readFirst {
			probes++
		}
	}
	e := p.entries[lo]
	return Answer{Value: e.value, Index: lo, Nonce: e.nonce, Distance: e.value - c, Probes: probes}
}

// ProbeBound is the most entries Lookup reads in a plot of n values:
// ceil(log2 n) + 1 (a binary search over n, plus the read that wraps around).
func ProbeBound(n int) int {
	if n < 1 {
		return 0
	}
	return bits.Len(uint(n-1)) + 1
}

// Verify checks an answer as the network would, with one hash: the value
// really is name's plotted value for a.Nonce, and a.Distance is its
// distance from c. (Whether a farmer kept its best value is not checkable;
// a farmer that did not loses blocks.)
func Verify(name, seed string, c uint64, a Answer) error {
	if v := PlotValue(name, seed, a.Nonce); v != a.Value {
		return fmt.Errorf("space: %s's value for nonce %d is %016x, not %016x", name, a.Nonce, v, a.Value)
	}
	if d := a.Value - c; d != a.Distance {
		return fmt.Errorf("space: distance of %016x from challenge %016x is %d, not %d", a.Value, c, d, a.Distance)
	}
	return nil
}
