package vectors

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// The shared folder sits beside the repository: engine/internal/vectors is
// four levels below it.
const sharedDir = "../../../../shared/vectors"

func TestCopiesMatchShared(t *testing.T) {
	entries, err := os.ReadDir(sharedDir)
	if err != nil {
		t.Skipf("no shared vectors beside the repository (%v): checking the embedded copies only", err)
	}
	for _, e := range entries {
		if ext := filepath.Ext(e.Name()); e.IsDir() || (ext != ".json" && ext != ".csv") {
			continue
		}
		want, err := os.ReadFile(filepath.Join(sharedDir, e.Name()))
		require.NoError(t, err)
		got, err := Raw(e.Name())
		require.NoError(t, err, "%s is in shared/vectors but not copied into testdata", e.Name())
		require.Equal(t, string(want), string(got), "testdata/%s differs from shared/vectors", e.Name())
	}
}

func TestDecodeEveryFile(t *testing.T) {
	for _, name := range []string{"pow.json", "whitepaper.json", "shuffle.json", "hmac.json"} {
		var v map[string]any
		require.NoError(t, Decode(name, &v), name)
		require.NotEmpty(t, v, name)
	}
	require.Error(t, Decode("missing.json", &map[string]any{}))
}

func TestRFC4231Decodes(t *testing.T) {
	cases, err := RFC4231()
	require.NoError(t, err)
	require.Len(t, cases, 7)
	require.Equal(t, "Hi There", string(cases[0].Data))
	require.Equal(t, 16, cases[4].TruncateTo, "case 5 is published truncated to 128 bits")
	require.Len(t, cases[5].Key, 131, "case 6 has a key longer than the block")
}
