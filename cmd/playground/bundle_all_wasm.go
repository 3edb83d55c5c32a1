//go:build !bundle_pow && !bundle_stake && !bundle_signing && !bundle_orders && !bundle_crypto

package main

import playapp "github.com/consensus-lab/playground/app"

// Without a bundle tag the browser app has every widget: web/gen/app-all.wasm,
// for pages whose widgets no single bundle holds.
func bundle() playapp.Bundle { return playapp.AllBundle() }
