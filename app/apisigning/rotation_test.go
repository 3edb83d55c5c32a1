//go:build !wasm

package apisigning

import (
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/kit/kittest"
	"github.com/consensus-lab/playground/engine/signing"
)

func TestRotationOverlapAcceptsBothSecrets(t *testing.T) {
	w := NewRotation(kit.Placement{ID: "rotation-1", Params: map[string]string{
		"new_from": "10", "old_until": "40", "requests": "old@5,new@5,old@25,new@25,old@50,new@50,old@40,new@10",
	}}).(*rotation)
	d := app.NewServerTester(w)
	defer d.Close()
	require.Len(t, w.results, 8)
	want := []struct {
		status int
		code   string
	}{
		{200, ""}, {401, signing.CodeBadSignature}, // before the new secret: only old verifies
		{200, ""}, {200, ""}, // the overlap: both verify
		{401, signing.CodeBadSignature}, {200, ""}, // after retirement: only new
		{401, signing.CodeBadSignature}, // retirement is exclusive: at minute 40 the old secret is gone
		{200, ""},                       // validFrom is inclusive
	}
	for i, r := range w.results {
		assert.Equal(t, want[i].status, r.Resp.Status, "%s@%d", r.Req.Secret, r.Req.Minute)
		assert.Equal(t, want[i].code, r.Resp.Code, "%s@%d", r.Req.Secret, r.Req.Minute)
	}
	assert.Contains(t, w.results[3].Resp.Trace.Steps[len(w.results[3].Resp.Trace.Steps)-1].Detail, "secret #2",
		"the new secret is the key's second")
	out := app.HTMLString(w)
	assert.True(t, kittest.HasElement(out, `data-secret="new"`, `data-minute="5"`, `data-code="bad_signature"`))
	assert.Contains(t, out, `class="rot-overlap"`)
	assert.Contains(t, out, `href="/embed/rotation?new_from=10&old_until=40&requests=old%405%2Cnew%405`, "the share link carries the timeline")
}

// With no overlap (old retired before the new one starts) there is a gap
// where no secret is valid: the key itself is refused.
func TestRotationGapRefusesTheKey(t *testing.T) {
	w := NewRotation(kit.Placement{ID: "r", Params: map[string]string{"new_from": "30", "old_until": "20", "requests": "old@25,new@25"}}).(*rotation)
	d := app.NewClientTester(w)
	defer d.Close()
	for _, r := range w.results {
		assert.Equal(t, signing.CodeUnknownKey, r.Resp.Code)
		s, _ := r.Resp.Trace.Failed()
		assert.Equal(t, signing.StepKey, s.Name)
	}
	assert.NotContains(t, app.HTMLString(w), `class="rot-overlap"`)

	w.addWho, w.addAt = "new", 31 // the adder's select and minute
	w.add()
	w.Update()
	d.Consume()
	assert.Equal(t, 200, w.results[2].Resp.Status)
	assert.Equal(t, "old@25,new@25,new@31", w.Value("requests"), "the new request is part of the state")
	w.Set("new_from", "20")
	assert.NotEqual(t, signing.CodeUnknownKey, w.results[1].Resp.Code, "moving the start replays every request")
}

func TestRotationBadRequestsParam(t *testing.T) {
	w := NewRotation(kit.Placement{ID: "r", Params: map[string]string{"requests": "old@5,mid@7"}}).(*rotation)
	d := app.NewServerTester(w)
	defer d.Close()
	assert.Empty(t, w.results)
	assert.Contains(t, app.HTMLString(w), "is not old@&lt;minute&gt; or new@&lt;minute&gt;")
}
