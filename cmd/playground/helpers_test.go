//go:build !wasm

package main

import (
	"bufio"
	"io"
	"net"
)

func bufioReader(r io.Reader) *bufio.Reader { return bufio.NewReader(r) }

func listenLocal(t interface {
	Helper()
	Fatal(...any)
}) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln
}
