package app

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/apisigning"
	"github.com/consensus-lab/playground/app/encryption"
	"github.com/consensus-lab/playground/app/kit"
	"github.com/consensus-lab/playground/app/mining"
	"github.com/consensus-lab/playground/app/orders"
	"github.com/consensus-lab/playground/app/quiz"
	"github.com/consensus-lab/playground/app/widgetspec"
)

// widgetFactories is the registry: every widget a lesson can place, by its
// widgetspec name. A test checks every spec has a factory and every factory
// a spec.
var widgetFactories = map[string]kit.Factory{
	"check": quiz.NewCheck,
	// Hashes and proof of work.
	"hashbox": legacy(newHashBox), "chain": legacy(newChain), "genesis": legacy(newGenesis),
	"miner": legacy(newMiner), "retarget": mining.NewRetarget,
	// Proof of stake, attacks and the other consensus families.
	"lottery": legacy(newLottery), "shuffle": legacy(newShuffleStepper),
	"attackrace": legacy(newAttackRace), "finality": legacy(newFinalityWidget), "nothingatstake": legacy(newNothingAtStake),
	"dpos": legacy(newDposVote), "energy": legacy(newEnergyCompare), "plots": legacy(newPlots), "poa": legacy(newPoaRotation),
	// HMAC request signing against the in-process exchange.
	"signer": apisigning.NewSigner, "verifier": apisigning.NewVerifier, "replay": apisigning.NewReplay,
	"rotation": apisigning.NewRotation, "presets": apisigning.NewPresets,
	// Encryption and signatures (the work runs in the cipher worker).
	"aesgcm": encryption.NewAESGCM, "hybrid": encryption.NewHybrid, "signlab": encryption.NewSignLab, "speedrace": encryption.NewSpeedRace,
	// Idempotent orders over a flaky network.
	"orderdesk": orders.NewOrderDesk, "conflicts": orders.NewConflicts, "retrypolicy": orders.NewRetryPolicy,
}

// newWidget builds the component for a widget placement.
func newWidget(name, id string, params map[string]string) app.UI {
	f, ok := widgetFactories[name]
	if !ok {
		return app.P().Class("status error").Text("Unknown widget “" + name + "”.")
	}
	return f(kit.Placement{ID: id, Params: params})
}

// resolveParams fills defaults and clamps; the notes say what changed.
func resolveParams(name string, params map[string]string) (map[string]string, []string) {
	s, _ := widgetspec.Lookup(name)
	return s.Resolve(params)
}

// widgetFrame is the root element every widget shares: course pages find
// widgets by data-widget and wait for data-state="ready" (set once the
// widget is live in the browser; pre-rendered HTML says "static").
func widgetFrame(name, id string, ready bool, notes []string, body ...app.UI) app.UI {
	s, _ := widgetspec.Lookup(name)
	state := "static"
	if ready {
		state = "ready"
	}
	children := []app.UI{app.H3().Class("widget-title").ID(id + "-title").Text(s.Title)}
	for _, n := range notes {
		children = append(children, app.P().Class("widget-note").Role("status").Text("Note: "+n))
	}
	children = append(children, body...)
	return app.Section().
		ID(id).
		Class("widget").
		DataSet("widget", name).
		DataSet("state", state).
		Aria("labelledby", id+"-title").
		Body(children...)
}
