//go:build !wasm

package app

import (
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/kit/kittest"
	"github.com/consensus-lab/playground/app/sandbox"
	"github.com/consensus-lab/playground/app/widgetspec"
	"github.com/consensus-lab/playground/engine/signing"
)

func TestReplayStoryFromSteps(t *testing.T) {
	w := &replayWidget{ID: "replay-1", Params: map[string]string{"steps": "send,replay,forge,reuse,late"}}
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
	w := &replayWidget{ID: "r", Params: map[string]string{"steps": ""}}
	d := app.NewClientTester(w)
	defer d.Close()
	assert.False(t, w.can("replay"), "nothing captured yet")
	assert.False(t, w.can("reuse"))
	require.True(t, w.do("send"))
	require.True(t, w.do("replay"))
	w.Update()
	d.Consume()
	assert.Equal(t, signing.CodeReplayedNonce, w.log[1].Resp.Code)
	assert.Equal(t, []string{"send", "replay"}, w.steps)
	assert.Len(t, w.sb.Exchange.Orders(sandbox.DemoAPIKey), 1)
}

func TestReplayBadStepsAreNotedAndSkipped(t *testing.T) {
	w := &replayWidget{ID: "r", Params: map[string]string{"steps": "replay,send"}}
	d := app.NewServerTester(w)
	defer d.Close()
	assert.Empty(t, w.log)
	assert.Contains(t, app.HTMLString(w), "cannot run at that point")

	s, _ := widgetspec.Lookup("replay")
	assert.Empty(t, s.Check(map[string]string{"steps": "send, replay,late"}))
	assert.NotEmpty(t, s.Check(map[string]string{"steps": "send,hack"}))
}
