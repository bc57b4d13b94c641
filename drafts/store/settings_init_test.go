package store_test

import (
	"context"
	"sync"
	"testing"

	"lifa/drafts/store"
	"lifa/drafts/store/storetest"
)

// TestStore_InitSetting: the first value stored wins, also when several
// callers race, and later calls return it unchanged.
func TestStore_InitSetting(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var wg sync.WaitGroup
		got := make([]string, 4)
		for i := range got {
			wg.Add(1)
			go func() {
				defer wg.Done()
				v, err := s.InitSetting(ctx, "flash_key", string(rune('a'+i)))
				if err != nil {
					t.Error(err)
				}
				got[i] = v
			}()
		}
		wg.Wait()
		for _, v := range got {
			if v != got[0] || v == "" {
				t.Fatalf("racing InitSetting returned %q", got)
			}
		}
		if v, err := s.InitSetting(ctx, "flash_key", "z"); err != nil || v != got[0] {
			t.Errorf("InitSetting again = %q, %v; want %q", v, err, got[0])
		}
		if v, err := s.Setting(ctx, "flash_key"); err != nil || v != got[0] {
			t.Errorf("Setting = %q, %v", v, err)
		}
		if _, err := s.InitSetting(ctx, " ", "x"); err == nil {
			t.Error("empty key accepted")
		}
	})
}
