package ciphers

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/ed25519"
	"crypto/hpke"
	"encoding/binary"
	"fmt"
	"slices"
	"time"
)

// Algorithm names one contestant of the speed race.
type Algorithm string

// The contestants.
const (
	AlgAESGCM           Algorithm = "AES-256-GCM"
	AlgChaCha20Poly1305 Algorithm = "ChaCha20-Poly1305"
	AlgEd25519          Algorithm = "Ed25519"
	AlgRSAPSS           Algorithm = "RSA-PSS"
	AlgRSAOAEP          Algorithm = "RSA-OAEP"
	AlgX25519           Algorithm = "X25519"
	AlgHPKE             Algorithm = "HPKE"
)

// Algorithms lists every contestant in the order the race runs them.
func Algorithms() []Algorithm {
	return []Algorithm{AlgAESGCM, AlgChaCha20Poly1305, AlgEd25519, AlgRSAPSS, AlgRSAOAEP, AlgX25519, AlgHPKE}
}

// Kinds of algorithm, for grouping in the chart.
const (
	KindSymmetric  = "symmetric"
	KindAsymmetric = "asymmetric"
	KindHybrid     = "hybrid"
)

// Race limits and defaults.
const (
	DefaultRaceBudget = 100 * time.Millisecond
	MaxRaceBudget     = 10 * time.Second
	MaxRaceSize       = 1 << 20
	MaxRaceSizes      = 16
)

// DefaultRaceSizes are the message sizes raced when none are given: an AES
// key's worth (32 B, the payload of a hybrid scheme's asymmetric half), a
// short message (1 KiB) and a small file (16 KiB).
func DefaultRaceSizes() []int { return []int{32, 1024, 16384} }

// RaceConfig sets up Race. The zero value races every algorithm at
// DefaultRaceSizes for DefaultRaceBudget each, with a fresh RSA-2048 key.
type RaceConfig struct {
	// Sizes are the message sizes in bytes; every algorithm gets the same
	// ones. Each must be 0 to MaxRaceSize; at most MaxRaceSizes of them.
	Sizes []int
	// Budget is the clock time spent timing each (algorithm, operation,
	// size), whatever the device's speed, so a slow browser answers as
	// promptly as a fast server; 0 means DefaultRaceBudget.
	Budget time.Duration
	// WarmUp is the clock time each cell runs untimed before its timing
	// starts; 0 means half the budget, a negative value a single warm-up
	// operation. A browser needs it: its wasm engine optimizes hot code only
	// after a while.
	WarmUp time.Duration
	// Clock returns monotonic time since any fixed origin. Nil means the
	// real clock. Tests inject a fake one.
	Clock func() time.Duration
	// RSA is the key for the RSA rows. The zero RSAKey means a fresh
	// RSA-2048 key, generated before timing starts (up to a second or two in
	// a browser); pass the widget's key to skip that.
	RSA RSAKey
	// Only restricts the race to these algorithms; nil means all.
	Only []Algorithm
	// Progress, if set, is called with each measurement as soon as it is
	// done, so a chart can grow while the race runs.
	Progress func(Measurement)
}

// Measurement is one bar of the chart: one operation of one algorithm on
// messages of one size.
type Measurement struct {
	Algorithm Algorithm `json:"algorithm"`
	Operation string    `json:"operation"` // seal, open, sign, verify, encrypt, decrypt or agree
	Kind      string    `json:"kind"`      // symmetric, asymmetric or hybrid
	Detail    string    `json:"detail"`    // parameters and what exactly one operation does
	// Size is the message length in bytes given to each operation.
	Size int `json:"size"`
	// ReadsMessage is false for operations whose cost does not depend on
	// the message at all (X25519 agreement); their BytesPerSec is 0.
	ReadsMessage bool `json:"readsMessage"`
	// Ops is how many operations were timed (the warm-up is not counted).
	Ops int64 `json:"ops"`
	// Elapsed is the clock time those operations took in total.
	Elapsed time.Duration `json:"elapsedNs"`
	// OpsPerSec is Ops / Elapsed: operations per second on one core.
	OpsPerSec float64 `json:"opsPerSec"`
	// BytesPerSec is Size * OpsPerSec: message bytes handled per second.
	BytesPerSec float64 `json:"bytesPerSec"`
	// NsPerOp is Elapsed / Ops in nanoseconds: the time of one operation.
	NsPerOp float64 `json:"nsPerOp"`
	// Skipped, when not empty, says why there are no numbers (e.g. the
	// message is longer than RSA-OAEP can encrypt); the numbers are 0.
	Skipped string `json:"skipped,omitempty"`
}

// Measured reports whether m has numbers (it was not skipped).
func (m Measurement) Measured() bool { return m.Skipped == "" && m.Ops > 0 }

// LegendEntry explains one field of Measurement for the chart's key.
type LegendEntry struct {
	Field   string `json:"field"`
	Meaning string `json:"meaning"`
}

// RaceReport is the race's result, ready to chart.
type RaceReport struct {
	Budget       time.Duration `json:"budgetNs"`
	WarmUp       time.Duration `json:"warmUpNs"`
	Sizes        []int         `json:"sizes"`
	RSABits      int           `json:"rsaBits"`
	Measurements []Measurement `json:"measurements"`
	Legend       []LegendEntry `json:"legend"`
	Notes        []string      `json:"notes"`
}

// Find returns the measurement of one algorithm, operation and size.
func (r RaceReport) Find(alg Algorithm, op string, size int) (Measurement, bool) {
	for _, m := range r.Measurements {
		if m.Algorithm == alg && m.Operation == op && m.Size == size {
			return m, true
		}
	}
	return Measurement{}, false
}

// raceLegend says what each number means; the chart shows it as the key.
var raceLegend = []LegendEntry{
	{"size", "message bytes given to each operation: the plaintext for seal and encrypt, the message for sign and verify; open, decrypt and verify get what seal, encrypt and sign produced from it"},
	{"ops", "operations timed, after an untimed warm-up of the same operation (the report's warmUp, in clock time)"},
	{"elapsed", "clock time the timed operations took, summed over batches; at least the budget"},
	{"opsPerSec", "ops / elapsed: whole operations per second on one core of this device"},
	{"bytesPerSec", "size x opsPerSec: message bytes handled per second; 0 where the operation does not read the message (X25519)"},
	{"nsPerOp", "elapsed / ops: the time of one operation, in nanoseconds"},
	{"skipped", "why a cell has no numbers, e.g. a message longer than RSA-OAEP can encrypt"},
}

// Race times every algorithm's operations on the same message sizes, each for
// the same clock budget, on the calling goroutine (one core). It is pure
// apart from the clock and crypto/rand (keys, nonces, salts). Cancel ctx to
// stop early; the error is then ctx's, and measurements done so far were
// already passed to Progress.
func Race(ctx context.Context, cfg RaceConfig) (RaceReport, error) {
	sizes, budget, algs, err := cfg.check()
	if err != nil {
		return RaceReport{}, err
	}
	warmUp := cfg.WarmUp
	switch {
	case warmUp == 0:
		warmUp = budget / 2
	case warmUp < 0:
		warmUp = 0 // measure then stops after one operation
	}
	clock := cfg.Clock
	if clock == nil {
		origin := time.Now()
		clock = func() time.Duration { return time.Since(origin) }
	}
	rsaKey := cfg.RSA
	needRSA := slices.Contains(algs, AlgRSAPSS) || slices.Contains(algs, AlgRSAOAEP)
	if needRSA && !rsaKey.Valid() {
		if rsaKey, err = NewRSAKey(RSADefaultBits); err != nil {
			return RaceReport{}, err
		}
	}
	r := RaceReport{Budget: budget, WarmUp: warmUp, Sizes: sizes, RSABits: rsaKey.Bits(), Legend: raceLegend, Notes: raceNotes(rsaKey.Bits())}
	for _, alg := range algs {
		for _, c := range contestants(alg, rsaKey) {
			for _, size := range sizes {
				m, err := c.measure(ctx, clock, warmUp, budget, size)
				if err != nil {
					return r, err
				}
				r.Measurements = append(r.Measurements, m)
				if cfg.Progress != nil {
					cfg.Progress(m)
				}
			}
		}
	}
	return r, nil
}

func (cfg RaceConfig) check() (sizes []int, budget time.Duration, algs []Algorithm, err error) {
	sizes = cfg.Sizes
	if sizes == nil {
		sizes = DefaultRaceSizes()
	}
	if len(sizes) == 0 || len(sizes) > MaxRaceSizes {
		return nil, 0, nil, fmt.Errorf("%w: race sizes: want 1 to %d sizes, got %d", ErrMalformed, MaxRaceSizes, len(sizes))
	}
	for _, s := range sizes {
		if s < 0 || s > MaxRaceSize {
			return nil, 0, nil, fmt.Errorf("%w: race size %d is outside 0 to %d bytes", ErrMalformed, s, MaxRaceSize)
		}
	}
	budget = cfg.Budget
	if budget == 0 {
		budget = DefaultRaceBudget
	}
	if budget < 0 || budget > MaxRaceBudget {
		return nil, 0, nil, fmt.Errorf("%w: race budget %v is outside (0, %v]", ErrMalformed, budget, MaxRaceBudget)
	}
	if cfg.WarmUp > MaxRaceBudget {
		return nil, 0, nil, fmt.Errorf("%w: race warm-up %v is longer than %v", ErrMalformed, cfg.WarmUp, MaxRaceBudget)
	}
	algs = cfg.Only
	if algs == nil {
		algs = Algorithms()
	}
	for _, a := range algs {
		if !slices.Contains(Algorithms(), a) {
			return nil, 0, nil, fmt.Errorf("%w: unknown race algorithm %q", ErrMalformed, a)
		}
	}
	return slices.Clone(sizes), budget, algs, nil
}

func raceNotes(rsaBits int) []string {
	notes := []string{
		"Every operation runs on one core, one after another; the same budget of clock time is spent on each cell, so slow devices finish as soon as fast ones, with smaller counts.",
		"Each cell first runs untimed for the warm-up time: a browser's wasm engine optimizes code only once it is hot, and without warming up whichever row ran first would look slower.",
		"AES-256-GCM and ChaCha20-Poly1305 keep their key schedule between messages, as a real program does; HPKE and RSA rows include all their per-message work (HPKE seal: a fresh X25519 key pair, one X25519, HKDF and AES-128-GCM; HPKE open: one X25519, HKDF, AES-128-GCM).",
		"ChaCha20-Poly1305 is timed through an HPKE context, the only place the standard library exposes it: per message it computes a 12-byte nonce and allocates the output, and the AES-256-GCM row is timed doing exactly the same.",
		"Signatures hash the whole message (Ed25519: SHA-512, RSA-PSS: SHA-256), so they slow down with size too, but the public-key step dominates for small messages.",
		"Go's wasm has no AES or carry-less-multiply instructions, so in a browser AES-GCM runs as constant-time pure Go and falls far behind its native speed; ChaCha20-Poly1305 needs no special instructions and loses less.",
	}
	if rsaBits > 0 {
		notes = append(notes, fmt.Sprintf("RSA-OAEP with RSA-%d encrypts at most %d bytes; larger sizes are skipped. That limit is why real systems encrypt a random symmetric key with the public key and the data with AES (hybrid encryption, as HPKE does).", rsaBits, MaxOAEPMessage(rsaBits)))
	}
	return notes
}

// contestant is one (algorithm, operation) pair.
type contestant struct {
	alg    Algorithm
	op     string
	kind   string
	detail string
	reads  bool
	// setup builds the task for one message; skip, if not empty, says why
	// this size cannot be measured.
	setup func(msg []byte) (t task, skip string, err error)
}

func (c contestant) measure(ctx context.Context, clock func() time.Duration, warmUp, budget time.Duration, size int) (Measurement, error) {
	m := Measurement{Algorithm: c.alg, Operation: c.op, Kind: c.kind, Detail: c.detail, Size: size, ReadsMessage: c.reads}
	t, skip, err := c.setup(raceMessage(size))
	if err != nil {
		return m, fmt.Errorf("ciphers: race %s %s at %d bytes: %w", c.alg, c.op, size, err)
	}
	if skip != "" {
		m.Skipped = skip
		return m, nil
	}
	ops, elapsed, err := measure(ctx, clock, warmUp, budget, t)
	if err != nil {
		if ctx.Err() != nil {
			return m, err
		}
		return m, fmt.Errorf("ciphers: race %s %s at %d bytes: %w", c.alg, c.op, size, err)
	}
	m.Ops, m.Elapsed = ops, elapsed
	secs := elapsed.Seconds()
	m.OpsPerSec = float64(ops) / secs
	m.NsPerOp = float64(elapsed.Nanoseconds()) / float64(ops)
	if c.reads {
		m.BytesPerSec = float64(size) * m.OpsPerSec
	}
	return m, nil
}

// raceMessage is a fixed pattern: content does not change the speed of any
// algorithm here, and a fixed one keeps runs comparable.
func raceMessage(size int) []byte {
	b := make([]byte, size)
	for i := range b {
		b[i] = byte(i*131 + 7)
	}
	return b
}

// times wraps a single operation as a task.
func times(op func() error) task {
	return task{run: func(n int) error {
		for range n {
			if err := op(); err != nil {
				return err
			}
		}
		return nil
	}}
}

func contestants(alg Algorithm, rsaKey RSAKey) []contestant {
	switch alg {
	case AlgAESGCM:
		return aesContestants()
	case AlgChaCha20Poly1305:
		return chachaContestants()
	case AlgEd25519:
		return ed25519Contestants()
	case AlgRSAPSS:
		return pssContestants(rsaKey)
	case AlgRSAOAEP:
		return oaepContestants(rsaKey)
	case AlgX25519:
		return x25519Contestants()
	case AlgHPKE:
		return hpkeContestants()
	}
	return nil
}

func aesContestants() []contestant {
	const detail = "AES-256-GCM, 12-byte nonce, 16-byte tag, key schedule done once"
	newAEAD := func() (cipher.AEAD, error) {
		k := NewAESKey()
		block, err := aes.NewCipher(k[:])
		if err != nil {
			return nil, err
		}
		return cipher.NewGCM(block)
	}
	return []contestant{
		{AlgAESGCM, "seal", KindSymmetric, detail, true, func(msg []byte) (task, string, error) {
			aead, err := newAEAD()
			if err != nil {
				return task{}, "", err
			}
			var ctr uint64
			return times(func() error {
				// A counter nonce, as HPKE's contexts use: never repeated
				// under this key, and no random-number cost in the timing.
				// A fresh nonce and output buffer per message, like the
				// ChaCha20-Poly1305 row, so the two AEADs pay the same.
				nonce := make([]byte, NonceSize)
				ctr++
				binary.BigEndian.PutUint64(nonce[4:], ctr)
				aead.Seal(nil, nonce, msg, nil)
				return nil
			}), "", nil
		}},
		{AlgAESGCM, "open", KindSymmetric, detail, true, func(msg []byte) (task, string, error) {
			aead, err := newAEAD()
			if err != nil {
				return task{}, "", err
			}
			nonce := make([]byte, NonceSize)
			ct := aead.Seal(nil, nonce, msg, nil)
			return times(func() error {
				_, err := aead.Open(nil, nonce, ct, nil)
				return err
			}), "", nil
		}},
	}
}

// maxPrepared bounds the ciphertexts readied for a stateful open (bytes).
const maxPrepared = 8 << 20

func chachaContestants() []contestant {
	const detail = "ChaCha20-Poly1305 inside an HPKE context (key set up once), 16-byte tag"
	pair := func() (*hpke.Sender, *hpke.Recipient, error) {
		k, err := NewHPKEKey()
		if err != nil {
			return nil, nil, err
		}
		kdf, aead := hpke.HKDFSHA256(), hpke.ChaCha20Poly1305()
		enc, s, err := hpke.NewSender(k.private.PublicKey(), kdf, aead, nil)
		if err != nil {
			return nil, nil, err
		}
		r, err := hpke.NewRecipient(enc, k.private, kdf, aead, nil)
		return s, r, err
	}
	return []contestant{
		{AlgChaCha20Poly1305, "seal", KindSymmetric, detail, true, func(msg []byte) (task, string, error) {
			s, _, err := pair()
			if err != nil {
				return task{}, "", err
			}
			return times(func() error {
				_, err := s.Seal(nil, msg)
				return err
			}), "", nil
		}},
		{AlgChaCha20Poly1305, "open", KindSymmetric, detail, true, func(msg []byte) (task, string, error) {
			s, r, err := pair()
			if err != nil {
				return task{}, "", err
			}
			// The recipient's nonce counter only moves forward, so each
			// batch opens fresh ciphertexts sealed, untimed, just before.
			var cts [][]byte
			return task{
				maxBatch: max(1, maxPrepared/(len(msg)+hpkeTagSize)),
				prepare: func(n int) error {
					cts = cts[:0]
					for range n {
						ct, err := s.Seal(nil, msg)
						if err != nil {
							return err
						}
						cts = append(cts, ct)
					}
					return nil
				},
				run: func(n int) error {
					for _, ct := range cts[:n] {
						if _, err := r.Open(nil, ct); err != nil {
							return err
						}
					}
					return nil
				},
			}, "", nil
		}},
	}
}

func ed25519Contestants() []contestant {
	const detail = "Ed25519 (RFC 8032), SHA-512 over the message twice when signing, once when verifying"
	return []contestant{
		{AlgEd25519, "sign", KindAsymmetric, detail, true, func(msg []byte) (task, string, error) {
			k, err := NewEd25519Key()
			if err != nil {
				return task{}, "", err
			}
			return times(func() error {
				ed25519.Sign(k.private, msg)
				return nil
			}), "", nil
		}},
		{AlgEd25519, "verify", KindAsymmetric, detail, true, func(msg []byte) (task, string, error) {
			k, err := NewEd25519Key()
			if err != nil {
				return task{}, "", err
			}
			pub, sig := k.Public(), ed25519.Sign(k.private, msg)
			return times(func() error { return VerifyEd25519(pub, msg, sig) }), "", nil
		}},
	}
}

func pssContestants(k RSAKey) []contestant {
	detail := fmt.Sprintf("RSA-%d PSS, SHA-256, 32-byte salt", k.Bits())
	return []contestant{
		{AlgRSAPSS, "sign", KindAsymmetric, detail, true, func(msg []byte) (task, string, error) {
			return times(func() error {
				_, err := k.SignPSS(msg)
				return err
			}), "", nil
		}},
		{AlgRSAPSS, "verify", KindAsymmetric, detail, true, func(msg []byte) (task, string, error) {
			sig, err := k.SignPSS(msg)
			if err != nil {
				return task{}, "", err
			}
			pub := k.Public()
			return times(func() error { return VerifyPSS(pub, msg, sig) }), "", nil
		}},
	}
}

func oaepContestants(k RSAKey) []contestant {
	limit := MaxOAEPMessage(k.Bits())
	detail := fmt.Sprintf("RSA-%d OAEP, SHA-256, at most %d bytes per message", k.Bits(), limit)
	tooLong := func(msg []byte) string {
		if len(msg) <= limit {
			return ""
		}
		return (&OAEPSizeError{Size: len(msg), Max: limit, KeyBits: k.Bits()}).Error()
	}
	return []contestant{
		{AlgRSAOAEP, "encrypt", KindAsymmetric, detail, true, func(msg []byte) (task, string, error) {
			if skip := tooLong(msg); skip != "" {
				return task{}, skip, nil
			}
			pub := k.Public()
			return times(func() error {
				_, err := EncryptOAEP(pub, msg, nil)
				return err
			}), "", nil
		}},
		{AlgRSAOAEP, "decrypt", KindAsymmetric, detail, true, func(msg []byte) (task, string, error) {
			if skip := tooLong(msg); skip != "" {
				return task{}, skip, nil
			}
			ct, err := EncryptOAEP(k.Public(), msg, nil)
			if err != nil {
				return task{}, "", err
			}
			return times(func() error {
				_, err := k.DecryptOAEP(ct, nil)
				return err
			}), "", nil
		}},
	}
}

func x25519Contestants() []contestant {
	const detail = "X25519 (RFC 7748): one scalar multiplication with fixed keys; it never sees the message"
	return []contestant{
		{AlgX25519, "agree", KindAsymmetric, detail, false, func([]byte) (task, string, error) {
			a, err := ecdh.X25519().GenerateKey(nil)
			if err != nil {
				return task{}, "", err
			}
			b, err := ecdh.X25519().GenerateKey(nil)
			if err != nil {
				return task{}, "", err
			}
			peer := b.PublicKey()
			return times(func() error {
				_, err := a.ECDH(peer)
				return err
			}), "", nil
		}},
	}
}

func hpkeContestants() []contestant {
	const detail = "HPKE base mode, single-shot, " + "DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM"
	return []contestant{
		{AlgHPKE, "seal", KindHybrid, detail, true, func(msg []byte) (task, string, error) {
			k, err := NewHPKEKey()
			if err != nil {
				return task{}, "", err
			}
			pub := k.PublicKey()
			return times(func() error {
				_, err := HPKESeal(SuiteX25519AES128GCM, pub, nil, nil, msg)
				return err
			}), "", nil
		}},
		{AlgHPKE, "open", KindHybrid, detail, true, func(msg []byte) (task, string, error) {
			k, err := NewHPKEKey()
			if err != nil {
				return task{}, "", err
			}
			m, err := HPKESeal(SuiteX25519AES128GCM, k.PublicKey(), nil, nil, msg)
			if err != nil {
				return task{}, "", err
			}
			return times(func() error {
				_, err := k.Open(m)
				return err
			}), "", nil
		}},
	}
}
