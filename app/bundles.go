package app

import (
	"slices"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// A Bundle is a group of widgets compiled into a browser wasm of its own
// (web/gen/app-<name>.wasm): every page loads only the bundle that holds its
// widgets.
//
// Why: go-app v9 loads one wasm per page, and go-app by itself (it imports
// net/http, hence crypto/tls, x509 and their initialisers) already weighs
// 1.36 MB of the 1.8 MB brotli budget. With every widget in one wasm the
// app was 2.0 MB brotli; a bundle of a few lessons fits (`make size`).
//
// The groups are runs of consecutive lessons, so that "next lesson" rarely
// crosses a bundle; crossing one costs a page load (lessonPage). A
// widget is in exactly one bundle, "check" is in all of them, and a test
// checks both against widgetspec.
type Bundle struct {
	Name    string
	Widgets []Widget
}

// Widget is a widget's name (as in widgetspec) and its component factory.
type Widget struct {
	Name string
	New  func(id string, params map[string]string) app.UI
}

// with gives the bundle's widgets and the common ones.
func (b Bundle) with() []Widget { return append(slices.Clip(b.Widgets), common...) }

// Names lists the bundle's widgets, "check" included.
func (b Bundle) Names() []string {
	var out []string
	for _, w := range b.with() {
		out = append(out, w.Name)
	}
	return out
}

// common widgets are in every bundle.
var common = []Widget{{"check", newCheckBox}}

// The bundles. They are package variables built by the compiler, not by
// code, so that a wasm naming one of them links only its widgets.
var (
	// PoWBundle: lessons 1-2, hashes and proof of work. It is the site's
	// default: the home page and the first lesson load it.
	PoWBundle = Bundle{"pow", []Widget{
		{"hashbox", newHashBox}, {"chain", newChain}, {"genesis", newGenesis},
		{"miner", newMiner}, {"retarget", newRetargetWidget},
	}}
	// StakeBundle: lessons 3-5, proof of stake, attacks on consensus and
	// the other consensus families.
	StakeBundle = Bundle{"stake", []Widget{
		{"lottery", newLottery}, {"shuffle", newShuffleStepper},
		{"attackrace", newAttackRace}, {"finality", newFinalityWidget}, {"nothingatstake", newNothingAtStake},
		{"dpos", newDposVote}, {"energy", newEnergyCompare}, {"plots", newPlots}, {"poa", newPoaRotation},
	}}
	// SigningBundle: lesson 6, HMAC request signing against the
	// in-process exchange.
	SigningBundle = Bundle{"signing", []Widget{
		{"signer", newSigner}, {"verifier", newVerifierWidget}, {"replay", newReplayWidget},
		{"rotation", newRotationWidget}, {"presets", newPresetsWidget},
	}}
	// CryptoBundle: lesson 7, encryption and signatures (the work runs in
	// the cipher worker, so this one is light).
	CryptoBundle = Bundle{"crypto", []Widget{
		{"aesgcm", newAESGCM}, {"hybrid", newHybrid}, {"signlab", newSignLab}, {"speedrace", newSpeedRace},
	}}
	// OrdersBundle: lesson 8, idempotent orders over a flaky network.
	OrdersBundle = Bundle{"orders", []Widget{
		{"orderdesk", newOrderDesk}, {"conflicts", newConflicts}, {"retrypolicy", newRetryPolicy},
	}}
)

// AllBundleName names the bundle with every widget: for a page whose
// widgets no single bundle holds (an author's own lessons may mix them).
const AllBundleName = "all"

// Bundles lists the bundles, the default first. Only the server may call it:
// in the browser, naming every bundle would link every widget.
func Bundles() []Bundle {
	return []Bundle{PoWBundle, StakeBundle, SigningBundle, CryptoBundle, OrdersBundle}
}

// AllBundle holds every widget.
func AllBundle() Bundle {
	all := Bundle{Name: AllBundleName}
	for _, b := range Bundles() {
		all.Widgets = append(all.Widgets, b.Widgets...)
	}
	return all
}

// BundleFor names the bundle a page with these widgets loads: the first
// that holds them all, else "all".
func BundleFor(widgets []string) string {
	for _, b := range Bundles() {
		names := b.Names()
		if !slices.ContainsFunc(widgets, func(w string) bool { return !slices.Contains(names, w) }) {
			return b.Name
		}
	}
	return AllBundleName
}

// UseBundle makes a bundle's widgets (and the common ones) available to
// pages. The browser calls it once at start with the bundle its wasm was
// built with; natively every widget is there (bundles_nowasm.go).
func UseBundle(b Bundle) {
	for _, w := range b.with() {
		if _, dup := widgetFactories[w.Name]; !dup {
			widgetFactories[w.Name] = w.New
		}
	}
}
