package widgetspec

import (
	"fmt"
	"strconv"
	"strings"
)

// RotationRequest is one request of the rotation widget: signed with the
// old or the new secret at a minute of the timeline.
type RotationRequest struct {
	Secret string // "old" or "new"
	Minute int
}

// RotationMaxMinute is the end of the rotation timeline.
const RotationMaxMinute = 120

// ParseRotationRequests reads "old@5,new@20": secret@minute, comma-separated.
func ParseRotationRequests(s string) ([]RotationRequest, error) {
	var out []RotationRequest
	for _, part := range SplitSteps(s) {
		secret, minute, ok := strings.Cut(part, "@")
		if !ok || (secret != "old" && secret != "new") {
			return nil, fmt.Errorf("requests: %q is not old@<minute> or new@<minute>", part)
		}
		m, err := strconv.Atoi(minute)
		if err != nil || m < 0 || m > RotationMaxMinute {
			return nil, fmt.Errorf("requests: %q needs a minute from 0 to %d", part, RotationMaxMinute)
		}
		out = append(out, RotationRequest{Secret: secret, Minute: m})
	}
	return out, nil
}

// rotation shows a secret rotated with an overlap window on a timeline.
func init() {
	Register(Spec{
		Name:  "rotation",
		Title: "Key rotation timeline",
		Doc:   "An API key gets a new secret while the old one still works; requests signed with either at chosen minutes are accepted or refused by the sandbox's key ring.",
		Params: []Param{
			{Name: "new_from", Kind: Int, Default: "10", Min: 0, Max: RotationMaxMinute, Doc: "minute the new secret becomes valid"},
			{Name: "old_until", Kind: Int, Default: "40", Min: 0, Max: RotationMaxMinute, Doc: "minute the old secret is retired"},
			{Name: "requests", Kind: String, Default: "old@5,new@5,old@25,new@25,old@50,new@50", MaxLen: 400, Doc: "requests as secret@minute (secret old or new), comma-separated"},
		},
		Validate: func(v map[string]string) error {
			_, err := ParseRotationRequests(v["requests"])
			return err
		},
	})
}
