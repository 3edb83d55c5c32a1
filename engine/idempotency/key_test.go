package idempotency

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/dunglas/httpsfv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/engine/internal/vectors"
)

func TestParseKey(t *testing.T) {
	long := strings.Repeat("k", MaxKeyLength)
	cases := []struct {
		name, in, want string
		ok             bool
	}{
		{"sf-string", `"abc"`, "abc", true},
		{"bare token", `abc`, "abc", true},
		{"uuid", `"8e03978e-40d5-43e8-bc93-6894a57f9324"`, "8e03978e-40d5-43e8-bc93-6894a57f9324", true},
		{"surrounding whitespace", " \t\"abc\" ", "abc", true},
		{"escaped quote and backslash", `"a\"b\\c"`, `a"b\c`, true},
		{"parameters ignored", `"abc";v=1`, "abc", true},
		{"inner space", `"a b"`, "a b", true},
		{"bare with punctuation", `ord-1/2:3`, "ord-1/2:3", true},
		{"255 bare", long, long, true},
		{"255 quoted", `"` + long + `"`, long, true},
		{"empty", ``, "", false},
		{"only spaces", `   `, "", false},
		{"empty sf-string", `""`, "", false},
		{"256 bare", long + "k", "", false},
		{"256 quoted", `"` + long + `k"`, "", false},
		{"unterminated", `"abc`, "", false},
		{"trailing garbage", `"abc" x`, "", false},
		{"bad escape", `"a\nb"`, "", false},
		{"non-ASCII bare", "caf\u00e9", "", false},
		{"non-ASCII quoted", "\"caf\u00e9\"", "", false},
		{"control byte", "a\x01b", "", false},
		{"DEL", "a\x7fb", "", false},
		{"huge", strings.Repeat("x", 10000), "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseKey(tc.in)
			if !tc.ok {
				require.Error(t, err)
				assert.ErrorIs(t, err, ErrKeyInvalid)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestBareAndQuotedNameTheSameKey(t *testing.T) {
	a, err := ParseKey(`abc`)
	require.NoError(t, err)
	b, err := ParseKey(`"abc"`)
	require.NoError(t, err)
	assert.Equal(t, a, b)
}

// The examples of the draft, as quoted in the published notes, are keys.
func TestDraftExamplesParse(t *testing.T) {
	raw, err := vectors.Raw("idempotency.md")
	require.NoError(t, err)
	examples := regexp.MustCompile(`Idempotency-Key: ("[^"]+")`).FindAllStringSubmatch(string(raw), -1)
	require.NotEmpty(t, examples, "the notes quote the draft's example header values")
	for _, m := range examples {
		got, err := ParseKey(m[1])
		require.NoError(t, err, m[1])
		assert.Equal(t, strings.Trim(m[1], `"`), got)
	}
}

func TestFromHeader(t *testing.T) {
	h := http.Header{}
	_, err := FromHeader(h)
	assert.ErrorIs(t, err, ErrKeyMissing)

	h.Set(HeaderName, "")
	_, err = FromHeader(h)
	assert.ErrorIs(t, err, ErrKeyInvalid, "an empty field is invalid, not missing")

	h.Set(HeaderName, `"k1"`)
	got, err := FromHeader(h)
	require.NoError(t, err)
	assert.Equal(t, "k1", got)

	h.Add(HeaderName, `"k2"`)
	_, err = FromHeader(h)
	assert.ErrorIs(t, err, ErrKeyInvalid, "two fields could name two keys")
}

func FuzzParseKey(f *testing.F) {
	for _, s := range []string{`"abc"`, `abc`, `""`, `"a\"b"`, `"abc";x=1`, "\"caf\u00e9\"", `"abc`, " x ", strings.Repeat("a", 256), `"\`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		key, err := ParseKey(in)
		if err != nil {
			require.ErrorIs(t, err, ErrKeyInvalid)
			return
		}
		require.NotEmpty(t, key)
		require.LessOrEqual(t, len(key), MaxKeyLength)
		for i := 0; i < len(key); i++ {
			require.True(t, key[i] >= 0x20 && key[i] <= 0x7e, "byte %d of %q", i, key)
		}
		// Every accepted key survives a round trip through its sf-string form.
		quoted, err := httpsfv.Marshal(httpsfv.NewItem(key))
		require.NoError(t, err)
		again, err := ParseKey(quoted)
		require.NoError(t, err)
		require.Equal(t, key, again)
	})
}
