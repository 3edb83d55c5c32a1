package exchange

import (
	"crypto/ed25519"
	"encoding/hex"
	"time"

	"github.com/consensus-lab/playground/engine/signing"
)

// The documented demo credentials (CONTRACT.md section 3). They are public,
// so they are Shared: one learner's flood limits only that learner.
const (
	DemoKey        = "demo"
	DemoSecret     = "demo-secret"
	DemoReadKey    = "demo-read"
	DemoReadSecret = "demo-read-secret"
	DemoEd25519Key = "demo-ed25519"
	// DemoEd25519Seed is the private key seed of demo-ed25519, published
	// for learners: the secret key of RFC 8032 section 7.1, test 1, so its
	// public key (d75a9801...511a) can be checked against the RFC.
	DemoEd25519Seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
)

// DemoEd25519PrivateKey is the private key of demo-ed25519.
func DemoEd25519PrivateKey() ed25519.PrivateKey {
	seed, _ := hex.DecodeString(DemoEd25519Seed)
	return ed25519.NewKeyFromSeed(seed)
}

// DemoKeys returns the demo keys and their policies: demo (HMAC, read and
// trade), demo-read (HMAC, read only) and demo-ed25519 (Ed25519, read and
// trade; the server holds only its public key).
func DemoKeys() (*signing.KeyRing, map[string]KeyPolicy) {
	ring := signing.NewKeyRing()
	ring.Add(DemoKey, DemoSecret, time.Time{}, time.Time{})
	ring.Add(DemoReadKey, DemoReadSecret, time.Time{}, time.Time{})
	ring.AddEd25519(DemoEd25519Key, DemoEd25519PrivateKey().Public().(ed25519.PublicKey), time.Time{}, time.Time{})
	both := []string{ScopeRead, ScopeTrade}
	return ring, map[string]KeyPolicy{
		DemoKey:        {Scopes: both, Shared: true},
		DemoReadKey:    {Scopes: []string{ScopeRead}, Shared: true},
		DemoEd25519Key: {Scopes: both, Shared: true},
	}
}
