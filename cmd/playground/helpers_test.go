//go:build !wasm

package main

import (
	"net"
)

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
