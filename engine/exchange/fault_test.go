package exchange

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseFault(t *testing.T) {
	good := []struct {
		in   string
		want Fault
	}{
		{"", Fault{}},
		{"  ", Fault{}},
		{"drop-response", Fault{DropResponse: true}},
		{"delay=1500ms", Fault{Delay: 1500 * time.Millisecond}},
		{"delay=0s", Fault{}},
		{"delay=1h", Fault{Delay: 10 * time.Second, DelayCapped: true}},
		{"status=503", Fault{Status: 503}},
		{" delay=2s , drop-response ", Fault{Delay: 2 * time.Second, DropResponse: true}},
	}
	for _, tc := range good {
		got, err := ParseFault(tc.in, 10*time.Second)
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, got, tc.in)
	}
	bad := []struct{ in, why string }{
		{"status=499", "500 to 599"},
		{"status=600", "500 to 599"},
		{"status", "500 to 599"},
		{"delay", "Go duration"},
		{"delay=5", "Go duration"},
		{"delay=-1s", "negative"},
		{"drop-response=yes", "no value"},
		{"explode", "unknown fault"},
		{"status=500,status=501", "twice"},
		{"drop-response,", "empty item"},
		{strings.Repeat("a", 300), "longer than"},
	}
	for _, tc := range bad {
		_, err := ParseFault(tc.in, 10*time.Second)
		var fe *FaultError
		require.ErrorAs(t, err, &fe, tc.in)
		assert.Contains(t, fe.Detail, tc.why, tc.in)
	}
}

func FuzzParseFault(f *testing.F) {
	for _, s := range []string{"drop-response", "delay=1500ms", "status=503", "delay=2s,drop-response", "status=5e2", "delay=9999999h", ",,", "=x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseFault(s, 30*time.Second)
		if err != nil {
			var fe *FaultError
			require.ErrorAs(t, err, &fe)
			return
		}
		require.GreaterOrEqual(t, got.Delay, time.Duration(0))
		require.LessOrEqual(t, got.Delay, 30*time.Second)
		require.True(t, got.Status == 0 || (got.Status >= 500 && got.Status <= 599))
	})
}
