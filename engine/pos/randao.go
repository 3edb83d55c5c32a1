package pos

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
)

// RANDAO-style randomness, the commit-reveal form: each validator first
// publishes H(secret), later reveals secret, and the mix absorbs
// H(secret) by XOR. Ethereum's beacon chain reveals a BLS signature of the
// epoch instead, which needs no commitment because it is already
// verifiable and unique; the bias analysis below is the same.

// Errors of the commit-reveal protocol.
var (
	ErrAlreadyCommitted = errors.New("pos: randao: already committed")
	ErrNoCommitment     = errors.New("pos: randao: no commitment")
	ErrAlreadyRevealed  = errors.New("pos: randao: already revealed or withheld")
	ErrRevealMismatch   = errors.New("pos: randao: reveal does not match commitment")
)

// Commitment is H(secret), the value published before the reveal.
func Commitment(secret []byte) Hash { return sha256.Sum256(secret) }

// DeriveSecret gives validator name a reproducible 32-byte secret for
// round, so a lesson replays the same reveals from one seed.
func DeriveSecret(seed Hash, name string, round uint64) []byte {
	h := sum([]byte("randao-secret"), seed[:], []byte(name), []byte{0}, be64(round))
	return h[:]
}

// RandaoStep records one reveal (or a withheld one) and the mix around it.
type RandaoStep struct {
	Name       string `json:"name"`
	Revealed   bool   `json:"revealed"`
	Secret     string `json:"secret,omitempty"` // hex of the revealed secret
	RevealHash Hash   `json:"revealHash"`       // H(secret); zero when withheld
	MixBefore  Hash   `json:"mixBefore"`
	MixAfter   Hash   `json:"mixAfter"`
}

// Randao is one round of commit-reveal; the zero value starts from a zero
// mix. It is not safe for concurrent use.
type Randao struct {
	mix     Hash
	commits map[string]Hash
	order   []string
	done    map[string]bool
	steps   []RandaoStep
}

// NewRandao starts a round from the previous mix.
func NewRandao(initial Hash) *Randao {
	return &Randao{mix: initial, commits: map[string]Hash{}, done: map[string]bool{}}
}

// Commit records name's commitment H(secret). Each name commits once.
func (r *Randao) Commit(name string, commitment Hash) error {
	if name == "" {
		return ErrEmptyName
	}
	if _, ok := r.commits[name]; ok {
		return fmt.Errorf("%w: %q", ErrAlreadyCommitted, name)
	}
	if r.commits == nil {
		r.commits, r.done = map[string]Hash{}, map[string]bool{}
	}
	r.commits[name] = commitment
	r.order = append(r.order, name)
	return nil
}

// Reveal checks secret against name's commitment and, if it matches, XORs
// H(secret) into the mix. A mismatch is rejected and changes nothing (the
// validator may still reveal the right secret or withhold).
func (r *Randao) Reveal(name string, secret []byte) (RandaoStep, error) {
	c, err := r.open(name)
	if err != nil {
		return RandaoStep{}, err
	}
	h := Commitment(secret)
	if h != c {
		return RandaoStep{}, fmt.Errorf("%w: %q", ErrRevealMismatch, name)
	}
	st := RandaoStep{Name: name, Revealed: true, Secret: hex.EncodeToString(secret), RevealHash: h, MixBefore: r.mix}
	r.mix = xorHash(r.mix, h)
	st.MixAfter = r.mix
	return r.record(st), nil
}

// Withhold records that name did not reveal: the mix is unchanged. In
// Ethereum this is a missed block, so withholding costs the proposer its
// block reward: the price of the one bit of choice it buys.
func (r *Randao) Withhold(name string) (RandaoStep, error) {
	if _, err := r.open(name); err != nil {
		return RandaoStep{}, err
	}
	return r.record(RandaoStep{Name: name, MixBefore: r.mix, MixAfter: r.mix}), nil
}

func (r *Randao) open(name string) (Hash, error) {
	c, ok := r.commits[name]
	if !ok {
		return Hash{}, fmt.Errorf("%w: %q", ErrNoCommitment, name)
	}
	if r.done[name] {
		return Hash{}, fmt.Errorf("%w: %q", ErrAlreadyRevealed, name)
	}
	return c, nil
}

func (r *Randao) record(st RandaoStep) RandaoStep {
	r.done[st.Name] = true
	r.steps = append(r.steps, st)
	return st
}

// Mix is the current mix.
func (r *Randao) Mix() Hash { return r.mix }

// Steps returns the reveals so far, in order.
func (r *Randao) Steps() []RandaoStep { return append([]RandaoStep(nil), r.steps...) }

// Pending lists who committed but has neither revealed nor withheld, in
// commit order.
func (r *Randao) Pending() []string {
	var out []string
	for _, n := range r.order {
		if !r.done[n] {
			out = append(out, n)
		}
	}
	return out
}

func xorHash(a, b Hash) Hash {
	for i := range a {
		a[i] ^= b[i]
	}
	return a
}

// RevealChoice is what follows from one choice of the last revealer: the
// resulting mix, the lottery it seeds, and how many slots the revealer wins.
type RevealChoice struct {
	Reveal        bool   `json:"reveal"`
	Mix           Hash   `json:"mix"`
	Draws         []Draw `json:"draws"`
	AttackerSlots int    `json:"attackerSlots"`
}

// LastRevealerBias shows the last revealer's one bit of influence: it sees
// the mix before its turn, computes both futures, and picks the one it
// likes. Best is "withhold" only when that gives strictly more slots,
// because withholding costs a block.
type LastRevealerBias struct {
	Attacker   string       `json:"attacker"`
	MixBefore  Hash         `json:"mixBefore"`
	IfReveal   RevealChoice `json:"ifReveal"`
	IfWithhold RevealChoice `json:"ifWithhold"`
	Differs    bool         `json:"differs"` // the two futures give different proposers somewhere
	Best       string       `json:"best"`    // "reveal" or "withhold"
}

// LastRevealer evaluates both choices of attacker (who must be in set),
// whose secret is next and last to be revealed onto mixBefore, for the
// lottery of slots first .. first+slots-1 seeded by the final mix.
func LastRevealer(set *ValidatorSet, mixBefore Hash, attacker string, secret []byte, first, slots uint64) (LastRevealerBias, error) {
	a, ok := set.Index(attacker)
	if !ok {
		return LastRevealerBias{}, fmt.Errorf("%w: %q", ErrUnknownName, attacker)
	}
	out := LastRevealerBias{Attacker: attacker, MixBefore: mixBefore, Best: "reveal"}
	for _, reveal := range []bool{true, false} {
		mix := mixBefore
		if reveal {
			mix = xorHash(mix, Commitment(secret))
		}
		draws, err := set.DrawRange(mix, first, slots)
		if err != nil {
			return LastRevealerBias{}, err
		}
		c := RevealChoice{Reveal: reveal, Mix: mix, Draws: draws}
		for _, d := range draws {
			if d.Winner == a {
				c.AttackerSlots++
			}
		}
		if reveal {
			out.IfReveal = c
		} else {
			out.IfWithhold = c
		}
	}
	for i := range out.IfReveal.Draws {
		if out.IfReveal.Draws[i].Winner != out.IfWithhold.Draws[i].Winner {
			out.Differs = true
			break
		}
	}
	if out.IfWithhold.AttackerSlots > out.IfReveal.AttackerSlots {
		out.Best = "withhold"
	}
	return out, nil
}

// BiasRound is one round of RunBiasExperiment.
type BiasRound struct {
	Round      uint64 `json:"round"`
	IfReveal   int    `json:"ifReveal"`   // attacker's slots if it reveals
	IfWithhold int    `json:"ifWithhold"` // attacker's slots if it withholds
	Withheld   bool   `json:"withheld"`   // the biased attacker's choice
}

// BiasExperiment compares an honest last revealer with one that uses its
// bit, over many rounds.
type BiasExperiment struct {
	Attacker      string      `json:"attacker"`
	Share         float64     `json:"share"` // stake share: the honest expectation per slot
	SlotsPerRound uint64      `json:"slotsPerRound"`
	Rounds        []BiasRound `json:"rounds"`
	HonestSlots   uint64      `json:"honestSlots"` // always revealing
	BiasedSlots   uint64      `json:"biasedSlots"` // taking the better of the two
	TotalSlots    uint64      `json:"totalSlots"`
	Withheld      uint64      `json:"withheld"`
	HonestRate    float64     `json:"honestRate"`
	BiasedRate    float64     `json:"biasedRate"`
}

// MaxBiasWork bounds rounds*slotsPerRound in RunBiasExperiment.
const MaxBiasWork = 1 << 20

// RunBiasExperiment plays rounds independent rounds in which attacker is
// the last revealer, each onto a fresh mix derived from seed. With one
// slot per round and stake share p, the biased rate approaches
// 1-(1-p)^2 = 2p-p^2 instead of p: one bit of bias nearly doubles a small
// validator's chance, and it cannot do better without more last slots.
func RunBiasExperiment(set *ValidatorSet, attacker string, seed Hash, rounds, slotsPerRound uint64) (BiasExperiment, error) {
	a, ok := set.Index(attacker)
	if !ok {
		return BiasExperiment{}, fmt.Errorf("%w: %q", ErrUnknownName, attacker)
	}
	if slotsPerRound == 0 || rounds == 0 || rounds > MaxBiasWork || rounds*slotsPerRound > MaxBiasWork {
		return BiasExperiment{}, fmt.Errorf("%w: rounds*slotsPerRound must be in 1..%d", ErrTooManyDraws, MaxBiasWork)
	}
	ex := BiasExperiment{Attacker: attacker, Share: set.Share(a), SlotsPerRound: slotsPerRound, Rounds: make([]BiasRound, rounds)}
	for r := uint64(0); r < rounds; r++ {
		mixBefore := sum([]byte("randao-mix"), seed[:], be64(r))
		lr, err := LastRevealer(set, mixBefore, attacker, DeriveSecret(seed, attacker, r), 0, slotsPerRound)
		if err != nil {
			return BiasExperiment{}, err
		}
		br := BiasRound{Round: r, IfReveal: lr.IfReveal.AttackerSlots, IfWithhold: lr.IfWithhold.AttackerSlots, Withheld: lr.Best == "withhold"}
		ex.Rounds[r] = br
		ex.HonestSlots += uint64(br.IfReveal)
		ex.BiasedSlots += uint64(max(br.IfReveal, br.IfWithhold))
		if br.Withheld {
			ex.Withheld++
		}
	}
	ex.TotalSlots = rounds * slotsPerRound
	ex.HonestRate = float64(ex.HonestSlots) / float64(ex.TotalSlots)
	ex.BiasedRate = float64(ex.BiasedSlots) / float64(ex.TotalSlots)
	return ex, nil
}
