package signing

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
)

// BinanceSignature is Binance's HMAC signature of a SIGNED request:
// lowercase hex HMAC-SHA256 keyed with the secret's ASCII bytes over
// totalParams, the query string concatenated without separator to the body
// (see BinanceSign). Binance compares it case-insensitively.
func BinanceSignature(secret, totalParams string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(totalParams))
	return hex.EncodeToString(m.Sum(nil))
}

// BinanceSteps are the intermediate strings of a Binance signature, for the
// lesson.
type BinanceSteps struct {
	QueryString string // as it must be sent: non-ASCII bytes percent-encoded
	Body        string // likewise
	TotalParams string // QueryString + Body, no separator between them
	Signature   string // lowercase hex, appended as &signature=...
}

// BinanceSign follows Binance's "SIGNED Endpoint Examples": percent-encode
// any non-ASCII character (UTF-8 bytes, upper-case hex) in the query string
// and the body, concatenate them with no "&" between (so a mixed request
// signs "...timeInForce=GTCquantity=1..."), and HMAC the result. ASCII is
// left exactly as given because Binance verifies the bytes it receives.
func BinanceSign(secret, queryString, body string) BinanceSteps {
	s := BinanceSteps{QueryString: BinancePercentEncode(queryString), Body: BinancePercentEncode(body)}
	s.TotalParams = s.QueryString + s.Body
	s.Signature = BinanceSignature(secret, s.TotalParams)
	return s
}

// BinancePercentEncode replaces every byte >= 0x80 with %XX (upper-case
// hex) and keeps ASCII as it is.
func BinancePercentEncode(s string) string {
	const upperHex = "0123456789ABCDEF"
	var b []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x80 {
			if b != nil {
				b = append(b, c)
			}
			continue
		}
		if b == nil {
			b = append(make([]byte, 0, len(s)+16), s[:i]...)
		}
		b = append(b, '%', upperHex[c>>4], upperHex[c&15])
	}
	if b == nil {
		return s
	}
	return string(b)
}
