//go:build !js

package redisstore_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/consensus-lab/playground/engine/exchange"
	"github.com/consensus-lab/playground/engine/exchange/redisstore"
	"github.com/consensus-lab/playground/engine/exchange/storetest"
)

func TestRedisStoreConformance(t *testing.T) {
	srv := storetest.StartRedis(t)
	n := 0
	storetest.Run(t, storetest.Config{
		New: func(t *testing.T) exchange.Store {
			n++ // a prefix per case: one server, empty stores
			s, err := redisstore.Open(context.Background(), srv.URL(), redisstore.Options{
				Prefix: "case" + string(rune('a'+n)) + ":", MaxOrdersPerKey: 3, OwnerQuota: 5,
			})
			require.NoError(t, err)
			t.Cleanup(func() { s.Close() })
			return s
		},
		MaxOrdersPerKey: 3,
		OwnerQuota:      5,
	})
}
