package ciphers

import (
	"bytes"
	"encoding/hex"
	"errors"
	"testing"
)

// Fuzz targets for everything that reads learner input. Under plain
// `go test` they run over their seeds; see the report for the -fuzz runs.

func FuzzDecodeHex(f *testing.F) {
	for _, s := range []string{"", "00ff", "0xDEAD", "de:ad be-ef", "abc", "0g", "0x", " \n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := DecodeHex(s)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error %v does not wrap ErrMalformed", err)
			}
			return
		}
		// Whatever was accepted re-reads to the same bytes from plain hex.
		again, err := DecodeHex(hex.EncodeToString(b))
		if err != nil || !bytes.Equal(again, b) {
			t.Fatalf("round trip of %x: %x, %v", b, again, err)
		}
	})
}

func FuzzParseAESKey(f *testing.F) {
	f.Add("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
	f.Add("0xff")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		k, err := ParseAESKey(s)
		if err != nil {
			if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrKeySize) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		if again, err := ParseAESKey(k.Hex()); err != nil || again != k {
			t.Fatalf("round trip: %v", err)
		}
	})
}

// FuzzParseWire feeds arbitrary bytes as a sealed message: parsing and
// opening must never panic, and a forgery must never open.
func FuzzParseWire(f *testing.F) {
	// Deterministic: with -fuzz every worker process re-runs this setup.
	key := AESKey{1, 2, 3}
	good, err := key.sealWithNonce(make([]byte, NonceSize), []byte("seed message"), []byte("aad"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good.Wire(), []byte("aad"))
	f.Add([]byte{}, []byte{})
	f.Add(make([]byte, NonceSize+TagSize), []byte(nil))
	f.Fuzz(func(t *testing.T, wire, aad []byte) {
		s, err := ParseWire(wire, aad)
		if err != nil {
			if len(wire) >= NonceSize+TagSize {
				t.Fatalf("refused %d bytes: %v", len(wire), err)
			}
			return
		}
		if !bytes.Equal(s.Wire(), wire) {
			t.Fatal("Wire does not reproduce the parsed bytes")
		}
		pt, err := key.Open(s)
		if err == nil && !(bytes.Equal(wire, good.Wire()) && bytes.Equal(aad, good.AAD)) {
			t.Fatalf("forged message opened: %q", pt)
		}
	})
}

func FuzzParsePublicKeyPEM(f *testing.F) {
	ed, err := Ed25519KeyFromSeed(make([]byte, 32))
	if err != nil {
		f.Fatal(err)
	}
	e, err := ed.Export()
	if err != nil {
		f.Fatal(err)
	}
	x, err := X25519Export(bytes.Repeat([]byte{9}, 32))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(e.PublicPEM)
	f.Add(x.PublicPEM)
	f.Add(e.PrivatePEM)
	f.Add("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		k, err := ParsePublicKeyPEM(s)
		if err != nil {
			if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrKeySize) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		if k == nil {
			t.Fatal("nil key without error")
		}
	})
}

func FuzzParsePart(f *testing.F) {
	for _, s := range []string{"nonce", "ct", "TAG", "aad", "associated data", "", "key"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePart(s)
		if err != nil {
			return
		}
		if again, err := ParsePart(p.String()); err != nil || again != p {
			t.Fatalf("%q parsed to %v, which does not round-trip", s, p)
		}
	})
}

// FuzzFlip flips any bit of any part the learner names: out of range is an
// error, in range always breaks authentication.
func FuzzFlip(f *testing.F) {
	key := AESKey{7}
	s, err := key.sealWithNonce(make([]byte, NonceSize), []byte("fuzz"), []byte("ad"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(0, 0)
	f.Add(2, 127)
	f.Add(3, 16)
	f.Add(1, -1)
	f.Add(9, 3)
	f.Fuzz(func(t *testing.T, part, bit int) {
		tm, err := s.Flip(Part(part), bit)
		if err != nil {
			return
		}
		if _, err := key.Open(tm.Sealed); !errors.Is(err, ErrAuthFailed) {
			t.Fatalf("flip of %v bit %d: Open gave %v", Part(part), bit, err)
		}
	})
}

func FuzzVerifySignatures(f *testing.F) {
	k, err := Ed25519KeyFromSeed(bytes.Repeat([]byte{3}, 32))
	if err != nil {
		f.Fatal(err)
	}
	sig, err := k.Sign([]byte("m"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(k.Public()), []byte("m"), sig)
	f.Add([]byte{}, []byte{}, []byte{})
	f.Fuzz(func(t *testing.T, pub, msg, sig []byte) {
		_ = VerifyEd25519(pub, msg, sig) // must not panic on any lengths
		_, _ = X25519(pub, sig)
		if VerifyEd25519(k.Public(), msg, sig) == nil {
			again, _ := k.Sign(msg)
			if !bytes.Equal(again, sig) {
				t.Fatal("a signature other than the key's own verified")
			}
		}
	})
}

func FuzzHPKEOpen(f *testing.F) {
	ikm := bytes.Repeat([]byte{5}, 32)
	k, err := HPKEKeyFromIKM(ikm)
	if err != nil {
		f.Fatal(err)
	}
	// A walkthrough with fixed keys is a deterministic HPKE message, the
	// same in every fuzz worker process.
	w, err := NewWalkthrough(WalkthroughInput{Plaintext: []byte("seed"), RecipientIKM: ikm, EphemeralIKM: bytes.Repeat([]byte{6}, 32)})
	if err != nil {
		f.Fatal(err)
	}
	m := HPKEMessage{Suite: SuiteX25519AES128GCM, Enc: w.Enc, Ciphertext: w.Ciphertext}
	f.Add(0, m.Enc, m.Ciphertext)
	f.Add(1, make([]byte, 32), make([]byte, 16))
	f.Add(5, []byte{}, []byte{})
	f.Fuzz(func(t *testing.T, suite int, enc, ct []byte) {
		pt, err := k.Open(HPKEMessage{Suite: HPKESuite(suite), Enc: enc, Ciphertext: ct})
		if err == nil && !(suite == int(m.Suite) && bytes.Equal(enc, m.Enc) && bytes.Equal(ct, m.Ciphertext)) {
			t.Fatalf("forged HPKE message opened: %q", pt)
		}
	})
}
