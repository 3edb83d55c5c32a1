package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// section frames a wasm section: id, LEB128 size, payload.
func section(id byte, payload ...byte) []byte {
	return append([]byte{id, byte(len(payload))}, payload...)
}

func str(s string) []byte { return append([]byte{byte(len(s))}, s...) }

func cat(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// tinyModule has one imported function (index 0), two bodies of 3 and 5
// bytes (indices 1 and 2), a data section and a name section that names the
// bodies, as Go's linker lays them out.
func tinyModule() []byte {
	imports := cat([]byte{1}, str("go"), str("debug"), []byte{0, 0})
	code := cat([]byte{2}, []byte{3, 0, 0x41, 0x0b}, []byte{5, 0, 0x01, 0x01, 0x01, 0x0b})
	data := []byte{1, 0, 0x41, 0, 0x0b, 3, 'a', 'b', 'c'}
	fnames := cat([]byte{2}, []byte{1}, str("runtime.main"), []byte{2}, str("github.com_x_y.(*T).M"))
	names := cat(str("name"), []byte{1, byte(len(fnames))}, fnames)
	return cat([]byte("\x00asm\x01\x00\x00\x00"),
		section(1, 1, 0x60, 0, 0), // one type, () -> ()
		section(2, imports...),
		section(10, code...),
		section(11, data...),
		section(0, names...))
}

func TestParseMatchesNamesToBodiesPastTheImports(t *testing.T) {
	m, err := Parse(tinyModule())
	require.NoError(t, err)
	assert.Equal(t, []Func{{"runtime.main", 3}, {"github.com_x_y.(*T).M", 5}}, m.Funcs)
	assert.Equal(t, 8, m.Code())
	assert.Equal(t, 9, m.Data)
	assert.Equal(t, []Weight{{"github.com_x_y", 5}, {"runtime", 3}}, m.ByPackage())
}

func TestParseRefusesWhatIsNotWholeWasm(t *testing.T) {
	whole := tinyModule()
	_, err := Parse([]byte("\x7fELF\x02\x01\x01\x00"))
	assert.Error(t, err)
	for _, n := range []int{9, 12, 20, len(whole) - 1} {
		_, err := Parse(whole[:n])
		assert.Error(t, err, "cut at %d of %d bytes", n, len(whole))
	}
}

func TestPackageOf(t *testing.T) {
	for name, want := range map[string]string{
		"runtime.mallocgc":                                   "runtime",
		"encoding_json.__decodeState_.object":                "encoding_json",
		"github.com_consensus_lab_playground_app.Chart":      "github.com_consensus_lab_playground_app",
		"github.com_maxence_charriere_go_app_v9_pkg_app.Div": "github.com_maxence_charriere_go_app_v9_pkg_app",
		"vendor_golang.org_x_crypto_chacha20.New":            "vendor_golang.org_x_crypto_chacha20",
		"crypto_internal_fips140_nistec_fiat.p521Mul":        "crypto_internal_fips140_nistec_fiat",
		"":               "(unnamed)",
		"wasm_pc_f_loop": "wasm_pc_f_loop",
	} {
		assert.Equal(t, want, PackageOf(name), name)
	}
}
