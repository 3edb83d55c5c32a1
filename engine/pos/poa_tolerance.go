package pos

// MaxOffline is how many signers can be offline while the chain keeps
// sealing: len - SignerLimit(). A block needs a signer that sealed none of
// the previous SignerLimit()-1 blocks, so at least SignerLimit() distinct
// signers must take turns; with fewer online the chain stalls. 0 for a
// Clique not made by NewClique.
func (c *Clique) MaxOffline() uint64 {
	if c == nil || len(c.signers) == 0 {
		return 0
	}
	return uint64(len(c.signers)) - c.SignerLimit()
}
