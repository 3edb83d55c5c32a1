//go:build bundle_signing

package main

import playapp "github.com/consensus-lab/playground/app"

func bundle() playapp.Bundle { return playapp.SigningBundle }
