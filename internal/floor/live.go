package floor

import "sync"

// Hub announces changes of lists of speakers to the live views of this instance. A
// subscriber learns only that a list reached a new version: it reads (or takes from a
// cache) the list itself, so that a slow subscriber never holds up the others and a burst
// of changes reaches it as one.
//
// Several instances behind a load balancer each have their own hub. A change made on one
// reaches the viewers on the others through Service.Watch, which reads the version of
// each watched list every few seconds (decision 0015): one small query per list watched,
// however many watch it.
type Hub struct {
	mu   sync.Mutex
	subs map[int64]map[chan int]struct{}
	last map[int64]int
}

// NewHub makes an empty hub.
func NewHub() *Hub { return &Hub{subs: map[int64]map[chan int]struct{}{}, last: map[int64]int{}} }

// Subscribe returns a channel that receives the list's newest version after each change,
// and a function to stop. The channel holds one value: a subscriber that has not read
// the previous version gets only the newest.
func (h *Hub) Subscribe(listID int64) (<-chan int, func()) {
	c := make(chan int, 1)
	h.mu.Lock()
	if h.subs[listID] == nil {
		h.subs[listID] = map[chan int]struct{}{}
	}
	h.subs[listID][c] = struct{}{}
	h.mu.Unlock()
	return c, func() {
		h.mu.Lock()
		delete(h.subs[listID], c)
		if len(h.subs[listID]) == 0 {
			delete(h.subs, listID)
		}
		h.mu.Unlock()
	}
}

// Publish announces that a list reached version.
func (h *Hub) Publish(listID int64, version int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if version <= h.last[listID] {
		return // an older change announced late: the newer one is out already
	}
	h.last[listID] = version
	for c := range h.subs[listID] {
		select {
		case c <- version:
		default:
			// The subscriber has not read the last one yet: replace it with this one.
			select {
			case <-c:
			default:
			}
			c <- version
		}
	}
}

// Subscribers counts the live views of a list on this instance.
func (h *Hub) Subscribers(listID int64) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs[listID])
}

// Lists returns the lists that have live views on this instance.
func (h *Hub) Lists() []int64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]int64, 0, len(h.subs))
	for id := range h.subs {
		out = append(out, id)
	}
	return out
}
