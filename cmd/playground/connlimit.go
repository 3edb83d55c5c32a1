//go:build !wasm

package main

import (
	"net"
	"sync"
)

// limitConns caps the connections a listener hands out: at most total at
// once (Accept waits for one to close), and at most perIP from one client
// address (more are closed at once), so that no client can take every
// connection of the server, however slowly it sends or reads.
func limitConns(ln net.Listener, total, perIP int) net.Listener {
	return &connLimiter{Listener: ln, slots: make(chan struct{}, total), perIP: perIP, byIP: make(map[string]int)}
}

type connLimiter struct {
	net.Listener
	slots chan struct{}
	perIP int

	mu   sync.Mutex
	byIP map[string]int
}

func (l *connLimiter) Accept() (net.Conn, error) {
	for {
		l.slots <- struct{}{}
		c, err := l.Listener.Accept()
		if err != nil {
			<-l.slots
			return nil, err
		}
		ip := c.RemoteAddr().String()
		if host, _, err := net.SplitHostPort(ip); err == nil {
			ip = host
		}
		l.mu.Lock()
		if l.byIP[ip] >= l.perIP {
			l.mu.Unlock()
			c.Close()
			<-l.slots
			continue
		}
		l.byIP[ip]++
		l.mu.Unlock()
		return &limitedConn{Conn: c, release: func() {
			l.mu.Lock()
			if l.byIP[ip]--; l.byIP[ip] == 0 {
				delete(l.byIP, ip)
			}
			l.mu.Unlock()
			<-l.slots
		}}, nil
	}
}

type limitedConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *limitedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}
