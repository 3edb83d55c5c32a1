package encryption

// The replies the widgets show: the small structs below mirror the JSON of
// engine/ciphers' types (a test checks they do not drift).

// sealedMsg mirrors ciphers.Sealed.
type sealedMsg struct {
	Nonce      []byte `json:"nonce"`
	Ciphertext []byte `json:"ciphertext"`
	Tag        []byte `json:"tag"`
	AAD        []byte `json:"aad"`
}

// aesParts are ciphers.Parts' names, in display order.
var aesParts = []string{"nonce", "ciphertext", "tag", "aad"}

// part returns the bytes of the named part.
func (s sealedMsg) part(p string) []byte {
	switch p {
	case "nonce":
		return s.Nonce
	case "ciphertext":
		return s.Ciphertext
	case "tag":
		return s.Tag
	case "aad":
		return s.AAD
	}
	return nil
}

// bits mirrors ciphers.Sealed.Bits.
func (s sealedMsg) bits(p string) int { return 8 * len(s.part(p)) }

// tamperInfo mirrors ciphers.Tamper.
type tamperInfo struct {
	Part   string    `json:"part"`
	Bit    int       `json:"bit"`
	Byte   int       `json:"byte"`
	Before byte      `json:"before"`
	After  byte      `json:"after"`
	Sealed sealedMsg `json:"sealed"`
}

// hpkeStep mirrors ciphers.Step.
type hpkeStep struct {
	Actor   string `json:"actor"`
	Name    string `json:"name"`
	Formula string `json:"formula"`
	Value   []byte `json:"value"`
	Public  bool   `json:"public"`
}

// hpkeSide mirrors the fields of ciphers.HPKESide the widget compares.
type hpkeSide struct {
	DH           []byte `json:"dh"`
	SharedSecret []byte `json:"sharedSecret"`
	Key          []byte `json:"key"`
	BaseNonce    []byte `json:"baseNonce"`
}

// hpkeWalk mirrors the fields of ciphers.Walkthrough the widget shows.
type hpkeWalk struct {
	Plaintext       []byte     `json:"plaintext"`
	RecipientPublic []byte     `json:"recipientPublic"`
	Enc             []byte     `json:"enc"`
	Ciphertext      []byte     `json:"ciphertext"`
	Opened          []byte     `json:"opened"`
	Sender          hpkeSide   `json:"sender"`
	Recipient       hpkeSide   `json:"recipient"`
	Steps           []hpkeStep `json:"steps"`
}

// measurement mirrors ciphers.Measurement.
type measurement struct {
	Algorithm    string  `json:"algorithm"`
	Operation    string  `json:"operation"`
	Kind         string  `json:"kind"`
	Detail       string  `json:"detail"`
	Size         int     `json:"size"`
	ReadsMessage bool    `json:"readsMessage"`
	Ops          int64   `json:"ops"`
	OpsPerSec    float64 `json:"opsPerSec"`
	BytesPerSec  float64 `json:"bytesPerSec"`
	NsPerOp      float64 `json:"nsPerOp"`
	Skipped      string  `json:"skipped,omitempty"`
}

// measured mirrors ciphers.Measurement.Measured.
func (m measurement) measured() bool { return m.Skipped == "" && m.Ops > 0 }

// raceAlgorithms mirrors ciphers.Algorithms(), in the order the race runs
// them; raceKinds the kinds of ciphers.Measurement.
var raceAlgorithms = []string{"AES-256-GCM", "ChaCha20-Poly1305", "Ed25519", "RSA-PSS", "RSA-OAEP", "X25519", "HPKE"}

const (
	kindSymmetric  = "symmetric"
	kindAsymmetric = "asymmetric"
)

// rsaKeyInfo is what rsa.keygen answers: the key itself stays in the worker.
type rsaKeyInfo struct {
	Handle    uint32 `json:"handle"`
	Bits      int    `json:"bits"`
	Weak      bool   `json:"weak"`
	PublicHex string `json:"publicHex"`
	PublicPEM string `json:"publicPem"`
}
