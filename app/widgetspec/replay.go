package widgetspec

import (
	"fmt"
	"strings"
)

// ReplayActions are the moves of the replay widget, in the order its
// buttons show them.
var ReplayActions = []string{"send", "replay", "forge", "reuse", "late"}

// replay captures a signed request and sends it again, as an attacker on
// the path would; the in-process sandbox refuses the copy.
func init() {
	Register(Spec{
		Name:  "replay",
		Title: "Replay attacker",
		Doc:   "A client places a signed order; an attacker who captured it sends it again, tries a fresh nonce, or waits; the real sandbox handler answers each.",
		Params: []Param{
			{Name: "steps", Kind: String, Default: "send", MaxLen: 200,
				Doc: "the moves already made, comma-separated: send (client places an order), replay (attacker resends it as captured), forge (attacker swaps in a fresh nonce), reuse (client signs with the nonce the forgery used), late (attacker replays after the 300 s window)"},
		},
		Validate: func(v map[string]string) error {
			for _, s := range SplitSteps(v["steps"]) {
				if !isReplayAction(s) {
					return fmt.Errorf("steps: %q is not one of %s", s, strings.Join(ReplayActions, ", "))
				}
			}
			return nil
		},
	})
}

// SplitSteps splits a comma-separated list, trimming spaces and dropping
// empty entries.
func SplitSteps(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func isReplayAction(s string) bool {
	for _, a := range ReplayActions {
		if a == s {
			return true
		}
	}
	return false
}
