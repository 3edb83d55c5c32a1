package pos

import (
	"errors"
	"fmt"
	"math"
)

// ErrBadEnergyInput reports an input the staking energy estimate cannot use.
var ErrBadEnergyInput = errors.New("pos: energy: bad input")

// StakingEnergy is the proof-of-stake side of the energy comparison: the
// machines that run validators draw roughly constant power whatever the
// stake, so energy is power times time. Like pow.EnergyEstimate it is
// arithmetic on assumptions (how many machines, how many watts each), not
// a measurement.
type StakingEnergy struct {
	Machines        uint64  `json:"machines"`
	WattsPerMachine float64 `json:"wattsPerMachine"`
	PowerWatts      float64 `json:"powerWatts"`      // Machines * WattsPerMachine
	SecondsPerBlock float64 `json:"secondsPerBlock"` // SecondsPerSlot: every slot is assumed to carry a block
	JoulesPerBlock  float64 `json:"joulesPerBlock"`
	JoulesPerYear   float64 `json:"joulesPerYear"` // over SecondsPerYear (Julian)
}

// EstimateStakingEnergy computes the energy of machines machines drawing
// wattsPerMachine each, per 12-second slot and per year.
func EstimateStakingEnergy(machines uint64, wattsPerMachine float64) (StakingEnergy, error) {
	if machines == 0 {
		return StakingEnergy{}, fmt.Errorf("%w: need at least one machine", ErrBadEnergyInput)
	}
	if !(wattsPerMachine > 0) || math.IsInf(wattsPerMachine, 0) {
		return StakingEnergy{}, fmt.Errorf("%w: watts per machine %v must be positive and finite", ErrBadEnergyInput, wattsPerMachine)
	}
	p := float64(machines) * wattsPerMachine
	return StakingEnergy{
		Machines:        machines,
		WattsPerMachine: wattsPerMachine,
		PowerWatts:      p,
		SecondsPerBlock: SecondsPerSlot,
		JoulesPerBlock:  p * SecondsPerSlot,
		JoulesPerYear:   p * SecondsPerYear,
	}, nil
}

// FractionOf is this estimate's yearly energy as a fraction of another
// yearly figure (for "PoS uses 0.02% of what PoW uses"); 0 when other is
// not positive.
func (e StakingEnergy) FractionOf(otherJoulesPerYear float64) float64 {
	if !(otherJoulesPerYear > 0) {
		return 0
	}
	return e.JoulesPerYear / otherJoulesPerYear
}
