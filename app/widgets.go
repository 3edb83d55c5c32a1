package app

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/apikeys"
	"github.com/consensus-lab/playground/app/apisigning"
	"github.com/consensus-lab/playground/app/attacks"
	"github.com/consensus-lab/playground/app/blocks"
	"github.com/consensus-lab/playground/app/consensus"
	"github.com/consensus-lab/playground/app/encryption"
	"github.com/consensus-lab/playground/app/forks"
	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/macs"
	"github.com/consensus-lab/playground/app/mining"
	"github.com/consensus-lab/playground/app/orders"
	"github.com/consensus-lab/playground/app/quiz"
	"github.com/consensus-lab/playground/app/signatures"
	"github.com/consensus-lab/playground/app/staking"
)

// widgetFactories is the registry: every widget a lesson can place, by its
// widgetspec name. A test checks every spec has a factory and every factory
// a spec.
var widgetFactories = map[string]kit.Factory{
	"check": quiz.NewCheck,
	// Signatures, transactions and Merkle trees (the work runs in the cipher worker).
	"txsign": signatures.NewTxSign, "merkle": signatures.NewMerkle,
	// Hashes and proof of work.
	"hashbox": blocks.NewHashBox, "chain": blocks.NewChain, "genesis": mining.NewGenesis,
	"miner": mining.NewMiner, "retarget": mining.NewRetarget,
	// Forks and the network.
	"forks": forks.NewForks, "selfish": forks.NewSelfish,
	// Proof of stake, attacks and the other consensus families.
	"lottery": staking.NewLottery, "shuffle": staking.NewShuffle,
	"attackrace": attacks.NewAttackRace, "finality": attacks.NewFinality, "nothingatstake": attacks.NewNothingAtStake,
	"dpos": consensus.NewDPoS, "energy": consensus.NewEnergy, "plots": consensus.NewPlots, "poa": consensus.NewPoA,
	// HMAC request signing against the in-process exchange.
	"signer": apisigning.NewSigner, "verifier": apisigning.NewVerifier, "replay": apisigning.NewReplay,
	"rotation": apisigning.NewRotation, "presets": apisigning.NewPresets,
	// API keys beyond the signature: scopes, allow-lists, other keys' orders, Ed25519, rate limits.
	"apikeys": apikeys.NewAPIKeys, "ratelimit": apikeys.NewRateLimit,
	// Inside HMAC.
	"hmacsteps": macs.NewHMACSteps, "lengthext": macs.NewLengthExt,
	// Encryption and signatures (the work runs in the cipher worker).
	"aesgcm": encryption.NewAESGCM, "hybrid": encryption.NewHybrid, "signlab": encryption.NewSignLab, "speedrace": encryption.NewSpeedRace,
	// Idempotent orders over a flaky network.
	"orderdesk": orders.NewOrderDesk, "conflicts": orders.NewConflicts, "retrypolicy": orders.NewRetryPolicy,
	"crashretry": orders.NewCrashRetry,
}

// newWidget builds the component for a widget placement.
func newWidget(name string, p kit.Placement) app.UI {
	f, ok := widgetFactories[name]
	if !ok {
		return app.P().Class("status error").Text("Unknown widget “" + name + "”.")
	}
	return f(p)
}
