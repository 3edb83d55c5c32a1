package problem

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWriteThenParse(t *testing.T) {
	rec := httptest.NewRecorder()
	Write(rec, Newf(http.StatusUnauthorized, "stale_timestamp", "clock off by %d s", 420))

	require.Equal(t, http.StatusUnauthorized, rec.Code)
	assert.Equal(t, ContentType, rec.Header().Get("Content-Type"))
	assert.Equal(t, "no-store", rec.Header().Get("Cache-Control"))

	d, err := Parse(rec.Body.Bytes())
	require.NoError(t, err)
	assert.Equal(t, Details{
		Type:   TypeBase + "stale_timestamp",
		Title:  "Unauthorized",
		Status: 401,
		Detail: "clock off by 420 s",
		Code:   "stale_timestamp",
	}, d)
	assert.Equal(t, "401 stale_timestamp: clock off by 420 s", d.Error())
}

func TestParseRejectsNonProblems(t *testing.T) {
	for _, body := range []string{``, `[]`, `{}`, `{"id":"ord_1"}`, `not json`} {
		_, err := Parse([]byte(body))
		assert.Error(t, err, body)
	}
}
