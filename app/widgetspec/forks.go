package widgetspec

import (
	"fmt"
	"strconv"
)

// forks runs engine/pow's network simulation: nodes that mine on their own
// view, see each other's blocks after a delay, and follow the most work.
func init() {
	Register(Spec{
		Name:  "forks",
		Title: "Forks and stale blocks",
		Doc:   "Several equal miners, a propagation delay and a block interval: the block tree of the first blocks (stale branches included), the stale rate of the whole run against 1 - exp(-(1 - 1/n) delay/interval), and the deepest reorganization any node went through.",
		Params: []Param{
			{Name: "nodes", Kind: Int, Default: "10", Min: 2, Max: 64, Doc: "miners, each with the same hash share"},
			{Name: "interval", Kind: Int, Default: "600", Min: 1, Max: 3600, Doc: "mean seconds between blocks of the whole network (Bitcoin 600)"},
			{Name: "delay", Kind: Int, Default: "2000", Min: 0, Max: 3_600_000, Doc: "propagation delay in milliseconds: how long a block takes to reach every other node"},
			{Name: "blocks", Kind: Int, Default: "20000", Min: 100, Max: 1_000_000, Doc: "blocks found in the run"},
			{Name: "show", Kind: Int, Default: "40", Min: 0, Max: 500, Doc: "how many of the first blocks the tree draws"},
			{Name: "seed", Kind: Int, Default: "1", Min: 0, Max: 999999999, Doc: "seed of who finds each block and when"},
		},
		Validate: func(v map[string]string) error {
			show, _ := strconv.Atoi(v["show"])
			blocks, _ := strconv.Atoi(v["blocks"])
			if show > blocks {
				return fmt.Errorf("show %d is more than the %d blocks found", show, blocks)
			}
			return nil
		},
	})
}
