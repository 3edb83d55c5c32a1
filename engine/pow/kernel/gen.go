//go:build ignore

// gen.go writes scan_gen.go, the unrolled double SHA-256 of the mining loop.
//
// Run it with `go generate ./engine/pow/kernel`. It builds the two
// compressions of one nonce as an expression graph, folds what it can, and
// sorts every value into one of three levels:
//
//   - constant: known here (padding words, round constants, the SHA-256 IV);
//     folded into literals;
//   - job: depends on the header but not on the nonce (the midstate, the
//     first three rounds of the second block, most of the message schedule);
//     computed once per Job by precomp.init;
//   - nonce: depends on the nonce; emitted straight-line in Job.scan.
//
// Only what the early-reject test needs is emitted: the second hash stops at
// round 60, because its last state word (the most significant word of the
// digest read as a little-endian integer) is fixed there.
package main

import (
	"bytes"
	"fmt"
	"go/format"
	"log"
	"math/bits"
	"os"
	"sort"
	"strings"
)

type level int

const (
	lConst level = iota
	lJob
	lNonce
)

type op int

const (
	opConst op = iota
	opIn
	opAdd
	opXor
	opAnd
	opBigSigma0
	opBigSigma1
	opSmallSigma0
	opSmallSigma1
)

type node struct {
	id   int
	op   op
	args []*node
	c    uint32 // value of a constant
	lvl  level
	hint string // readable name prefix
	name string // final identifier, set on emission
}

type graph struct {
	nodes []*node
	names map[string]int
}

func (g *graph) mk(o op, hint string, args ...*node) *node {
	lv := lConst
	for _, a := range args {
		lv = max(lv, a.lvl)
	}
	n := &node{id: len(g.nodes), op: o, args: args, lvl: lv, hint: hint}
	g.nodes = append(g.nodes, n)
	return n
}

func (g *graph) konst(c uint32) *node { return &node{op: opConst, c: c, lvl: lConst, id: -1} }

func (g *graph) input(name string, lv level) *node {
	n := g.mk(opIn, name)
	n.lvl, n.name = lv, name
	return n
}

// add folds constants, and groups job-level terms of a nonce-level sum into
// one job-level value so that the loop adds it as a single precomputed word.
func (g *graph) add(hint string, args ...*node) *node {
	var c uint32
	var job, nonce []*node
	for _, a := range args {
		switch a.lvl {
		case lConst:
			c += a.c
		case lJob:
			job = append(job, a)
		default:
			nonce = append(nonce, a)
		}
	}
	rest := func() []*node {
		if c != 0 {
			return append(job, g.konst(c))
		}
		return job
	}
	if len(nonce) == 0 {
		terms := rest()
		switch len(terms) {
		case 0:
			return g.konst(0)
		case 1:
			return terms[0]
		}
		if len(job) == 0 {
			return g.konst(c)
		}
		return g.mk(opAdd, hint, terms...)
	}
	terms := nonce
	switch r := rest(); len(r) {
	case 0:
	case 1:
		terms = append(terms, r[0])
	default:
		terms = append(terms, g.mk(opAdd, "k"+hint, r...))
	}
	if len(terms) == 1 {
		return terms[0]
	}
	return g.mk(opAdd, hint, terms...)
}

func (g *graph) xor(hint string, a, b *node) *node {
	switch {
	case a.lvl == lConst && b.lvl == lConst:
		return g.konst(a.c ^ b.c)
	case a.lvl == lConst && a.c == 0:
		return b
	case b.lvl == lConst && b.c == 0:
		return a
	}
	return g.mk(opXor, hint, a, b)
}

func (g *graph) and(hint string, a, b *node) *node {
	switch {
	case a.lvl == lConst && b.lvl == lConst:
		return g.konst(a.c & b.c)
	case a.lvl == lConst && a.c == 0, b.lvl == lConst && b.c == 0:
		return g.konst(0)
	case a.lvl == lConst && a.c == ^uint32(0):
		return b
	case b.lvl == lConst && b.c == ^uint32(0):
		return a
	}
	return g.mk(opAnd, hint, a, b)
}

func rotr(x uint32, n int) uint32 { return bits.RotateLeft32(x, -n) }

var sigmas = map[op]struct {
	r1, r2, r3 int // rotations; r3 < 0 means a right shift by -r3
	f          func(uint32) uint32
}{
	opBigSigma0:   {2, 13, 22, func(x uint32) uint32 { return rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22) }},
	opBigSigma1:   {6, 11, 25, func(x uint32) uint32 { return rotr(x, 6) ^ rotr(x, 11) ^ rotr(x, 25) }},
	opSmallSigma0: {7, 18, -3, func(x uint32) uint32 { return rotr(x, 7) ^ rotr(x, 18) ^ x>>3 }},
	opSmallSigma1: {17, 19, -10, func(x uint32) uint32 { return rotr(x, 17) ^ rotr(x, 19) ^ x>>10 }},
}

func (g *graph) sigma(o op, hint string, x *node) *node {
	if x.lvl == lConst {
		return g.konst(sigmas[o].f(x.c))
	}
	return g.mk(o, hint, x)
}

var k = [64]uint32{
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
}

var iv = [8]uint32{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19}

// compress runs the 64 rounds symbolically and returns the new chaining
// state. Unused values (such as the last rounds of the second hash) are
// never emitted, because emission starts from the values actually needed.
func (g *graph) compress(tag string, st [8]*node, w16 [16]*node) [8]*node {
	var w [64]*node
	copy(w[:], w16[:])
	for i := 16; i < 64; i++ {
		w[i] = g.add(fmt.Sprintf("%sw%d", tag, i),
			g.sigma(opSmallSigma1, tag+"s1_", w[i-2]), w[i-7],
			g.sigma(opSmallSigma0, tag+"s0_", w[i-15]), w[i-16])
	}
	a, b, c, d, e, f, gg, h := st[0], st[1], st[2], st[3], st[4], st[5], st[6], st[7]
	// Maj(a,b,c) = b ^ ((a^b) & (b^c)); a^b of one round is b^c of the next.
	bc := g.xor(tag+"bc", b, c)
	for i := range 64 {
		r := fmt.Sprint(i + 1)
		ch := g.xor(tag+"ch", gg, g.and(tag+"x", e, g.xor(tag+"x", f, gg)))
		t1 := g.add(tag+"t"+r, h, g.sigma(opBigSigma1, tag+"x", e), ch, g.konst(k[i]), w[i])
		ab := g.xor(tag+"ab", a, b)
		maj := g.xor(tag+"maj", b, g.and(tag+"x", ab, bc))
		t2 := g.add(tag+"u"+r, g.sigma(opBigSigma0, tag+"x", a), maj)
		bc = ab
		h, gg, f = gg, f, e
		e = g.add(tag+"e"+r, d, t1)
		d, c, b = c, b, a
		a = g.add(tag+"a"+r, t1, t2)
	}
	out := [8]*node{a, b, c, d, e, f, gg, h}
	for i := range out {
		out[i] = g.add(fmt.Sprintf("%sh%d", tag, i), st[i], out[i])
	}
	return out
}

func (g *graph) ref(n *node) string {
	if n.lvl == lConst {
		return fmt.Sprintf("%#08x", n.c)
	}
	return n.name
}

func (g *graph) expr(n *node) string {
	switch n.op {
	case opAdd:
		s := make([]string, len(n.args))
		for i, a := range n.args {
			s[i] = g.ref(a)
		}
		return strings.Join(s, " + ")
	case opXor:
		return g.ref(n.args[0]) + " ^ " + g.ref(n.args[1])
	case opAnd:
		return g.ref(n.args[0]) + " & " + g.ref(n.args[1])
	}
	s := sigmas[n.op]
	x := g.ref(n.args[0])
	third := fmt.Sprintf("bits.RotateLeft32(%s, -%d)", x, s.r3)
	if s.r3 < 0 {
		third = fmt.Sprintf("%s>>%d", x, -s.r3)
	}
	return fmt.Sprintf("bits.RotateLeft32(%s, -%d) ^ bits.RotateLeft32(%s, -%d) ^ %s", x, s.r1, x, s.r2, third)
}

func (g *graph) name(n *node) {
	if n.name != "" {
		return
	}
	g.names[n.hint]++
	if c := g.names[n.hint]; c == 1 && strings.ContainsAny(n.hint[len(n.hint)-1:], "0123456789") {
		n.name = n.hint
	} else {
		n.name = fmt.Sprintf("%s%d", n.hint, c)
	}
}

// need marks every non-constant value that roots depend on.
func need(roots []*node, keep func(*node) bool) map[*node]bool {
	seen := map[*node]bool{}
	var walk func(*node)
	walk = func(n *node) {
		if n.lvl == lConst || seen[n] || !keep(n) {
			return
		}
		seen[n] = true
		for _, a := range n.args {
			walk(a)
		}
	}
	for _, r := range roots {
		walk(r)
	}
	return seen
}

func sorted(set map[*node]bool) []*node {
	var ns []*node
	for n := range set {
		ns = append(ns, n)
	}
	sort.Slice(ns, func(i, j int) bool { return ns[i].id < ns[j].id })
	return ns
}

func main() {
	g := &graph{names: map[string]int{}}
	var mid [8]*node
	for i := range mid {
		mid[i] = g.input(fmt.Sprintf("mid%d", i), lJob)
	}
	// Second block of the header: bytes 64..79 (merkle root tail, time, bits,
	// nonce) then the padding of an 80-byte (640-bit) message.
	var w1 [16]*node
	w1[0] = g.input("w0", lJob)
	w1[1] = g.input("w1", lJob)
	w1[2] = g.input("w2", lJob)
	w1[3] = g.input("w3", lNonce)
	w1[4] = g.konst(0x80000000)
	for i := 5; i < 15; i++ {
		w1[i] = g.konst(0)
	}
	w1[15] = g.konst(640)
	first := g.compress("", mid, w1)

	// Second hash: one block of the 32-byte digest and the padding of a
	// 256-bit message, starting from the IV.
	var st, w2 [8 + 8]*node
	for i := range 8 {
		st[i] = g.konst(iv[i])
		w2[i] = first[i]
	}
	w2[8] = g.konst(0x80000000)
	for i := 9; i < 15; i++ {
		w2[i] = g.konst(0)
	}
	w2[15] = g.konst(256)
	second := g.compress("d", [8]*node(st[:8]), w2)
	top := second[7]

	loop := sorted(need([]*node{top}, func(n *node) bool { return n.lvl == lNonce }))
	exported := map[*node]bool{}
	for _, n := range loop {
		for _, a := range n.args {
			if a.lvl == lJob {
				exported[a] = true
			}
		}
	}
	var roots []*node
	for n := range exported {
		roots = append(roots, n)
	}
	job := sorted(need(roots, func(n *node) bool { return n.lvl == lJob }))
	for _, n := range job {
		g.name(n)
	}
	for _, n := range loop {
		g.name(n)
	}
	exp := sorted(exported)

	var b bytes.Buffer
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("// Code generated by gen.go; DO NOT EDIT.\n\n")
	p("package kernel\n\nimport \"math/bits\"\n\n")
	p("// precomp holds the values of the mining loop that depend on the header\n")
	p("// but not on the nonce; %d words, computed once per job.\n", len(exp))
	p("type precomp struct {\n")
	for _, n := range exp {
		p("\t%s uint32\n", n.name)
	}
	p("}\n\n")
	p("// init computes the nonce-independent values from the midstate and the\n")
	p("// first three words of the second block (merkle root tail, time, bits).\n")
	p("func (p *precomp) init(mid *[8]uint32, w0, w1, w2 uint32) {\n")
	p("\tmid0, mid1, mid2, mid3, mid4, mid5, mid6, mid7 := mid[0], mid[1], mid[2], mid[3], mid[4], mid[5], mid[6], mid[7]\n")
	used := need(roots, func(n *node) bool { return n.lvl == lJob })
	for _, n := range mid {
		if !used[n] {
			p("\t_ = %s\n", n.name)
		}
	}
	for _, n := range job {
		if n.op == opIn {
			continue
		}
		p("\t%s := %s\n", n.name, g.expr(n))
	}
	for _, n := range exp {
		p("\tp.%s = %s\n", n.name, n.name)
	}
	p("}\n\n")
	p("// scan hashes the nonces first..last (inclusive) and returns the first one\n")
	p("// that meets the target. Per nonce it runs rounds 4-64 of the header's\n")
	p("// second block and rounds 1-61 of the second hash, then compares the\n")
	p("// digest's most significant word with the target's; only a candidate that\n")
	p("// passes goes through the exact comparison.\n")
	p("func (j *Job) scan(first, last uint32) (uint32, bool) {\n")
	for _, n := range exp {
		p("\t%s := j.pre.%s\n", n.name, n.name)
	}
	p("\ttop := j.target[0]\n")
	p("\tfor n := first; ; n++ {\n")
	p("\t\tw3 := bits.ReverseBytes32(n)\n")
	for _, n := range loop {
		if n.op == opIn {
			continue
		}
		p("\t\t%s := %s\n", n.name, g.expr(n))
	}
	p("\t\tif bits.ReverseBytes32(%s) <= top && j.meets(n) {\n\t\t\treturn n, true\n\t\t}\n", top.name)
	p("\t\tif n == last {\n\t\t\treturn 0, false\n\t\t}\n")
	p("\t}\n}\n")

	src, err := format.Source(b.Bytes())
	if err != nil {
		os.WriteFile("scan_gen.go.broken", b.Bytes(), 0o644)
		log.Fatalf("gofmt: %v", err)
	}
	if err := os.WriteFile("scan_gen.go", src, 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("scan_gen.go: %d nonce-level values, %d job-level values (%d kept in the job)", len(loop)-1, len(job)-len(mid)-3, len(exp))
}
