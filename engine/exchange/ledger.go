package exchange

import (
	"fmt"
	"sync"
)

// DefaultMaxOrdersPerKey bounds each API key's ledger.
const DefaultMaxOrdersPerKey = 1000

// ledgers keeps every API key's orders, oldest first. Its memory is bounded:
// only authenticated keys have a ledger, and each holds at most max orders.
type ledgers struct {
	max int

	mu    sync.Mutex
	seq   uint64
	byKey map[string]*ledger
}

type ledger struct {
	orders []Order
	byID   map[string]int
}

// errLedgerFull is returned by add once a key holds max orders.
type errLedgerFull struct{ max int }

func (e errLedgerFull) Error() string {
	return fmt.Sprintf("this API key already holds %d orders, the sandbox's limit; use another key", e.max)
}

func newLedgers(max int) *ledgers {
	if max <= 0 {
		max = DefaultMaxOrdersPerKey
	}
	return &ledgers{max: max, byKey: make(map[string]*ledger)}
}

// add assigns o an id and appends it to key's ledger.
func (l *ledgers) add(key string, o Order) (Order, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	lg := l.byKey[key]
	if lg == nil {
		lg = &ledger{byID: make(map[string]int)}
		l.byKey[key] = lg
	}
	if len(lg.orders) >= l.max {
		return Order{}, errLedgerFull{l.max}
	}
	// Ids are sequential across keys so that a seeded scenario replays with
	// the same ids; ownership, not secrecy, protects them (404 for others).
	l.seq++
	o.ID = fmt.Sprintf("ord_%08d", l.seq)
	lg.byID[o.ID] = len(lg.orders)
	lg.orders = append(lg.orders, o)
	return o, nil
}

// list returns a copy of key's orders, oldest first (never nil).
func (l *ledgers) list(key string) []Order {
	l.mu.Lock()
	defer l.mu.Unlock()
	lg := l.byKey[key]
	if lg == nil {
		return []Order{}
	}
	return append([]Order{}, lg.orders...)
}

// get returns key's order id.
func (l *ledgers) get(key, id string) (Order, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	lg := l.byKey[key]
	if lg == nil {
		return Order{}, false
	}
	i, ok := lg.byID[id]
	if !ok {
		return Order{}, false
	}
	return lg.orders[i], true
}
