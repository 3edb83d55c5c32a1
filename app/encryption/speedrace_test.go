//go:build !wasm

package encryption

import (
	"context"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/app/encryption/cipherworker"
	"github.com/consensus-lab/playground/app/kit"
)

func TestSpeedRaceChartsTheEnginesMeasurements(t *testing.T) {
	var all []measurement
	for _, alg := range []string{"AES-256-GCM", "Ed25519", "RSA-OAEP"} {
		var got cipherworker.Reply
		worker.Call("race.measure", map[string]any{"alg": alg, "size": 32, "budgetMs": 2}, func(r cipherworker.Reply) { got = r })
		var res struct {
			Measurements []measurement `json:"measurements"`
		}
		require.NoError(t, got.Decode(&res))
		require.NotEmpty(t, res.Measurements)
		all = append(all, res.Measurements...)
	}
	w := NewSpeedRace(kit.Placement{ID: "sr", Params: map[string]string{"size": "32", "budget": "10"}}).(*speedRace)
	d := app.NewServerTester(w)
	defer d.Close()
	assert.NotContains(t, app.HTMLString(w), "<table", "nothing measured before the learner runs it")

	w.results = all
	w.Update()
	d.Consume()
	html := app.HTMLString(w)
	for _, m := range all {
		require.True(t, m.measured(), "%s %s: %s", m.Algorithm, m.Operation, m.Skipped)
		assert.Contains(t, html, `data-ops="`+strconv.FormatFloat(m.OpsPerSec, 'f', 0, 64)+`"`)
		// the bar's height is log10(ops/s)
		assert.Contains(t, html, "<title>"+raceShort(m)+": "+kit.Tick(math.Log10(m.OpsPerSec))+"</title>")
	}
	assert.Equal(t, len(all), strings.Count(html, "<tr data-"), "one table row per measurement")
	aes, _ := findMeasurement(all, "AES-256-GCM", "seal")
	oaep, _ := findMeasurement(all, "RSA-OAEP", "decrypt")
	assert.Greater(t, aes.OpsPerSec, oaep.OpsPerSec, "symmetric sealing outruns RSA decryption")
}

func findMeasurement(ms []measurement, alg, op string) (measurement, bool) {
	for _, m := range ms {
		if m.Algorithm == alg && m.Operation == op {
			return m, true
		}
	}
	return measurement{}, false
}

func TestSpeedRaceFinishStates(t *testing.T) {
	w := NewSpeedRace(kit.Placement{ID: "sr"}).(*speedRace)
	w.OnInit()
	w.running = true
	w.finish(context.Canceled)
	assert.False(t, w.running)
	assert.Equal(t, "Stopped.", w.status)
	w.finish(nil)
	assert.Equal(t, "Done.", w.status)
	assert.Equal(t, "16 KiB", sizeText(16384))
	assert.Equal(t, "32 B", sizeText(32))

	// New settings stop a race and clear its results, which were for
	// other settings.
	w.running, w.results = true, []measurement{{Algorithm: "HPKE"}}
	w.Set("size", "1024")
	assert.False(t, w.running)
	assert.Empty(t, w.results)
	assert.Equal(t, map[string]string{"size": "1024"}, w.Modified())
}

// The race makes its RSA key, then times one algorithm per call, in the
// engine's order; Stop is answered at once and the reply still out is
// ignored; a second run reuses the key.
func TestSpeedRaceRunsOneAlgorithmPerCallAndStops(t *testing.T) {
	held := holdCipherCalls(t)
	w := NewSpeedRace(kit.Placement{ID: "sr", Params: map[string]string{"size": "32", "budget": "10"}}).(*speedRace)
	d := app.NewClientTester(w)
	defer d.Close()
	w.start(nil)
	w.Update()
	d.Consume()
	html := app.HTMLString(w)
	assert.Equal(t, []string{"rsa.keygen"}, held.ops())
	assert.Contains(t, html, `data-running="yes"`)
	assert.True(t, disabled(t, html, "sr-run"))
	assert.False(t, disabled(t, html, "sr-stop"))

	held.deliver(t, 0)
	for i := range 2 {
		require.Equal(t, []string{"race.measure"}, held.ops())
		assert.Equal(t, raceAlgorithms[i], held.calls[len(held.calls)-1].args.(map[string]any)["alg"])
		held.deliver(t, len(held.calls)-1)
	}
	w.Update()
	d.Consume()
	rows := len(w.results)
	assert.Positive(t, rows)
	assert.Equal(t, "Timing "+raceAlgorithms[2]+"…", w.status)

	w.stop()
	w.Update()
	d.Consume()
	html = app.HTMLString(w)
	assert.Contains(t, html, `data-running="no"`)
	assert.Contains(t, html, "Stopped.")
	assert.False(t, disabled(t, html, "sr-run"))
	held.deliver(t, len(held.calls)-1) // the late reply
	assert.Len(t, w.results, rows, "a reply after Stop adds nothing")
	assert.Empty(t, held.ops(), "and sends nothing more")

	// A second run goes straight to measuring with the kept key, to the end.
	handle := w.rsaHandle
	require.NotZero(t, handle)
	w.start(nil)
	assert.Equal(t, []string{"race.measure"}, held.ops())
	held.release(t, w, d)
	assert.Equal(t, "Done.", w.status)
	assert.Equal(t, handle, w.rsaHandle)
	assert.Equal(t, 2048, w.rsaBits)
	for _, m := range w.results {
		assert.True(t, m.measured(), "%s %s: %s", m.Algorithm, m.Operation, m.Skipped)
	}
	assert.Contains(t, app.HTMLString(w), `data-running="no"`)
}
