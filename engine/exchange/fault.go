package exchange

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// FaultHeader names the request header that injects faults.
const FaultHeader = "X-Sandbox-Fault"

// FaultNoteHeader explains, on the response, a fault value that was adjusted
// (a delay above the maximum is capped).
const FaultNoteHeader = "X-Sandbox-Fault-Note"

// DefaultMaxDelay caps delay=<duration>: long enough to retry by hand while
// the first request waits, short enough not to tie up a server.
const DefaultMaxDelay = 30 * time.Second

// Fault is a parsed X-Sandbox-Fault value. Several faults may be combined,
// separated by commas: "delay=2s, drop-response" locks the key, waits,
// stores the order and then loses the answer.
type Fault struct {
	// DropResponse: do the work, store it, then close the connection
	// without an answer.
	DropResponse bool
	// Delay: wait this long after taking the idempotency key, before the
	// work. Zero means no wait.
	Delay time.Duration
	// DelayCapped is set when the requested delay was above the maximum.
	DelayCapped bool
	// Status, when non-zero (500-599), is answered before anything runs.
	Status int
	// CrashBeforeCommit: run until the order and its idempotency record
	// would be written, then "die": nothing is stored, no answer.
	CrashBeforeCommit bool
	// CrashAfterCommit: write the order and its record together, then "die"
	// before answering; a retry replays the stored answer.
	CrashAfterCommit bool
}

func (f Fault) crash() bool { return f.CrashBeforeCommit || f.CrashAfterCommit }

// FaultError is a malformed X-Sandbox-Fault value; the API answers it with
// 400 invalid_fault.
type FaultError struct{ Detail string }

func (e *FaultError) Error() string { return "invalid " + FaultHeader + ": " + e.Detail }

func faultErr(format string, args ...any) error {
	return &FaultError{Detail: fmt.Sprintf(format, args...)}
}

// ParseFault reads an X-Sandbox-Fault value: a comma-separated list of
// drop-response, delay=<Go duration>, status=<500-599>, crash-before-commit
// and crash-after-commit, each at most once.
// An empty value is no fault. Delays above maxDelay are capped to it.
func ParseFault(value string, maxDelay time.Duration) (Fault, error) {
	var f Fault
	if len(value) > 256 {
		return f, faultErr("longer than 256 characters")
	}
	if strings.TrimSpace(value) == "" {
		return f, nil
	}
	seen := map[string]bool{}
	for _, part := range strings.Split(value, ",") {
		part = strings.TrimSpace(part)
		name, arg, hasArg := strings.Cut(part, "=")
		if seen[name] {
			return Fault{}, faultErr("%q is given twice", name)
		}
		seen[name] = true
		switch name {
		case "drop-response", "crash-before-commit", "crash-after-commit":
			if hasArg {
				return Fault{}, faultErr("%s takes no value", name)
			}
			switch name {
			case "drop-response":
				f.DropResponse = true
			case "crash-before-commit":
				f.CrashBeforeCommit = true
			default:
				f.CrashAfterCommit = true
			}
		case "delay":
			d, err := time.ParseDuration(arg)
			if err != nil || !hasArg {
				return Fault{}, faultErr("delay needs a Go duration such as delay=1500ms, got %q", truncate(arg, 32))
			}
			if d < 0 {
				return Fault{}, faultErr("delay %s is negative", d)
			}
			if d > maxDelay {
				d, f.DelayCapped = maxDelay, true
			}
			f.Delay = d
		case "status":
			n, err := strconv.Atoi(arg)
			if err != nil || !hasArg || n < 500 || n > 599 {
				return Fault{}, faultErr("status needs a code from 500 to 599, e.g. status=503, got %q", truncate(arg, 32))
			}
			f.Status = n
		case "":
			return Fault{}, faultErr("empty item in %q", truncate(value, 64))
		default:
			return Fault{}, faultErr("unknown fault %q; use drop-response, delay=<duration>, status=<500-599>, crash-before-commit or crash-after-commit", truncate(name, 32))
		}
	}
	if f.CrashBeforeCommit && f.CrashAfterCommit {
		return Fault{}, faultErr("crash-before-commit and crash-after-commit cannot both happen")
	}
	return f, nil
}

type faultKey struct{}

func withFault(ctx context.Context, f Fault) context.Context {
	return context.WithValue(ctx, faultKey{}, f)
}

// faultFrom returns the fault the fault middleware parsed for this request.
func faultFrom(ctx context.Context) Fault {
	f, _ := ctx.Value(faultKey{}).(Fault)
	return f
}

// sleepContext waits d or until ctx is done.
func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// dropResponse ends a handler without an answer: net/http closes the
// connection, the in-process transport reports a lost connection, and the
// idempotency middleware keeps the record of the work already done.
func dropResponse() {
	panic(http.ErrAbortHandler)
}
