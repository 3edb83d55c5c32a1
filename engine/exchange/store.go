package exchange

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"math"
	"time"

	"github.com/consensus-lab/playground/engine/idempotency"
	"github.com/consensus-lab/playground/engine/signing"
)

// Store keeps the sandbox's state: spent nonces, idempotency records,
// orders, personal keys and rate-limit buckets. Every method is one atomic
// step (in Redis one command or one Lua script), never a read then a write
// from Go, so several servers sharing one store act as one API. The
// in-memory default is NewMemoryStore; package exchange/redisstore keeps it
// in Redis; package exchange/storetest is the suite both pass.
type Store interface {
	signing.NonceStore
	idempotency.Store
	// NewOrderID returns an order id never returned before.
	NewOrderID(ctx context.Context) (string, error)
	// CommitOrder appends o to apiKey's ledger and completes the record
	// claim holds with resp, as one step, when claim still holds that
	// record; it reports whether it did (false: nothing was written).
	CommitOrder(ctx context.Context, claim idempotency.Claim, apiKey string, o Order, resp idempotency.Response) (bool, error)
	// Orders returns apiKey's orders, oldest first (never nil).
	Orders(ctx context.Context, apiKey string) ([]Order, error)
	// Order returns apiKey's order id.
	Order(ctx context.Context, apiKey, id string) (Order, bool, error)
	// Take spends one token of the named bucket (rate tokens a second, at
	// most burst), and says what is left.
	Take(ctx context.Context, bucket string, now time.Time, rate float64, burst int) (Quota, error)
	// PutKey keeps a personal key until it expires; false when the store
	// holds as many live personal keys as it may.
	PutKey(ctx context.Context, k PersonalKey) (bool, error)
	// Key returns a personal key that has not expired at now.
	Key(ctx context.Context, apiKey string, now time.Time) (PersonalKey, bool, error)
}

// PersonalKey is an API key issued by POST /api/v1/keys.
type PersonalKey struct {
	APIKey    string    `json:"apiKey"`
	Secret    string    `json:"secret"`
	Scopes    []string  `json:"scopes"`
	ExpiresAt time.Time `json:"expiresAt"`
}

// Quota is a bucket after one Take.
type Quota struct {
	OK         bool // a token was taken
	Remaining  int  // whole tokens left
	Reset      int  // seconds until the bucket is full again
	RetryAfter int  // when !OK: seconds until a token is there (at least 1)
}

// TakeToken is the token bucket both stores run (Redis in Lua, with the
// same arithmetic): refill by rate since last, capped at burst, then take
// one token if there is one. It returns the tokens left.
func TakeToken(tokens float64, last, now time.Time, rate float64, burst int) (float64, Quota) {
	if dt := now.Sub(last).Seconds(); dt > 0 {
		tokens = math.Min(float64(burst), tokens+dt*rate)
	}
	ok := tokens >= 1
	if ok {
		tokens--
	}
	return tokens, QuotaAfter(tokens, ok, rate, burst)
}

// QuotaAfter describes a bucket left with tokens after a Take that did
// (ok) or did not get one.
func QuotaAfter(tokens float64, ok bool, rate float64, burst int) Quota {
	q := Quota{OK: ok, Remaining: int(math.Floor(tokens)), Reset: int(math.Ceil((float64(burst) - tokens) / rate))}
	if !ok {
		q.RetryAfter = max(1, int(math.Ceil((1-tokens)/rate)))
	}
	return q
}

// randomText is n random bytes from crypto/rand as unpadded base64url.
func randomText(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
