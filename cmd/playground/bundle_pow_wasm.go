//go:build bundle_pow

package main

import playapp "github.com/consensus-lab/playground/app"

func bundle() playapp.Bundle { return playapp.PoWBundle }
