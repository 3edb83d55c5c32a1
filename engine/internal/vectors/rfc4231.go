package vectors

import "encoding/hex"

// HMACCase is one RFC 4231 test case of hmac.json, decoded from hex. Two
// packages test HMAC against these cases (signing, lengthext), so they are
// decoded here once.
type HMACCase struct {
	TestCase   int
	Key, Data  []byte
	TruncateTo int    // bytes of the published output; 0 when it is not truncated
	HMACSHA256 string // lowercase hex, as published (truncated for case 5)
	HMACSHA512 string
}

// RFC4231 returns the seven cases of RFC 4231, sections 4.2 to 4.8.
func RFC4231() ([]HMACCase, error) {
	var v struct {
		RFC4231 struct {
			Cases []struct {
				TestCase   int    `json:"test_case"`
				KeyHex     string `json:"key_hex"`
				DataHex    string `json:"data_hex"`
				TruncateTo *int   `json:"truncate_to_bytes"`
				HMACSHA256 string `json:"hmac_sha256"`
				HMACSHA512 string `json:"hmac_sha512"`
			} `json:"cases"`
		} `json:"rfc4231"`
	}
	if err := Decode("hmac.json", &v); err != nil {
		return nil, err
	}
	out := make([]HMACCase, len(v.RFC4231.Cases))
	for i, c := range v.RFC4231.Cases {
		key, err := hex.DecodeString(c.KeyHex)
		if err != nil {
			return nil, err
		}
		data, err := hex.DecodeString(c.DataHex)
		if err != nil {
			return nil, err
		}
		out[i] = HMACCase{TestCase: c.TestCase, Key: key, Data: data, HMACSHA256: c.HMACSHA256, HMACSHA512: c.HMACSHA512}
		if c.TruncateTo != nil {
			out[i].TruncateTo = *c.TruncateTo
		}
	}
	return out, nil
}
