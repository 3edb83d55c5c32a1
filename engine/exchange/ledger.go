package exchange

import (
	"container/list"
	"fmt"
	"sync"
)

// Bounds of the in-memory ledger.
const (
	// DefaultMaxOrdersPerKey is how many orders each key's ledger shows:
	// past it the oldest order goes, so no client can fill a ledger for good
	// (earlier versions refused every order past 1,000, for everyone on
	// the shared demo key).
	DefaultMaxOrdersPerKey = 1000
	// DefaultMaxOrders bounds all ledgers together (about 250 bytes an
	// order); past it the oldest order of all goes.
	DefaultMaxOrders = 200_000
)

// ledgers keeps every API key's latest orders, oldest first.
type ledgers struct {
	perKey, total int

	mu    sync.Mutex
	seq   uint64
	byKey map[string]*ledger
	all   *list.List // of *ledgerEntry, oldest first
}

type ledger struct {
	orders *list.List // of *ledgerEntry, oldest first
	byID   map[string]*list.Element
}

type ledgerEntry struct {
	key   string
	order Order
	inAll *list.Element
}

func newLedgers(perKey, total int) *ledgers {
	if perKey <= 0 {
		perKey = DefaultMaxOrdersPerKey
	}
	if total <= 0 {
		total = DefaultMaxOrders
	}
	return &ledgers{perKey: perKey, total: total, byKey: make(map[string]*ledger), all: list.New()}
}

// nextID returns a new order id. Ids are sequential across keys so that a
// seeded scenario replays with the same ids; ownership, not secrecy,
// protects them (404 for others).
func (l *ledgers) nextID() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seq++
	return fmt.Sprintf("ord_%08d", l.seq)
}

// add appends o (with its id set) to key's ledger, dropping the oldest
// orders past the bounds.
func (l *ledgers) add(key string, o Order) {
	l.mu.Lock()
	defer l.mu.Unlock()
	lg := l.byKey[key]
	if lg == nil {
		lg = &ledger{orders: list.New(), byID: make(map[string]*list.Element)}
		l.byKey[key] = lg
	}
	e := &ledgerEntry{key: key, order: o}
	e.inAll = l.all.PushBack(e)
	lg.byID[o.ID] = lg.orders.PushBack(e)
	for lg.orders.Len() > l.perKey {
		l.remove(lg.orders.Front().Value.(*ledgerEntry))
	}
	for l.all.Len() > l.total {
		l.remove(l.all.Front().Value.(*ledgerEntry))
	}
}

// remove drops e, which is the oldest order of its key. Callers hold mu.
func (l *ledgers) remove(e *ledgerEntry) {
	l.all.Remove(e.inAll)
	lg := l.byKey[e.key]
	lg.orders.Remove(lg.byID[e.order.ID])
	delete(lg.byID, e.order.ID)
	if lg.orders.Len() == 0 {
		delete(l.byKey, e.key)
	}
}

// list returns a copy of key's orders, oldest first (never nil).
func (l *ledgers) list(key string) []Order {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := []Order{}
	if lg := l.byKey[key]; lg != nil {
		for e := lg.orders.Front(); e != nil; e = e.Next() {
			out = append(out, e.Value.(*ledgerEntry).order)
		}
	}
	return out
}

// get returns key's order id.
func (l *ledgers) get(key, id string) (Order, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	lg := l.byKey[key]
	if lg == nil {
		return Order{}, false
	}
	e, ok := lg.byID[id]
	if !ok {
		return Order{}, false
	}
	return e.Value.(*ledgerEntry).order, true
}
