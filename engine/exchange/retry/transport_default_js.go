//go:build js

package retry

import "net/http"

// In the browser the playground always passes its own transport (the
// in-process sandbox). Naming http.DefaultTransport here would link Go's
// whole HTTP client and TLS stack into the page's wasm, about 5 MB, for a
// path that is never taken; a nil transport is an error instead.
func defaultTransport() http.RoundTripper { return nil }
