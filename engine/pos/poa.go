package pos

import (
	"errors"
	"fmt"
	"sort"
)

// Proof of authority after Clique (EIP-225, go-ethereum consensus/clique):
// a fixed, sorted signer list; the in-turn signer of block n is
// signers[n % len(signers)] and seals with difficulty 2; any other signer
// may seal out of turn with difficulty 1, so the heaviest chain favours
// in-turn blocks; and a signer may seal only one of any
// floor(len/2)+1 consecutive blocks, so a minority cannot run the chain.

// Clique difficulties (DIFF_INTURN, DIFF_NOTURN).
const (
	CliqueDiffInTurn uint64 = 2
	CliqueDiffNoTurn uint64 = 1
)

// PoA errors.
var (
	ErrNoSigners        = errors.New("pos: poa: no signers")
	ErrUnauthorized     = errors.New("pos: poa: not an authorized signer")
	ErrRecentlySigned   = errors.New("pos: poa: signed too recently")
	ErrTooManyBlocks    = errors.New("pos: poa: too many blocks")
	ErrUnknownOffline   = errors.New("pos: poa: offline name is not a signer")
	errPoAInternalStall = errors.New("pos: poa: no signer may seal")
)

// MaxPoABlocks bounds one Simulate call.
const MaxPoABlocks = 1 << 16

// Clique is a signer set.
type Clique struct {
	signers []string
	index   map[string]int
}

// NewClique sorts signers (Clique orders them by address; here by name) and
// rejects an empty list, empty names and duplicates.
func NewClique(signers []string) (*Clique, error) {
	if len(signers) == 0 {
		return nil, ErrNoSigners
	}
	c := &Clique{signers: append([]string(nil), signers...), index: map[string]int{}}
	sort.Strings(c.signers)
	for i, s := range c.signers {
		if s == "" {
			return nil, ErrEmptyName
		}
		if _, dup := c.index[s]; dup {
			return nil, fmt.Errorf("%w: %q", ErrDuplicateName, s)
		}
		c.index[s] = i
	}
	return c, nil
}

// Signers returns the sorted signer list.
func (c *Clique) Signers() []string {
	if c == nil {
		return nil
	}
	return append([]string(nil), c.signers...)
}

// InTurn is the signer whose turn block number is: signers[number % len]
// ("" for a Clique not made by NewClique).
func (c *Clique) InTurn(number uint64) string {
	if c == nil || len(c.signers) == 0 {
		return ""
	}
	return c.signers[number%uint64(len(c.signers))]
}

// SignerLimit is floor(len/2)+1: a signer may seal one block in any run of
// this many consecutive blocks.
func (c *Clique) SignerLimit() uint64 {
	if c == nil {
		return 1
	}
	return uint64(len(c.signers))/2 + 1
}

// Difficulty is what signer must put in block number: 2 in turn, 1 out of
// turn.
func (c *Clique) Difficulty(number uint64, signer string) (uint64, error) {
	if c == nil {
		return 0, ErrNoSigners
	}
	if _, ok := c.index[signer]; !ok {
		return 0, fmt.Errorf("%w: %q", ErrUnauthorized, signer)
	}
	if c.InTurn(number) == signer {
		return CliqueDiffInTurn, nil
	}
	return CliqueDiffNoTurn, nil
}

// CliqueBlock is one sealed block.
type CliqueBlock struct {
	Number          uint64   `json:"number"`
	Signer          string   `json:"signer"`
	InTurnSigner    string   `json:"inTurnSigner"`
	InTurn          bool     `json:"inTurn"`
	Difficulty      uint64   `json:"difficulty"`
	TotalDifficulty uint64   `json:"totalDifficulty"`
	Eligible        []string `json:"eligible,omitempty"` // who could have sealed it (Simulate only)
}

// CliqueChain is a chain being sealed on top of genesis (block 0, which
// has no signer). It is not safe for concurrent use.
type CliqueChain struct {
	c      *Clique
	blocks []CliqueBlock
	last   map[string]uint64 // signer -> number of its latest block
}

// NewChain starts a chain at genesis.
func (c *Clique) NewChain() *CliqueChain { return &CliqueChain{c: c, last: map[string]uint64{}} }

// Head is the number of the latest block (0 at genesis).
func (ch *CliqueChain) Head() uint64 {
	if ch == nil {
		return 0
	}
	return uint64(len(ch.blocks))
}

// Blocks returns the sealed blocks, from number 1.
func (ch *CliqueChain) Blocks() []CliqueBlock {
	if ch == nil {
		return nil
	}
	return append([]CliqueBlock(nil), ch.blocks...)
}

// TotalDifficulty is the sum of difficulties: the fork-choice weight.
func (ch *CliqueChain) TotalDifficulty() uint64 {
	if ch == nil || len(ch.blocks) == 0 {
		return 0
	}
	return ch.blocks[len(ch.blocks)-1].TotalDifficulty
}

// CanSign says whether signer may seal the next block: it must be a signer
// and must not have sealed any of the previous SignerLimit()-1 blocks
// (applied from block 1 on, as EIP-225 states the rule).
func (ch *CliqueChain) CanSign(signer string) error {
	if ch == nil || ch.c == nil || len(ch.c.signers) == 0 {
		return ErrNoSigners
	}
	if _, ok := ch.c.index[signer]; !ok {
		return fmt.Errorf("%w: %q", ErrUnauthorized, signer)
	}
	next := ch.Head() + 1
	if seen, ok := ch.last[signer]; ok && next-seen < ch.c.SignerLimit() {
		return fmt.Errorf("%w: %q sealed block %d, may seal again from %d", ErrRecentlySigned, signer, seen, seen+ch.c.SignerLimit())
	}
	return nil
}

// Seal appends the next block sealed by signer.
func (ch *CliqueChain) Seal(signer string) (CliqueBlock, error) {
	if err := ch.CanSign(signer); err != nil {
		return CliqueBlock{}, err
	}
	n := ch.Head() + 1
	diff, _ := ch.c.Difficulty(n, signer)
	b := CliqueBlock{Number: n, Signer: signer, InTurnSigner: ch.c.InTurn(n), InTurn: diff == CliqueDiffInTurn, Difficulty: diff, TotalDifficulty: ch.TotalDifficulty() + diff}
	ch.blocks = append(ch.blocks, b)
	if ch.last == nil {
		ch.last = map[string]uint64{}
	}
	ch.last[signer] = n
	return b, nil
}

// PoARun is the record of Simulate.
type PoARun struct {
	Signers   []string      `json:"signers"`
	Offline   []string      `json:"offline"`
	Limit     uint64        `json:"limit"`
	Blocks    []CliqueBlock `json:"blocks"`
	InTurn    int           `json:"inTurn"`
	OutOfTurn int           `json:"outOfTurn"`
	Stalled   bool          `json:"stalled"`
	StalledAt uint64        `json:"stalledAt,omitempty"` // the block nobody could seal
}

// Simulate seals up to blocks blocks with the offline signers absent. The
// in-turn signer seals when it is online and allowed; otherwise one of the
// eligible online signers seals out of turn (chosen from seed, standing in
// for Clique's random wiggle delay). If nobody is eligible the chain
// stalls: with more than len-limit signers offline it always does.
func (c *Clique) Simulate(blocks int, offline []string, seed Hash) (PoARun, error) {
	if c == nil || len(c.signers) == 0 {
		return PoARun{}, ErrNoSigners
	}
	if blocks < 0 || blocks > MaxPoABlocks {
		return PoARun{}, fmt.Errorf("%w: %d (max %d)", ErrTooManyBlocks, blocks, MaxPoABlocks)
	}
	off := map[string]bool{}
	for _, o := range offline {
		if _, ok := c.index[o]; !ok {
			return PoARun{}, fmt.Errorf("%w: %q", ErrUnknownOffline, o)
		}
		off[o] = true
	}
	run := PoARun{Signers: c.Signers(), Limit: c.SignerLimit()}
	for _, s := range c.signers {
		if off[s] {
			run.Offline = append(run.Offline, s)
		}
	}
	ch := c.NewChain()
	for i := 0; i < blocks; i++ {
		n := ch.Head() + 1
		var eligible []string
		for _, s := range c.signers {
			if !off[s] && ch.CanSign(s) == nil {
				eligible = append(eligible, s)
			}
		}
		if len(eligible) == 0 {
			run.Stalled, run.StalledAt = true, n
			break
		}
		signer := c.InTurn(n)
		if off[signer] || ch.CanSign(signer) != nil {
			t, _ := uniform(SlotSeed(seed, n), uint64(len(eligible)))
			signer = eligible[t]
		}
		b, err := ch.Seal(signer)
		if err != nil { // cannot happen: signer was eligible
			return run, errors.Join(errPoAInternalStall, err)
		}
		b.Eligible = eligible
		run.Blocks = append(run.Blocks, b)
		if b.InTurn {
			run.InTurn++
		} else {
			run.OutOfTurn++
		}
	}
	return run, nil
}
