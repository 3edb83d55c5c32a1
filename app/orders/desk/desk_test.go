package desk

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/engine/exchange/flaky"
	"github.com/consensus-lab/playground/engine/exchange/retry"
)

// The lesson's lossy network: seed 12, 15% of requests and 40% of
// responses lost, 20% delayed, six attempts.
func lossy(sameKey bool) Setup {
	return Setup{Seed: 12, SameKey: sameKey, Attempts: 6, Odds: flaky.Odds{LoseRequest: .15, LoseResponse: .40, Delay: .20}}
}

// With the same key on every retry, each press is exactly one order in the
// exchange's ledger, although the network lost responses and the client
// retried.
func TestSameKeyOneOrderPerPress(t *testing.T) {
	r := New(lossy(true))
	for range 8 {
		r.Place()
	}
	ledger := r.Ledger()
	require.Len(t, ledger, 8, "the exchange's own ledger")
	retried, replayed := 0, 0
	for _, c := range r.Clicks() {
		if len(c.Attempts) > 1 {
			retried++
		}
		keys := map[string]bool{}
		for _, a := range c.Attempts {
			keys[a.Key] = true
			if a.Replayed {
				replayed++
			}
		}
		assert.Len(t, keys, 1, "one key for all attempts of press %d", c.N)
		assert.Equal(t, 1, r.PerClick()[c.N], "press %d", c.N)
	}
	assert.Positive(t, retried, "the network made the client retry")
	assert.Positive(t, replayed, "some retry was answered from the key's record")
	for _, o := range ledger {
		assert.Positive(t, r.ClickOf(o), "every order comes from a press")
	}
}

// With a new key per attempt, every lost response after the exchange
// placed the order, followed by another attempt, adds one order.
func TestKeyPerAttemptDuplicates(t *testing.T) {
	r := New(lossy(false))
	extra := 0
	for range 5 {
		c := r.Place()
		placed := 0
		for _, a := range c.Attempts {
			if a.HasEvent && a.Event.Status == http.StatusCreated {
				placed++
			}
		}
		if len(c.Attempts) > 1 {
			assert.NotEqual(t, c.Attempts[0].Key, c.Attempts[len(c.Attempts)-1].Key)
		}
		extra += max(placed-1, 0)
		assert.Equal(t, placed, r.PerClick()[c.N], "press %d: one order per 201 the exchange sent", c.N)
	}
	require.Positive(t, extra)
	assert.Len(t, r.Ledger(), 5+extra)
}

// Each attempt's fate is the flaky transport's, and NewOrder marks the one
// attempt during which the ledger grew.
func TestAttemptsMatchTheTransport(t *testing.T) {
	r := New(Setup{Seed: 1, SameKey: true, Attempts: 5, Odds: flaky.Odds{LoseResponse: 1}})
	c := r.Place()
	// Every response lost: the client gives up after 5 attempts, yet the
	// first attempt placed the order and the others were replays.
	assert.False(t, c.Succeeded())
	require.ErrorIs(t, c.Err, retry.ErrBudgetExhausted)
	require.Len(t, c.Attempts, 5)
	for i, a := range c.Attempts {
		require.True(t, a.HasEvent)
		assert.Equal(t, flaky.FateResponseLost, a.Event.Fate)
		assert.Equal(t, i == 0, a.NewOrder, "attempt %d", i+1)
		assert.Equal(t, http.StatusCreated, a.Event.Status)
	}
	assert.Len(t, r.Ledger(), 1)
}

func TestSameSeedSameStory(t *testing.T) {
	story := func() []string {
		r := New(Setup{Seed: 5, SameKey: true, Attempts: 6, Odds: flaky.Odds{LoseRequest: .2, LoseResponse: .3, Delay: .3}})
		var s []string
		for range 4 {
			c := r.Place()
			for _, a := range c.Attempts {
				s = append(s, a.Key+a.Event.Fate+strconv.Itoa(a.Status)+a.Wait.String())
			}
		}
		return s
	}
	assert.Equal(t, story(), story())
}

// Each press orders its own quantity, in the exchange's canonical form.
func TestQuantities(t *testing.T) {
	assert.Equal(t, "0.001", quantity(1))
	assert.Equal(t, "0.01", quantity(10))
	assert.NotEqual(t, quantity(2), quantity(3))
}

// The crash faults on a perfect network: the first attempt of every press
// dies unanswered, the client retries, and with the same key every press
// ends with exactly one order; with a new key per attempt a crash after
// the commit leaves a second one.
func TestCrashFaultsRetryToOneOrder(t *testing.T) {
	for _, tc := range []struct {
		fault   string
		sameKey bool
		orders  int
		first   bool // the crashed attempt placed the order
	}{
		{"crash-before-commit", true, 3, false},
		{"crash-after-commit", true, 3, true},
		{"crash-before-commit", false, 3, false},
		{"crash-after-commit", false, 6, true},
	} {
		t.Run(tc.fault+" samekey="+strconv.FormatBool(tc.sameKey), func(t *testing.T) {
			r := New(Setup{Seed: 3, SameKey: tc.sameKey, Attempts: 4, Fault: tc.fault})
			for range 3 {
				c := r.Place()
				require.True(t, c.Succeeded(), "press %d: %v", c.N, c.Err)
				require.Len(t, c.Attempts, 2, "one crash, one retry")
				crashed, retried := c.Attempts[0], c.Attempts[1]
				assert.Equal(t, tc.fault, crashed.Fault)
				assert.Empty(t, retried.Fault, "only the first attempt carries the fault")
				assert.Equal(t, flaky.FateConnectionLost, crashed.Event.Fate)
				assert.Equal(t, retry.OutcomeTransport, crashed.Outcome)
				assert.Equal(t, tc.first, crashed.NewOrder)
				assert.Equal(t, http.StatusCreated, retried.Status)
				assert.Equal(t, tc.sameKey && tc.first, retried.Replayed, "a replay only of a committed order with its own key")
				if tc.sameKey {
					assert.Equal(t, 1, r.PerClick()[c.N], "press %d: exactly one order", c.N)
				}
			}
			assert.Len(t, r.Ledger(), tc.orders)
		})
	}
}
