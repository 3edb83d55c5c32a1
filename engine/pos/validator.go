package pos

import (
	"errors"
	"fmt"
	"math/bits"
	"sort"
	"strconv"
	"strings"
)

// Errors for validator input. Messages name the offending entry; match
// with errors.Is.
var (
	ErrNoValidators    = errors.New("pos: no validators")
	ErrZeroTotalStake  = errors.New("pos: total stake is zero")
	ErrDuplicateName   = errors.New("pos: duplicate validator name")
	ErrEmptyName       = errors.New("pos: empty validator name")
	ErrStakeOverflow   = errors.New("pos: total stake overflows uint64")
	ErrUnknownName     = errors.New("pos: unknown validator")
	ErrTooManyEntries  = errors.New("pos: too many entries")
	ErrBadValidatorSet = errors.New("pos: bad validator list")
)

// MaxValidators bounds a parsed validator list, so a hostile URL cannot make
// a widget allocate without limit.
const MaxValidators = 4096

// Validator is a named staker. Stake is in the caller's unit (see the
// package doc); a validator may hold zero stake, it then never wins.
type Validator struct {
	Name  string `json:"name"`
	Stake uint64 `json:"stake"`
}

// TicketRange is the slice [From, To) of the ticket space a validator owns
// in the lottery: a ticket t wins for the validator whose range holds t.
type TicketRange struct {
	Name string `json:"name"`
	From uint64 `json:"from"`
	To   uint64 `json:"to"`
}

// ValidatorSet is an immutable, validated list of validators with its
// cumulative stake table. Build one with NewValidatorSet; being immutable it
// is safe to share between goroutines.
type ValidatorSet struct {
	vals  []Validator
	cum   []uint64 // cum[i] = stake of validators 0..i
	total uint64
	index map[string]int
}

// NewValidatorSet checks vals (at least one, names non-empty and unique,
// total stake positive and within uint64) and keeps their order, which
// fixes who owns which ticket range.
func NewValidatorSet(vals []Validator) (*ValidatorSet, error) {
	if len(vals) == 0 {
		return nil, ErrNoValidators
	}
	s := &ValidatorSet{
		vals:  append([]Validator(nil), vals...),
		cum:   make([]uint64, len(vals)),
		index: make(map[string]int, len(vals)),
	}
	for i, v := range vals {
		if v.Name == "" {
			return nil, fmt.Errorf("%w (entry %d)", ErrEmptyName, i)
		}
		if _, dup := s.index[v.Name]; dup {
			return nil, fmt.Errorf("%w: %q", ErrDuplicateName, v.Name)
		}
		s.index[v.Name] = i
		var carry uint64
		s.total, carry = bits.Add64(s.total, v.Stake, 0)
		if carry != 0 {
			return nil, fmt.Errorf("%w at %q", ErrStakeOverflow, v.Name)
		}
		s.cum[i] = s.total
	}
	if s.total == 0 {
		return nil, ErrZeroTotalStake
	}
	return s, nil
}

// Len is the number of validators.
func (s *ValidatorSet) Len() int {
	if s == nil {
		return 0
	}
	return len(s.vals)
}

// Total is the sum of all stakes.
func (s *ValidatorSet) Total() uint64 {
	if s == nil {
		return 0
	}
	return s.total
}

// Validators returns a copy of the list, in set order.
func (s *ValidatorSet) Validators() []Validator {
	if s == nil {
		return nil
	}
	return append([]Validator(nil), s.vals...)
}

// At returns validator i, and false if i is out of range.
func (s *ValidatorSet) At(i int) (Validator, bool) {
	if s == nil || i < 0 || i >= len(s.vals) {
		return Validator{}, false
	}
	return s.vals[i], true
}

// Index finds a validator by name.
func (s *ValidatorSet) Index(name string) (int, bool) {
	if s == nil {
		return 0, false
	}
	i, ok := s.index[name]
	return i, ok
}

// Share is validator i's fraction of the total stake, the probability that
// it wins any one draw (0 if i is out of range).
func (s *ValidatorSet) Share(i int) float64 {
	if !s.usable() || i < 0 || i >= len(s.vals) {
		return 0
	}
	return float64(s.vals[i].Stake) / float64(s.total)
}

// usable is false for a nil or zero ValidatorSet (one not made by
// NewValidatorSet), which every method must survive.
func (s *ValidatorSet) usable() bool { return s != nil && s.total > 0 }

// Ranges lists every validator's ticket range; together they tile
// [0, Total()) in set order. A zero-stake validator has an empty range.
func (s *ValidatorSet) Ranges() []TicketRange {
	if s == nil {
		return nil
	}
	out := make([]TicketRange, len(s.vals))
	var from uint64
	for i, v := range s.vals {
		out[i] = TicketRange{Name: v.Name, From: from, To: s.cum[i]}
		from = s.cum[i]
	}
	return out
}

// owner returns the validator whose range holds ticket t (< total): the
// first i with cum[i] > t, so zero-stake validators are skipped.
func (s *ValidatorSet) owner(t uint64) int {
	return sort.Search(len(s.cum), func(i int) bool { return s.cum[i] > t })
}

// ParseValidators reads a validator list as lessons and URLs write it:
// "alice:32,bob:16,carol:8" (name:stake, comma-separated, spaces around
// items ignored). Names may not contain ':' or ','. The result is checked
// like NewValidatorSet.
func ParseValidators(s string) (*ValidatorSet, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, ErrNoValidators
	}
	if strings.Count(s, ",") >= MaxValidators {
		return nil, fmt.Errorf("%w: more than %d validators", ErrTooManyEntries, MaxValidators)
	}
	parts := strings.Split(s, ",")
	vals := make([]Validator, 0, len(parts))
	for i, p := range parts {
		name, stake, ok := strings.Cut(strings.TrimSpace(p), ":")
		if !ok {
			return nil, fmt.Errorf("%w: entry %d %q: want name:stake", ErrBadValidatorSet, i+1, p)
		}
		name = strings.TrimSpace(name)
		n, err := strconv.ParseUint(strings.TrimSpace(stake), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%w: entry %d %q: stake must be a whole number 0..%d", ErrBadValidatorSet, i+1, p, uint64(1<<64-1))
		}
		vals = append(vals, Validator{Name: name, Stake: n})
	}
	return NewValidatorSet(vals)
}
