//go:build bundle_crypto

package main

import playapp "github.com/consensus-lab/playground/app"

func bundle() playapp.Bundle { return playapp.CryptoBundle }
