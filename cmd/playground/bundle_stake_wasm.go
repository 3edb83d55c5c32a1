//go:build bundle_stake

package main

import playapp "github.com/consensus-lab/playground/app"

func bundle() playapp.Bundle { return playapp.StakeBundle }
