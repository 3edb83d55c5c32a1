package exchange_test

import (
	"testing"

	"github.com/consensus-lab/playground/engine/exchange"
	"github.com/consensus-lab/playground/engine/exchange/storetest"
)

func TestMemoryStoreConformance(t *testing.T) {
	storetest.Run(t, storetest.Config{
		New: func(*testing.T) exchange.Store {
			return exchange.NewMemoryStore(exchange.MemoryLimits{WindowSeconds: 1, MaxOrdersPerKey: 3, OwnerQuota: 5})
		},
		MaxOrdersPerKey: 3,
		OwnerQuota:      5,
	})
}
