package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/floor"
)

// Live views of lists of speakers, over server-sent events (decision 0015).
//
// A viewer subscribes to the list on the floor's hub, which tells it only that the list
// reached a new version. The viewer then takes the list as HTML from a cache that holds,
// per list and language, the newest rendering: when the Chair gives the floor, one viewer
// reads and renders the list and the thousands of others wait a moment for that same
// rendering, instead of each reading the database. The HTML is the same for everyone who
// may see the list (it holds nothing of the reader), and the script swaps it in; the
// timers tick in the browser from the instants the HTML carries.

// liveView is the part of a list that the room's screen shows.
type liveView struct {
	*Page
	List floor.SpeakerList
	Now  time.Time
}

// Speaker names an entry's delegation, and the group it speaks for.
func (v *liveView) Speaker(e floor.Entry) string {
	name := v.List.OrganizationName(e.OrganizationID, v.Lang)
	if e.Category.IsState() {
		name = v.StateName(e.State)
	}
	if e.Group != "" {
		return v.T("floor.on_behalf", "Group", e.Group, "Speaker", name)
	}
	return name
}

// Current is the entry that has the floor, or nil.
func (v *liveView) Current() *floor.Entry {
	if e, ok := v.List.Speaking(); ok {
		return &e
	}
	return nil
}

// Waiting are the entries to speak, in order.
func (v *liveView) Waiting() []floor.Entry { return v.List.Waiting() }

// Elapsed is the time the entry has spoken, as a clock.
func (v *liveView) Elapsed(e floor.Entry) string { return clock(e.Timer.Elapsed(v.Now)) }

// Limit is the entry's speaking time, as a clock.
func (v *liveView) Limit(e floor.Entry) string { return clock(e.Timer.Limit) }

// Over reports whether the speaker is past the limit.
func (v *liveView) Over(e floor.Entry) bool { return e.Timer.Overrun(v.Now) > 0 }

// Millis writes a duration in milliseconds, and an instant since the epoch (0 for none),
// for the script's timers.
func (v *liveView) Millis(d time.Duration) int64 { return d.Milliseconds() }

func (v *liveView) Epoch(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// livePage is the room's screen: the list alone, large.
type livePage struct {
	speakersPage
	EventsURL string
}

func (h *Handler) speakersLive(w http.ResponseWriter, r *http.Request) error {
	sp, err := h.speakersPage(w, r)
	if err != nil {
		return err
	}
	p := livePage{speakersPage: sp, EventsURL: sp.ListURL(sp.List.ID, "/events")}
	h.render(w, r, http.StatusOK, "speakers-live", &p)
	return nil
}

// MaxLiveViewers bounds the live views one instance holds open. Each costs a connection,
// a goroutine and some tens of KB (BenchmarkLiveView); past this a viewer is told to come back (its script retries
// after a while, and the page without script refreshes itself).
const MaxLiveViewers = 20000

// liveCache holds the newest rendering of each list in each language.
type liveCache struct {
	mu      sync.Mutex
	slots   map[liveKey]*liveSlot
	viewers atomic.Int64
	stop    chan struct{} // closed when the server shuts down: live views end
	once    sync.Once
}

type liveKey struct {
	list int64
	lang string
}

type liveSlot struct {
	mu      sync.Mutex
	version int
	payload []byte // the rendered HTML as a JSON string
}

func newLiveCache() *liveCache {
	return &liveCache{slots: map[liveKey]*liveSlot{}, stop: make(chan struct{})}
}

// get returns the rendering of a list at version atLeast or newer, rendering it if the
// cache has only an older one. Viewers asking at once wait for one rendering.
func (c *liveCache) get(k liveKey, atLeast int, render func() (int, []byte, error)) (int, []byte, error) {
	c.mu.Lock()
	s := c.slots[k]
	if s == nil {
		if len(c.slots) > 10000 {
			c.slots = map[liveKey]*liveSlot{} // lists of past meetings: let them go
		}
		s = &liveSlot{version: -1}
		c.slots[k] = s
	}
	c.mu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.payload != nil && s.version >= atLeast {
		return s.version, s.payload, nil
	}
	v, payload, err := render()
	if err != nil {
		return 0, nil, err
	}
	if v >= s.version {
		s.version, s.payload = v, payload
	}
	return s.version, s.payload, nil
}

// StopLive ends every live view, for the server to shut down: a live view never ends by
// itself, and the server waits for every request to end.
func (h *Handler) StopLive() { h.live.once.Do(func() { close(h.live.stop) }) }

// LiveViewers counts the live views open on this instance.
func (h *Handler) LiveViewers() int64 { return h.live.viewers.Load() }

// renderLive renders a list for live views in the request's language.
func (h *Handler) renderLive(r *http.Request, listID int64) (int, []byte, error) {
	l, _, err := h.svc.Floor.Get(r.Context(), actorOf(r.Context()), listID)
	if err != nil {
		return 0, nil, err
	}
	p := h.page(nil, r, "", "")
	var buf bytes.Buffer
	if err := h.pages.byName["speakers-live"].ExecuteTemplate(&buf, "live-list", &liveView{Page: &p, List: l, Now: h.svc.Floor.Now()}); err != nil {
		return 0, nil, err
	}
	payload, err := json.Marshal(buf.String())
	return l.Version, payload, err
}

// liveHeartbeat keeps an idle stream open through proxies that close silent ones.
const liveHeartbeat = 20 * time.Second

// liveLifetime ends a stream after a while, so that a viewer's access is checked again on
// reconnection (a meeting may have been closed to the public meanwhile).
const liveLifetime = 30 * time.Minute

// speakersEvents streams a list's changes as server-sent events: an event "list" with
// the version as its ID and, as data, {"version", "now", "html"}.
func (h *Handler) speakersEvents(w http.ResponseWriter, r *http.Request) error {
	sessionID, ok := parseID(r.PathValue("session"))
	listID, ok2 := parseID(r.PathValue("list"))
	if !ok || !ok2 {
		return plenary.NotFound()
	}
	// The list must be this meeting's, and the reader must see it.
	l, m, err := h.svc.Floor.Get(r.Context(), actorOf(r.Context()), listID)
	if err != nil {
		return err
	}
	if m.SessionID != sessionID || strconv.Itoa(m.Number) != r.PathValue("n") {
		return plenary.NotFound()
	}
	if h.live.viewers.Add(1) > MaxLiveViewers {
		h.live.viewers.Add(-1)
		return &plenary.Error{Kind: plenary.KindUnavailable, Message: "error.unavailable", RetryAfter: 5 * time.Second}
	}
	defer h.live.viewers.Add(-1)

	updates, stop := h.svc.Floor.Hub().Subscribe(listID)
	defer stop()
	rc := http.NewResponseController(w)
	hd := w.Header()
	hd.Set("Content-Type", "text/event-stream; charset=utf-8")
	hd.Set("Cache-Control", "no-store, no-transform")
	hd.Set("X-Accel-Buffering", "no") // a buffering proxy would hold the events back
	w.WriteHeader(http.StatusOK)

	// Each write has its own deadline: the server's write timeout is for ordinary pages,
	// and a viewer that stops reading is dropped rather than held.
	write := func(format string, args ...any) error {
		if err := rc.SetWriteDeadline(time.Now().Add(15 * time.Second)); err != nil {
			return err
		}
		if _, err := fmt.Fprintf(w, format, args...); err != nil {
			return err
		}
		return rc.Flush()
	}
	sent := -1
	if id, err := strconv.Atoi(r.Header.Get("Last-Event-ID")); err == nil {
		sent = id // a reconnection: send only what changed since
	}
	key := liveKey{list: listID, lang: langOf(r.Context())}
	send := func(version int) error {
		v, payload, err := h.live.get(key, version, func() (int, []byte, error) { return h.renderLive(r, listID) })
		if err != nil || v == sent {
			return err
		}
		sent = v
		return write("event: list\nid: %d\ndata: {\"version\":%d,\"now\":%d,\"html\":%s}\n\n", v, v, h.svc.Floor.Now().UnixMilli(), payload)
	}
	if err := write("retry: 3000\n\n"); err != nil {
		return nil
	}
	if err := send(l.Version); err != nil {
		return nil // the viewer left, or the list is gone: nothing to tell anyone
	}
	beat := time.NewTicker(liveHeartbeat)
	defer beat.Stop()
	end := time.NewTimer(liveLifetime)
	defer end.Stop()
	for {
		select {
		case <-r.Context().Done():
			return nil
		case <-h.live.stop:
			return nil
		case <-end.C:
			return nil
		case v := <-updates:
			if err := send(v); err != nil {
				return nil
			}
		case <-beat.C:
			if err := write(":\n\n"); err != nil {
				return nil
			}
		}
	}
}
