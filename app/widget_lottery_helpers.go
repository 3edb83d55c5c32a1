package app

import (
	"maps"
	"math"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Helpers shared by the proof-of-stake and consensus-family widgets
// (lottery, shuffle, dpos, poa, energy). Their names start with "pos" so
// they cannot collide with other widgets' helpers in this package.

// posResolve applies one control's new value to a widget's current values
// and resolves the result as a URL's parameters would be: clamped, with a
// note for anything changed, so a learner's out-of-range entry and a
// teacher's bad link behave alike.
func posResolve(name string, current map[string]string, key, value string) (map[string]string, []string) {
	params := maps.Clone(current)
	if params == nil {
		params = map[string]string{}
	}
	params[key] = value
	return resolveParams(name, params)
}

// posField is a labelled control.
func posField(id, label string, control app.UI) app.UI {
	return app.Div().Class("field").Body(app.Label().For(id).Text(label), control)
}

// posValue reads the value of the element an event came from.
func posValue(ctx app.Context) string { return ctx.JSSrc().Get("value").String() }

// posChecked reads the checked state of the checkbox an event came from.
func posChecked(ctx app.Context) bool { return ctx.JSSrc().Get("checked").Bool() }

// posFull prints a float with every digit, for data attributes that tests
// and course pages read back.
func posFull(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// posPercent prints a share in [0, 1] as a percentage with at most
// decimals decimals, trailing zeros dropped: 0.3333 -> "33.33%".
func posPercent(share float64, decimals int) string {
	if math.IsNaN(share) {
		return "–"
	}
	s := strconv.FormatFloat(share*100, 'f', decimals, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s + "%"
}

// posGroup prints a whole number with thin-space thousands separators
// (26 200), which read the same in every locale.
func posGroup(n uint64) string {
	s := strconv.FormatUint(n, 10)
	if len(s) <= 4 {
		return s
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString("\u202f")
		}
		b.WriteRune(c)
	}
	return b.String()
}

// posSig prints v with sig significant digits, in plain notation for
// ordinary magnitudes and scientific notation (3.71 × 10^26) beyond.
func posSig(v float64, sig int) string {
	switch {
	case math.IsNaN(v):
		return "–"
	case math.IsInf(v, 0):
		return "∞"
	case v == 0:
		return "0"
	}
	a := math.Abs(v)
	if a >= 1e-3 && a < 1e6 {
		decimals := max(0, sig-1-int(math.Floor(math.Log10(a))))
		return strconv.FormatFloat(v, 'f', decimals, 64)
	}
	e := strconv.FormatFloat(v, 'e', sig-1, 64) // 3.71e+26
	mant, exp, _ := strings.Cut(e, "e")
	n, _ := strconv.Atoi(exp)
	return mant + " × 10^" + strconv.Itoa(n)
}

// posButton is a button; a disabled one carries the attribute. The client
// sets disabled as a property (false clears it), but pre-rendered HTML
// would read disabled="false" as disabled, so the server omits false.
func posButton(id, label string, primary, disabled bool, onClick func()) app.UI {
	class := "button"
	if !primary {
		class += " secondary"
	}
	b := app.Button().Type("button").Class(class).ID(id).Text(label).
		OnClick(func(ctx app.Context, e app.Event) { onClick() })
	if disabled || !app.IsServer {
		b = b.Disabled(disabled)
	}
	return b
}

// posCheckbox is a checkbox whose checked state is the widget's, with
// the same care as posButton for pre-rendered HTML.
func posCheckbox(id string, checked bool, onChange func(bool)) app.HTMLInput {
	in := app.Input().Type("checkbox").ID(id).
		OnChange(func(ctx app.Context, e app.Event) { onChange(posChecked(ctx)) })
	if checked || !app.IsServer {
		in = in.Checked(checked)
	}
	return in
}
