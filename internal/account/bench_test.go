package account_test

import (
	"context"
	"testing"

	"github.com/plenary-platform/plenary/internal/account"
)

// BenchmarkPasswordHash reports the cost of one argon2id hash at the production
// parameters: it bounds sign-ins per second per core.
func BenchmarkPasswordHash(b *testing.B) {
	h := account.NewHasher(account.DefaultArgon2, 1)
	for b.Loop() {
		if _, err := h.Hash(context.Background(), "correct horse battery staple"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPasswordHashParallel reports sign-ins per second with the hashing bounded to
// two at a time on all cores.
func BenchmarkPasswordHashParallel(b *testing.B) {
	h := account.NewHasher(account.DefaultArgon2, 2)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := h.Hash(context.Background(), "correct horse battery staple"); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
