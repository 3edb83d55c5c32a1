package kernel

import (
	"go/build/constraint"
	"go/parser"
	"go/token"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestImportsStaySmall guards the miner worker's download budget: the
// package itself (tests and the generator aside) may import only these.
func TestImportsStaySmall(t *testing.T) {
	allowed := map[string]bool{"encoding/binary": true, "math/bits": true}
	entries, err := os.ReadDir(".")
	require.NoError(t, err)
	checked := 0
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly|parser.ParseComments)
		require.NoError(t, err)
		ignored := false
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if expr, err := constraint.Parse(c.Text); err == nil {
					ignored = ignored || !expr.Eval(func(tag string) bool { return tag != "ignore" })
				}
			}
		}
		if ignored {
			continue // gen.go
		}
		checked++
		for _, imp := range f.Imports {
			path, err := strconv.Unquote(imp.Path.Value)
			require.NoError(t, err)
			assert.True(t, allowed[path], "%s imports %s", name, path)
		}
	}
	assert.GreaterOrEqual(t, checked, 2, "kernel.go and scan_gen.go")
}
