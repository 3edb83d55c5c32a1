//go:build bundle_orders

package main

import playapp "github.com/consensus-lab/playground/app"

func bundle() playapp.Bundle { return playapp.OrdersBundle }
