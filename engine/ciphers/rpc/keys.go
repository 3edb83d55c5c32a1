package rpc

import (
	"sync"

	"github.com/consensus-lab/playground/engine/ciphers"
)

// maxKeys bounds the RSA keys one Dispatcher keeps. A page has at most a
// few widgets that need one (a sign lab, a speed race); a learner who keeps
// switching key sizes must not grow the worker without limit.
const maxKeys = 8

// keyStore keeps RSA keys under small integer handles.
//
// Why handles and not serialized keys: the engine's RSAKey cannot be
// rebuilt from bytes (it has no import function, and parsing PKCS #8 would
// redo the CRT precomputation on every sign), and a private key need not
// cross postMessage at all. Ed25519 and AES keys, by contrast, travel as
// their 32-byte seed or key in hex: the widgets show them anyway and they
// rebuild for free, so those ops keep no state. The cost of handles: a
// restarted worker has forgotten them, and an op naming one answers
// CodeUnknownKey so the widget makes a new key.
type keyStore struct {
	mu    sync.Mutex
	keys  map[uint32]ciphers.RSAKey
	order []uint32 // oldest first, for eviction
	next  uint32
}

func (s *keyStore) add(k ciphers.RSAKey) uint32 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next++
	h := s.next
	s.keys[h] = k
	s.order = append(s.order, h)
	for len(s.order) > maxKeys {
		delete(s.keys, s.order[0])
		s.order = s.order[1:]
	}
	return h
}

func (s *keyStore) get(op string, h uint32) (ciphers.RSAKey, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k, ok := s.keys[h]
	if !ok {
		return ciphers.RSAKey{}, errorf(CodeUnknownKey, "%s: no RSA key with handle %d (it was freed, evicted after %d newer keys, or the worker restarted): make a new one", op, h, maxKeys)
	}
	return k, nil
}

func (s *keyStore) free(h uint32) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.keys[h]; !ok {
		return false
	}
	delete(s.keys, h)
	for i, x := range s.order {
		if x == h {
			s.order = append(s.order[:i], s.order[i+1:]...)
			break
		}
	}
	return true
}
