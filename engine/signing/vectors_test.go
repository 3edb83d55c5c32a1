package signing

import (
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"testing"
	"time"

	"github.com/consensus-lab/playground/engine/internal/vectors"
	"github.com/stretchr/testify/require"
)

// hmacVectors is the part of shared/vectors/hmac.json the tests use.
type hmacVectors struct {
	RFC4231 struct {
		Cases []struct {
			TestCase   int    `json:"test_case"`
			KeyHex     string `json:"key_hex"`
			DataHex    string `json:"data_hex"`
			TruncateTo *int   `json:"truncate_to_bytes"`
			HMACSHA256 string `json:"hmac_sha256"`
			HMACSHA512 string `json:"hmac_sha512"`
			Full256    string `json:"full_untruncated_hmac_sha256_self_computed"`
			Full512    string `json:"full_untruncated_hmac_sha512_self_computed"`
		} `json:"cases"`
	} `json:"rfc4231"`
	Binance struct {
		APIKey    string `json:"api_key"`
		SecretKey string `json:"secret_key"`
		Cases     []struct {
			Name      string `json:"name"`
			Payload   string `json:"payload"`
			Signature string `json:"expected_signature_hex"`
		} `json:"cases"`
	} `json:"binance"`
	AWS struct {
		Context struct {
			AccessKeyID     string `json:"access_key_id"`
			SecretAccessKey string `json:"secret_access_key"`
			Region          string `json:"region"`
			Service         string `json:"service"`
			Timestamp       string `json:"timestamp"`
			AmzDate         string `json:"amz_date"`
			ExpiresSeconds  int    `json:"query_expiration_seconds"`
		} `json:"context"`
		SigningKey struct {
			KDate    string `json:"kDate"`
			KRegion  string `json:"kRegion"`
			KService string `json:"kService"`
			KSigning string `json:"kSigning"`
		} `json:"signing_key_steps_self_computed"`
		Cases []struct {
			Name              string `json:"name"`
			Placement         string `json:"signature_placement"`
			Request           string `json:"request"`
			CanonicalRequest  string `json:"canonical_request"`
			StringToSign      string `json:"string_to_sign"`
			ExpectedSignature string `json:"expected_signature"`
			SignedRequest     string `json:"signed_request"`
		} `json:"cases"`
	} `json:"aws_sigv4"`
}

func loadHMAC(t testing.TB) hmacVectors {
	t.Helper()
	var v hmacVectors
	require.NoError(t, vectors.Decode("hmac.json", &v))
	require.NotEmpty(t, v.RFC4231.Cases)
	require.NotEmpty(t, v.Binance.Cases)
	require.NotEmpty(t, v.AWS.Cases)
	return v
}

// presetVectors are published examples hmac.json lacks; see
// testdata/presets.json for their sources.
type presetVectors struct {
	Binance struct {
		Cases []struct {
			Name        string `json:"name"`
			Query       string `json:"query"`
			Body        string `json:"body"`
			TotalParams string `json:"total_params"`
			Signature   string `json:"signature"`
		} `json:"cases"`
	} `json:"binance"`
	Kraken struct {
		Secret   string `json:"secret_base64"`
		Nonce    string `json:"nonce"`
		PostData string `json:"post_data"`
		URLPath  string `json:"url_path"`
		APISign  string `json:"api_sign"`
	} `json:"kraken"`
	AWSSuite struct {
		Cases []struct {
			Name                  string      `json:"name"`
			Method                string      `json:"method"`
			WirePath              string      `json:"wire_path"`
			RawQuery              string      `json:"raw_query"`
			Headers               [][2]string `json:"headers"`
			Body                  string      `json:"body"`
			ExpectedAuthorization string      `json:"expected_authorization"`
			CanonicalRequest      string      `json:"canonical_request"`
		} `json:"cases"`
	} `json:"aws_sigv4_suite"`
}

//go:embed testdata/presets.json
var presetsJSON []byte

func loadPresets(t testing.TB) presetVectors {
	t.Helper()
	var v presetVectors
	require.NoError(t, json.Unmarshal(presetsJSON, &v))
	require.NotEmpty(t, v.AWSSuite.Cases)
	return v
}

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	require.NoError(t, err)
	return b
}

func TestRFC4231(t *testing.T) {
	v := loadHMAC(t)
	require.Len(t, v.RFC4231.Cases, 7)
	for _, c := range v.RFC4231.Cases {
		key, data := mustHex(t, c.KeyHex), mustHex(t, c.DataHex)
		for _, tc := range []struct {
			alg        Algorithm
			want, full string
		}{
			{AlgorithmSHA256, c.HMACSHA256, c.Full256},
			{AlgorithmSHA512, c.HMACSHA512, c.Full512},
		} {
			got := macBytes(tc.alg, key, string(data))
			if c.TruncateTo != nil {
				require.Equal(t, tc.full, hex.EncodeToString(got), "case %d %s untruncated", c.TestCase, tc.alg)
				got = got[:*c.TruncateTo]
			}
			require.Equal(t, tc.want, hex.EncodeToString(got), "case %d %s", c.TestCase, tc.alg)
		}
	}
}

func awsTime(t testing.TB, v hmacVectors) time.Time {
	t.Helper()
	ts, err := time.Parse(time.RFC3339, v.AWS.Context.Timestamp)
	require.NoError(t, err)
	return ts
}
