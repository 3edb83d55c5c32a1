package app

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/kit"
)

// TRANSITION: names the widgets not yet moved into topic packages still
// use. Deleted once every widget is on the kit.

type (
	Chart    = kit.Chart
	BarChart = kit.BarChart
	Bar      = kit.Bar
	Series   = kit.Series
	Point    = kit.Point
)

func fmtTick(v float64) string { return kit.Tick(v) }

// legacy adapts an unported widget's constructor to a kit.Factory.
func legacy(f func(id string, params map[string]string) app.UI) kit.Factory {
	return func(p kit.Placement) app.UI { return f(p.ID, p.Params) }
}
