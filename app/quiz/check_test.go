//go:build !wasm

package quiz

import (
	"fmt"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/kit/kittest"
	"github.com/consensus-lab/playground/lessons/lesson"
)

var avalanche = map[string]string{
	"question": "How many bits change?", "options": "a few|about half|all", "answer": "about half", "explain": "Avalanche.",
}

// dispatch runs a handler in the tester as a click would.
func dispatch(d app.ClientDispatcher, src app.UI, h func(app.Context, app.Event)) {
	d.Dispatch(app.Dispatch{Mode: app.Update, Source: src, Function: func(ctx app.Context) { h(ctx, app.Event{}) }})
	d.Consume()
}

// Pre-rendered, the check shows the question and its choices, none chosen,
// and a commit that waits for a choice; no boolean attribute says "false".
func TestCheckPreRender(t *testing.T) {
	html := kittest.Render(t, NewCheck, kit.Placement{ID: "check-1", Params: avalanche})
	assert.Contains(t, html, "How many bits change?")
	assert.Equal(t, 3, strings.Count(html, `type="radio"`))
	assert.NotContains(t, html, "Avalanche.", "the explanation waits for a prediction")
	assert.NotContains(t, html, "checked", "no choice is made for the learner")
	assert.NotRegexp(t, `(checked|selected|disabled)="false"`, html, "no false boolean attribute pre-rendered")
	assert.Contains(t, kittest.Attrs(t, html, "check-1-commit"), "disabled", "nothing to commit before choosing")
	assert.NotContains(t, kittest.Attrs(t, html, "check-1-opt-0"), "disabled")
	assert.False(t, kittest.Has(html, "check-1-show-hint"), "no hint button without a hint")
	assert.NotContains(t, html, "Link to this state", "the answer lives in progress, not in a link")
}

// Committing keeps the answer in localStorage, reveals the verdict and the
// explanation, and locks the choices; the answer is read back when the
// check mounts again (a reload); answering again forgets it.
func TestCheckCommitsThenReveals(t *testing.T) {
	p := kit.Placement{ID: "check-1", Params: avalanche}
	c := NewCheck(p).(*check)
	d := app.NewClientTester(c)
	defer d.Close()

	c.selected = "a few" // the radio's change handler
	c.Update()
	d.Consume()
	assert.NotContains(t, kittest.Attrs(t, app.HTMLString(c), "check-1-commit"), "disabled")
	dispatch(d, c, c.onCommit)
	html := app.HTMLString(c)
	assert.Equal(t, "Not quite: the answer is “about half”.", kittest.Text(t, html, "check-1-verdict"))
	assert.Contains(t, html, "Avalanche.")
	assert.Contains(t, kittest.Attrs(t, html, "check-1-opt-1"), "disabled", "a committed answer is locked")
	assert.False(t, kittest.Has(html, "check-1-commit"))

	var rec record
	require.NoError(t, d.Context().LocalStorage().Get(c.storageKey(d.Context()), &rec))
	assert.Equal(t, record{Selected: "a few", Correct: false}, rec)

	dispatch(d, c, c.onRetry)
	assert.False(t, c.answered)
	assert.False(t, kittest.Has(app.HTMLString(c), "check-1-verdict"))
	rec = record{}
	require.NoError(t, d.Context().LocalStorage().Get(c.storageKey(d.Context()), &rec))
	assert.Empty(t, rec.Selected, "answering again forgets the answer")

	c.selected = "about half"
	dispatch(d, c, c.onCommit)
	assert.Equal(t, "Right.", kittest.Text(t, app.HTMLString(c), "check-1-verdict"))

	// The same check mounted again (a reload) finds the answer.
	again := NewCheck(p).(*check)
	again.OnInit()
	again.OnMount(d.Context())
	assert.True(t, again.answered)
	assert.Equal(t, "about half", again.selected)
	assert.True(t, again.Ready())
}

// A hint is offered before answering, after the commit button (the
// check's first button stays the commit), and shown only on request.
func TestCheckHint(t *testing.T) {
	params := map[string]string{"hint": "Think of a good hash as random."}
	for k, v := range avalanche {
		params[k] = v
	}
	c := NewCheck(kit.Placement{ID: "q", Params: params}).(*check)
	d := app.NewClientTester(c)
	defer d.Close()
	html := app.HTMLString(c)
	assert.Equal(t, "Show a hint", kittest.Text(t, html, "q-show-hint"))
	assert.NotContains(t, html, "Think of a good hash", "the hint waits until asked for")
	assert.Less(t, strings.Index(html, `id="q-commit"`), strings.Index(html, `id="q-show-hint"`), "commit is the first button")

	dispatch(d, c, kit.Click(c.showHint))
	html = app.HTMLString(c)
	assert.Equal(t, "Hint: Think of a good hash as random.", kittest.Text(t, html, "q-hint"))
	assert.False(t, kittest.Has(html, "q-show-hint"))

	c.selected = "all"
	dispatch(d, c, c.onCommit)
	assert.NotContains(t, app.HTMLString(c), "Think of a good hash", "after answering the explanation takes over")

	long := NewCheck(kit.Placement{ID: "q", Params: map[string]string{"hint": strings.Repeat("h", 900)}}).(*check)
	long.OnInit()
	limit, _ := kit.Spec("check").Param("hint")
	assert.Len(t, long.Value("hint"), limit.MaxLen, "the spec's bound, not a second one")
	assert.Contains(t, long.Notes(), fmt.Sprintf("hint is 900 bytes long, over the limit of %d; cut to fit", limit.MaxLen))
}

// Progress counts the checks answered, and those answered right, lesson by lesson, and Reset
// forgets every answer of the course.
func TestPassedAndReset(t *testing.T) {
	c := NewCheck(kit.Placement{ID: "x"}).(*check)
	d := app.NewClientTester(c)
	defer d.Close()
	ctx := d.Context()
	store := ctx.LocalStorage()
	require.NoError(t, store.Set(key("/lessons/hashes", "check-1"), record{Selected: "a", Correct: true}))
	require.NoError(t, store.Set(key("/lessons/hashes", "check-2"), record{Selected: "b", Correct: false}))
	require.NoError(t, store.Set(key("/lessons/pow", "check-1"), record{Selected: "c", Correct: true}))
	idx := lesson.Index{Lessons: []lesson.Summary{
		{Slug: "hashes", Checks: []string{"check-1", "check-2", "check-3"}},
		{Slug: "pow", Checks: []string{"check-1"}},
	}}
	assert.Equal(t, Progress{Answered: 2, Passed: 1}, LessonProgress(ctx, idx.Lessons[0]), "a wrong answer is answered, not passed")
	assert.Equal(t, Progress{Answered: 1, Passed: 1}, LessonProgress(ctx, idx.Lessons[1]))
	Reset(ctx, idx)
	assert.Equal(t, Progress{}, LessonProgress(ctx, idx.Lessons[0]))
	assert.Equal(t, Progress{}, LessonProgress(ctx, idx.Lessons[1]))
	var rec record
	require.NoError(t, store.Get(key("/lessons/hashes", "check-2"), &rec))
	assert.Empty(t, rec.Selected, "wrong answers are forgotten too")
}

func TestLessonPath(t *testing.T) {
	assert.Equal(t, "/lessons/hashes", LessonPath("/embed/lesson/hashes"))
	assert.Equal(t, "/lessons/hashes", LessonPath("/lessons/hashes/"))
	assert.Equal(t, "/lessons/hashes", LessonPath("/lessons/hashes"))
	assert.Equal(t, "/embed/check", LessonPath("/embed/check"))
	assert.Equal(t, "/", LessonPath("/"))
	assert.Equal(t, "/lessons/a/b", LessonPath("/lessons/a/b"), "not a lesson page")
}
