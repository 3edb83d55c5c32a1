package quiz

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/widgetspec"
)

// NewCheck is the check widget's factory.
func NewCheck(p kit.Placement) app.UI { return &check{Placement: p} }

// check is a "predict, then run" question. The learner picks an answer
// and commits to it; only then is the right answer and its explanation
// shown. A hint, when the lesson gives one, is shown on request before.
// The answer is kept in localStorage so progress survives a reload; that
// answer, not the parameters, is the widget's state, so it has no share
// link (Bare).
type check struct {
	app.Compo
	kit.Placement
	base

	options  []string
	selected string
	answered bool
	hinted   bool
}

func (c *check) OnInit()              { c.Init("check", c.Placement, c.load) }
func (c *check) OnUpdate(app.Context) { c.Init("check", c.Placement, c.load) }

func (c *check) OnMount(ctx app.Context) {
	c.MarkReady()
	var rec record
	if err := ctx.LocalStorage().Get(c.storageKey(ctx), &rec); err == nil && rec.Selected != "" {
		c.selected, c.answered = rec.Selected, true
	}
}

func (c *check) load() {
	c.options = widgetspec.SplitOptions(c.Value("options"))
	c.selected, c.answered, c.hinted = "", false, false
}

// storageKey scopes the answer to the lesson and the check, so the same
// check id in two lessons does not collide.
func (c *check) storageKey(ctx app.Context) string {
	return key(LessonPath(kit.StripBase(ctx.Page().URL().Path)), c.ID)
}

func (c *check) Render() app.UI {
	name := c.ID + "-choice"
	choices := make([]app.UI, len(c.options))
	for i, o := range c.options {
		o := o
		id := c.ID + "-opt-" + strconv.Itoa(i)
		input := kit.Checked(app.Input().Type("radio").ID(id).Name(name).Value(o).
			OnChange(func(app.Context, app.Event) { c.selected = o }), c.selected == o)
		// As kit.Checked does: the property in the browser, the attribute
		// only when true (disabled="false" reads as disabled).
		if c.answered || !app.IsServer {
			input = input.Disabled(c.answered)
		}
		choices[i] = app.Div().Class("choice").Body(input, app.Label().For(id).Text(o))
	}
	body := []app.UI{
		app.FieldSet().Body(
			app.Legend().Class("check-question").Text(c.Value("question")),
			app.Div().Body(choices...),
		),
	}
	if !c.answered {
		// The commit button comes first: it is the check's main action.
		body = append(body, kit.Button{ID: c.ID + "-commit", Label: "Commit to my prediction", Disabled: c.selected == "", OnClick: c.onCommit}.UI())
		if hint := c.Value("hint"); hint != "" {
			if c.hinted {
				body = append(body, app.P().ID(c.ID+"-hint").Class("check-hint").Role("status").Text("Hint: "+hint))
			} else {
				body = append(body, kit.Button{ID: c.ID + "-show-hint", Label: "Show a hint", Secondary: true,
					OnClick: kit.Click(c.showHint)}.UI())
			}
		}
		return c.Bare(body...)
	}
	answer := c.Value("answer")
	// tabindex=-1: the commit button is gone, so focus moves here.
	verdict := app.P().ID(c.ID + "-verdict").TabIndex(-1).Class("check-verdict wrong").Role("status").Text("Not quite: the answer is “" + answer + "”.")
	if c.selected == answer {
		verdict = app.P().ID(c.ID + "-verdict").TabIndex(-1).Class("check-verdict right").Role("status").Text("Right.")
	}
	body = append(body, verdict)
	if explain := c.Value("explain"); explain != "" {
		body = append(body, app.P().Class("check-explain").Text(explain))
	}
	body = append(body, kit.Button{ID: c.ID + "-again", Label: "Answer again", Secondary: true, OnClick: c.onRetry}.UI())
	return c.Bare(body...)
}

// onCommit keeps the answer and tells an embedding page: check-answered on
// every commit (an LMS scores wrong answers too), check-passed on a right
// one.
func (c *check) onCommit(ctx app.Context, _ app.Event) {
	if c.selected == "" {
		return
	}
	c.answered = true
	kit.Focus(ctx, c.ID+"-verdict")
	correct := c.selected == c.Value("answer")
	_ = ctx.LocalStorage().Set(c.storageKey(ctx), record{Selected: c.selected, Correct: correct})
	path := kit.StripBase(ctx.Page().URL().Path)
	kit.Emit("check-answered", map[string]any{"check": c.ID, "path": path, "correct": correct, "selected": c.selected})
	if correct {
		kit.Emit("check-passed", map[string]any{"check": c.ID, "path": path})
	}
}

func (c *check) onRetry(ctx app.Context, _ app.Event) {
	c.selected, c.answered, c.hinted = "", false, false
	ctx.LocalStorage().Del(c.storageKey(ctx))
}

func (c *check) showHint() { c.hinted = true }
