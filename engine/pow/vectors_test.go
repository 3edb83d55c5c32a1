package pow

import (
	_ "embed"
	"encoding/json"
	"math/big"
	"strconv"
	"strings"
	"testing"

	"github.com/consensus-lab/playground/engine/internal/vectors"
	"github.com/stretchr/testify/require"
)

// powVectors mirrors shared/vectors/pow.json.
type powVectors struct {
	Compact struct {
		Difficulty1Bits   string `json:"difficulty_1_nbits"`
		Difficulty1Target string `json:"difficulty_1_target_hex"`
		Difficulty1Dec    string `json:"difficulty_1_target_decimal"`
		PowLimit          string `json:"pow_limit_mainnet_hex"`
		PowLimitCompact   string `json:"pow_limit_compact_check"`
		Examples          []struct {
			Bits        string `json:"nbits"`
			Expected    string `json:"expected_target"`     // signed hex, e.g. "-0x12345600"
			ExpectedHex string `json:"computed_target_hex"` // 64 hex digits
			Negative    bool   `json:"negative_flag"`
			Overflow    bool   `json:"overflow_flag"`
			Note        string `json:"note"`
		} `json:"examples_from_bitcoin_core_tests"`
	} `json:"compact_target"`
	Headers []struct {
		Name     string  `json:"name"`
		Height   int64   `json:"height"`
		Hex      string  `json:"header_hex"`
		Internal string  `json:"hash_internal_byte_order"`
		Display  string  `json:"hash_display"`
		Expected string  `json:"expected_hash_display"`
		Target   string  `json:"target_hex"`
		MeetsTgt bool    `json:"hash_le_target"`
		Bdiff    float64 `json:"difficulty_bdiff"`
		Fields   struct {
			Version int32  `json:"version"`
			Prev    string `json:"prev_block_hash_display"`
			Merkle  string `json:"merkle_root_display"`
			Time    uint32 `json:"time"`
			BitsHex string `json:"bits_hex"`
			BitsU32 uint32 `json:"bits_u32"`
			Nonce   uint32 `json:"nonce"`
		} `json:"fields"`
	} `json:"headers"`
	Retarget struct {
		Cases []retargetCase `json:"cases"`
	} `json:"retarget"`
}

type retargetCase struct {
	Case         string `json:"case"`
	LastRetarget int64  `json:"nLastRetargetTime"`
	LastHeight   int64  `json:"last_height"`
	LastTime     int64  `json:"last_time"`
	LastBits     string `json:"last_bits"`
	ExpectedBits string `json:"expected_next_bits"`
}

type printedP struct {
	Z       int      `json:"z"`
	Printed string   `json:"P_printed"`
	Float64 *float64 `json:"P_recomputed_float64"`
	MP50    string   `json:"P_recomputed_mp50"`
}

// supplement holds published values the shared files lack (see its
// description and the report in testdata/supplement.json).
//
//go:embed testdata/supplement.json
var supplementJSON []byte

type supplementVectors struct {
	Retarget struct {
		Cases []retargetCase `json:"cases"`
	} `json:"retarget_cases"`
	Whitepaper struct {
		TableQ03 []printedP `json:"table_q_0_3"`
		Risk     float64    `json:"min_z_risk"`
		MinZ     []struct {
			Q float64 `json:"q"`
			Z int     `json:"z"`
		} `json:"min_z"`
	} `json:"whitepaper"`
}

func loadPow(t *testing.T) powVectors {
	t.Helper()
	var v powVectors
	require.NoError(t, vectors.Decode("pow.json", &v))
	require.NotEmpty(t, v.Headers)
	require.NotEmpty(t, v.Compact.Examples)
	require.NotEmpty(t, v.Retarget.Cases)
	return v
}

func loadSupplement(t *testing.T) supplementVectors {
	t.Helper()
	var s supplementVectors
	require.NoError(t, json.Unmarshal(supplementJSON, &s))
	return s
}

// whitepaperTables returns every printed table of whitepaper.json (keys
// table_q_<q with _ for .>), plus the supplement's q=0.3 table when the
// shared file does not have it.
func whitepaperTables(t *testing.T) map[float64][]printedP {
	t.Helper()
	var raw map[string]json.RawMessage
	require.NoError(t, vectors.Decode("whitepaper.json", &raw))
	tables := map[float64][]printedP{}
	for key, msg := range raw {
		qs, ok := strings.CutPrefix(key, "table_q_")
		if !ok {
			continue
		}
		q, err := strconv.ParseFloat(strings.ReplaceAll(qs, "_", "."), 64)
		require.NoError(t, err, key)
		var rows []printedP
		require.NoError(t, json.Unmarshal(msg, &rows), key)
		tables[q] = rows
	}
	if _, ok := tables[0.3]; !ok {
		tables[0.3] = loadSupplement(t).Whitepaper.TableQ03
	}
	return tables
}

func hexUint32(t *testing.T, s string) uint32 {
	t.Helper()
	v, err := strconv.ParseUint(strings.TrimPrefix(s, "0x"), 16, 32)
	require.NoError(t, err, s)
	return uint32(v)
}

// signedHex parses "0x12", "-0x12345600".
func signedHex(t *testing.T, s string) *big.Int {
	t.Helper()
	neg := strings.HasPrefix(s, "-")
	v, ok := new(big.Int).SetString(strings.TrimPrefix(strings.TrimPrefix(s, "-"), "0x"), 16)
	require.True(t, ok, s)
	if neg {
		v.Neg(v)
	}
	return v
}

func bigHex(t *testing.T, s string) *big.Int {
	t.Helper()
	v, ok := new(big.Int).SetString(s, 16)
	require.True(t, ok, s)
	return v
}
