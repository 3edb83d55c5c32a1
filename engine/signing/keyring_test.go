package signing

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func secretsAt(r *KeyRing, key string, t time.Time) []string {
	c, _ := r.lookup(key, t)
	out := []string{}
	for _, s := range c {
		out = append(out, string(s.Secret))
	}
	return out
}

func TestKeyRingValidity(t *testing.T) {
	at := func(s int64) time.Time { return time.Unix(t0+s, 0) }
	r := NewKeyRing()
	r.Add("k", "old", time.Time{}, time.Time{})
	r.Add("k", "new", at(100), time.Time{}) // rotation: the new secret starts later
	r.Add("other", "x", at(0), at(10))

	assert.Equal(t, []string{"old"}, secretsAt(r, "k", at(99)))
	assert.Equal(t, []string{"old", "new"}, secretsAt(r, "k", at(100)), "overlap")
	r.Retire("k", "old", at(200))
	assert.Equal(t, []string{"old", "new"}, secretsAt(r, "k", at(199)))
	assert.Equal(t, []string{"new"}, secretsAt(r, "k", at(200)), "retired at the instant given")
	r.Retire("k", "old", at(500))
	assert.Equal(t, []string{"new"}, secretsAt(r, "k", at(300)), "retiring later never revives")

	assert.Equal(t, []string{}, secretsAt(r, "other", at(-1)), "not yet valid")
	assert.Equal(t, []string{"x"}, secretsAt(r, "other", at(9)))
	assert.Equal(t, []string{}, secretsAt(r, "other", at(10)), "validUntil is exclusive")
	r.Add("other", "x", time.Time{}, time.Time{}) // re-adding replaces the interval
	assert.Equal(t, []string{"x"}, secretsAt(r, "other", at(1000)))
	_, total := r.lookup("other", at(0))
	assert.Equal(t, 1, total)

	r.Retire("nobody", "x", at(0)) // no effect, no panic
	_, total = r.lookup("nobody", at(0))
	assert.Zero(t, total)
}

func TestKeyRingConcurrent(t *testing.T) {
	r := NewKeyRing()
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				key := fmt.Sprintf("k%d", i%5)
				r.Add(key, fmt.Sprintf("s%d-%d", g, i), time.Time{}, time.Time{})
				r.lookup(key, time.Unix(t0, 0))
				r.Retire(key, fmt.Sprintf("s%d-%d", g, i-1), time.Unix(t0, 0))
			}
		}(g)
	}
	wg.Wait()
	total := 0
	for i := 0; i < 5; i++ {
		_, n := r.lookup(fmt.Sprintf("k%d", i), time.Unix(t0, 0))
		total += n
	}
	assert.Equal(t, 8*50, total)
}
