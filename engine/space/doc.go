// Package space is a small, exact model of proof of space (also called
// proof of capacity): farmers fill a plot with hashes once, and each block
// then costs them a cheap lookup instead of a race of hashing.
//
// It is a teaching model, not the plot format of Chia or Signum:
//
//   - A farmer's plot holds n 64-bit values v_i, the first 8 bytes
//     (big-endian) of SHA-256(name || seed || i) with i as 8 big-endian
//     bytes, for i < n, stored sorted. Plotting costs n hashes, once.
//   - Each block publishes a challenge c, the first 8 bytes of
//     SHA-256(previous block hash || height), height as 8 big-endian bytes.
//   - A farmer answers with the first plotted value at or after c, wrapping
//     around 2^64; its distance d = (v - c) mod 2^64 is the quality, smaller
//     is better. A binary search finds it in about log2(n) reads, where
//     recomputing it without a plot would take n hashes.
//   - The smallest distance wins the block. Plots are uniform random points
//     on a circle of 2^64, so farmer j wins with probability n_j / sum(n):
//     the first of all points after a random c is equally likely to be any
//     one of them.
//
// The package is pure Go (no go-app, no syscall/js) so the browser shows
// exactly what the tests check.
package space
