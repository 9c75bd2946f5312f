package testenv

import (
	"sync"
	"time"
)

// Clock is a clock the test sets. It starts at a fixed instant, so that tests do not
// depend on the day they run.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// Start is where test clocks begin: a Monday in UTC.
var Start = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func NewClock() *Clock { return &Clock{now: Start} }

func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t.UTC()
	c.mu.Unlock()
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}
