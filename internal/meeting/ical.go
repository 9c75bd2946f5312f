package meeting

import (
	"fmt"
	"io"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
)

// CalendarEvent is one meeting as a calendar shows it, already written in the reader's
// language.
type CalendarEvent struct {
	UID         string // stable across changes: "meeting-12@host"
	Summary     string
	Description string
	Location    string
	URL         string
	Start, End  time.Time
	Sequence    int
	Stamp       time.Time // when it last changed
	Cancelled   bool
}

// WriteICalendar writes events as an RFC 5545 calendar: CRLF line endings, lines folded
// at 75 octets without splitting a character, times in zone (the body's) with its
// VTIMEZONE, so that a calendar shows New York time in New York and the reader's time
// elsewhere, across daylight-saving changes.
func WriteICalendar(w io.Writer, name string, zone *time.Location, events []CalendarEvent) error {
	cal := ics.NewCalendar()
	cal.SetMethod(ics.MethodPublish)
	cal.SetProductId("-//plenary//plenary//EN")
	cal.SetName(name)
	cal.SetXWRCalName(name)
	cal.SetXWRTimezone(zone.String())
	if len(events) > 0 {
		from, to := events[0].Start, events[0].End
		for _, e := range events {
			if e.Start.Before(from) {
				from = e.Start
			}
			if e.End.After(to) {
				to = e.End
			}
		}
		cal.AddVTimezone(vtimezone(zone, from, to))
	}
	for _, e := range events {
		ev := cal.AddEvent(e.UID)
		ev.SetDtStampTime(e.Stamp)
		ev.SetSequence(e.Sequence)
		ev.SetProperty(ics.ComponentPropertyDtStart, localStamp(e.Start.In(zone)), ics.WithTZID(zone.String()))
		ev.SetProperty(ics.ComponentPropertyDtEnd, localStamp(e.End.In(zone)), ics.WithTZID(zone.String()))
		ev.SetSummary(e.Summary)
		if e.Description != "" {
			ev.SetDescription(e.Description)
		}
		if e.Location != "" {
			ev.SetLocation(e.Location)
		}
		if e.URL != "" {
			ev.SetURL(e.URL)
		}
		ev.SetClass(ics.ClassificationPublic)
		if e.Cancelled {
			ev.SetStatus(ics.ObjectStatusCancelled)
		} else {
			ev.SetStatus(ics.ObjectStatusConfirmed)
		}
	}
	return cal.SerializeTo(w, ics.WithNewLineWindows)
}

func localStamp(t time.Time) string { return t.Format("20060102T150405") }

// vtimezone describes zone from a year before from to a year after to: one observance
// per offset change, each starting at its change written in the offset it changes from,
// as RFC 5545 §3.6.5 wants. A zone without changes gets one standard observance.
func vtimezone(zone *time.Location, from, to time.Time) *ics.VTimezone {
	tz := ics.NewTimezone(zone.String())
	from, to = from.AddDate(-1, 0, 0).In(zone), to.AddDate(1, 0, 0).In(zone)
	name, offset := from.Zone()
	start, _ := from.ZoneBounds()
	if start.IsZero() {
		start = time.Date(1970, 1, 1, 0, 0, 0, 0, zone)
	}
	observe(tz, from.IsDST(), start.In(time.FixedZone("", offset)), offset, offset, name)
	t := from
	for {
		_, end := t.ZoneBounds()
		if end.IsZero() || end.After(to) {
			break
		}
		_, before := end.Add(-time.Second).Zone()
		name, after := end.Zone()
		observe(tz, end.IsDST(), end.In(time.FixedZone("", before)), before, after, name)
		t = end
	}
	return tz
}

func observe(tz *ics.VTimezone, dst bool, start time.Time, from, to int, name string) {
	var c *ics.ComponentBase
	if dst {
		d := &ics.Daylight{}
		tz.Components = append(tz.Components, d)
		c = &d.ComponentBase
	} else {
		s := tz.AddStandard()
		c = &s.ComponentBase
	}
	c.SetProperty(ics.ComponentPropertyDtStart, localStamp(start))
	c.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), utcOffset(from))
	c.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), utcOffset(to))
	if name != "" && !strings.ContainsAny(name, "+-") {
		c.SetProperty(ics.ComponentProperty(ics.PropertyTzname), name)
	}
}

// utcOffset writes seconds east of UTC as RFC 5545's +hhmm (or +hhmmss).
func utcOffset(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	s := fmt.Sprintf("%s%02d%02d", sign, sec/3600, sec%3600/60)
	if sec%60 != 0 {
		s += fmt.Sprintf("%02d", sec%60)
	}
	return s
}
