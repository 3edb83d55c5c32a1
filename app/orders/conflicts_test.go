//go:build !wasm

package orders

import (
	"net/http"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/kit/kittest"
	"github.com/consensus-lab/playground/engine/idempotency"
)

func TestConflictScenariosMatchTheContract(t *testing.T) {
	type want struct {
		status   int
		code     string
		replayed bool
		orders   int
	}
	for _, tc := range []struct {
		scenario string
		want     []want
	}{
		{"replay", []want{{201, "", false, 1}, {201, "", true, 1}, {201, "", false, 2}}},
		{"reused", []want{{201, "", false, 1}, {422, idempotency.CodeKeyReused, false, 1}, {201, "", true, 1}}},
		{"inflight", []want{{201, "", false, 1}, {409, idempotency.CodeKeyInFlight, false, 0}, {422, idempotency.CodeKeyReused, false, 0}, {201, "", true, 1}}},
		{"expiry", []want{{201, "", false, 1}, {201, "", true, 1}, {201, "", false, 2}}},
		{"missing", []want{{400, idempotency.CodeKeyMissing, false, 0}, {201, "", false, 1}}},
	} {
		t.Run(tc.scenario, func(t *testing.T) {
			steps := playConflict(tc.scenario)
			require.Len(t, steps, len(tc.want))
			for i, w := range tc.want {
				st := steps[i]
				assert.Equal(t, w.status, st.Status, "step %d: %s %s", i+1, st.Code, st.Detail)
				assert.Equal(t, w.code, st.Code, "step %d", i+1)
				assert.Equal(t, w.replayed, st.Replayed, "step %d", i+1)
				assert.Equal(t, w.orders, st.Orders, "step %d", i+1)
			}
		})
	}
}

func TestConflictReplayRepeatsTheOrderID(t *testing.T) {
	steps := playConflict("replay")
	require.NotEmpty(t, steps[0].OrderID)
	assert.Equal(t, steps[0].OrderID, steps[1].OrderID, "the replay is the stored answer")
	assert.NotEqual(t, steps[0].OrderID, steps[2].OrderID)

	exp := playConflict("expiry")
	assert.Equal(t, exp[0].OrderID, exp[1].OrderID)
	assert.NotEqual(t, exp[0].OrderID, exp[2].OrderID, "after expiry the key places a new order")
	assert.Greater(t, exp[2].At.Sub(exp[0].At).Hours(), idempotency.DefaultTTL.Hours())
	assert.Less(t, exp[1].At.Sub(exp[0].At), idempotency.DefaultTTL)
}

func TestConflictsRevealsStepByStep(t *testing.T) {
	w := NewConflicts(kit.Placement{ID: "cf", Params: map[string]string{"scenario": "reused"}}).(*conflicts)
	d := app.NewClientTester(w)
	defer d.Close()
	html := app.HTMLString(w)
	assert.Equal(t, 1, strings.Count(html, `class="conflict-step"`))
	assert.Contains(t, html, `id="cf-next"`)
	assert.Contains(t, kittest.Attrs(t, html, "cf-scenario"), "id")

	w.Set("step", "2") // the next button
	w.Update()
	d.Consume()
	html = app.HTMLString(w)
	assert.Equal(t, 2, strings.Count(html, `class="conflict-step"`))
	assert.Contains(t, html, `data-code="`+idempotency.CodeKeyReused+`"`)
	assert.Contains(t, html, "422 "+http.StatusText(http.StatusUnprocessableEntity))
	assert.Equal(t, map[string]string{"step": "2"}, w.Modified(), "the state a link carries")

	// Another scenario starts at its first request.
	w.SetMany(map[string]string{"scenario": "missing", "step": "1"})
	w.Update()
	d.Consume()
	html = app.HTMLString(w)
	assert.Equal(t, 1, strings.Count(html, `class="conflict-step"`))
	assert.Contains(t, html, `data-code="`+idempotency.CodeKeyMissing+`"`)

	html = kittest.Render(t, NewConflicts, kit.Placement{ID: "cf2", Params: map[string]string{"scenario": "missing", "step": "6"}})
	assert.Contains(t, html, "step=6 is past the last request of this scenario; showing all 2")
	assert.False(t, kittest.Has(html, "cf2-next"))
	assert.Contains(t, html, `data-code="`+idempotency.CodeKeyMissing+`"`)
	assert.Equal(t, "Retry after success: the stored answer again", conflictScenarios["replay"])
	assert.NotRegexp(t, `(checked|selected|disabled)="false"`, html, "no false boolean attribute pre-rendered")
	for _, c := range []string{"replay", "reused", "inflight", "expiry", "missing"} {
		assert.NotEmpty(t, conflictScenarios[c], "every scenario of the spec has a label")
	}
}
