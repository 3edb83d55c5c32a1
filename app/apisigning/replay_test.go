//go:build !wasm

package apisigning

import (
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/kit/kittest"
	"github.com/consensus-lab/playground/app/sandbox"
	"github.com/consensus-lab/playground/app/widgetspec"
	"github.com/consensus-lab/playground/engine/signing"
)

func TestReplayStoryFromSteps(t *testing.T) {
	w := NewReplay(kit.Placement{ID: "replay-1", Params: map[string]string{"steps": "send,replay,forge,reuse,late"}}).(*replay)
	d := app.NewServerTester(w)
	defer d.Close()
	require.Len(t, w.log, 5)
	want := []struct {
		status int
		code   string
		failed signing.StepName
	}{
		{201, "", ""},
		{401, signing.CodeReplayedNonce, signing.StepNonce},
		{401, signing.CodeBadSignature, signing.StepSignature},
		{201, "", ""}, // the failed forgery did not spend its nonce
		{401, signing.CodeStaleTimestamp, signing.StepTimestamp},
	}
	for i, e := range w.log {
		assert.Equal(t, want[i].status, e.Resp.Status, "%d %s", i, e.Action)
		assert.Equal(t, want[i].code, e.Resp.Code, "%d %s", i, e.Action)
		s, _ := e.Resp.Trace.Failed()
		assert.Equal(t, want[i].failed, s.Name, "%d %s", i, e.Action)
	}
	assert.Equal(t, w.log[2].Nonce, w.log[3].Nonce, "the client reused the forgery's nonce")
	assert.Len(t, w.sb.Exchange.Orders(sandbox.DemoAPIKey), 2, "two real orders, no replayed one")

	out := app.HTMLString(w)
	assert.True(t, kittest.HasElement(out, `data-action="replay"`, `data-code="replayed_nonce"`))
	assert.True(t, kittest.HasElement(out, `data-action="forge"`, `data-code="bad_signature"`))
	assert.Contains(t, out, `<strong id="replay-1-orders">2</strong>`)
}

func TestReplayButtonsFollowTheStory(t *testing.T) {
	w := NewReplay(kit.Placement{ID: "r", Params: map[string]string{"steps": ""}}).(*replay)
	d := app.NewClientTester(w)
	defer d.Close()
	assert.False(t, w.can("replay"), "nothing captured yet")
	assert.False(t, w.can("reuse"))
	assert.Contains(t, kittest.Attrs(t, app.HTMLString(w), "r-replay"), "disabled")
	w.move("send")
	w.move("replay")
	assert.Equal(t, "send,replay", w.Value("steps"), "the story is the state a link carries")
	w.Update()
	d.Consume()
	assert.Equal(t, signing.CodeReplayedNonce, w.log[1].Resp.Code)
	assert.Equal(t, []string{"send", "replay"}, w.steps)
	assert.Len(t, w.sb.Exchange.Orders(sandbox.DemoAPIKey), 1)
}

func TestReplayBadStepsAreNotedAndSkipped(t *testing.T) {
	w := NewReplay(kit.Placement{ID: "r", Params: map[string]string{"steps": "replay,send"}}).(*replay)
	d := app.NewServerTester(w)
	defer d.Close()
	assert.Empty(t, w.log)
	assert.Contains(t, app.HTMLString(w), "cannot run at that point")

	s, _ := widgetspec.Lookup("replay")
	assert.Empty(t, s.Check(map[string]string{"steps": "send, replay,late"}))
	assert.NotEmpty(t, s.Check(map[string]string{"steps": "send,hack"}))
}
