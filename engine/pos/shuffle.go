package pos

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
)

// The Ethereum swap-or-not shuffle, exactly as consensus-specs
// specs/phase0/beacon-chain.md (tag v1.6.1) defines compute_shuffled_index:
//
//	for current_round in range(SHUFFLE_ROUND_COUNT):
//	    pivot = bytes_to_uint64(hash(seed + uint_to_bytes(uint8(current_round)))[0:8]) % index_count
//	    flip = (pivot + index_count - index) % index_count
//	    position = max(index, flip)
//	    source = hash(seed + uint_to_bytes(uint8(current_round)) + uint_to_bytes(uint32(position // 256)))
//	    byte = uint8(source[(position % 256) // 8])
//	    bit = (byte >> (position % 8)) % 2
//	    index = flip if bit else index
//
// hash is SHA-256 and uint_to_bytes / bytes_to_uint64 are little-endian.
// Each round pairs index with flip (an involution around the pivot) and a
// bit keyed by the pair's larger member decides whether both swap, so every
// round, and hence the whole shuffle, is a permutation.

// Round counts of the consensus-specs presets (SHUFFLE_ROUND_COUNT).
const (
	ShuffleRoundsMainnet uint8 = 90
	ShuffleRoundsMinimal uint8 = 10
)

// MaxShuffleCount is the largest index_count the spec can express: it
// encodes position // 256 as a uint32, so counts above 2^40 overflow there
// (the same bound as VALIDATOR_REGISTRY_LIMIT).
const MaxShuffleCount = 1 << 40

// MaxPermutationCount bounds ShuffledPermutation, which allocates 8 bytes
// per index.
const MaxPermutationCount = 1 << 24

// Shuffle errors.
var (
	ErrCountZero       = errors.New("pos: shuffle: index_count is zero")
	ErrIndexOutOfRange = errors.New("pos: shuffle: index >= index_count")
	ErrCountTooLarge   = errors.New("pos: shuffle: index_count too large")
)

// shuffler holds the per-round preimages so that a whole permutation hashes
// a reused buffer instead of allocating.
type shuffler struct {
	buf [32 + 1 + 4]byte // seed || round || bucket (LE uint32)
}

func newShuffler(seed [32]byte) *shuffler {
	s := &shuffler{}
	copy(s.buf[:32], seed[:])
	return s
}

func (s *shuffler) pivot(round uint8, count uint64) uint64 {
	s.buf[32] = round
	h := sha256.Sum256(s.buf[:33])
	return binary.LittleEndian.Uint64(h[:8]) % count
}

func (s *shuffler) source(round uint8, bucket uint32) [32]byte {
	s.buf[32] = round
	binary.LittleEndian.PutUint32(s.buf[33:], bucket)
	return sha256.Sum256(s.buf[:])
}

// flipOf is (pivot + count - index) % count without overflowing uint64
// when count is near 2^64 (the spec's uint64 would raise instead).
func flipOf(pivot, index, count uint64) uint64 {
	if pivot >= index {
		return pivot - index
	}
	return pivot + (count - index)
}

func checkShuffle(index, count uint64) error {
	switch {
	case count == 0:
		return ErrCountZero
	case count > MaxShuffleCount:
		return fmt.Errorf("%w: %d > 2^40", ErrCountTooLarge, count)
	case index >= count:
		return fmt.Errorf("%w: %d >= %d", ErrIndexOutOfRange, index, count)
	}
	return nil
}

// ShuffledIndex is consensus-specs compute_shuffled_index: where index
// lands among count items under seed after rounds swap-or-not rounds.
// Errors: count 0, index >= count, count > 2^40.
func ShuffledIndex(index, count uint64, seed [32]byte, rounds uint8) (uint64, error) {
	if err := checkShuffle(index, count); err != nil {
		return 0, err
	}
	s := newShuffler(seed)
	for r := 0; r < int(rounds); r++ {
		round := uint8(r)
		flip := flipOf(s.pivot(round, count), index, count)
		position := max(index, flip)
		src := s.source(round, uint32(position/256))
		if (src[(position%256)/8]>>(position%8))&1 == 1 {
			index = flip
		}
	}
	return index, nil
}

// ShuffledPermutation returns p with p[i] = ShuffledIndex(i, count, seed,
// rounds) for every i, like consensus-specs compute_shuffled_permutation:
// all indices advance together one round at a time, so each round costs
// one pivot hash plus one source hash per 256 positions instead of two
// hashes per index. count 0 gives an empty permutation.
func ShuffledPermutation(count uint64, seed [32]byte, rounds uint8) ([]uint64, error) {
	if count > MaxPermutationCount {
		return nil, fmt.Errorf("%w: %d > %d for a whole permutation", ErrCountTooLarge, count, MaxPermutationCount)
	}
	p := make([]uint64, count)
	for i := range p {
		p[i] = uint64(i)
	}
	if count == 0 {
		return p, nil
	}
	s := newShuffler(seed)
	sources := make([][32]byte, (count+255)/256)
	for r := 0; r < int(rounds); r++ {
		round := uint8(r)
		pivot := s.pivot(round, count)
		for b := range sources {
			sources[b] = s.source(round, uint32(b))
		}
		for i, idx := range p {
			flip := flipOf(pivot, idx, count)
			position := max(idx, flip)
			if (sources[position/256][(position%256)/8]>>(position%8))&1 == 1 {
				p[i] = flip
			}
		}
	}
	return p, nil
}

// ShuffleRound is one round of a traced shuffle: the numbers a
// step-through widget shows.
type ShuffleRound struct {
	Round       uint8  `json:"round"`
	IndexBefore uint64 `json:"indexBefore"`
	Pivot       uint64 `json:"pivot"`
	Flip        uint64 `json:"flip"`     // (pivot + count - index) % count
	Position    uint64 `json:"position"` // max(index, flip): the pair's key
	Source      Hash   `json:"source"`   // hash(seed || round || uint32(position/256))
	ByteIndex   uint8  `json:"byteIndex"`
	ByteValue   uint8  `json:"byteValue"`
	BitIndex    uint8  `json:"bitIndex"`
	Bit         uint8  `json:"bit"`
	Swapped     bool   `json:"swapped"`
	IndexAfter  uint64 `json:"indexAfter"`
}

// ShuffleTrace is ShuffledIndex with every round recorded.
type ShuffleTrace struct {
	Index  uint64         `json:"index"`
	Count  uint64         `json:"count"`
	Seed   Hash           `json:"seed"`
	Rounds []ShuffleRound `json:"rounds"`
	Result uint64         `json:"result"`
}

// TraceShuffledIndex runs ShuffledIndex and records each round.
func TraceShuffledIndex(index, count uint64, seed [32]byte, rounds uint8) (ShuffleTrace, error) {
	if err := checkShuffle(index, count); err != nil {
		return ShuffleTrace{}, err
	}
	t := ShuffleTrace{Index: index, Count: count, Seed: seed, Rounds: make([]ShuffleRound, 0, rounds)}
	s := newShuffler(seed)
	for r := 0; r < int(rounds); r++ {
		round := uint8(r)
		pivot := s.pivot(round, count)
		flip := flipOf(pivot, index, count)
		position := max(index, flip)
		src := s.source(round, uint32(position/256))
		byteIdx := uint8((position % 256) / 8)
		bitIdx := uint8(position % 8)
		bit := (src[byteIdx] >> bitIdx) & 1
		st := ShuffleRound{
			Round: round, IndexBefore: index, Pivot: pivot, Flip: flip, Position: position,
			Source: src, ByteIndex: byteIdx, ByteValue: src[byteIdx], BitIndex: bitIdx, Bit: bit,
			Swapped: bit == 1,
		}
		if st.Swapped {
			index = flip
		}
		st.IndexAfter = index
		t.Rounds = append(t.Rounds, st)
	}
	t.Result = index
	return t, nil
}
