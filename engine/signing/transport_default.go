//go:build !js

package signing

import "net/http"

// defaultTransport is what a nil transport means: the standard one.
func defaultTransport() http.RoundTripper { return http.DefaultTransport }
