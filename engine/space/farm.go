package space

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
)

// MaxFarmers bounds a farm, so a hostile URL cannot make a page plot
// without limit.
const MaxFarmers = 64

// Farmer names a farmer and the size of its plot in entries.
type Farmer struct {
	Name    string
	Entries int
}

// ParseFarmers reads "name:entries" pairs separated by commas, such as
// "alice:4096,bob:2048", as lessons and URLs write them. Names are
// trimmed; sizes and names are checked by NewFarm, not here.
func ParseFarmers(s string) ([]Farmer, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, ErrNoFarmers
	}
	if strings.Count(s, ",") >= MaxFarmers {
		return nil, fmt.Errorf("%w: more than %d farmers", ErrBadFarmers, MaxFarmers)
	}
	parts := strings.Split(s, ",")
	out := make([]Farmer, 0, len(parts))
	for i, p := range parts {
		name, size, ok := strings.Cut(strings.TrimSpace(p), ":")
		if !ok {
			return nil, fmt.Errorf("%w: entry %d %q: want name:entries", ErrBadFarmers, i+1, p)
		}
		n, err := strconv.Atoi(strings.TrimSpace(size))
		if err != nil {
			return nil, fmt.Errorf("%w: entry %d %q: entries must be a whole number 1..%d", ErrBadFarmers, i+1, p, MaxEntries)
		}
		out = append(out, Farmer{Name: strings.TrimSpace(name), Entries: n})
	}
	return out, nil
}

// Farm is a set of farmers with their plots, all plotted with one seed.
// It is immutable once built.
type Farm struct {
	seed  string
	plots []*Plot
}

// NewFarm checks the farmers (at least one, at most MaxFarmers, names
// non-empty and unique, sizes in [1, MaxEntries]) and plots each one.
func NewFarm(farmers []Farmer, seed string) (*Farm, error) {
	if len(farmers) == 0 {
		return nil, ErrNoFarmers
	}
	if len(farmers) > MaxFarmers {
		return nil, fmt.Errorf("%w: %d farmers, at most %d", ErrBadFarmers, len(farmers), MaxFarmers)
	}
	seen := make(map[string]bool, len(farmers))
	for i, f := range farmers {
		if f.Name == "" {
			return nil, fmt.Errorf("%w: farmer %d", ErrEmptyName, i+1)
		}
		if seen[f.Name] {
			return nil, fmt.Errorf("%w: %q", ErrDuplicateName, f.Name)
		}
		seen[f.Name] = true
		if f.Entries < 1 || f.Entries > MaxEntries {
			return nil, fmt.Errorf("%w: %s: %d entries, want 1..%d", ErrBadSize, f.Name, f.Entries, MaxEntries)
		}
	}
	plots := make([]*Plot, len(farmers))
	for i, f := range farmers {
		p, err := NewPlot(f.Name, seed, f.Entries)
		if err != nil {
			return nil, err
		}
		plots[i] = p
	}
	return &Farm{seed: seed, plots: plots}, nil
}

// Seed is the seed every plot was made with.
func (f *Farm) Seed() string { return f.seed }

// Plots lists the plots in the farmers' order.
func (f *Farm) Plots() []*Plot { return f.plots }

// Hashes is the farm's whole plotting cost: one hash per entry.
func (f *Farm) Hashes() uint64 {
	var n uint64
	for _, p := range f.plots {
		n += p.Hashes()
	}
	return n
}

// Shares is each farmer's expected share of blocks, n_j / sum(n).
func (f *Farm) Shares() []float64 {
	total := float64(f.Hashes())
	out := make([]float64, len(f.plots))
	for i, p := range f.plots {
		out[i] = float64(p.Len()) / total
	}
	return out
}

// Genesis is the "previous hash" of a farm's first block: SHA-256 of the
// seed, so a seed fixes the whole chain of challenges.
func Genesis(seed string) [32]byte { return sha256.Sum256([]byte(seed)) }

// Challenge is the challenge of block height after prev: the first 8
// bytes, big-endian, of SHA-256(prev || height), height as 8 big-endian
// bytes.
func Challenge(prev [32]byte, height uint64) uint64 {
	var b [40]byte
	copy(b[:], prev[:])
	binary.BigEndian.PutUint64(b[32:], height)
	sum := sha256.Sum256(b[:])
	return binary.BigEndian.Uint64(sum[:8])
}

// Round is one block: every farmer's answer to the challenge and the
// winner.
type Round struct {
	Height    uint64
	Prev      [32]byte
	Challenge uint64
	Answers   []Answer // one per farmer, in the farm's order
	Winner    int      // index of the smallest distance (the first farmer on a tie)
	Probes    int      // plot reads by all farmers together
	// Hash stands in for the block the winner signs:
	// SHA-256(prev || height || winner name || winning value), heights and
	// values as 8 big-endian bytes. It is the next round's Prev.
	Hash [32]byte
}

// Round runs block height after prev: one challenge, one lookup per farmer.
func (f *Farm) Round(prev [32]byte, height uint64) Round {
	c := Challenge(prev, height)
	r := Round{Height: height, Prev: prev, Challenge: c, Answers: make([]Answer, len(f.plots))}
	for i, p := range f.plots {
		a := p.Lookup(c)
		r.Answers[i] = a
		r.Probes += a.Probes
		if a.Distance < r.Answers[r.Winner].Distance {
			r.Winner = i
		}
	}
	h := sha256.New()
	var b [8]byte
	h.Write(prev[:])
	binary.BigEndian.PutUint64(b[:], height)
	h.Write(b[:])
	h.Write([]byte(f.plots[r.Winner].name))
	binary.BigEndian.PutUint64(b[:], r.Answers[r.Winner].Value)
	h.Write(b[:])
	h.Sum(r.Hash[:0])
	return r
}

// MaxRounds bounds a race.
const MaxRounds = 1_000_000

// RaceResult counts the blocks each farmer won over many rounds.
type RaceResult struct {
	Names    []string
	Entries  []int
	Wins     []uint64
	Expected []float64 // each farmer's share n_j / sum(n)
	Rounds   int
	Hashes   uint64   // plotting cost of the whole farm, paid once
	Probes   uint64   // plot reads over all rounds and farmers
	Last     [32]byte // the last round's hash, to continue the chain
}

// Race runs rounds blocks at heights 1, 2, ... from genesis, each round's
// hash the next one's previous hash.
func (f *Farm) Race(genesis [32]byte, rounds int) (RaceResult, error) {
	if rounds < 1 || rounds > MaxRounds {
		return RaceResult{}, fmt.Errorf("%w: %d, want 1..%d", ErrBadRounds, rounds, MaxRounds)
	}
	res := RaceResult{
		Names:    make([]string, len(f.plots)),
		Entries:  make([]int, len(f.plots)),
		Wins:     make([]uint64, len(f.plots)),
		Expected: f.Shares(),
		Rounds:   rounds,
		Hashes:   f.Hashes(),
	}
	for i, p := range f.plots {
		res.Names[i], res.Entries[i] = p.name, p.Len()
	}
	prev := genesis
	for h := 1; h <= rounds; h++ {
		r := f.Round(prev, uint64(h))
		res.Wins[r.Winner]++
		res.Probes += uint64(r.Probes)
		prev = r.Hash
	}
	res.Last = prev
	return res, nil
}
