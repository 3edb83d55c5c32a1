// Package pow is Bitcoin's proof of work, exact to Bitcoin Core where Core
// defines the answer: the 80-byte block header and its double SHA-256, the
// compact "bits" encoding of the target (SetCompact/GetCompact), the
// difficulty retarget of mainnet, and the block subsidy. Around that core it
// offers what the playground's widgets chart: difficulty in bdiff and in
// "leading zero bits", the expected work and energy of a block, a chunked
// and cancellable nonce search, a retarget simulation, and the attacker
// maths of the Bitcoin whitepaper (section 11) with a Monte Carlo check.
//
// Byte order follows Bitcoin: a Digest and the hashes inside a Header are in
// internal byte order (as hashed and serialized); String and the *Hex
// helpers use display order (byte-reversed, as explorers show). A digest
// meets a target when the digest, read as a little-endian 256-bit integer,
// is <= the target.
//
// The nonce loop itself lives in the sub-package kernel, which the miner
// worker imports without math/big or fmt.
package pow
