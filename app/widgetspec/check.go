package widgetspec

import (
	"fmt"
	"strings"
)

// check is a "predict, then run" question: the learner commits to an answer
// before the widget above it proves what happens. Answers and progress are
// kept in localStorage per lesson.
func init() {
	Register(Spec{
		Name:  "check",
		Title: "Predict, then run",
		Doc:   "A multiple-choice prediction; after answering, the learner sees whether they were right and why, and runs the widget to confirm.",
		Params: []Param{
			{Name: "question", Kind: String, Default: "What do you predict?", MaxLen: 400, Doc: "the question"},
			{Name: "options", Kind: String, Default: "Yes|No", MaxLen: 600, Doc: "the choices, separated by |"},
			{Name: "answer", Kind: String, Default: "Yes", MaxLen: 200, Doc: "the correct choice, exactly as written in options"},
			{Name: "explain", Kind: String, Default: "", MaxLen: 800, Doc: "why the answer is right; shown after answering"},
			{Name: "hint", Kind: String, Default: "", MaxLen: 800, Doc: "a nudge shown on request before answering (a \"Show a hint\" button); optional"},
		},
		Validate: func(v map[string]string) error {
			opts := SplitOptions(v["options"])
			if len(opts) < 2 {
				return fmt.Errorf("options needs at least two choices separated by |, got %q", v["options"])
			}
			for _, o := range opts {
				if o == v["answer"] {
					return nil
				}
			}
			return fmt.Errorf("answer %q is not one of the options (%s)", v["answer"], strings.Join(opts, ", "))
		},
	})
}

// SplitOptions splits a check's options on '|', trimming spaces and
// dropping empty choices.
func SplitOptions(s string) []string {
	var out []string
	for _, o := range strings.Split(s, "|") {
		if o = strings.TrimSpace(o); o != "" {
			out = append(out, o)
		}
	}
	return out
}
