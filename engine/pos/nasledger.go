package pos

import (
	"fmt"
	"slices"
)

// A NASRun reports each validator's result at the end of the fork. The
// nothing-at-stake widget also steps through the fork height by height, so
// NASLedger replays a run into running accounts: what each validator signed
// at each height, what that signature earns, and when a slashing lands.

// NASLedgerEntry is one validator's account after one height.
type NASLedgerEntry struct {
	Name     string `json:"name"`
	Strategy string `json:"strategy"` // "one" or "both", as in NASOutcome
	// Signed is what it signed at this height: "A", "B", "both", or ""
	// when it signed nothing (ejected by an earlier slashing).
	Signed string `json:"signed,omitempty"`
	// StepReward is what this height's signatures earn: one reward per
	// signature on the branch that ends up canonical (the run's Winner),
	// none for a validator slashed in the run, which forfeits its rewards.
	StepReward uint64 `json:"stepReward"`
	Reward     uint64 `json:"reward"`  // rewards so far
	Penalty    uint64 `json:"penalty"` // penalties so far
	Stake      uint64 `json:"stake"`   // stake before the fork + Reward - Penalty
	Slashed    bool   `json:"slashed"` // slashed at or before this height
	SlashedNow bool   `json:"slashedNow,omitempty"`
}

// NASLedgerRow is every validator's account after one height, in the
// order of cfg.Validators.
type NASLedgerRow struct {
	Height  uint64           `json:"height"`
	Entries []NASLedgerEntry `json:"entries"`
}

// NASLedger replays run (one of the two runs SimulateNothingAtStake(cfg)
// returned) height by height. Its last row agrees with run.Outcomes:
// the same rewards, penalties and final stakes. Rewards are counted against
// the branch that wins at the end, which is how they are paid once the fork
// resolves. A run that does not match cfg is an error.
func NASLedger(cfg NothingAtStakeConfig, run NASRun) ([]NASLedgerRow, error) {
	if len(run.Outcomes) != len(cfg.Validators) || len(run.Steps) != cfg.Steps {
		return nil, fmt.Errorf("%w: run has %d outcomes and %d steps, config %d validators and %d steps",
			ErrBadSimulation, len(run.Outcomes), len(run.Steps), len(cfg.Validators), cfg.Steps)
	}
	if run.Winner != "A" && run.Winner != "B" {
		return nil, fmt.Errorf("%w: winner %q", ErrBadSimulation, run.Winner)
	}
	n := len(cfg.Validators)
	perSig := make([]uint64, n)
	slashedAt := make([]uint64, n) // 0: never
	for i, v := range cfg.Validators {
		o := run.Outcomes[i]
		if o.Name != v.Name || o.StakeBefore != v.Stake {
			return nil, fmt.Errorf("%w: outcome %d is %q with stake %d, config has %q with %d",
				ErrBadSimulation, i, o.Name, o.StakeBefore, v.Name, v.Stake)
		}
		perSig[i] = mulDiv(v.Stake, cfg.RewardPPM, 1_000_000)
	}
	index := make(map[string]int, n)
	for i, v := range cfg.Validators {
		index[v.Name] = i
	}
	for _, st := range run.Steps {
		for _, name := range st.Slashed {
			i, ok := index[name]
			if !ok {
				return nil, fmt.Errorf("%w: %q slashed at height %d", ErrUnknownName, name, st.Height)
			}
			slashedAt[i] = st.Height
		}
	}
	acc := make([]NASLedgerEntry, n)
	for i, v := range cfg.Validators {
		acc[i] = NASLedgerEntry{Name: v.Name, Strategy: run.Outcomes[i].Strategy, Stake: v.Stake}
	}
	rows := make([]NASLedgerRow, 0, len(run.Steps))
	for _, st := range run.Steps {
		row := NASLedgerRow{Height: st.Height, Entries: make([]NASLedgerEntry, n)}
		for i, v := range cfg.Validators {
			e := acc[i]
			e.SlashedNow = false
			onA, onB := slices.Contains(st.SignedA, v.Name), slices.Contains(st.SignedB, v.Name)
			switch {
			case onA && onB:
				e.Signed = "both"
			case onA:
				e.Signed = "A"
			case onB:
				e.Signed = "B"
			default:
				e.Signed = ""
			}
			e.StepReward = 0
			onWinner := (run.Winner == "A" && onA) || (run.Winner == "B" && onB)
			if onWinner && slashedAt[i] == 0 {
				e.StepReward = perSig[i]
				e.Reward = satAdd(e.Reward, perSig[i])
			}
			if slashedAt[i] == st.Height {
				e.Slashed, e.SlashedNow = true, true
				e.Penalty = run.Outcomes[i].Penalty
			}
			e.Stake = satAdd(v.Stake, e.Reward)
			if e.Penalty > e.Stake {
				e.Stake = 0
			} else {
				e.Stake -= e.Penalty
			}
			acc[i] = e
			row.Entries[i] = e
		}
		rows = append(rows, row)
	}
	return rows, nil
}
