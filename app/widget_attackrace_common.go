package app

import (
	"maps"
	"math"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Helpers shared by the attacks lesson's widgets (attackrace, finality,
// nothingatstake, retarget). Their names start with "sec" so they cannot
// collide with other widgets' helpers in this package.

// secResolve applies one control's new value to a widget's current values
// and resolves the result as parameters from a URL would be: clamped, with
// a note for what changed. A learner typing 5 trials sees the same note a
// teacher's bad link would produce.
func secResolve(name string, current map[string]string, key, value string) (map[string]string, []string) {
	params := maps.Clone(current)
	if params == nil {
		params = map[string]string{}
	}
	params[key] = value
	return resolveParams(name, params)
}

// secFmtP prints a probability as the whitepaper does (seven decimals)
// while that still shows a significant digit, and in scientific notation
// below.
func secFmtP(p float64) string {
	switch {
	case math.IsNaN(p):
		return "–"
	case p == 0:
		return "0"
	case p >= 1e-6:
		return strconv.FormatFloat(p, 'f', 7, 64)
	default:
		return strconv.FormatFloat(p, 'e', 2, 64)
	}
}

// secFull prints a float with every digit, for data attributes that tests
// and course pages read back.
func secFull(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// secPercent prints a share in [0, 1] as a percentage with up to two
// decimals: 0.3333 -> "33.33%".
func secPercent(share float64) string {
	s := strconv.FormatFloat(share*100, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s + "%"
}

// secField is a labelled control in the widgets' control grid.
func secField(id, label string, control app.UI) app.UI {
	return app.Div().Class("field").Body(app.Label().For(id).Text(label), control)
}

// secButton is a <button type="button">. The disabled attribute is only
// written when true: pre-rendered HTML has no disabled="false" (which a
// browser would read as disabled).
func secButton(id, class, text string, disabled bool, onClick app.EventHandler) app.UI {
	b := app.Button().ID(id).Class(class).Type("button").Text(text).OnClick(onClick)
	if disabled {
		b = b.Disabled(true)
	}
	return b
}

// secOption is an <option>, selected only when sel (see secButton).
func secOption(value, text string, sel bool) app.UI {
	o := app.Option().Value(value).Text(text)
	if sel {
		o = o.Selected(true)
	}
	return o
}

// secYesNo is a flag for data attributes and table cells. (go-app writes a
// "true" attribute value as a bare attribute, whose value reads as empty.)
func secYesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// secLogRange picks y bounds for a log-scale Chart: whole powers of ten
// around the positive values, at least three decades apart. svgchart labels
// log ticks as whole powers of ten, and with fewer decades its ticks fall
// on halves and two ticks would read the same.
func secLogRange(values ...float64) (lo, hi float64) {
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
