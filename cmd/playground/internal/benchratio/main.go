// Command benchratio reads the output of the mining-kernel benchmarks, run
// natively and under js/wasm in Node by `make bench`, and prints hashes per
// second side by side with the ratios that the performance budget names.
//
//	benchratio NATIVE.txt WASM.txt
package main

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"strconv"
)

// A benchmark line with a hashes/s metric, e.g.
// "BenchmarkKernelScan-2   	 1000	   987 ns/op	   1013000 hashes/s".
var lineRE = regexp.MustCompile(`^Benchmark(\w+?)(?:-\d+)?\s.*?\s([0-9.e+]+) hashes/s`)

func read(path string) (map[string]float64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]float64{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if m := lineRE.FindStringSubmatch(sc.Text()); m != nil {
			if v, err := strconv.ParseFloat(m[2], 64); err == nil {
				out[m[1]] = v
			}
		}
	}
	return out, sc.Err()
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: benchratio NATIVE.txt WASM.txt")
		os.Exit(2)
	}
	native, err := read(os.Args[1])
	if err == nil && len(native) == 0 {
		err = fmt.Errorf("no hashes/s lines in %s", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchratio:", err)
		os.Exit(1)
	}
	wasm, err := read(os.Args[2])
	if err == nil && len(wasm) == 0 {
		err = fmt.Errorf("no hashes/s lines in %s", os.Args[2])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchratio:", err)
		os.Exit(1)
	}
	fmt.Printf("\n%-24s %14s %14s\n", "double SHA-256", "native M/s", "wasm M/s")
	for _, name := range []string{"StdlibDoubleSHA256", "StdlibMidstate", "KernelScan"} {
		fmt.Printf("%-24s %14.3f %14.3f\n", name, native[name]/1e6, wasm[name]/1e6)
	}
	ratio := func(a, b float64) string {
		if b == 0 {
			return "n/a"
		}
		return fmt.Sprintf("%.2fx", a/b)
	}
	fmt.Printf("\nkernel in wasm / stdlib double hash in wasm: %s (target >= 2.5x)\n", ratio(wasm["KernelScan"], wasm["StdlibDoubleSHA256"]))
	fmt.Printf("kernel in wasm / stdlib midstate in wasm:   %s\n", ratio(wasm["KernelScan"], wasm["StdlibMidstate"]))
	fmt.Printf("kernel in wasm / stdlib midstate native:    %s (browser budget per worker >= 0.25x)\n", ratio(wasm["KernelScan"], native["StdlibMidstate"]))
	fmt.Printf("kernel native / stdlib midstate native:     %s\n\n", ratio(native["KernelScan"], native["StdlibMidstate"]))
}
