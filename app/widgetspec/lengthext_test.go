package widgetspec

import (
	"encoding/hex"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/engine/lengthext"
)

// The Inside HMAC lesson describes the widgets' defaults: a 16-byte secret,
// so secret || message is 35 bytes and the glue 29; a first guess that is
// wrong, so the naive verifier refuses until the learner moves it; and the
// well-known HMAC-SHA256 example for hmacsteps.
func TestLengthExtensionDefaultsMatchTheLesson(t *testing.T) {
	s, ok := Lookup("lengthext")
	require.True(t, ok)
	v, notes := s.Resolve(nil)
	require.Empty(t, notes)
	secret, message, suffix := []byte(v["secret"]), []byte(v["message"]), []byte(v["suffix"])
	require.Len(t, secret, 16)
	require.Len(t, append(secret, message...), 35)
	assert.Len(t, lengthext.Padding(35), 29)

	guess, err := strconv.Atoi(v["guess"])
	require.NoError(t, err)
	tag := lengthext.NaiveTag(secret, message)
	wrong, err := lengthext.Forge(tag, guess, message, suffix)
	require.NoError(t, err)
	assert.False(t, lengthext.NaiveVerify(secret, wrong.Message, wrong.Tag), "the default guess is wrong")
	right, err := lengthext.Forge(tag, len(secret), message, suffix)
	require.NoError(t, err)
	assert.True(t, lengthext.NaiveVerify(secret, right.Message, right.Tag), "the true length forges")

	s, ok = Lookup("hmacsteps")
	require.True(t, ok)
	v, _ = s.Resolve(nil)
	tr := lengthext.HMAC([]byte(v["key"]), []byte(v["message"]))
	assert.Equal(t, "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8", hex.EncodeToString(tr.Tag[:]))
}
