package widgetspec

import (
	"errors"
	"strconv"
	"strings"

	"github.com/consensus-lab/playground/engine/pow"
)

func init() {
	Register(Spec{
		Name:  "miner",
		Title: "Proof-of-work miner",
		Doc:   "Mine a block in your browser on every core: edit the block, pick a difficulty (leading zero bits or real nBits), watch the hash rate and the progress toward the expected work, stop and resume, and see why the winning hash counts.",
		Params: []Param{
			{Name: "bits", Kind: Int, Default: "16", Min: 1, Max: 32, Doc: "difficulty as leading zero bits of the hash"},
			{Name: "nbits", Kind: String, Default: "", MaxLen: 10, Doc: "difficulty as Bitcoin's compact nBits in hex (e.g. 1f00ffff); overrides bits when set"},
			{Name: "data", Kind: String, Default: "Alice pays Bob 10 coins", MaxLen: 1024, Doc: "the block's data; its double SHA-256 stands in for the merkle root"},
			{Name: "workers", Kind: Int, Default: "0", Min: 0, Max: 8, Doc: "number of Web Workers; 0 means one per core (at most 8)"},
		},
		Validate: func(v map[string]string) error {
			if v["nbits"] == "" {
				return nil
			}
			_, err := ParseNBits(v["nbits"])
			return err
		},
	})
}

// ParseNBits reads Bitcoin's compact difficulty bits in hex ("1d00ffff" or
// "0x1d00ffff") and accepts only bits a hash can meet: a positive target
// that neither overflows 256 bits nor sets the sign bit.
func ParseNBits(s string) (uint32, error) {
	t := strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(s), "0x"), "0X")
	if t == "" || len(t) > 8 {
		return 0, errors.New("nBits is 1 to 8 hex digits, like 1d00ffff")
	}
	v, err := strconv.ParseUint(t, 16, 32)
	if err != nil {
		return 0, errors.New("nBits must be hex digits, like 1d00ffff")
	}
	target, err := pow.CompactToTarget(uint32(v))
	if err != nil {
		return 0, errors.New(strings.TrimPrefix(err.Error(), "pow: "))
	}
	if target.Sign() == 0 {
		return 0, errors.New("these nBits encode a zero target, which no hash meets")
	}
	return uint32(v), nil
}
