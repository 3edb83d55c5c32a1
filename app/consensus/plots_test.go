//go:build !wasm

package consensus

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/widgetspec"
	"github.com/consensus-lab/playground/engine/space"
)

func engineFarm(t *testing.T, farmers, seed string) *space.Farm {
	t.Helper()
	fs, err := space.ParseFarmers(farmers)
	require.NoError(t, err)
	f, err := space.NewFarm(fs, seed)
	require.NoError(t, err)
	return f
}

// answersIn reads the answers table back: farmer -> distance, probes and
// whether it is marked the winner.
func answersIn(html string) map[string][3]string {
	out := map[string][3]string{}
	attr := func(tag, name string) string {
		m := regexp.MustCompile(` ` + name + `(?:="([^"]*)")?[ >]`).FindStringSubmatch(tag)
		switch {
		case m == nil:
			return ""
		case m[1] == "":
			return "true" // go-app writes a true data attribute bare
		}
		return m[1]
	}
	for _, tag := range regexp.MustCompile(`<tr [^>]*data-distance[^>]*>`).FindAllString(html, -1) {
		out[attr(tag, "data-name")] = [3]string{attr(tag, "data-distance"), attr(tag, "data-probes"), attr(tag, "data-winner")}
	}
	return out
}

func TestPlotsShowsPlotCostsAndNoBlockYet(t *testing.T) {
	p := &plots{Placement: kit.Placement{ID: "plots-1", Params: map[string]string{"farmers": "alice:4096,bob:2048,carol:1024", "seed": "s"}}}
	d := app.NewServerTester(p)
	defer d.Close()
	html := app.HTMLString(p)
	assert.Contains(t, html, `data-widget="plots"`)
	assert.Contains(t, html, `data-state="static"`)
	for name, n := range map[string]int{"alice": 4096, "bob": 2048, "carol": 1024} {
		assert.Regexp(t, `data-name="`+name+`">\s*<th scope="row">`+name+`</th>\s*<td data-entries="`+strconv.Itoa(n)+`">[^<]*</td>\s*<td data-hashes="`+strconv.Itoa(n)+`"`, html)
	}
	assert.Contains(t, html, `data-hashes="7168"`, "the farm's whole plotting cost")
	assert.Contains(t, html, "Plotting cost 7,168 hashes, once.")
	assert.Contains(t, html, `<td>13</td>`, "alice reads at most ceil(log2 4096)+1 entries")
	assert.Contains(t, html, "57.14%", "alice's expected share, 4096/7168")
	assert.Contains(t, html, `data-block="0"`)
	assert.Empty(t, answersIn(html))
	assert.NotContains(t, html, "<svg", "no race until Run")
	assert.Contains(t, html, "Run 1,000 rounds")
	assert.Contains(t, html, `href="/embed/plots?`)
}

func TestPlotsNextBlockShowsTheEnginesRound(t *testing.T) {
	p := &plots{Placement: kit.Placement{ID: "plots-1", Params: map[string]string{"farmers": "alice:512,bob:256,carol:128", "seed": "steps"}}}
	d := app.NewClientTester(p)
	defer d.Close()
	assert.True(t, p.Ready())

	farm := engineFarm(t, "alice:512,bob:256,carol:128", "steps")
	prev := space.Genesis("steps")
	for h := uint64(1); h <= 3; h++ {
		p.nextBlock() // what the button (or the Right arrow) does
		p.Update()
		d.Consume()
		html := app.HTMLString(p)
		r := farm.Round(prev, h)
		prev = r.Hash
		assert.Equal(t, strconv.FormatUint(h, 10), p.Value("block"))
		assert.Contains(t, html, `data-challenge="`+hex16(r.Challenge)+`"`)
		assert.Contains(t, html, "Answers to challenge "+hex16(r.Challenge)+" (block "+strconv.FormatUint(h, 10)+")")
		got := answersIn(html)
		require.Len(t, got, 3, html)
		for i, a := range r.Answers {
			name := farm.Plots()[i].Name()
			win := ""
			if i == r.Winner {
				win = "true"
			}
			assert.Equal(t, [3]string{strconv.FormatUint(a.Distance, 10), strconv.Itoa(a.Probes), win}, got[name], "block %d %s", h, name)
			assert.Contains(t, html, hex16(a.Value))
		}
		assert.Contains(t, html, `data-winner="`+farm.Plots()[r.Winner].Name()+`"`)
		assert.Contains(t, html, "block="+strconv.FormatUint(h, 10), "the link keeps the block")
	}
	p.restart()
	assert.Equal(t, "0", p.Value("block"))
	assert.Nil(t, p.round)
}

func TestPlotsRaceBarsAreTheEngineRace(t *testing.T) {
	p := &plots{Placement: kit.Placement{ID: "plots-1", Params: map[string]string{"farmers": "a:2048,b:1024,c:1024", "seed": "race", "rounds": "800"}}}
	d := app.NewClientTester(p)
	defer d.Close()
	p.runRace() // what Run does
	p.Update()
	d.Consume()
	html := app.HTMLString(p)

	res, err := engineFarm(t, "a:2048,b:1024,c:1024", "race").Race(space.Genesis("race"), 800)
	require.NoError(t, err)
	bars := map[string]uint64{}
	for _, m := range regexp.MustCompile(`<rect[^>]*class="bar[^>]*><title>([^:<]+): (\d+)</title>`).FindAllStringSubmatch(html, -1) {
		n, _ := strconv.ParseUint(m[2], 10, 64)
		bars[m[1]] = n
	}
	want := map[string]uint64{}
	for i, n := range res.Names {
		want[n] = res.Wins[i]
		assert.Contains(t, html, n+" "+strconv.FormatUint(res.Wins[i], 10)+" (expected ", "the chart's label has the numbers")
	}
	assert.Equal(t, want, bars)
	assert.Equal(t, 3, strings.Count(html, `class="expected"`), "one expected-share marker per bar")
	assert.Contains(t, html, `data-probes="`+strconv.FormatUint(res.Probes, 10)+`"`)
	assert.Contains(t, html, "800 blocks took "+kit.Count(res.Probes)+" plot reads in all")
	assert.Contains(t, html, "against 4,096 hashes of plotting paid once")
	assert.Contains(t, html, "race=true")

	// Changing the rounds reruns the race on the same plots.
	farm := p.farm
	p.Set("rounds", "100")
	require.NotNil(t, p.race)
	assert.Equal(t, 100, p.race.Rounds)
	assert.Same(t, farm, p.farm, "no replotting for a new number of rounds")
	// Stepping blocks keeps the race: only its own parameters rerun it.
	race := p.race
	p.nextBlock()
	p.nextBlock()
	assert.Same(t, race, p.race, "Next block does not rerun the race")
	ef := engineFarm(t, "a:2048,b:1024,c:1024", "race")
	block2 := ef.Round(ef.Round(space.Genesis("race"), 1).Hash, 2)
	require.NotNil(t, p.round)
	assert.Equal(t, block2, *p.round, "block 2, stepped from block 1, is the engine's block 2")
	p.Set("seed", "other")
	assert.NotSame(t, farm, p.farm, "a new seed replots")
	assert.NotSame(t, race, p.race, "and reruns the race")
}

func TestPlotsBadParamsClampOrFallBack(t *testing.T) {
	p := &plots{Placement: kit.Placement{ID: "p", Params: map[string]string{"farmers": "alice:0,bob:2", "rounds": "0", "block": "5000", "extra": "1"}}}
	d := app.NewServerTester(p)
	defer d.Close()
	html := app.HTMLString(p)
	assert.Contains(t, html, "Note: rounds=0 is below the minimum 1; using 1")
	assert.Contains(t, html, "Note: block=5000 is above the maximum 1000; using 1000")
	assert.Contains(t, html, "Note: ignored unknown parameter &#34;extra&#34;")
	assert.Contains(t, html, "Note: farmers: alice has 0 entries, want 1..65536; using alice:4096,bob:2048,carol:1024")
	assert.Equal(t, "alice:4096,bob:2048,carol:1024", p.Value("farmers"))
	assert.Len(t, p.farm.Plots(), 3)
	assert.Regexp(t, `<button[^>]*disabled[^>]*id="p-next"|<button[^>]*id="p-next"[^>]*disabled`, html, "no Next block past the last one")

	for in, want := range map[string]string{
		"x:1,x:2":                             `farmers: "x" appears twice`,
		"x:1,:2":                              "farmers: entry 2 has no name",
		"x":                                   "want name:entries",
		"":                                    "space: no farmers",
		"a:65536,b:65537":                     "b has 65537 entries, want 1..65536",
		"a:65536,b:65536,c:1":                 "131073 entries in all, at most 131072",
		"a:1,b:1,c:1,d:1,e:1,f:1,g:1,h:1,i:1": "9 given, at most 8",
	} {
		p.Set("farmers", in)
		assert.Contains(t, strings.Join(p.Notes(), "|"), want, "%q", in)
		assert.Equal(t, "alice:4096,bob:2048,carol:1024", p.Value("farmers"), "%q", in)
	}
	p.Set("farmers", "x:10,y:20")
	assert.Empty(t, p.Notes())
	assert.Equal(t, []int{10, 20}, []int{p.farm.Plots()[0].Len(), p.farm.Plots()[1].Len()})
}

// The lesson compiler's strict check rejects what the widget would clamp.
func TestPlotsSpecCheck(t *testing.T) {
	s, ok := widgetspec.Lookup("plots")
	require.True(t, ok)
	assert.Empty(t, s.Check(map[string]string{"farmers": "a:65536,b:65536", "rounds": "20000", "seed": "x", "block": "3", "race": "true"}))
	for params, want := range map[string]string{
		"rounds=20001":    "above the maximum 20000",
		"farmers=a:1":     "",
		"farmers=a:1,a:1": `"a" appears twice`,
		"race=yes":        "not true or false",
		"blocks=3":        `has no parameter "blocks"`,
	} {
		k, v, _ := strings.Cut(params, "=")
		errs := s.Check(map[string]string{k: v})
		if want == "" {
			assert.Empty(t, errs, params)
			continue
		}
		if assert.Len(t, errs, 1, params) {
			assert.Contains(t, errs[0].Error(), want, params)
		}
	}
}

func TestHex16(t *testing.T) {
	assert.Equal(t, "0x0000000000000000", hex16(0))
	assert.Equal(t, "0x00000000000000ff", hex16(255))
	assert.Equal(t, "0xffffffffffffffff", hex16(1<<64-1))
}
