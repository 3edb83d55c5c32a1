package kernel

// Block applies the SHA-256 compression function to one 64-byte block,
// given as 16 big-endian words, updating state. It is exported for
// engine/lengthext, which continues a SHA-256 computation from a published
// digest: the engine keeps one compression function, not two.
func Block(state *[8]uint32, m *[16]uint32) { block(state, m) }
