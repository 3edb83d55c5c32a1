package pow

import (
	"context"
	"encoding/hex"
	"errors"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/consensus-lab/playground/engine/pow/kernel"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func genesis(t *testing.T) (Header, *big.Int) {
	t.Helper()
	v := loadPow(t)
	g := v.Headers[0]
	require.Equal(t, "genesis", g.Name)
	raw, err := hex.DecodeString(g.Hex)
	require.NoError(t, err)
	h, err := ParseHeader(raw)
	require.NoError(t, err)
	target, err := CompactToTarget(h.Bits)
	require.NoError(t, err)
	return h, target
}

func TestSearchFindsGenesisNonce(t *testing.T) {
	h, target := genesis(t)
	want := h.Nonce
	h.Nonce = 0 // ignored by Search
	nonce, ok := Search(h, target, want-3000, 4000)
	require.True(t, ok)
	assert.Equal(t, want, nonce)

	_, ok = Search(h, target, want-3000, 3000)
	assert.False(t, ok, "the range ends just before the genesis nonce")
	nonce, ok = Search(h, target, want, 1)
	assert.True(t, ok)
	assert.Equal(t, want, nonce)
}

func TestSearchTargets(t *testing.T) {
	h, _ := genesis(t)
	_, ok := Search(h, nil, 0, 100)
	assert.False(t, ok)
	_, ok = Search(h, big.NewInt(-1), 0, 100)
	assert.False(t, ok)
	huge := new(big.Int).Lsh(big.NewInt(1), 300)
	nonce, ok := Search(h, huge, 42, 100)
	assert.True(t, ok, "a target above 2^256 is met by every hash")
	assert.Equal(t, uint32(42), nonce)
	_, ok = Search(h, huge, 42, 0)
	assert.False(t, ok, "count 0 hashes nothing")
}

// TestScannersAgree: the kernel (used under wasm) and crypto/sha256 (used
// natively) must give the same answers, whichever platform runs the test.
func TestScannersAgree(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for i := range 40 {
		var hb [HeaderSize]byte
		for j := range hb {
			hb[j] = byte(r.Uint32())
		}
		var tb [32]byte
		tb[0] = byte(0xff >> (2 + i%5))
		for j := 1; j < 32; j++ {
			tb[j] = byte(r.Uint32())
		}
		k, s := kernel.NewJob(&hb, &tb), newStdScanner(&hb, &tb)
		from := r.Uint32()
		if i%4 == 0 {
			from = 0xffffffff - uint32(r.IntN(100))
		}
		count := uint32(r.IntN(300))
		kn, kok, kt := k.Scan(from, count)
		sn, sok, st := s.Scan(from, count)
		require.Equal(t, kok, sok, "case %d", i)
		require.Equal(t, kn, sn, "case %d", i)
		require.Equal(t, kt, st, "case %d", i)
	}
}

func TestSplit(t *testing.T) {
	for _, workers := range []int{-5, 0, 1, 2, 3, 7, 64, MaxWorkers, MaxWorkers + 1, 1 << 40} {
		rs := Split(workers)
		want := min(max(workers, 1), MaxWorkers)
		require.Len(t, rs, want, "workers %d", workers)
		assert.Equal(t, uint32(0), rs[0].First)
		assert.Equal(t, uint32(0xffffffff), rs[len(rs)-1].Last)
		var total uint64
		minLen, maxLen := rs[0].Len(), rs[0].Len()
		contiguous := true // checked without testify: 65536 ranges
		for i, r := range rs {
			if r.First > r.Last || i > 0 && uint64(rs[i-1].Last)+1 != uint64(r.First) {
				contiguous = false
			}
			total += r.Len()
			minLen, maxLen = min(minLen, r.Len()), max(maxLen, r.Len())
		}
		assert.True(t, contiguous, "workers %d: non-empty, contiguous and disjoint", workers)
		assert.Equal(t, uint64(1)<<32, total, "covers every nonce once")
		assert.LessOrEqual(t, maxLen-minLen, uint64(1), "balanced")
	}
	assert.Equal(t, uint64(1)<<32, FullRange().Len())
	assert.Equal(t, uint64(0), Range{5, 4}.Len())
}

func TestMineFindsWithProgress(t *testing.T) {
	h, target := genesis(t)
	want := h.Nonce
	var seen []Progress
	res, err := Mine(context.Background(), h, target, Range{want - 5000, want + 10}, MineOptions{
		Chunk:    1000,
		Progress: func(p Progress) { seen = append(seen, p) },
	})
	require.NoError(t, err)
	assert.True(t, res.Found)
	assert.Equal(t, want, res.Nonce)
	assert.Equal(t, h.Hash(), res.Hash)
	assert.Equal(t, uint64(5001), res.Hashes)
	require.Len(t, seen, 6)
	for i, p := range seen[:5] {
		assert.Equal(t, uint64(1000*(i+1)), p.Hashes)
		assert.Equal(t, uint64(5011), p.Total)
	}
	assert.Equal(t, uint64(5001), seen[5].Hashes)
}

func TestMineExhausts(t *testing.T) {
	h, _ := genesis(t)
	calls := 0
	res, err := Mine(context.Background(), h, big.NewInt(0), Range{0xffffffff - 2499, 0xffffffff}, MineOptions{
		Chunk:    1000,
		Progress: func(Progress) { calls++ },
	})
	require.NoError(t, err)
	assert.False(t, res.Found)
	assert.Equal(t, uint64(2500), res.Hashes, "stops at the top without wrapping")
	assert.Equal(t, 3, calls)
}

func TestMineCancel(t *testing.T) {
	h, _ := genesis(t)
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	res, err := Mine(ctx, h, big.NewInt(0), FullRange(), MineOptions{
		Chunk: 500,
		Progress: func(p Progress) {
			calls++
			if calls == 3 {
				cancel()
			}
		},
	})
	assert.ErrorIs(t, err, context.Canceled)
	assert.False(t, res.Found)
	assert.Equal(t, uint64(1500), res.Hashes, "cancellation is seen between chunks")

	res, err = Mine(ctx, h, big.NewInt(0), FullRange(), MineOptions{})
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, uint64(0), res.Hashes)
}

func TestMineBadInput(t *testing.T) {
	h, target := genesis(t)
	_, err := Mine(context.Background(), h, target, Range{10, 9}, MineOptions{})
	assert.True(t, errors.Is(err, ErrEmptyRange))
	_, err = Mine(context.Background(), h, nil, FullRange(), MineOptions{})
	assert.Error(t, err)
	_, err = Mine(context.Background(), h, big.NewInt(-5), FullRange(), MineOptions{})
	assert.Error(t, err)
	//lint:ignore SA1012 a nil context is bad input that must not panic
	res, err := Mine(nil, h, target, Range{h.Nonce, h.Nonce}, MineOptions{})
	assert.NoError(t, err)
	assert.True(t, res.Found)
	_, err = MineParallel(context.Background(), h, nil, 2, MineOptions{})
	assert.Error(t, err)
}

func TestMineParallel(t *testing.T) {
	h, _ := genesis(t)
	target, err := ZeroBitsTarget(10)
	require.NoError(t, err)
	var last Progress
	calls := 0
	res, err := MineParallel(context.Background(), h, target, 4, MineOptions{
		Chunk: 256,
		Progress: func(p Progress) {
			calls++
			assert.GreaterOrEqual(t, p.Hashes, last.Hashes, "progress only grows")
			last = p
		},
	})
	require.NoError(t, err)
	require.True(t, res.Found)
	h.Nonce = res.Nonce
	assert.Equal(t, h.Hash(), res.Hash)
	assert.True(t, res.Hash.Meets(target))
	assert.GreaterOrEqual(t, res.Hash.LeadingZeroBits(), 10)
	assert.GreaterOrEqual(t, res.Hashes, uint64(1))
	assert.Positive(t, calls)
	assert.Equal(t, uint64(1)<<32, last.Total)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err = MineParallel(ctx, h, big.NewInt(0), 3, MineOptions{})
	assert.ErrorIs(t, err, context.Canceled)
	assert.False(t, res.Found)
}
