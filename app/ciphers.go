package app

import (
	"encoding/json"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// The encryption widgets compute through cipherCall, never by importing
// engine/ciphers: in the browser the ciphers run in their own Web Worker
// (web/cipher-worker.js, wasm/ciphers), which keeps crypto/rsa, crypto/hpke
// and friends out of the app bundles and an RSA key generation off the UI thread.
// Off the browser (pre-rendering, component tests) the same ops run
// in-process. The ops, their arguments and results are those of
// engine/ciphers/rpc; the small structs below mirror the JSON of the
// engine's types that the widgets display.

// cipherCall runs one op with args (marshalled to JSON) and hands the reply
// to done on the UI goroutine. In the browser the reply comes later, through
// ctx.Dispatch (a dismounted widget never sees it); outside it, done runs
// before cipherCall returns. Tests replace it to hold replies back.
var cipherCall = defaultCipherCall

// Error codes the widgets branch on (engine/ciphers/rpc's, plus the
// transport's own "unavailable").
const (
	codeMalformed   = "malformed"
	codeKeySize     = "key_size"
	codeUnknownKey  = "unknown_key"
	codeUnavailable = "unavailable"
)

// cipherReply is the answer to one call: a result, or an error and its code.
type cipherReply struct {
	result json.RawMessage
	err    *cipherError
}

// cipherError is an op's refusal, or the worker's failure, as the widget
// shows it.
type cipherError struct {
	msg  string
	code string
}

func (e *cipherError) Error() string { return e.msg }

func failedReply(code, msg string) cipherReply {
	return cipherReply{err: &cipherError{msg: msg, code: code}}
}

// decode reads a successful reply into v; a failed one is its error.
func (r cipherReply) decode(v any) error {
	if r.err != nil {
		return r.err
	}
	if err := json.Unmarshal(r.result, v); err != nil {
		return &cipherError{msg: "the cipher worker sent an unreadable reply: " + err.Error(), code: "internal"}
	}
	return nil
}

// code is the error code of a failed reply, "" for a successful one.
func (r cipherReply) code() string {
	if r.err == nil {
		return ""
	}
	return r.err.code
}

// cipherJobs tracks one widget's calls: how many are out (the widget shows
// that it is working and disables its buttons) and which is the newest. A
// reply to an older call is dropped: its inputs were superseded (a learner
// typing fast sends one seal per keystroke), and replies may not all come
// back in the order the widget would need.
type cipherJobs struct {
	out, seq int
}

func (j *cipherJobs) busy() bool { return j.out > 0 }

// send calls op and, if no newer call was sent meanwhile, applies the reply.
func (j *cipherJobs) send(ctx app.Context, op string, args any, apply func(cipherReply)) {
	j.seq++
	seq := j.seq
	j.out++
	cipherCall(ctx, op, args, func(r cipherReply) {
		j.out--
		if seq == j.seq {
			apply(r)
		}
	})
}

// drop makes every reply still to come irrelevant.
func (j *cipherJobs) drop() { j.seq++ }

// cipherWorking is the visible "working" line of a widget whose call is out.
func cipherWorking(id string, busy bool, what string) app.UI {
	if !busy {
		return nil
	}
	return app.P().ID(id+"-working").Class("status").Role("status").DataSet("working", "yes").Text(what + "…")
}

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
