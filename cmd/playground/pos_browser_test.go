//go:build !wasm

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/cmd/playground/internal/browsertest"
	"github.com/consensus-lab/playground/engine/pos"
	"github.com/consensus-lab/playground/engine/pow"
)

// Real-browser happy paths for the proof-of-stake and consensus-family
// widgets. Every number read from the page is compared, in Go, with the
// engine's answer for the same inputs.

// posCountsJS reads a lottery's histogram twice: the SVG bars' titles
// ("alice: 123") and the table's data-observed cells, as JSON objects.
// (Bars are found by structure, not class: go-app sets classes through
// className, which SVG elements ignore.)
const posCountsJS = `(() => {
  const root = document.querySelector(%q);
  if (!root) return null;
  const bars = {}, table = {};
  root.querySelectorAll('svg rect > title').forEach(t => { const [n, v] = t.textContent.split(': '); bars[n] = Number(v); });
  root.querySelectorAll('tr[data-name]').forEach(r => { table[r.dataset.name] = Number(r.querySelector('[data-observed]').dataset.observed); });
  return JSON.stringify({bars, table, seed: root.querySelector('input[id$="-seed"]').value});
})()`

type lotteryView struct {
	Bars  map[string]uint64 `json:"bars"`
	Table map[string]uint64 `json:"table"`
	Seed  string            `json:"seed"`
}

func engineCounts(t *testing.T, validators, seed string, draws uint64) map[string]uint64 {
	t.Helper()
	set, err := pos.ParseValidators(validators)
	require.NoError(t, err)
	tally, err := set.Tally(pos.SeedFromText(seed), 0, draws)
	require.NoError(t, err)
	m := map[string]uint64{}
	for i, n := range tally.Names {
		m[n] = tally.Observed[i]
	}
	return m
}

// setInput types a value into an input the way a change event reports it.
func setInput(selector, value string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(
		`(() => { const el = document.querySelector(%q); el.value = %q; el.dispatchEvent(new Event('change', {bubbles: true})); })()`,
		selector, value))
}

func TestBrowserProofOfStakeLesson(t *testing.T) {
	requireWasmBuilt(t)
	b := browsertest.New(t)
	srv := browsertest.StartServe(t, bin)
	ctx, cancel := b.Timeout(120 * time.Second)
	defer cancel()

	const page = `main[data-lesson="proof-of-stake"] `
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL+"lessons/proof-of-stake")), "console: %v", b.Messages())
	for _, w := range []string{"lottery", "check"} {
		require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(page+`[data-widget="`+w+`"][data-state="ready"]`))),
			"%s never became ready; console: %v", w, b.Messages())
	}

	readLottery := func(t *testing.T, sel string) lotteryView {
		t.Helper()
		raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(posCountsJS, sel)))
		require.NoError(t, err)
		var v lotteryView
		require.NoError(t, json.Unmarshal([]byte(raw), &v))
		return v
	}

	// The validators as the lesson sets them up, read from the lesson.
	course := builtinCourse(t)
	lesson, ok := course.Lesson("proof-of-stake")
	require.True(t, ok)
	var validators string
	for _, blk := range lesson.Blocks {
		if blk.Widget != nil && blk.Widget.ID == "lottery-1" {
			validators = blk.Widget.Params["validators"]
		}
	}
	require.NotEmpty(t, validators)

	t.Run("lottery bars are the engine's tally, and the next seed draws again", func(t *testing.T) {
		v := readLottery(t, "#lottery-1")
		assert.Equal(t, "lesson", v.Seed)
		want := engineCounts(t, validators, "lesson", 1000)
		assert.Equal(t, want, v.Bars, "SVG bars")
		assert.Equal(t, want, v.Table, "table")

		require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#lottery-1-next`))))
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector('#lottery-1-seed').value === 'lesson-1'`,
			chromedp.WithPollingTimeout(10*time.Second)))
		require.NoError(t, err, "console: %v", b.Messages())
		v = readLottery(t, "#lottery-1")
		want = engineCounts(t, validators, "lesson-1", 1000)
		assert.Equal(t, want, v.Bars)
		assert.Equal(t, want, v.Table)
	})

	t.Run("RANDAO bias panel is the engine's experiment", func(t *testing.T) {
		raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
			`Array.from(document.querySelectorAll('#lottery-2 [data-rate]')).map(e => e.dataset.rate)`))
		require.NoError(t, err)
		set, err := pos.ParseValidators(validators)
		require.NoError(t, err)
		ex, err := pos.RunBiasExperiment(set, "dave", pos.SeedFromText("randao"), 4000, 1)
		require.NoError(t, err)
		require.Len(t, raw, 3)
		for i, want := range []float64{ex.HonestRate, ex.BiasedRate, pos.LastRevealerRate(ex.Share)} {
			got, err := strconv.ParseFloat(raw[i], 64)
			require.NoError(t, err)
			assert.Equal(t, want, got, "rate %d", i)
		}
	})

	t.Run("stepping the shuffle to the end gives ShuffledIndex's answer", func(t *testing.T) {
		// The shuffle is in the lesson on Ethereum's proof of stake.
		require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL+"lessons/ethereum-pos"),
			chromedp.WaitVisible(chromedp.CSS(`main[data-lesson="ethereum-pos"] [data-widget="shuffle"][data-state="ready"]`))),
			"console: %v", b.Messages())
		seed, err := pos.ParseHash("0x23bcd11624a07465b1c2fc1a0fe52996daae4bf87b0fb6bed45926096c644843")
		require.NoError(t, err)
		trace, err := pos.TraceShuffledIndex(3, 10, seed, 10)
		require.NoError(t, err)
		for i, r := range trace.Rounds {
			require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#shuffle-1-next`))))
			at, err := chromedp.Run(ctx, chromedp.Poll[string](fmt.Sprintf(
				`(() => { const s = document.querySelector('#shuffle-1-status'); return s.dataset.step === '%d' && s.dataset.position; })()`, i+1),
				chromedp.WithPollingTimeout(10*time.Second)))
			require.NoError(t, err, "round %d; console: %v", i, b.Messages())
			assert.Equal(t, strconv.FormatUint(r.IndexAfter, 10), at, "position after round %d", i)
		}
		want, err := pos.ShuffledIndex(3, 10, seed, 10)
		require.NoError(t, err)
		res, err := chromedp.Run(ctx, chromedp.Poll[string](`(() => { const r = document.querySelector('#shuffle-1-result'); return r && r.dataset.result; })()`,
			chromedp.WithPollingTimeout(10*time.Second)))
		require.NoError(t, err)
		assert.Equal(t, strconv.FormatUint(want, 10), res)

		perm, err := pos.ShuffledPermutation(10, seed, 10)
		require.NoError(t, err)
		shown, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#shuffle-1-perm li')).map(li => li.dataset.to)`))
		require.NoError(t, err)
		require.Len(t, shown, len(perm))
		for i, p := range perm {
			assert.Equal(t, strconv.FormatUint(p, 10), shown[i], "index %d", i)
		}

		// The keyboard steps too: Left goes back one round.
		require.NoError(t, chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(`#shuffle-1 .pos-stepper`)), chromedp.KeyEvent(kb.ArrowLeft)))
		_, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector('#shuffle-1-status').dataset.step === '9'`,
			chromedp.WithPollingTimeout(10*time.Second)))
		require.NoError(t, err, "ArrowLeft did not step back; console: %v", b.Messages())
	})

	assert.Empty(t, b.Errors(), "console errors")
}

func TestBrowserConsensusFamilyLesson(t *testing.T) {
	requireWasmBuilt(t)
	b := browsertest.New(t)
	srv := browsertest.StartServe(t, bin)
	ctx, cancel := b.Timeout(120 * time.Second)
	defer cancel()

	const page = `main[data-lesson="consensus-family"] `
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL+"lessons/consensus-family")), "console: %v", b.Messages())
	for _, w := range []string{"energy", "dpos", "poa", "check"} {
		require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(page+`[data-widget="`+w+`"][data-state="ready"]`))),
			"%s never became ready; console: %v", w, b.Messages())
	}
	readFloat := func(t *testing.T, sel, attr string) float64 {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`document.querySelector(%q).dataset[%q]`, sel, attr)))
		require.NoError(t, err)
		f, err := strconv.ParseFloat(s, 64)
		require.NoError(t, err, "%s %s = %q", sel, attr, s)
		return f
	}

	t.Run("energy figures are the engine's, and follow the assumptions", func(t *testing.T) {
		work, err := pow.EnergyFromBits(0x17034219, 17.5e-12)
		require.NoError(t, err)
		stake, err := pos.EstimateStakingEnergy(26200, 100)
		require.NoError(t, err)
		assert.Equal(t, work.JoulesPerYear, readFloat(t, `#energy-1 [data-pow-year]`, "powYear"))
		assert.Equal(t, work.HashesPerBlock, readFloat(t, `#energy-1 [data-pow-hashes]`, "powHashes"))
		assert.Equal(t, stake.JoulesPerYear, readFloat(t, `#energy-1 [data-pos-year]`, "posYear"))
		assert.Equal(t, stake.FractionOf(work.JoulesPerYear), readFloat(t, `#energy-1-ratio`, "fraction"))

		require.NoError(t, chromedp.Do(ctx, setInput(`#energy-1-jth`, "8.75")))
		half, err := pow.EnergyFromBits(0x17034219, 8.75e-12)
		require.NoError(t, err)
		_, err = chromedp.Run(ctx, chromedp.Poll[bool](
			fmt.Sprintf(`document.querySelector('#energy-1 [data-pow-year]').dataset.powYear === %q`, strconv.FormatFloat(half.JoulesPerYear, 'g', -1, 64)),
			chromedp.WithPollingTimeout(10*time.Second)))
		require.NoError(t, err, "the PoW figure did not follow J/TH; console: %v", b.Messages())
	})

	t.Run("dpos: a moved vote changes the next round's producers", func(t *testing.T) {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#dpos-1-producers').dataset.producers`))
		require.NoError(t, err)
		candidates := []string{"alice", "bob", "carol", "dave", "erin", "frank"}
		ballots, err := pos.ParseBallots("whale:500:alice/bob/carol,ann:200:dave/erin,bo:150:carol/frank,cy:120:erin/frank/dave,di:90:bob/erin")
		require.NoError(t, err)
		first, err := pos.Elect(candidates, ballots, 3)
		require.NoError(t, err)
		assert.Equal(t, strings.Join(first.Producers, ","), got)

		require.NoError(t, chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(`#dpos-1 input[data-voter="whale"][data-candidate="carol"]`)),
			chromedp.Click(chromedp.CSS(`#dpos-1 input[data-voter="whale"][data-candidate="frank"]`)),
		))
		_, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector('#dpos-1 input[data-voter="whale"][data-candidate="frank"]').checked`,
			chromedp.WithPollingTimeout(10*time.Second)))
		require.NoError(t, err)
		still, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#dpos-1-producers').dataset.producers`))
		require.NoError(t, err)
		assert.Equal(t, got, still, "votes count from the next round")

		require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#dpos-1-next`))))
		ballots[0].Delegates = []string{"alice", "bob", "frank"}
		second, err := pos.Elect(candidates, ballots, 3)
		require.NoError(t, err)
		assert.NotEqual(t, first.Producers, second.Producers)
		next, err := chromedp.Run(ctx, chromedp.Poll[string](
			`(() => { const p = document.querySelector('#dpos-1-producers'); return p.dataset.round === '1' && p.dataset.producers; })()`,
			chromedp.WithPollingTimeout(10*time.Second)))
		require.NoError(t, err, "console: %v", b.Messages())
		assert.Equal(t, strings.Join(second.Producers, ","), next)
	})

	t.Run("poa: three of five offline stalls where the engine stalls", func(t *testing.T) {
		c, err := pos.NewClique([]string{"alice", "bob", "carol", "dave", "erin"})
		require.NoError(t, err)
		signersShown := func() []string {
			s, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#poa-1 li[data-signer]')).map(li => li.dataset.signer)`))
			require.NoError(t, err)
			return s
		}
		all, err := c.Simulate(15, nil, pos.SeedFromText("clique"))
		require.NoError(t, err)
		assert.Equal(t, sealers(all), signersShown())

		for _, name := range []string{"carol", "alice", "erin"} {
			require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#poa-1 input[data-signer="`+name+`"]`))))
			_, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`!document.querySelector('#poa-1 input[data-signer=%q]').checked`, name),
				chromedp.WithPollingTimeout(10*time.Second)))
			require.NoError(t, err)
		}
		run, err := c.Simulate(15, []string{"alice", "carol", "erin"}, pos.SeedFromText("clique"))
		require.NoError(t, err)
		require.True(t, run.Stalled)
		at, err := chromedp.Run(ctx, chromedp.Poll[string](`(() => { const s = document.querySelector('#poa-1-stalled'); return s && s.dataset.stalledAt; })()`,
			chromedp.WithPollingTimeout(10*time.Second)))
		require.NoError(t, err, "no stall shown; console: %v", b.Messages())
		assert.Equal(t, strconv.FormatUint(run.StalledAt, 10), at)
		assert.Equal(t, sealers(run), signersShown())
	})

	assert.Empty(t, b.Errors(), "console errors")
}

func sealers(run pos.PoARun) []string {
	out := make([]string, len(run.Blocks))
	for i, b := range run.Blocks {
		out[i] = b.Signer
	}
	return out
}

// A teacher's link restores a widget's state: the shuffle at round 5 and a
// lottery with its own validators and seed.
func TestBrowserPoSSharedURLRestoresState(t *testing.T) {
	requireWasmBuilt(t)
	b := browsertest.New(t)
	srv := browsertest.StartServe(t, bin)
	ctx, cancel := b.Timeout(90 * time.Second)
	defer cancel()

	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"embed/shuffle?count=20&index=7&seed=teacher&rounds=12&step=5"),
		chromedp.WaitVisible(chromedp.CSS(`[data-widget="shuffle"][data-state="ready"]`)),
	), "console: %v", b.Messages())
	trace, err := pos.TraceShuffledIndex(7, 20, pos.SeedFromText("teacher"), 12)
	require.NoError(t, err)
	step, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#shuffle-embed-status').dataset.step + '/' + document.querySelector('#shuffle-embed-status').dataset.position`))
	require.NoError(t, err)
	assert.Equal(t, "5/"+strconv.FormatUint(trace.Rounds[4].IndexAfter, 10), step)

	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"embed/lottery?validators=ann:5,ben:3,cat:2&draws=300&seed=class-b"),
		chromedp.WaitVisible(chromedp.CSS(`[data-widget="lottery"][data-state="ready"]`)),
	), "console: %v", b.Messages())
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(posCountsJS, "#lottery-embed")))
	require.NoError(t, err)
	var v lotteryView
	require.NoError(t, json.Unmarshal([]byte(raw), &v))
	want := engineCounts(t, "ann:5,ben:3,cat:2", "class-b", 300)
	assert.Equal(t, want, v.Bars)
	assert.Equal(t, want, v.Table)
	assert.Empty(t, b.Errors(), "console errors")
}

// The lessons quote numbers; they must be the engine's.
func TestPoSLessonsQuoteTheEngine(t *testing.T) {
	src, err := os.ReadFile("../../lessons/ethereum-pos.md")
	require.NoError(t, err)
	lesson := string(src)
	lot, err := os.ReadFile("../../lessons/proof-of-stake.md")
	require.NoError(t, err)
	lottery := string(lot)

	// The issuance table: | 1,000,000 ETH | 166,253 ETH | 16.63% | 5.32 ETH |
	rows := regexp.MustCompile(`(?m)^\| ([\d,]+) ETH \| ([\d,]+) ETH \| ([\d.]+)% \| ([\d.]+) ETH \|$`).FindAllStringSubmatch(lesson, -1)
	require.Len(t, rows, 3)
	num := func(s string) uint64 {
		n, err := strconv.ParseUint(strings.ReplaceAll(s, ",", ""), 10, 64)
		require.NoError(t, err)
		return n
	}
	for _, r := range rows {
		is, err := pos.ComputeIssuance(num(r[1])*pos.GweiPerETH, pos.FeeModel{})
		require.NoError(t, err)
		assert.Equal(t, num(r[2]), uint64(is.AnnualIssuance+0.5), r[0])
		assert.Equal(t, r[3], strconv.FormatFloat(is.IssuanceYield*100, 'f', 2, 64), r[0])
		assert.Equal(t, r[4], strconv.FormatFloat(is.PerValidator32ETH, 'f', 2, 64), r[0])
	}

	// The finality arithmetic for 100 units.
	assert.Equal(t, uint64(67), pos.FFGRule.MinSupermajority(100))
	assert.Equal(t, uint64(67), pos.TendermintRule.MinSupermajority(100))
	assert.Equal(t, uint64(34), pos.FFGRule.MinHalting(100))
	assert.Equal(t, uint64(34), pos.FFGRule.MinSlashableConflict(100))
	assert.Contains(t, lesson, "at least ⌈2 × 100 ÷ 3⌉ = 67 units")
	assert.Contains(t, lesson, "100 − 67 + 1 = 34 units")
	assert.Contains(t, lesson, "67 + 67 − 100 = 34 units")
	a, err := pos.AnalyzeFinality(pos.FFGRule, 34, 100)
	require.NoError(t, err)
	assert.True(t, a.CanHaltFinality)
	assert.False(t, a.CanFinalizeAlone, "the check's answer: 34% halts, does not finalize")

	// The RANDAO check: dave, the last revealer, holds 6 of the 60 staked
	// coins in the lesson's panel, and 10% stake gives 1 - 0.9^2 = 19%.
	require.Contains(t, lottery, `::lottery{validators="alice:30,bob:15,carol:9,dave:6" draws=1000 seed=randao bias=true rounds=4000}`)
	assert.InDelta(t, 0.19, pos.LastRevealerRate(0.10), 1e-12)

	// The proposer walk in the shuffle panel's default set (32, 32, 64,
	// 512, 2048 ETH): 76% of the stake, about 85% of the slots (issue 14).
	balances := []uint64{32 * pos.GweiPerETH, 32 * pos.GweiPerETH, 64 * pos.GweiPerETH, 512 * pos.GweiPerETH, 2048 * pos.GweiPerETH}
	shares, err := pos.ProposerShares(pos.ProposerElectra, balances)
	require.NoError(t, err)
	assert.Equal(t, "85", strconv.FormatFloat(shares[4]*100, 'f', 0, 64))
	assert.Equal(t, "0.7", strconv.FormatFloat(shares[0]*100, 'f', 1, 64))
	assert.Contains(t, lesson, "proposes in about **85%** of slots")
	assert.Contains(t, lesson, "gets 0.7% of the slots for its 1.2% of the stake")

	fam, err := os.ReadFile("../../lessons/consensus-family.md")
	require.NoError(t, err)
	family := string(fam)
	// "move the whale's approval from carol to frank": carol leaves, frank joins.
	cands := []string{"alice", "bob", "carol", "dave", "erin", "frank"}
	bs, err := pos.ParseBallots("whale:500:alice/bob/carol,ann:200:dave/erin,bo:150:carol/frank,cy:120:erin/frank/dave,di:90:bob/erin")
	require.NoError(t, err)
	require.Contains(t, family, `ballots="whale:500:alice/bob/carol,ann:200:dave/erin,bo:150:carol/frank,cy:120:erin/frank/dave,di:90:bob/erin"`)
	before, err := pos.Elect(cands, bs, 3)
	require.NoError(t, err)
	bs[0].Delegates = []string{"alice", "bob", "frank"}
	after, err := pos.Elect(cands, bs, 3)
	require.NoError(t, err)
	assert.Contains(t, before.Producers, "carol")
	assert.NotContains(t, after.Producers, "carol")
	assert.Contains(t, after.Producers, "frank")
	// "With five signers the limit is three ... Two may be offline".
	c, err := pos.NewClique([]string{"alice", "bob", "carol", "dave", "erin"})
	require.NoError(t, err)
	assert.Equal(t, uint64(3), c.SignerLimit())
	assert.Equal(t, uint64(2), c.MaxOffline())
	// "around a hundred terawatt-hours ... tens of gigawatt-hours at most,
	// thousands of times less".
	work, err := pow.EnergyFromBits(0x17034219, 17.5e-12)
	require.NoError(t, err)
	stake, err := pos.EstimateStakingEnergy(26200, 100)
	require.NoError(t, err)
	twh := work.JoulesPerYear / pow.JoulesPerKWh / 1e9
	assert.InDelta(t, 100, twh, 15)
	gwh := stake.JoulesPerYear / pow.JoulesPerKWh / 1e6
	assert.True(t, gwh >= 10 && gwh < 100, "%v GWh", gwh)
	assert.Greater(t, 1/stake.FractionOf(work.JoulesPerYear), 1000.0)
}
