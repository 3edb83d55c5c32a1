// Package pos is the proof-of-stake engine of the playground: validators and
// stake, a seeded stake-weighted lottery with RANDAO-like randomness, the
// Ethereum swap-or-not shuffle and proposer choice, delegated PoS voting,
// Clique-style proof of authority, slashing with a nothing-at-stake
// simulation, BFT finality thresholds, and an Ethereum-like issuance model.
//
// Everything is deterministic: the same seed and inputs give the same
// output on every platform (native and js/wasm), so a widget can replay a
// lesson step by step. Functions return plain data (traces, per-round
// records) rather than printing, and bad input is an error, never a panic.
//
// Units. Stake is a uint64 count of whatever unit the caller picks; the
// lottery, DPoS and the nothing-at-stake simulation only use ratios, so
// lessons use whole coins. The Ethereum functions (proposer choice,
// slashing penalties, issuance) work in Gwei (1 ETH = 1e9 Gwei), as the
// consensus specs do.
package pos
