package ciphers

import (
	"context"
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stepClock is a fake clock that moves forward by step at every reading.
func stepClock(step time.Duration) (clock func() time.Duration, reads *int) {
	var now time.Duration
	reads = new(int)
	return func() time.Duration {
		*reads++
		now += step
		return now
	}, reads
}

// TestRaceStructure runs the real race with a tiny budget and checks the
// shape and the arithmetic of every number, not the speed.
func TestRaceStructure(t *testing.T) {
	k, _ := testRSAKeys(t)
	sizes := []int{16, 256}
	var progress []Measurement
	budget := time.Millisecond
	r, err := Race(context.Background(), RaceConfig{
		Sizes: sizes, Budget: budget, RSA: k,
		Progress: func(m Measurement) { progress = append(progress, m) },
	})
	require.NoError(t, err)
	assert.Equal(t, sizes, r.Sizes)
	assert.Equal(t, budget, r.Budget)
	assert.Equal(t, 2048, r.RSABits)
	assert.Equal(t, r.Measurements, progress, "Progress sees every measurement, in order")

	ops := map[Algorithm][]string{
		AlgAESGCM: {"seal", "open"}, AlgChaCha20Poly1305: {"seal", "open"}, AlgEd25519: {"sign", "verify"},
		AlgRSAPSS: {"sign", "verify"}, AlgRSAOAEP: {"encrypt", "decrypt"}, AlgX25519: {"agree"}, AlgHPKE: {"seal", "open"},
	}
	want := 0
	for _, alg := range Algorithms() {
		for _, op := range ops[alg] {
			for _, size := range sizes {
				want++
				m, ok := r.Find(alg, op, size)
				require.True(t, ok, "%s %s %d", alg, op, size)
				assert.NotEmpty(t, m.Kind)
				assert.NotEmpty(t, m.Detail)
				if alg == AlgRSAOAEP && size > MaxOAEPMessage(2048) {
					assert.False(t, m.Measured())
					assert.Contains(t, m.Skipped, "at most 190 bytes")
					assert.Zero(t, m.Ops)
					assert.Zero(t, m.OpsPerSec)
					continue
				}
				require.True(t, m.Measured(), "%s %s %d: %s", alg, op, size, m.Skipped)
				assert.Positive(t, m.Ops)
				assert.GreaterOrEqual(t, m.Elapsed, budget)
				assert.Positive(t, m.OpsPerSec)
				assert.False(t, math.IsInf(m.OpsPerSec, 0) || math.IsNaN(m.OpsPerSec))
				assert.InEpsilon(t, float64(m.Ops)/m.Elapsed.Seconds(), m.OpsPerSec, 1e-9)
				assert.InEpsilon(t, 1e9, m.OpsPerSec*m.NsPerOp, 1e-9)
				if alg == AlgX25519 {
					assert.False(t, m.ReadsMessage)
					assert.Zero(t, m.BytesPerSec)
				} else {
					assert.True(t, m.ReadsMessage)
					assert.InEpsilon(t, float64(size)*m.OpsPerSec, m.BytesPerSec, 1e-9)
				}
			}
		}
	}
	assert.Len(t, r.Measurements, want)
	assert.NotEmpty(t, r.Notes)
}

// TestRaceLegendCoversFields makes the legend say what every number means:
// each JSON field of Measurement that carries a number or a reason is
// explained.
func TestRaceLegendCoversFields(t *testing.T) {
	explained := map[string]bool{}
	for _, l := range raceLegend {
		explained[l.Field] = true
		assert.NotEmpty(t, l.Meaning)
	}
	typ := reflect.TypeFor[Measurement]()
	for i := range typ.NumField() {
		name := strings.Split(typ.Field(i).Tag.Get("json"), ",")[0]
		switch name {
		case "algorithm", "operation", "kind", "detail", "readsMessage":
			continue // labels, not numbers
		case "elapsedNs":
			name = "elapsed"
		}
		assert.True(t, explained[name], "legend misses %q", name)
	}
}

// TestRaceFakeClock pins the arithmetic with a clock that advances 1 ms per
// reading: every batch then lasts exactly 1 ms, so the default warm-up (half
// of a 10 ms budget) takes five batches, the budget ten, and Elapsed is
// exactly the budget.
func TestRaceFakeClock(t *testing.T) {
	clock, reads := stepClock(time.Millisecond)
	r, err := Race(context.Background(), RaceConfig{
		Sizes: []int{64}, Budget: 10 * time.Millisecond, Clock: clock, Only: []Algorithm{AlgAESGCM},
	})
	require.NoError(t, err)
	require.Len(t, r.Measurements, 2)
	assert.Zero(t, r.RSABits, "no RSA key is made when no RSA row is raced")
	assert.Equal(t, 5*time.Millisecond, r.WarmUp)
	for _, m := range r.Measurements {
		assert.Equal(t, 10*time.Millisecond, m.Elapsed)
		assert.Equal(t, float64(m.Ops)*100, m.OpsPerSec)
		assert.Equal(t, m.OpsPerSec*64, m.BytesPerSec)
		assert.Greater(t, m.Ops, int64(10), "batches grow once the rate is known")
	}
	// Per measurement: five warm-up and ten timed batches, two readings each.
	assert.Equal(t, 2*2*15, *reads)

	// A negative warm-up means a single untimed operation.
	clock, reads = stepClock(time.Millisecond)
	r, err = Race(context.Background(), RaceConfig{
		Sizes: []int{64}, Budget: 10 * time.Millisecond, WarmUp: -1, Clock: clock, Only: []Algorithm{AlgX25519},
	})
	require.NoError(t, err)
	assert.Zero(t, r.WarmUp)
	assert.Equal(t, 2*11, *reads)

	js, err := json.Marshal(r)
	require.NoError(t, err)
	assert.Contains(t, string(js), `"elapsedNs":10000000`)
	assert.Contains(t, string(js), `"budgetNs":10000000`)
}

func TestMeasureBatches(t *testing.T) {
	var batches []int
	ran := 0
	tk := task{
		maxBatch: 7,
		prepare:  func(n int) error { batches = append(batches, n); return nil },
		run:      func(n int) error { ran += n; return nil },
	}
	clock, _ := stepClock(time.Microsecond)
	ops, elapsed, err := measure(context.Background(), clock, 3*time.Microsecond, 50*time.Microsecond, tk)
	require.NoError(t, err)
	assert.Equal(t, 50*time.Microsecond, elapsed)
	require.Greater(t, len(batches), 3)
	warmOps := batches[0] + batches[1] + batches[2]
	assert.Equal(t, int64(ran-warmOps), ops, "the three warm-up batches run but are not counted")
	assert.Equal(t, 1, batches[0], "warm-up starts with one operation")
	for _, n := range batches {
		assert.LessOrEqual(t, n, 7, "prepare never asked for more than maxBatch")
		assert.Positive(t, n)
	}
}

func TestMeasureFrozenClock(t *testing.T) {
	frozen := func() time.Duration { return 42 }
	tk := times(func() error { return nil })
	_, _, err := measure(context.Background(), frozen, time.Millisecond, time.Millisecond, tk)
	require.ErrorIs(t, err, errClockStuck)

	// A clock that runs backwards between readings counts as zero, not less.
	backwards, _ := stepClock(-time.Millisecond)
	_, elapsed, err := measure(context.Background(), backwards, 0, time.Millisecond, tk)
	require.ErrorIs(t, err, errClockStuck)
	assert.Zero(t, elapsed)
}

func TestMeasureStopsOnError(t *testing.T) {
	boom := assert.AnError
	calls := 0
	tk := times(func() error {
		calls++
		if calls == 3 {
			return boom
		}
		return nil
	})
	clock, _ := stepClock(time.Microsecond)
	_, _, err := measure(context.Background(), clock, 0, time.Second, tk)
	require.ErrorIs(t, err, boom)

	failPrepare := task{prepare: func(int) error { return boom }, run: func(int) error { return nil }}
	_, _, err = measure(context.Background(), clock, 0, time.Second, failPrepare)
	require.ErrorIs(t, err, boom)
}

func TestRaceCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Race(ctx, RaceConfig{Only: []Algorithm{AlgX25519}, Budget: time.Second})
	require.ErrorIs(t, err, context.Canceled)

	// Cancelling from the first progress report stops the race there.
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	seen := 0
	r, err := Race(ctx, RaceConfig{
		Only: []Algorithm{AlgAESGCM, AlgX25519}, Budget: time.Millisecond, Sizes: []int{8, 9},
		Progress: func(Measurement) { seen++; cancel() },
	})
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 1, seen)
	assert.Len(t, r.Measurements, 1, "the report keeps what was done")
}

func TestRaceConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		cfg  RaceConfig
		msg  string
	}{
		{"negative budget", RaceConfig{Budget: -time.Second}, "budget"},
		{"huge budget", RaceConfig{Budget: time.Hour}, "budget"},
		{"negative size", RaceConfig{Sizes: []int{-1}}, "race size -1"},
		{"huge size", RaceConfig{Sizes: []int{MaxRaceSize + 1}}, "race size"},
		{"no sizes", RaceConfig{Sizes: []int{}}, "want 1 to 16 sizes"},
		{"too many sizes", RaceConfig{Sizes: make([]int, MaxRaceSizes+1)}, "sizes"},
		{"unknown algorithm", RaceConfig{Only: []Algorithm{"ROT13"}}, "ROT13"},
		{"huge warm-up", RaceConfig{WarmUp: time.Hour}, "warm-up"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Race(context.Background(), tc.cfg)
			require.ErrorIs(t, err, ErrMalformed)
			assert.Contains(t, err.Error(), tc.msg)
		})
	}
}

func TestRaceDefaults(t *testing.T) {
	sizes, budget, algs, err := RaceConfig{}.check()
	require.NoError(t, err)
	assert.Equal(t, DefaultRaceSizes(), sizes)
	assert.Equal(t, DefaultRaceBudget, budget)
	assert.Equal(t, Algorithms(), algs)
	for _, s := range sizes {
		assert.LessOrEqual(t, s, MaxRaceSize)
	}
	assert.Contains(t, DefaultRaceSizes(), 32, "a key-sized message, where RSA-OAEP can take part")
}
