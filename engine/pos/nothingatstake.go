package pos

import (
	"errors"
	"fmt"
	"math/big"
	"math/bits"
)

// The nothing-at-stake problem: in a fork, signing both branches costs a
// PoS validator nothing but a signature, and guarantees that it is on the
// winning side. Without slashing that makes double signing the dominant
// strategy, and if everyone follows it the fork never resolves. Slashing
// turns the second signature into evidence that costs stake.

// NothingAtStakeConfig describes one fork.
type NothingAtStakeConfig struct {
	Validators    []Validator  `json:"validators"`
	DoubleSigners []string     `json:"doubleSigners"` // sign both branches at every height
	Steps         int          `json:"steps"`         // heights after the fork, 1..MaxNothingAtStakeSteps
	RewardPPM     uint64       `json:"rewardPpm"`     // reward per canonical signature, in millionths of the signer's stake
	Rule          SlashingRule `json:"rule"`          // penalty in the run with slashing
	Seed          Hash         `json:"seed"`          // keys, the fork and first preferences
}

// MaxNothingAtStakeSteps bounds Steps (and MaxValidators bounds the set).
const MaxNothingAtStakeSteps = 256

// ErrBadSimulation reports a configuration the simulation cannot run.
var ErrBadSimulation = errors.New("pos: nothing-at-stake: bad configuration")

// NASStep is one height of the fork.
type NASStep struct {
	Height  uint64   `json:"height"`
	SignedA []string `json:"signedA"`
	SignedB []string `json:"signedB"`
	WeightA uint64   `json:"weightA"` // stake that signed A at this height
	WeightB uint64   `json:"weightB"`
	TotalA  uint64   `json:"totalA"` // cumulative: the fork-choice weight
	TotalB  uint64   `json:"totalB"`
	Leader  string   `json:"leader"` // "A", "B" or "tie" after this height
	Slashed []string `json:"slashed,omitempty"`
}

// NASOutcome is one validator's result.
type NASOutcome struct {
	Name        string `json:"name"`
	Strategy    string `json:"strategy"` // "one" or "both"
	StakeBefore uint64 `json:"stakeBefore"`
	Reward      uint64 `json:"reward"`
	Penalty     uint64 `json:"penalty"`
	StakeAfter  uint64 `json:"stakeAfter"` // before + reward - penalty
	Net         int64  `json:"net"`        // reward - penalty (saturating)
	Slashed     bool   `json:"slashed"`
}

// NASRun is the fork played under one regime.
type NASRun struct {
	Slashing bool         `json:"slashing"`
	Steps    []NASStep    `json:"steps"`
	Winner   string       `json:"winner"`   // canonical branch; "A" on a tie
	Resolved bool         `json:"resolved"` // false if the branches ended tied
	Outcomes []NASOutcome `json:"outcomes"`
	// Net return per unit of stake, averaged over each strategy group
	// (stake-weighted); NaN-free: 0 for an empty group.
	ReturnOne  float64 `json:"returnOne"`
	ReturnBoth float64 `json:"returnBoth"`
	// DoubleSignPays: the double signers earned a strictly better return
	// than the single signers.
	DoubleSignPays bool `json:"doubleSignPays"`
}

// NothingAtStake compares the same fork without and with slashing.
type NothingAtStake struct {
	Without NASRun `json:"without"`
	With    NASRun `json:"with"`
}

// SimulateNothingAtStake plays cfg twice. Rules of the model:
//   - at each height every active validator signs: double signers sign the
//     header of both branches; the others sign the branch with more
//     cumulative signed stake so far, or on a tie their first preference
//     (a coin from the seed);
//   - the canonical branch is the heavier at the end (A on a tie), and
//     each signature on it earns stake*RewardPPM/1e6 (rewards scale with
//     stake, as Ethereum's do with effective balance); signatures on the
//     other branch earn nothing;
//   - with slashing, every signed header is shown to a Slasher; an
//     equivocation is slashed at once (evidence included at the same
//     height): Rule's initial penalty, ejection, no rewards for the run.
//     The correlation penalty is left out.
func SimulateNothingAtStake(cfg NothingAtStakeConfig) (NothingAtStake, error) {
	set, err := NewValidatorSet(cfg.Validators)
	if err != nil {
		return NothingAtStake{}, err
	}
	if cfg.Steps < 1 || cfg.Steps > MaxNothingAtStakeSteps {
		return NothingAtStake{}, fmt.Errorf("%w: steps %d not in 1..%d", ErrBadSimulation, cfg.Steps, MaxNothingAtStakeSteps)
	}
	if len(cfg.Validators) > MaxValidators {
		return NothingAtStake{}, fmt.Errorf("%w: more than %d validators", ErrTooManyEntries, MaxValidators)
	}
	both := map[string]bool{}
	for _, d := range cfg.DoubleSigners {
		if _, ok := set.Index(d); !ok {
			return NothingAtStake{}, fmt.Errorf("%w: double signer %q", ErrUnknownName, d)
		}
		both[d] = true
	}
	var out NothingAtStake
	if out.Without, err = playFork(cfg, set, both, false); err != nil {
		return NothingAtStake{}, err
	}
	if out.With, err = playFork(cfg, set, both, true); err != nil {
		return NothingAtStake{}, err
	}
	return out, nil
}

func playFork(cfg NothingAtStakeConfig, set *ValidatorSet, both map[string]bool, slashing bool) (NASRun, error) {
	run := NASRun{Slashing: slashing}
	reg, err := NewRegistry(set.vals)
	if err != nil {
		return run, err
	}
	slasher := NewSlasher()
	keys := make([]ValidatorKey, set.Len())
	prefersA := make([]bool, set.Len())
	for i, v := range set.vals {
		keys[i] = DeriveKey(cfg.Seed, v.Name)
		if err := slasher.Register(v.Name, keys[i].Public()); err != nil {
			return run, err
		}
		coin := sum([]byte("nas-preference"), cfg.Seed[:], []byte(v.Name))
		prefersA[i] = coin[0]&1 == 0
	}
	fork := sum([]byte("nas-fork"), cfg.Seed[:])
	parent := [2]Hash{fork, fork}
	signedOn := make([][2]uint64, set.Len()) // signatures per branch
	var totals [2]uint64
	for step := 0; step < cfg.Steps; step++ {
		height := uint64(step + 1)
		var headers [2]BlockHeader
		for b := range headers {
			headers[b] = BlockHeader{Height: height, Parent: parent[b], Body: sum([]byte("nas-body"), cfg.Seed[:], []byte{byte(b)}, be64(height))}
		}
		st := NASStep{Height: height}
		var weight [2]uint64
		for i, v := range set.vals {
			if reg.accounts[i].Ejected {
				continue
			}
			var branches []int
			switch {
			case both[v.Name]:
				branches = []int{0, 1}
			case totals[0] > totals[1] || (totals[0] == totals[1] && prefersA[i]):
				branches = []int{0}
			default:
				branches = []int{1}
			}
			for _, b := range branches {
				sh := keys[i].Sign(headers[b])
				signedOn[i][b]++
				weight[b] += v.Stake // cannot overflow: stakes sum within uint64
				if b == 0 {
					st.SignedA = append(st.SignedA, v.Name)
				} else {
					st.SignedB = append(st.SignedB, v.Name)
				}
				if !slashing {
					continue
				}
				ev, err := slasher.Observe(sh)
				if err != nil {
					return run, err
				}
				if ev != nil {
					if _, err := reg.Slash(*ev, cfg.Rule); err != nil {
						return run, err
					}
					st.Slashed = append(st.Slashed, v.Name)
				}
			}
		}
		for b := range totals {
			totals[b] = satAdd(totals[b], weight[b])
			parent[b] = headers[b].Root()
		}
		st.WeightA, st.WeightB, st.TotalA, st.TotalB = weight[0], weight[1], totals[0], totals[1]
		st.Leader = leader(totals)
		run.Steps = append(run.Steps, st)
	}
	run.Winner, run.Resolved = "A", totals[0] != totals[1]
	win := 0
	if totals[1] > totals[0] {
		run.Winner, win = "B", 1
	}
	var stakeGroup, netGroup [2]*big.Int // [one, both]
	for g := range stakeGroup {
		stakeGroup[g], netGroup[g] = new(big.Int), new(big.Int)
	}
	for i, a := range reg.accounts {
		v := set.vals[i]
		o := NASOutcome{Name: v.Name, Strategy: "one", StakeBefore: v.Stake, Penalty: a.Penalty, Slashed: a.Slashed}
		g := 0
		if both[v.Name] {
			o.Strategy, g = "both", 1
		}
		if !a.Slashed {
			o.Reward = satMul(signedOn[i][win], mulDiv(v.Stake, cfg.RewardPPM, 1_000_000))
		}
		o.StakeAfter = satAdd(a.Stake, o.Reward)
		net := new(big.Int).Sub(new(big.Int).SetUint64(o.Reward), new(big.Int).SetUint64(o.Penalty))
		o.Net = clampInt64(net)
		stakeGroup[g].Add(stakeGroup[g], new(big.Int).SetUint64(v.Stake))
		netGroup[g].Add(netGroup[g], net)
		run.Outcomes = append(run.Outcomes, o)
	}
	ret := func(g int) float64 {
		if stakeGroup[g].Sign() == 0 {
			return 0
		}
		f, _ := new(big.Rat).SetFrac(netGroup[g], stakeGroup[g]).Float64()
		return f
	}
	run.ReturnOne, run.ReturnBoth = ret(0), ret(1)
	run.DoubleSignPays = len(both) > 0 && stakeGroup[1].Sign() > 0 && run.ReturnBoth > run.ReturnOne
	return run, nil
}

// mulDiv is a*b/c with a 128-bit intermediate, saturating at 2^64-1.
func mulDiv(a, b, c uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	if hi >= c {
		return 1<<64 - 1
	}
	q, _ := bits.Div64(hi, lo, c)
	return q
}

func leader(t [2]uint64) string {
	switch {
	case t[0] > t[1]:
		return "A"
	case t[1] > t[0]:
		return "B"
	}
	return "tie"
}

func satAdd(a, b uint64) uint64 {
	if s := a + b; s >= a {
		return s
	}
	return 1<<64 - 1
}

func satMul(a, b uint64) uint64 {
	if a != 0 && b > (1<<64-1)/a {
		return 1<<64 - 1
	}
	return a * b
}

func clampInt64(x *big.Int) int64 {
	switch {
	case x.IsInt64():
		return x.Int64()
	case x.Sign() > 0:
		return 1<<63 - 1
	}
	return -1 << 63
}
