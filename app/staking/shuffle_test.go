//go:build !wasm

package staking

import (
	"strconv"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/engine/pos"
)

const vectorSeed = "0x23bcd11624a07465b1c2fc1a0fe52996daae4bf87b0fb6bed45926096c644843"

func TestShuffleStepsRoundByRoundToTheEngineAnswer(t *testing.T) {
	s := &shuffleStepper{Placement: kit.Placement{ID: "shuffle-1", Params: map[string]string{"count": "10", "index": "3", "seed": vectorSeed, "rounds": "10"}}}
	d := app.NewClientTester(s)
	defer d.Close()
	seed, err := pos.ParseHash(vectorSeed)
	require.NoError(t, err)
	trace, err := pos.TraceShuffledIndex(3, 10, seed, 10)
	require.NoError(t, err)

	html := app.HTMLString(s)
	assert.Contains(t, html, `data-step="0"`)
	assert.Contains(t, html, `data-position="3"`)
	assert.NotContains(t, html, "The whole shuffle", "the permutation waits for the last round")

	for i, r := range trace.Rounds {
		s.next() // what the Next button does
		s.Update()
		d.Consume()
		html = app.HTMLString(s)
		assert.Contains(t, html, `data-step="`+strconv.Itoa(i+1)+`"`)
		assert.Contains(t, html, `data-position="`+strconv.FormatUint(r.IndexAfter, 10)+`"`, "round %d", i)
		assert.Contains(t, html, `data-round="`+strconv.Itoa(int(r.Round))+`"`)
		assert.Contains(t, html, `<strong class="pivot">`+strconv.FormatUint(r.Pivot, 10)+`</strong>`)
		assert.Contains(t, html, `<strong class="flip">`+strconv.FormatUint(r.Flip, 10)+`</strong>`)
		assert.Contains(t, html, "source["+strconv.Itoa(int(r.ByteIndex))+"]")
		if r.Swapped {
			assert.Contains(t, html, "bit is 1: the pair swaps")
		} else {
			assert.Contains(t, html, "bit is 0: the pair stays")
		}
	}
	want, err := pos.ShuffledIndex(3, 10, seed, 10)
	require.NoError(t, err)
	assert.Contains(t, html, `data-result="`+strconv.FormatUint(want, 10)+`"`)
	assert.Contains(t, html, "agrees with the stepped path")
	// The whole permutation is the engine's, which the consensus-spec-tests
	// vector for this seed also gives.
	perm, err := pos.ShuffledPermutation(10, seed, 10)
	require.NoError(t, err)
	for i, p := range perm {
		assert.Contains(t, html, `>`+strconv.Itoa(i)+` → `+strconv.FormatUint(p, 10)+`</li>`)
	}
	// Next is now disabled; Previous goes back.
	s.next()
	assert.Equal(t, 10, s.step)
	s.prev()
	assert.Equal(t, 9, s.step)
	assert.Equal(t, "9", s.Value("step"), "the step is part of the shareable state")
}

func TestShuffleProposerPanelIsTheEngineTrace(t *testing.T) {
	s := &shuffleStepper{Placement: kit.Placement{ID: "s", Params: map[string]string{"seed": "proposer", "rounds": "90", "step": "90", "validators": "a:32,b:64,c:2048"}}}
	d := app.NewServerTester(s)
	defer d.Close()
	html := app.HTMLString(s)
	seed := pos.SeedFromText("proposer")
	g := pos.GweiPerETH
	want, err := pos.ComputeProposerIndex(pos.ProposerElectra, []uint64{0, 1, 2}, []uint64{32 * g, 64 * g, 2048 * g}, seed, 90)
	require.NoError(t, err)
	tr, err := pos.TraceProposerIndex(pos.ProposerElectra, []uint64{0, 1, 2}, []uint64{32 * g, 64 * g, 2048 * g}, seed, 90)
	require.NoError(t, err)
	assert.Contains(t, html, `data-proposer="`+strconv.FormatUint(want, 10)+`"`)
	assert.Contains(t, html, "after "+strconv.Itoa(len(tr.Steps))+" tries")
	assert.Equal(t, min(len(tr.Steps), maxProposerStepsShown), strings.Count(html, "<td>no</td>")+strings.Count(html, "<td>yes</td>"), "one row per try")
}

func TestShuffleRepairsURLParamsWithNotes(t *testing.T) {
	s := &shuffleStepper{Placement: kit.Placement{ID: "s", Params: map[string]string{"count": "4", "index": "9", "rounds": "3", "step": "7", "validators": "a:0"}}}
	d := app.NewServerTester(s)
	defer d.Close()
	html := app.HTMLString(s)
	assert.Contains(t, html, "Note: index 9 must be below count 4; using 3")
	assert.Contains(t, html, "Note: step 7 is beyond rounds 3; using 3")
	assert.Contains(t, html, "Note: validators: pos: total stake is zero; using alice:32")
	assert.Equal(t, 3, s.step, "shown at the end")
	assert.Contains(t, html, "The whole shuffle")

	// Changing a control starts again from round 0.
	s.Set("seed", "other")
	assert.Equal(t, 0, s.step)
	assert.Equal(t, pos.SeedFromText("other"), s.seed)
}

// The step is state like any parameter: a link with step=5 opens there,
// and stepping after a change of seed starts from round 0.
func TestShuffleStepIsSharedState(t *testing.T) {
	s := &shuffleStepper{Placement: kit.Placement{ID: "s", Params: map[string]string{"count": "20", "index": "7", "seed": "teacher", "rounds": "12"},
		State: map[string]string{"step": "5"}}}
	d := app.NewClientTester(s)
	defer d.Close()
	trace, err := pos.TraceShuffledIndex(7, 20, pos.SeedFromText("teacher"), 12)
	require.NoError(t, err)
	assert.Equal(t, 5, s.step)
	assert.Equal(t, trace.Rounds[4].IndexAfter, s.current())
	assert.Equal(t, map[string]string{"step": "5"}, s.Modified())
	s.next()
	assert.Equal(t, "6", s.Value("step"))
	s.Set("count", "21")
	assert.Equal(t, 0, s.step)
	s.next()
	assert.Equal(t, 1, s.step, "stepping goes on in the new walk")
}
