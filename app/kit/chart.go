package kit

import (
	"math"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Charts are SVG drawn by our own components: no chart library in the
// wasm, colours from CSS variables (so both themes are legible), text in
// the SVG for screen readers and a legend in HTML. Widgets describe a chart
// as data (Chart, BarChart) and call Render.

const svgNS = "http://www.w3.org/2000/svg"

func svgEl(tag string) app.HTMLElem { return app.Elem(tag).XMLNS(svgNS) }

// Point is one (x, y) value.
type Point struct{ X, Y float64 }

// Series is one line of a line chart. Style picks the colour: "series-1"
// to "series-4" (see style.css), and Dashed draws a reference line such as
// a formula against simulated data.
type Series struct {
	Name   string
	Style  string
	Dashed bool
	Dots   bool
	Points []Point
}

// Chart is a line chart.
type Chart struct {
	Label          string // accessible name: what the chart shows
	XLabel, YLabel string
	Series         []Series
	LogY           bool // log-scale y (values <= 0 are skipped)
	// Fixed ranges; zero values mean "fit the data".
	XMin, XMax, YMin, YMax float64
}

// Chart geometry in SVG units: the viewBox scales to the container.
const (
	chartW, chartH                     = 480.0, 260.0
	padLeft, padRight, padTop, padBott = 52.0, 12.0, 12.0, 40.0
)

// Render draws the chart.
func (c Chart) Render() app.UI {
	xmin, xmax, ymin, ymax := c.bounds()
	sx := func(x float64) float64 { return padLeft + (x-xmin)/(xmax-xmin)*(chartW-padLeft-padRight) }
	sy := func(y float64) float64 {
		if c.LogY {
			y = math.Log10(y)
		}
		return chartH - padBott - (y-ymin)/(ymax-ymin)*(chartH-padTop-padBott)
	}
	var nodes []app.UI
	for _, t := range niceTicks(xmin, xmax, 6) {
		x := sx(t)
		nodes = append(nodes,
			svgEl("line").Class("grid").Attr("x1", f(x)).Attr("x2", f(x)).Attr("y1", f(padTop)).Attr("y2", f(chartH-padBott)),
			svgEl("text").Class("tick").Attr("x", f(x)).Attr("y", f(chartH-padBott+14)).Attr("text-anchor", "middle").Text(Tick(t)),
		)
	}
	yticks := niceTicks(ymin, ymax, 5)
	if c.LogY {
		yticks = decades(ymin, ymax)
	}
	for _, t := range yticks {
		y := chartH - padBott - (t-ymin)/(ymax-ymin)*(chartH-padTop-padBott)
		label := Tick(t)
		if c.LogY {
			label = logTick(int(math.Round(t)))
		}
		nodes = append(nodes,
			svgEl("line").Class("grid").Attr("x1", f(padLeft)).Attr("x2", f(chartW-padRight)).Attr("y1", f(y)).Attr("y2", f(y)),
			svgEl("text").Class("tick").Attr("x", f(padLeft-6)).Attr("y", f(y+4)).Attr("text-anchor", "end").Text(label),
		)
	}
	nodes = append(nodes,
		svgEl("text").Class("axis-label").Attr("x", f((padLeft+chartW-padRight)/2)).Attr("y", f(chartH-6)).Attr("text-anchor", "middle").Text(c.XLabel),
		svgEl("text").Class("axis-label").Attr("transform", "rotate(-90)").Attr("x", f(-(padTop+chartH-padBott)/2)).Attr("y", "14").Attr("text-anchor", "middle").Text(c.YLabel),
	)
	for _, s := range c.Series {
		var pts []string
		for _, p := range s.Points {
			if c.LogY && p.Y <= 0 || math.IsNaN(p.Y) || math.IsInf(p.Y, 0) {
				continue
			}
			pts = append(pts, f(sx(p.X))+","+f(sy(p.Y)))
		}
		line := svgEl("polyline").Class("line "+s.Style).Attr("points", strings.Join(pts, " ")).Attr("fill", "none")
		if s.Dashed {
			line = line.Attr("stroke-dasharray", "6 4")
		}
		nodes = append(nodes, line)
		if s.Dots {
			for _, p := range pts {
				x, y, _ := strings.Cut(p, ",")
				nodes = append(nodes, svgEl("circle").Class("dot "+s.Style).Attr("cx", x).Attr("cy", y).Attr("r", "3"))
			}
		}
	}
	return chartFigure(c.Label, nodes, c.Series)
}

func (c Chart) bounds() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax, ymin, ymax = math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, s := range c.Series {
		for _, p := range s.Points {
			y := p.Y
			if c.LogY {
				if y <= 0 {
					continue
				}
				y = math.Log10(y)
			}
			if math.IsNaN(y) || math.IsInf(y, 0) {
				continue
			}
			xmin, xmax = math.Min(xmin, p.X), math.Max(xmax, p.X)
			ymin, ymax = math.Min(ymin, y), math.Max(ymax, y)
		}
	}
	if c.XMin != 0 || c.XMax != 0 {
		xmin, xmax = c.XMin, c.XMax
	}
	if c.YMin != 0 || c.YMax != 0 {
		ymin, ymax = c.YMin, c.YMax
		if c.LogY {
			ymin, ymax = math.Log10(ymin), math.Log10(ymax)
		}
	}
	if math.IsInf(xmin, 1) { // no data
		xmin, xmax, ymin, ymax = 0, 1, 0, 1
	}
	if xmax == xmin {
		xmax = xmin + 1
	}
	if ymax == ymin {
		ymax = ymin + 1
	}
	return xmin, xmax, ymin, ymax
}

// Bar is one bar of a bar chart, with an optional expected value drawn as a
// tick across it (e.g. a stake share against the observed frequency).
type Bar struct {
	Label       string
	Value       float64
	Expected    float64
	HasExpected bool
	Style       string
}

// BarChart is a vertical bar chart.
type BarChart struct {
	Label  string
	YLabel string
	Bars   []Bar
	YMax   float64 // zero: fit the data
}

// Render draws the bar chart.
func (b BarChart) Render() app.UI {
	ymax := b.YMax
	for _, bar := range b.Bars {
		ymax = math.Max(ymax, math.Max(bar.Value, bar.Expected))
	}
	if ymax <= 0 {
		ymax = 1
	}
	plotH := chartH - padTop - padBott
	sy := func(v float64) float64 { return chartH - padBott - v/ymax*plotH }
	var nodes []app.UI
	for _, t := range niceTicks(0, ymax, 5) {
		nodes = append(nodes,
			svgEl("line").Class("grid").Attr("x1", f(padLeft)).Attr("x2", f(chartW-padRight)).Attr("y1", f(sy(t))).Attr("y2", f(sy(t))),
			svgEl("text").Class("tick").Attr("x", f(padLeft-6)).Attr("y", f(sy(t)+4)).Attr("text-anchor", "end").Text(Tick(t)),
		)
	}
	n := float64(max(len(b.Bars), 1))
	slot := (chartW - padLeft - padRight) / n
	for i, bar := range b.Bars {
		x := padLeft + float64(i)*slot + slot*0.15
		w := slot * 0.7
		style := bar.Style
		if style == "" {
			style = "series-1"
		}
		nodes = append(nodes,
			svgEl("rect").Class("bar "+style).Attr("x", f(x)).Attr("y", f(sy(bar.Value))).Attr("width", f(w)).Attr("height", f(sy(0)-sy(bar.Value))).
				Body(svgEl("title").Text(bar.Label+": "+Tick(bar.Value))),
			svgEl("text").Class("tick").Attr("x", f(x+w/2)).Attr("y", f(chartH-padBott+14)).Attr("text-anchor", "middle").Text(bar.Label),
		)
		if bar.HasExpected {
			nodes = append(nodes, svgEl("line").Class("expected").Attr("x1", f(x-3)).Attr("x2", f(x+w+3)).Attr("y1", f(sy(bar.Expected))).Attr("y2", f(sy(bar.Expected))))
		}
	}
	nodes = append(nodes, svgEl("text").Class("axis-label").Attr("transform", "rotate(-90)").Attr("x", f(-(padTop+chartH-padBott)/2)).Attr("y", "14").Attr("text-anchor", "middle").Text(b.YLabel))
	return chartFigure(b.Label, nodes, nil)
}

func chartFigure(label string, nodes []app.UI, series []Series) app.UI {
	svg := svgEl("svg").Class("chart").
		Attr("viewBox", "0 0 "+f(chartW)+" "+f(chartH)).
		Attr("role", "img").
		Attr("aria-label", label).
		Body(append([]app.UI{svgEl("title").Text(label)}, nodes...)...)
	var legend []app.UI
	for _, s := range series {
		if s.Name == "" {
			continue
		}
		legend = append(legend, app.Li().Body(app.Span().Class("swatch "+s.Style).Aria("hidden", "true"), app.Text(s.Name)))
	}
	// go-app sets classes through className, which SVG elements ignore, so
	// a live chart would lose every colour and line style. Insert the SVG as
	// markup instead: the browser's parser gives it the SVG namespace and
	// real class attributes, on the server and in the browser alike.
	chart := app.Raw(app.HTMLString(svg))
	if len(legend) == 0 {
		return app.Figure().Class("chart-figure").Body(chart)
	}
	return app.Figure().Class("chart-figure").Body(chart, app.Ul().Class("legend").Body(legend...))
}

// niceTicks returns about n round values (1, 2 or 5 times a power of ten
// apart) covering [lo, hi].
func niceTicks(lo, hi float64, n int) []float64 {
	if !(hi > lo) || n < 1 {
		return []float64{lo}
	}
	raw := (hi - lo) / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*mag {
			step = m * mag
			break
		}
	}
	var out []float64
	for t := math.Ceil(lo/step) * step; t <= hi+step*1e-9; t += step {
		out = append(out, math.Round(t/step)*step)
	}
	return out
}

// decades are the whole powers of ten in [lo, hi] (given as exponents): a
// log axis labels only those, so no two labels can read the same.
func decades(lo, hi float64) []float64 {
	var out []float64
	for e := math.Ceil(lo - 1e-9); e <= hi+1e-9; e++ {
		out = append(out, e)
	}
	return out
}

// logTick labels the tick at 10^e on a log axis: plainly while that is
// short (0.001 to 100k), as 10^e beyond.
func logTick(e int) string {
	if e >= -3 && e <= 5 {
		return Tick(math.Pow(10, float64(e)))
	}
	return "10^" + strconv.Itoa(e)
}

// LogRange picks y bounds for a log-scale Chart: whole powers of ten
// around the positive values, at least three decades apart. Log ticks fall
// on whole powers of ten, and with fewer decades they would fall on halves
// and two ticks would read the same.
func LogRange(values ...float64) (lo, hi float64) {
	minE, maxE := math.Inf(1), math.Inf(-1)
	for _, v := range values {
		if v > 0 && !math.IsInf(v, 0) && !math.IsNaN(v) {
			e := math.Log10(v)
			minE, maxE = math.Min(minE, e), math.Max(maxE, e)
		}
	}
	if math.IsInf(minE, 1) {
		return 0.1, 100
	}
	l, h := math.Floor(minE), math.Ceil(maxE)
	for h-l < 3 {
		l--
	}
	// A hair below the bottom decade: math.Log10 of a power of ten can land
	// just above the integer, which would drop the bottom tick.
	return math.Pow(10, l) * (1 - 1e-9), math.Pow(10, h)
}

// Tick prints a tick value compactly: 0.25, 2016, 1.5k, 3M.
func Tick(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1e9:
		return trimFloat(v/1e9) + "G"
	case a >= 1e6:
		return trimFloat(v/1e6) + "M"
	case a >= 1e4:
		return trimFloat(v/1e3) + "k"
	default:
		return trimFloat(v)
	}
}

func trimFloat(v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) }

func f(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
