package app

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/widgetspec"
)

func newCheckBox(id string, params map[string]string) app.UI {
	return &checkBox{ID: id, Params: params}
}

// checkBox is a "predict, then run" question. The learner picks an answer
// and commits to it; only then is the right answer and its explanation
// shown. The answer is kept in localStorage so progress survives a reload.
type checkBox struct {
	app.Compo
	ID     string
	Params map[string]string

	notes    []string
	question string
	options  []string
	answer   string
	explain  string
	selected string
	answered bool
	ready    bool
}

// checkRecord is what localStorage keeps for one check.
type checkRecord struct {
	Selected string `json:"selected"`
	Correct  bool   `json:"correct"`
}

func (c *checkBox) OnInit()              { c.reset() }
func (c *checkBox) OnUpdate(app.Context) { c.reset() }

func (c *checkBox) OnMount(ctx app.Context) {
	c.ready = true
	var rec checkRecord
	if err := ctx.LocalStorage().Get(c.storageKey(ctx), &rec); err == nil && rec.Selected != "" {
		c.selected, c.answered = rec.Selected, true
	}
}

func (c *checkBox) reset() {
	values, notes := resolveParams("check", c.Params)
	c.notes = notes
	c.question = values["question"]
	c.options = widgetspec.SplitOptions(values["options"])
	c.answer = values["answer"]
	c.explain = values["explain"]
	c.selected, c.answered = "", false
}

// storageKey scopes the answer to the page and the check, so the same
// check id in two lessons does not collide.
func (c *checkBox) storageKey(ctx app.Context) string {
	return checkKey(lessonPathOf(stripBase(ctx.Page().URL().Path)), c.ID)
}

func (c *checkBox) Render() app.UI {
	name := c.ID + "-choice"
	choices := make([]app.UI, len(c.options))
	for i, o := range c.options {
		o := o
		id := c.ID + "-opt-" + strconv.Itoa(i)
		input := app.Input().Type("radio").ID(id).Name(name).Value(o).
			OnChange(func(ctx app.Context, e app.Event) { c.selected = o })
		// Boolean attributes only when true: pre-rendered HTML would print
		// checked="false", which a browser reads as checked.
		if c.selected == o {
			input = input.Checked(true)
		}
		if c.answered {
			input = input.Disabled(true)
		}
		choices[i] = app.Div().Class("choice").Body(input, app.Label().For(id).Text(o))
	}
	body := []app.UI{
		app.FieldSet().Body(
			app.Legend().Class("check-question").Text(c.question),
			app.Div().Body(choices...),
		),
	}
	if !c.answered {
		commit := app.Button().Class("button").Type("button").Text("Commit to my prediction").OnClick(c.onCommit)
		if c.selected == "" {
			commit = commit.Disabled(true)
		}
		body = append(body, commit)
	} else {
		right := c.selected == c.answer
		verdict := app.P().Class("check-verdict wrong").Role("status").Text("Not quite: the answer is “" + c.answer + "”.")
		if right {
			verdict = app.P().Class("check-verdict right").Role("status").Text("Right.")
		}
		body = append(body, verdict)
		if c.explain != "" {
			body = append(body, app.P().Class("check-explain").Text(c.explain))
		}
		body = append(body, app.Button().Class("button secondary").Type("button").Text("Answer again").OnClick(c.onRetry))
	}
	return widgetFrame("check", c.ID, c.ready, c.notes, body...)
}

func (c *checkBox) onCommit(ctx app.Context, _ app.Event) {
	if c.selected == "" {
		return
	}
	c.answered = true
	correct := c.selected == c.answer
	_ = ctx.LocalStorage().Set(c.storageKey(ctx), checkRecord{Selected: c.selected, Correct: correct})
	if correct {
		emit("check-passed", map[string]any{"check": c.ID, "path": stripBase(ctx.Page().URL().Path)})
	}
}

func (c *checkBox) onRetry(ctx app.Context, _ app.Event) {
	c.selected, c.answered = "", false
	ctx.LocalStorage().Del(c.storageKey(ctx))
}
