package followup

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestReadCache: readers of a value the cache lacks wait for one read; a change forgets
// it; an old value is read again by one reader while the others are served the last one;
// an error is not kept.
func TestReadCache(t *testing.T) {
	c := newReadCache()
	k := cacheKey{kind: "commitments", id: 1}
	var reads atomic.Int64
	release := make(chan struct{})
	read := func() (int, error) {
		reads.Add(1)
		<-release
		return int(reads.Load()), nil
	}
	var wg sync.WaitGroup
	got := make([]int, 50)
	for i := range got {
		wg.Go(func() {
			v, err := cached(c, k, read)
			if err != nil {
				t.Error(err)
			}
			got[i] = v
		})
	}
	time.Sleep(50 * time.Millisecond)
	close(release)
	wg.Wait()
	if reads.Load() != 1 {
		t.Fatalf("%d reads for 50 readers", reads.Load())
	}
	for _, v := range got {
		if v != 1 {
			t.Fatalf("values %v", got)
		}
	}
	if v, _ := cached(c, k, read); v != 1 || reads.Load() != 1 {
		t.Errorf("a fresh value read again: %d, %d reads", v, reads.Load())
	}
	c.changed()
	if v, _ := cached(c, k, read); v != 2 {
		t.Errorf("after a change: %d", v)
	}
	// Older than CacheFor: the first reader reads again, a reader meanwhile gets the last.
	c.mu.Lock()
	c.entries[k].at = time.Now().Add(-2 * CacheFor)
	c.mu.Unlock()
	slow := make(chan struct{})
	var during int
	if v, _ := cached(c, k, func() (int, error) {
		during, _ = cached(c, k, read) // another reader, while this one reads
		close(slow)
		return 3, nil
	}); v != 3 || during != 2 {
		t.Errorf("refreshed %d, served %d meanwhile", v, during)
	}
	<-slow
	if v, _ := cached(c, k, read); v != 3 {
		t.Errorf("after the refresh: %d", v)
	}
	// An error is returned and not kept.
	c.changed()
	boom := errors.New("boom")
	if _, err := cached(c, k, func() (int, error) { return 0, boom }); !errors.Is(err, boom) {
		t.Errorf("error %v", err)
	}
	if v, _ := cached(c, k, func() (int, error) { return 4, nil }); v != 4 {
		t.Errorf("after an error: %d", v)
	}
}
