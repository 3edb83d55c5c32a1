package kittest

import "strings"

// HasElement reports whether html has a start tag carrying every one of
// attrs, each written as name="value" (go-app writes attributes in no fixed
// order), for elements found by what they say rather than by id: a log row
// with data-action="replay" and data-code="replayed_nonce".
func HasElement(html string, attrs ...string) bool {
	for _, part := range strings.Split(html, "<")[1:] {
		tag, _, _ := strings.Cut(part, ">")
		all := true
		for _, a := range attrs {
			if !strings.Contains(" "+tag+" ", " "+a+" ") {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}
