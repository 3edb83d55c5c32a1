package pos

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"math/bits"
)

// Slashing for equivocation: a validator that signs two different headers
// at the same height has published its own proof of misbehaviour. Anyone
// holding both signed headers can submit them; the validator loses a part
// of its stake and is ejected. Headers are signed with Ed25519 (the
// standard library's; Ethereum uses BLS) so evidence cannot be forged
// against someone else.

// Slashing errors.
var (
	ErrUnknownSigner   = errors.New("pos: slashing: unknown signer")
	ErrBadSignature    = errors.New("pos: slashing: bad signature")
	ErrNotEquivocation = errors.New("pos: slashing: headers are not two different blocks at one height by one signer")
	ErrAlreadySlashed  = errors.New("pos: slashing: validator already slashed")
	ErrBadSlashingRule = errors.New("pos: slashing: bad rule or balances")
)

// BlockHeader is the part of a block a validator signs.
type BlockHeader struct {
	Height uint64 `json:"height"`
	Parent Hash   `json:"parent"`
	Body   Hash   `json:"body"`
}

// Root identifies the header: SHA-256 over a domain tag, the height
// (8 bytes big-endian), the parent and the body.
func (h BlockHeader) Root() Hash {
	return sum([]byte("pos-header"), be64(h.Height), h.Parent[:], h.Body[:])
}

// SignedHeader is a header with its signer's name and Ed25519 signature
// over signingMessage(header root).
type SignedHeader struct {
	Header    BlockHeader `json:"header"`
	Signer    string      `json:"signer"`
	Signature []byte      `json:"signature"`
}

func signingMessage(root Hash) []byte { return append([]byte("pos-sign:"), root[:]...) }

// ValidatorKey is a validator's signing key.
type ValidatorKey struct {
	Name string
	priv ed25519.PrivateKey
}

// DeriveKey gives name a reproducible key from seed, for simulations.
// Never use derived keys for anything real.
func DeriveKey(seed Hash, name string) ValidatorKey {
	s := sum([]byte("pos-key"), seed[:], []byte(name))
	return ValidatorKey{Name: name, priv: ed25519.NewKeyFromSeed(s[:])}
}

// Public is the verification key (nil for a zero ValidatorKey).
func (k ValidatorKey) Public() ed25519.PublicKey {
	if len(k.priv) != ed25519.PrivateKeySize {
		return nil
	}
	return k.priv.Public().(ed25519.PublicKey)
}

// Sign signs h. A zero ValidatorKey (not from DeriveKey) leaves the
// signature empty, which every verifier rejects.
func (k ValidatorKey) Sign(h BlockHeader) SignedHeader {
	sh := SignedHeader{Header: h, Signer: k.Name}
	if len(k.priv) == ed25519.PrivateKeySize {
		sh.Signature = ed25519.Sign(k.priv, signingMessage(h.Root()))
	}
	return sh
}

// Evidence is a proven equivocation: two signed headers of one signer at
// one height with different roots.
type Evidence struct {
	Validator string       `json:"validator"`
	Height    uint64       `json:"height"`
	First     SignedHeader `json:"first"`
	Second    SignedHeader `json:"second"`
}

// Slasher watches published signed headers; the zero value knows no keys.
// It is not safe for concurrent use; it remembers one header per (signer,
// height), so feed it a bounded simulation, not an endless stream.
type Slasher struct {
	keys map[string]ed25519.PublicKey
	seen map[string]map[uint64]SignedHeader
}

// NewSlasher returns a slasher with no known keys.
func NewSlasher() *Slasher {
	return &Slasher{keys: map[string]ed25519.PublicKey{}, seen: map[string]map[uint64]SignedHeader{}}
}

// Register records name's public key.
func (s *Slasher) Register(name string, pub ed25519.PublicKey) error {
	if name == "" {
		return ErrEmptyName
	}
	if _, dup := s.keys[name]; dup {
		return fmt.Errorf("%w: %q", ErrDuplicateName, name)
	}
	if len(pub) != ed25519.PublicKeySize {
		return fmt.Errorf("%w: %q: public key is %d bytes", ErrBadSignature, name, len(pub))
	}
	if s.keys == nil {
		s.keys = map[string]ed25519.PublicKey{}
	}
	s.keys[name] = append(ed25519.PublicKey(nil), pub...)
	return nil
}

func (s *Slasher) verify(h SignedHeader) error {
	pub, ok := s.keys[h.Signer]
	if !ok {
		return fmt.Errorf("%w: %q", ErrUnknownSigner, h.Signer)
	}
	if len(h.Signature) != ed25519.SignatureSize || !ed25519.Verify(pub, signingMessage(h.Header.Root()), h.Signature) {
		return fmt.Errorf("%w: %q at height %d", ErrBadSignature, h.Signer, h.Header.Height)
	}
	return nil
}

// Observe checks h's signature and returns evidence if its signer already
// signed a different header at the same height (nil if not). A forged or
// unknown-signer header is an error and is not remembered.
func (s *Slasher) Observe(h SignedHeader) (*Evidence, error) {
	if err := s.verify(h); err != nil {
		return nil, err
	}
	byHeight := s.seen[h.Signer]
	if byHeight == nil {
		if s.seen == nil {
			s.seen = map[string]map[uint64]SignedHeader{}
		}
		byHeight = map[uint64]SignedHeader{}
		s.seen[h.Signer] = byHeight
	}
	prev, ok := byHeight[h.Header.Height]
	if !ok {
		byHeight[h.Header.Height] = h
		return nil, nil
	}
	if prev.Header.Root() == h.Header.Root() {
		return nil, nil // the same header again
	}
	return &Evidence{Validator: h.Signer, Height: h.Header.Height, First: prev, Second: h}, nil
}

// Verify rechecks evidence from anywhere: both signatures, one signer,
// one height, two different roots.
func (s *Slasher) Verify(ev Evidence) error {
	if err := checkEvidenceShape(ev); err != nil {
		return err
	}
	if err := s.verify(ev.First); err != nil {
		return err
	}
	return s.verify(ev.Second)
}

func checkEvidenceShape(ev Evidence) error {
	a, b := ev.First, ev.Second
	if a.Signer != ev.Validator || b.Signer != ev.Validator ||
		a.Header.Height != ev.Height || b.Header.Height != ev.Height ||
		a.Header.Root() == b.Header.Root() {
		return ErrNotEquivocation
	}
	return nil
}

// SlashingRule is one fork's slashing parameters (consensus-specs presets,
// mainnet). The initial penalty, applied at once, is effective_balance /
// MinPenaltyQuotient; the correlation penalty, applied about 18 days later,
// grows with the total stake slashed in the surrounding window.
type SlashingRule struct {
	Name                   string `json:"name"`
	MinPenaltyQuotient     uint64 `json:"minPenaltyQuotient"`
	ProportionalMultiplier uint64 `json:"proportionalMultiplier"`
	PerIncrement           bool   `json:"perIncrement"` // electra's order of integer divisions
}

// The forks' rules. Note phase0 is 1/128, not 1/32: 1/32 arrived with
// Bellatrix (the Merge).
//
//	phase0:    MIN_SLASHING_PENALTY_QUOTIENT = 128, PROPORTIONAL_SLASHING_MULTIPLIER = 1 (presets/mainnet/phase0.yaml)
//	altair:    MIN_SLASHING_PENALTY_QUOTIENT_ALTAIR = 64, multiplier 2 (presets/mainnet/altair.yaml)
//	bellatrix: MIN_SLASHING_PENALTY_QUOTIENT_BELLATRIX = 32, multiplier 3 (presets/mainnet/bellatrix.yaml)
//	electra:   MIN_SLASHING_PENALTY_QUOTIENT_ELECTRA = 4096 (presets/mainnet/electra.yaml), multiplier
//	           still PROPORTIONAL_SLASHING_MULTIPLIER_BELLATRIX = 3, per-increment process_slashings
var (
	SlashingPhase0    = SlashingRule{Name: "phase0", MinPenaltyQuotient: 128, ProportionalMultiplier: 1}
	SlashingAltair    = SlashingRule{Name: "altair", MinPenaltyQuotient: 64, ProportionalMultiplier: 2}
	SlashingBellatrix = SlashingRule{Name: "bellatrix", MinPenaltyQuotient: 32, ProportionalMultiplier: 3}
	SlashingElectra   = SlashingRule{Name: "electra", MinPenaltyQuotient: 4096, ProportionalMultiplier: 3, PerIncrement: true}
)

// EffectiveBalanceIncrement is EFFECTIVE_BALANCE_INCREMENT, 1 ETH in Gwei.
const EffectiveBalanceIncrement = GweiPerETH

// InitialPenalty is effective_balance // MinPenaltyQuotient (slash_validator).
func (r SlashingRule) InitialPenalty(effectiveBalance uint64) uint64 {
	if r.MinPenaltyQuotient == 0 {
		return 0
	}
	return effectiveBalance / r.MinPenaltyQuotient
}

// CorrelationPenalty is process_slashings' penalty for one slashed
// validator, all amounts in Gwei: totalSlashed is the effective balance
// slashed in the window (sum(state.slashings)), totalActive the total
// active balance. Before electra:
//
//	penalty = effective_balance // increment * adjusted // total * increment
//
// from electra:
//
//	penalty = adjusted // (total // increment) * (effective_balance // increment)
//
// with adjusted = min(totalSlashed * multiplier, total). With multiplier 3,
// once a third of all stake is slashed together, each loses everything.
func (r SlashingRule) CorrelationPenalty(effectiveBalance, totalSlashed, totalActive uint64) (uint64, error) {
	if totalActive < EffectiveBalanceIncrement || r.ProportionalMultiplier == 0 {
		return 0, fmt.Errorf("%w: total active balance %d Gwei, multiplier %d", ErrBadSlashingRule, totalActive, r.ProportionalMultiplier)
	}
	hi, adjusted := bits.Mul64(totalSlashed, r.ProportionalMultiplier)
	if hi != 0 || adjusted > totalActive {
		adjusted = totalActive
	}
	increments := effectiveBalance / EffectiveBalanceIncrement
	if r.PerIncrement {
		perIncrement := adjusted / (totalActive / EffectiveBalanceIncrement)
		hi, p := bits.Mul64(perIncrement, increments)
		if hi != 0 {
			return 0, fmt.Errorf("%w: penalty overflows uint64", ErrBadSlashingRule)
		}
		return p, nil
	}
	// increments*adjusted/total <= increments, so the 128-bit quotient
	// fits and Div64 cannot panic (hi < totalActive).
	hi, lo := bits.Mul64(increments, adjusted)
	q, _ := bits.Div64(hi, lo, totalActive)
	hi, p := bits.Mul64(q, EffectiveBalanceIncrement)
	if hi != 0 {
		return 0, fmt.Errorf("%w: penalty overflows uint64", ErrBadSlashingRule)
	}
	return p, nil
}

// Account is a validator's standing in a Registry.
type Account struct {
	Name     string `json:"name"`
	Stake    uint64 `json:"stake"`
	Slashed  bool   `json:"slashed"`
	Penalty  uint64 `json:"penalty"`
	Ejected  bool   `json:"ejected"`
	Evidence uint64 `json:"evidenceHeight,omitempty"`
}

// SlashRecord reports one applied slashing.
type SlashRecord struct {
	Validator   string `json:"validator"`
	Height      uint64 `json:"height"`
	Rule        string `json:"rule"`
	StakeBefore uint64 `json:"stakeBefore"`
	Penalty     uint64 `json:"penalty"`
	StakeAfter  uint64 `json:"stakeAfter"`
	Ejected     bool   `json:"ejected"`
}

// Registry holds validators' stakes as slashing changes them. Stake stands
// in for effective balance. It is not safe for concurrent use.
type Registry struct {
	accounts []Account
	index    map[string]int
}

// NewRegistry starts a registry from a validator list (checked like
// NewValidatorSet).
func NewRegistry(vals []Validator) (*Registry, error) {
	set, err := NewValidatorSet(vals)
	if err != nil {
		return nil, err
	}
	r := &Registry{index: set.index}
	for _, v := range set.vals {
		r.accounts = append(r.accounts, Account{Name: v.Name, Stake: v.Stake})
	}
	return r, nil
}

// Slash applies rule's initial penalty to the equivocating validator and
// ejects it. Evidence should come from a Slasher (which checked the
// signatures); Slash checks its shape and that the validator is known and
// not already slashed: a validator is slashed once.
func (r *Registry) Slash(ev Evidence, rule SlashingRule) (SlashRecord, error) {
	if r == nil {
		return SlashRecord{}, ErrNoValidators
	}
	if err := checkEvidenceShape(ev); err != nil {
		return SlashRecord{}, err
	}
	i, ok := r.index[ev.Validator]
	if !ok {
		return SlashRecord{}, fmt.Errorf("%w: %q", ErrUnknownName, ev.Validator)
	}
	a := &r.accounts[i]
	if a.Slashed {
		return SlashRecord{}, fmt.Errorf("%w: %q", ErrAlreadySlashed, a.Name)
	}
	rec := SlashRecord{Validator: a.Name, Height: ev.Height, Rule: rule.Name, StakeBefore: a.Stake, Penalty: rule.InitialPenalty(a.Stake), Ejected: true}
	a.Stake -= rec.Penalty
	a.Penalty += rec.Penalty
	a.Slashed, a.Ejected, a.Evidence = true, true, ev.Height
	rec.StakeAfter = a.Stake
	return rec, nil
}

// Accounts returns every account, in the original order.
func (r *Registry) Accounts() []Account {
	if r == nil {
		return nil
	}
	return append([]Account(nil), r.accounts...)
}

// Active is the lottery set of validators not ejected.
func (r *Registry) Active() (*ValidatorSet, error) {
	if r == nil {
		return nil, ErrNoValidators
	}
	var vals []Validator
	for _, a := range r.accounts {
		if !a.Ejected {
			vals = append(vals, Validator{Name: a.Name, Stake: a.Stake})
		}
	}
	return NewValidatorSet(vals)
}
