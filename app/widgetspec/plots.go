package widgetspec

import (
	"fmt"

	"github.com/consensus-lab/playground/engine/space"
)

// Bounds of the plots widget: few enough farmers for a legible chart, and
// few enough entries that plotting stays well under a second in a
// browser's wasm (about 0.3 M SHA-256/s there).
const (
	MaxPlotsFarmers = 8
	MaxPlotsEntries = 1 << 17
)

// plots is the proof-of-space demo (engine/space): farmers plot once, then
// each block costs a lookup, and win shares follow plot sizes.
func init() {
	Register(Spec{
		Name:  "plots",
		Title: "Proof of space: plot, then look up",
		Doc:   "Farmers fill plots with hashes once; each block they answer a challenge with a quick lookup, and the closest answer wins. Step block by block, or race many blocks and compare wins with plot sizes.",
		Params: []Param{
			{Name: "farmers", Kind: String, Default: "alice:4096,bob:2048,carol:1024", MaxLen: 400, Doc: "the farmers as name:entries (plot size), comma-separated"},
			{Name: "rounds", Kind: Int, Default: "1000", Min: 1, Max: 20000, Doc: "how many blocks the race runs"},
			{Name: "seed", Kind: String, Default: "plots", MaxLen: 100, Doc: "a word or phrase that fixes the plots and the chain of challenges"},
			{Name: "block", Kind: Int, Default: "0", Min: 0, Max: 1000, Doc: "how many blocks have been stepped (Next block)"},
			{Name: "race", Kind: Bool, Default: "false", Doc: "show the race of rounds blocks (Run sets it)"},
		},
		Validate: func(v map[string]string) error {
			_, err := PlotsFarmers(v["farmers"])
			return err
		},
	})
}

// PlotsFarmers parses and checks the plots widget's farmer list without
// plotting: at most MaxPlotsFarmers, names non-empty and unique, each plot
// 1..space.MaxEntries entries and all together at most MaxPlotsEntries.
func PlotsFarmers(s string) ([]space.Farmer, error) {
	fs, err := space.ParseFarmers(s)
	if err != nil {
		return nil, fmt.Errorf("farmers: %w", err)
	}
	if len(fs) > MaxPlotsFarmers {
		return nil, fmt.Errorf("farmers: %d given, at most %d", len(fs), MaxPlotsFarmers)
	}
	seen := map[string]bool{}
	total := 0
	for i, f := range fs {
		switch {
		case f.Name == "":
			return nil, fmt.Errorf("farmers: entry %d has no name", i+1)
		case seen[f.Name]:
			return nil, fmt.Errorf("farmers: %q appears twice", f.Name)
		case f.Entries < 1 || f.Entries > space.MaxEntries:
			return nil, fmt.Errorf("farmers: %s has %d entries, want 1..%d", f.Name, f.Entries, space.MaxEntries)
		}
		seen[f.Name] = true
		total += f.Entries
	}
	if total > MaxPlotsEntries {
		return nil, fmt.Errorf("farmers: %d entries in all, at most %d (plotting runs in your browser)", total, MaxPlotsEntries)
	}
	return fs, nil
}
