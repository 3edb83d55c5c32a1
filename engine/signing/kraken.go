package signing

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"fmt"
)

// KrakenSignature is Kraken's API-Sign header value:
// base64(HMAC-SHA512(key = base64decode(secret), urlPath || SHA256(nonce || postData))).
// urlPath is the part of the URL from "/0/private" on; postData is the
// url-encoded body, which itself contains nonce=<nonce>. The error reports
// a secret that is not standard base64.
func KrakenSignature(secretBase64, urlPath, nonce, postData string) (string, error) {
	s, err := KrakenSign(secretBase64, urlPath, nonce, postData)
	return s.Signature, err
}

// KrakenSteps are the intermediate values of a Kraken signature.
type KrakenSteps struct {
	NoncePostData string // nonce || postData, the SHA-256 input
	SHA256Hex     string // SHA-256(nonce || postData), hex for display (the bytes are used)
	MessageHex    string // urlPath || SHA-256 bytes, hex: the HMAC input
	Signature     string // base64 HMAC-SHA512
}

// KrakenSign computes the signature and shows its steps.
func KrakenSign(secretBase64, urlPath, nonce, postData string) (KrakenSteps, error) {
	key, err := base64.StdEncoding.DecodeString(secretBase64)
	if err != nil {
		return KrakenSteps{}, fmt.Errorf("signing: Kraken secret is not base64: %w", err)
	}
	s := KrakenSteps{NoncePostData: nonce + postData}
	sum := sha256.Sum256([]byte(s.NoncePostData))
	s.SHA256Hex = hex.EncodeToString(sum[:])
	msg := append([]byte(urlPath), sum[:]...)
	s.MessageHex = hex.EncodeToString(msg)
	m := hmac.New(sha512.New, key)
	m.Write(msg)
	s.Signature = base64.StdEncoding.EncodeToString(m.Sum(nil))
	return s, nil
}
