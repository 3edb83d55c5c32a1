//go:build !js

// Package redisstore keeps the sandbox's state in Redis, so that several
// `playground serve --redis` processes behind one load balancer act as one
// API. Every atomic step is one Redis command or one Lua script (Redis runs
// a script alone, start to end): spending a nonce is SET NX, claiming an
// Idempotency-Key, completing it, and writing an order together with its
// record are scripts. Nothing is read in Go and then written back.
//
// Expiry is Redis's: nonces live until their timestamp is stale, records
// 24 hours from their first request (a record still in flight only for a
// short lease, so that a server that dies mid-request does not lock its key
// for a day), orders and rate-limit buckets as long as they matter.
package redisstore

import (
	"context"
	crand "crypto/rand"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/consensus-lab/playground/engine/exchange"
	"github.com/consensus-lab/playground/engine/idempotency"
	"github.com/consensus-lab/playground/engine/signing"
)

// Defaults of Options.
const (
	DefaultPrefix = "playground:"
	// DefaultLease is how long a claimed Idempotency-Key stays locked
	// without an answer: longer than the longest delay= fault (30 s) and
	// an order's work, short enough that after a crash a retry soon runs.
	DefaultLease = 60 * time.Second
	// OrdersTTL is how long a ledger is kept after its last order.
	OrdersTTL = 24 * time.Hour
)

// Options configure a Store.
type Options struct {
	Prefix          string        // prefix of every key (DefaultPrefix)
	Lease           time.Duration // DefaultLease
	MaxOrdersPerKey int           // exchange.DefaultMaxOrdersPerKey
	// OwnerQuota is the most records one owner holds at once
	// (idempotency.DefaultOwnerQuota if 0; none if negative).
	OwnerQuota int
}

// Store is an exchange.Store in Redis.
type Store struct {
	c     *redis.Client
	p     string
	lease time.Duration
	max   int
	quota int
}

var _ exchange.Store = (*Store)(nil)

// Open connects to url (redis://HOST:PORT/DB) and checks that Redis
// answers.
func Open(ctx context.Context, url string, opts Options) (*Store, error) {
	o, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("redis: %w", err)
	}
	c := redis.NewClient(o)
	if err := c.Ping(ctx).Err(); err != nil {
		c.Close()
		return nil, fmt.Errorf("redis at %s: %w", o.Addr, err)
	}
	return New(c, opts), nil
}

// New returns a Store over c.
func New(c *redis.Client, opts Options) *Store {
	s := &Store{c: c, p: opts.Prefix, lease: opts.Lease, max: opts.MaxOrdersPerKey}
	if s.p == "" {
		s.p = DefaultPrefix
	}
	if s.lease <= 0 {
		s.lease = DefaultLease
	}
	if s.max <= 0 {
		s.max = exchange.DefaultMaxOrdersPerKey
	}
	switch q := opts.OwnerQuota; {
	case q == 0:
		s.quota = idempotency.DefaultOwnerQuota
	case q > 0:
		s.quota = q
	}
	return s
}

// Close closes the connection pool.
func (s *Store) Close() error { return s.c.Close() }

// Client is the Redis client in use.
func (s *Store) Client() *redis.Client { return s.c }

// part quotes a caller-chosen string into a key: its length first, so that
// no two (scope, key) pairs make the same Redis key.
func part(v string) string { return strconv.Itoa(len(v)) + ":" + v }

func (s *Store) nonceKey(apiKey, nonce string) string { return s.p + "n:" + part(apiKey) + ":" + nonce }
func (s *Store) recordKey(k idempotency.RecordKey) string {
	return s.p + "i:" + part(k.Scope) + ":" + k.Key
}
func (s *Store) ledgerKey(apiKey string) string { return s.p + "l:" + part(apiKey) }
func (s *Store) ordersKey(apiKey string) string { return s.p + "o:" + part(apiKey) }
func (s *Store) bucketKey(name string) string   { return s.p + "b:" + name }
func (s *Store) ownerKey(owner string) string   { return s.p + "w:" + part(owner) }
func (s *Store) personalKey(apiKey string) string {
	return s.p + "k:" + part(apiKey)
}

// Check implements signing.NonceStore.
func (s *Store) Check(ctx context.Context, apiKey, nonce string, _, _ int64) (signing.NonceVerdict, error) {
	n, err := s.c.Exists(ctx, s.nonceKey(apiKey, nonce)).Result()
	if err != nil {
		return signing.NonceFresh, err
	}
	if n > 0 {
		return signing.NonceReplayed, nil
	}
	return signing.NonceFresh, nil
}

// Spend implements signing.NonceStore: SET NX, expiring after until.
func (s *Store) Spend(ctx context.Context, apiKey, nonce string, _, until, _ int64) (signing.NonceVerdict, error) {
	ok, err := s.c.SetArgs(ctx, s.nonceKey(apiKey, nonce), "1", redis.SetArgs{Mode: "NX", ExpireAt: time.Unix(until+1, 0)}).Result()
	switch {
	case errors.Is(err, redis.Nil):
		return signing.NonceReplayed, nil
	case err != nil:
		return signing.NonceFresh, err
	case ok != "OK":
		return signing.NonceReplayed, nil
	}
	return signing.NonceFresh, nil
}

// A record is a hash: fp (fingerprint), t (ticket), done ("0"/"1"), exp
// (its expiry, Unix ms, 24 h after the first request), w (its owner's set)
// and resp (JSON). An owner's set (KEYS[2]) holds its records scored by
// expiry, for the quota: so that one client cannot fill Redis for all.
var beginScript = redis.NewScript(`
local r = redis.call('HMGET', KEYS[1], 'fp', 'done', 'resp')
if r[1] then
  if r[1] ~= ARGV[1] then return {'mismatch'} end
  if r[2] == '1' then return {'finished', r[3]} end
  return {'inflight'}
end
local quota = tonumber(ARGV[5])
if quota > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[6])
  if redis.call('ZCARD', KEYS[2]) >= quota then return {'overquota'} end
  redis.call('ZADD', KEYS[2], ARGV[4], KEYS[1])
  redis.call('PEXPIREAT', KEYS[2], ARGV[4])
end
redis.call('HSET', KEYS[1], 'fp', ARGV[1], 't', ARGV[2], 'done', '0', 'exp', ARGV[4], 'w', KEYS[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return {'started'}
`)

var completeScript = redis.NewScript(`
local r = redis.call('HMGET', KEYS[1], 't', 'done', 'exp')
if r[1] ~= ARGV[1] or r[2] ~= '0' then return 0 end
redis.call('HSET', KEYS[1], 'done', '1', 'resp', ARGV[2])
redis.call('PEXPIREAT', KEYS[1], r[3])
return 1
`)

// releaseScript also takes the record out of its owner's set, whose name
// the record holds (one Redis server, not a cluster).
var releaseScript = redis.NewScript(`
local r = redis.call('HMGET', KEYS[1], 't', 'done', 'w')
if r[1] ~= ARGV[1] or r[2] ~= '0' then return 0 end
redis.call('DEL', KEYS[1])
if r[3] then redis.call('ZREM', r[3], KEYS[1]) end
return 1
`)

// commitScript completes the record and appends the order to the ledger
// (a list of ids and a hash of id -> order), trimming the oldest orders.
var commitScript = redis.NewScript(`
local r = redis.call('HMGET', KEYS[1], 't', 'done', 'exp')
if r[1] ~= ARGV[1] or r[2] ~= '0' then return 0 end
redis.call('HSET', KEYS[1], 'done', '1', 'resp', ARGV[2])
redis.call('PEXPIREAT', KEYS[1], r[3])
redis.call('HSET', KEYS[3], ARGV[3], ARGV[4])
redis.call('RPUSH', KEYS[2], ARGV[3])
while redis.call('LLEN', KEYS[2]) > tonumber(ARGV[5]) do
  redis.call('HDEL', KEYS[3], redis.call('LPOP', KEYS[2]))
end
redis.call('PEXPIRE', KEYS[2], ARGV[6])
redis.call('PEXPIRE', KEYS[3], ARGV[6])
return 1
`)

var ordersScript = redis.NewScript(`
local ids = redis.call('LRANGE', KEYS[1], 0, -1)
if #ids == 0 then return {} end
return redis.call('HMGET', KEYS[2], unpack(ids))
`)

// takeScript is exchange.TakeToken in Lua; it returns whether a token was
// taken and the tokens left (as text: Lua numbers would be truncated).
var takeScript = redis.NewScript(`
local rate, burst, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local b = redis.call('HMGET', KEYS[1], 'tokens', 'last')
local tokens, last = tonumber(b[1]), tonumber(b[2])
if tokens == nil then tokens, last = burst, now end
if now > last then
  tokens = math.min(burst, tokens + (now - last) / 1000 * rate)
  last = now
end
local ok = 0
if tokens >= 1 then tokens = tokens - 1; ok = 1 end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'last', last)
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return {ok, string.format('%.17g', tokens)}
`)

type storedResponse struct {
	Status int         `json:"status"`
	Header http.Header `json:"header"`
	Body   []byte      `json:"body"`
}

func newTicket() idempotency.Ticket {
	var b [8]byte
	_, _ = crand.Read(b[:])
	return idempotency.Ticket(binary.BigEndian.Uint64(b[:]) | 1) // never 0
}

// Begin implements idempotency.Store, with the owner quota. Redis has no
// bound of its own in entries or bytes: its memory is the operator's to
// size (maxmemory); records expire by themselves.
func (s *Store) Begin(ctx context.Context, k idempotency.RecordKey, owner string, fp idempotency.Fingerprint, now time.Time, ttl time.Duration) (idempotency.Outcome, idempotency.Ticket, idempotency.Response, error) {
	if owner == "" {
		owner = k.Scope
	}
	t := newTicket()
	lease := min(s.lease, ttl)
	res, err := beginScript.Run(ctx, s.c, []string{s.recordKey(k), s.ownerKey(owner)},
		fp.String(), strconv.FormatUint(uint64(t), 10), lease.Milliseconds(), now.Add(ttl).UnixMilli(),
		s.quota, now.UnixMilli()).StringSlice()
	if err != nil {
		return 0, 0, idempotency.Response{}, err
	}
	switch res[0] {
	case "started":
		return idempotency.Started, t, idempotency.Response{}, nil
	case "mismatch":
		return idempotency.Mismatch, 0, idempotency.Response{}, nil
	case "inflight":
		return idempotency.InFlight, 0, idempotency.Response{}, nil
	case "overquota":
		return idempotency.OverQuota, 0, idempotency.Response{}, nil
	}
	var sr storedResponse
	if len(res) < 2 || json.Unmarshal([]byte(res[1]), &sr) != nil {
		return 0, 0, idempotency.Response{}, fmt.Errorf("redis: unreadable idempotency record %q", s.recordKey(k))
	}
	return idempotency.Finished, 0, idempotency.Response(sr), nil
}

// Complete implements idempotency.Store.
func (s *Store) Complete(ctx context.Context, k idempotency.RecordKey, t idempotency.Ticket, resp idempotency.Response) error {
	b, err := json.Marshal(storedResponse(resp))
	if err != nil {
		return err
	}
	return completeScript.Run(ctx, s.c, []string{s.recordKey(k)}, strconv.FormatUint(uint64(t), 10), b).Err()
}

// Release implements idempotency.Store.
func (s *Store) Release(ctx context.Context, k idempotency.RecordKey, t idempotency.Ticket) error {
	return releaseScript.Run(ctx, s.c, []string{s.recordKey(k)}, strconv.FormatUint(uint64(t), 10)).Err()
}

// NewOrderID implements exchange.Store: INCR, shared by every server.
func (s *Store) NewOrderID(ctx context.Context) (string, error) {
	n, err := s.c.Incr(ctx, s.p+"seq").Result()
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("ord_%08d", n), nil
}

// CommitOrder implements exchange.Store in one script.
func (s *Store) CommitOrder(ctx context.Context, claim idempotency.Claim, apiKey string, o exchange.Order, resp idempotency.Response) (bool, error) {
	rb, err := json.Marshal(storedResponse(resp))
	if err != nil {
		return false, err
	}
	ob, err := json.Marshal(o)
	if err != nil {
		return false, err
	}
	n, err := commitScript.Run(ctx, s.c, []string{s.recordKey(claim.Key), s.ledgerKey(apiKey), s.ordersKey(apiKey)},
		strconv.FormatUint(uint64(claim.Ticket), 10), rb, o.ID, ob, s.max, OrdersTTL.Milliseconds()).Int()
	return n == 1, err
}

// Orders implements exchange.Store.
func (s *Store) Orders(ctx context.Context, apiKey string) ([]exchange.Order, error) {
	vals, err := ordersScript.Run(ctx, s.c, []string{s.ledgerKey(apiKey), s.ordersKey(apiKey)}).Slice()
	if err != nil {
		return nil, err
	}
	out := make([]exchange.Order, 0, len(vals))
	for _, v := range vals {
		str, ok := v.(string)
		if !ok {
			continue
		}
		var o exchange.Order
		if err := json.Unmarshal([]byte(str), &o); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

// Order implements exchange.Store.
func (s *Store) Order(ctx context.Context, apiKey, id string) (exchange.Order, bool, error) {
	str, err := s.c.HGet(ctx, s.ordersKey(apiKey), id).Result()
	if errors.Is(err, redis.Nil) {
		return exchange.Order{}, false, nil
	}
	if err != nil {
		return exchange.Order{}, false, err
	}
	var o exchange.Order
	err = json.Unmarshal([]byte(str), &o)
	return o, err == nil, err
}

// Take implements exchange.Store in one script.
func (s *Store) Take(ctx context.Context, bucket string, now time.Time, rate float64, burst int) (exchange.Quota, error) {
	res, err := takeScript.Run(ctx, s.c, []string{s.bucketKey(bucket)}, rate, burst, now.UnixMilli()).Slice()
	if err != nil {
		return exchange.Quota{}, err
	}
	if len(res) != 2 {
		return exchange.Quota{}, fmt.Errorf("redis: rate-limit script answered %v", res)
	}
	ok, _ := res[0].(int64)
	text, _ := res[1].(string)
	tokens, err := strconv.ParseFloat(text, 64)
	if err != nil {
		return exchange.Quota{}, fmt.Errorf("redis: rate-limit script answered %q", text)
	}
	return exchange.QuotaAfter(tokens, ok == 1, rate, burst), nil
}

// PutKey implements exchange.Store: SET NX until the key expires.
func (s *Store) PutKey(ctx context.Context, k exchange.PersonalKey) (bool, error) {
	b, err := json.Marshal(k)
	if err != nil {
		return false, err
	}
	err = s.c.SetArgs(ctx, s.personalKey(k.APIKey), b, redis.SetArgs{Mode: "NX", ExpireAt: k.ExpiresAt}).Err()
	if errors.Is(err, redis.Nil) {
		return false, fmt.Errorf("redis: personal key %q already exists", k.APIKey)
	}
	return err == nil, err
}

// Key implements exchange.Store.
func (s *Store) Key(ctx context.Context, apiKey string, now time.Time) (exchange.PersonalKey, bool, error) {
	str, err := s.c.Get(ctx, s.personalKey(apiKey)).Result()
	if errors.Is(err, redis.Nil) {
		return exchange.PersonalKey{}, false, nil
	}
	if err != nil {
		return exchange.PersonalKey{}, false, err
	}
	var k exchange.PersonalKey
	if err := json.Unmarshal([]byte(str), &k); err != nil {
		return exchange.PersonalKey{}, false, err
	}
	return k, now.Before(k.ExpiresAt), nil
}
