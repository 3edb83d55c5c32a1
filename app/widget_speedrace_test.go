//go:build !wasm

package app

import (
	"context"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/engine/ciphers"
)

func TestSpeedRaceChartsTheEnginesMeasurements(t *testing.T) {
	rsa, err := ciphers.NewRSAKey(1024)
	require.NoError(t, err)
	var all []ciphers.Measurement
	for _, alg := range []ciphers.Algorithm{ciphers.AlgAESGCM, ciphers.AlgEd25519, ciphers.AlgRSAOAEP} {
		ms, err := raceOne(context.Background(), alg, 32, 2*time.Millisecond, rsa)
		require.NoError(t, err)
		require.NotEmpty(t, ms)
		all = append(all, ms...)
	}
	w := &speedRace{ID: "sr", Params: map[string]string{"size": "32", "budget": "10"}}
	d := app.NewServerTester(w)
	defer d.Close()
	assert.NotContains(t, app.HTMLString(w), "<table", "nothing measured before the learner runs it")

	w.results = all
	w.Update()
	d.Consume()
	html := app.HTMLString(w)
	for _, m := range all {
		require.True(t, m.Measured(), "%s %s: %s", m.Algorithm, m.Operation, m.Skipped)
		assert.Contains(t, html, `data-ops="`+strconv.FormatFloat(m.OpsPerSec, 'f', 0, 64)+`"`)
		// the bar's height is log10(ops/s)
		assert.Contains(t, html, "<title>"+raceShort(m)+": "+fmtTick(math.Log10(m.OpsPerSec))+"</title>")
	}
	assert.Equal(t, len(all), strings.Count(html, "<tr data-"), "one table row per measurement")
	aes, _ := findMeasurement(all, ciphers.AlgAESGCM, "seal")
	oaep, _ := findMeasurement(all, ciphers.AlgRSAOAEP, "decrypt")
	assert.Greater(t, aes.OpsPerSec, oaep.OpsPerSec, "symmetric sealing outruns RSA decryption")
}

func findMeasurement(ms []ciphers.Measurement, alg ciphers.Algorithm, op string) (ciphers.Measurement, bool) {
	for _, m := range ms {
		if m.Algorithm == alg && m.Operation == op {
			return m, true
		}
	}
	return ciphers.Measurement{}, false
}

func TestSpeedRaceFinishStates(t *testing.T) {
	w := &speedRace{ID: "sr"}
	w.reset()
	w.running = true
	w.finish(context.Canceled)
	assert.False(t, w.running)
	assert.Equal(t, "Stopped.", w.status)
	w.finish(nil)
	assert.Equal(t, "Done.", w.status)
	assert.Equal(t, "16 KiB", fmtBytes(16384))
	assert.Equal(t, "1.50 ms", fmtNs(1.5e6))
}
