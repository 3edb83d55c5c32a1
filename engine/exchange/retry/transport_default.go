//go:build !js

package retry

import "net/http"

// defaultTransport is what a nil transport means: the standard one.
func defaultTransport() http.RoundTripper { return http.DefaultTransport }
