package meeting_test

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"

	"github.com/plenary-platform/plenary/internal/meeting"
)

// Two meetings at 10:00 in New York on either side of the change to daylight saving time
// (8 March 2026), a cancelled one, and a long Arabic summary that must fold without
// splitting a character.
func calendarEvents() []meeting.CalendarEvent {
	stamp := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	return []meeting.CalendarEvent{
		{UID: "meeting-1@plenary.example.org", Summary: "Global Mechanism, substantive session 1, meeting 1", Description: "Items: 1, 5; a comma, a semicolon",
			Location: "Conference Room 4, UN Headquarters", URL: "https://plenary.example.org/en/sessions/1/meetings/1",
			Start: time.Date(2026, 3, 6, 15, 0, 0, 0, time.UTC), End: time.Date(2026, 3, 6, 18, 0, 0, 0, time.UTC), Stamp: stamp},
		{UID: "meeting-2@plenary.example.org", Summary: strings.Repeat("الآلية العالمية المعنية بأمن تكنولوجيا المعلومات والاتصالات ", 3),
			Start: time.Date(2026, 3, 9, 14, 0, 0, 0, time.UTC), End: time.Date(2026, 3, 9, 17, 0, 0, 0, time.UTC), Stamp: stamp, Sequence: 2},
		{UID: "meeting-3@plenary.example.org", Summary: "Cancelled", Cancelled: true,
			Start: time.Date(2026, 3, 10, 19, 0, 0, 0, time.UTC), End: time.Date(2026, 3, 10, 20, 0, 0, 0, time.UTC), Stamp: stamp},
	}
}

func TestICalendar(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	var b bytes.Buffer
	if err := meeting.WriteICalendar(&b, "Global Mechanism", ny, calendarEvents()); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.HasSuffix(out, "\r\n") || strings.Contains(strings.ReplaceAll(out, "\r\n", ""), "\n") {
		t.Error("lines do not all end in CRLF")
	}
	for _, line := range strings.Split(out, "\r\n") {
		if len(line) > 75 {
			t.Errorf("line longer than 75 octets: %q", line)
		}
		if !utf8.ValidString(line) {
			t.Errorf("folding split a character: %q", line)
		}
	}
	for _, want := range []string{
		"DTSTART;TZID=America/New_York:20260306T100000",
		"DTSTART;TZID=America/New_York:20260309T100000", // still 10:00 after the change
		"BEGIN:DAYLIGHT", "DTSTART:20260308T020000", "TZOFFSETFROM:-0500", "TZOFFSETTO:-0400",
		"STATUS:CANCELLED", "SEQUENCE:2", `a comma\, a semicolon`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the calendar lacks %q", want)
		}
	}

	// Read back by golang-ical.
	cal, err := ics.ParseCalendar(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	events := cal.Events()
	if len(events) != 3 || len(cal.Timezones()) != 1 {
		t.Fatalf("%d events, %d time zones", len(events), len(cal.Timezones()))
	}
	if s := events[1].GetProperty(ics.ComponentPropertySummary).Value; s != calendarEvents()[1].Summary {
		t.Errorf("the Arabic summary came back as %q", s)
	}
}

// TestICalendarInPythonIcalendar reads the calendar with an independent library (Debian's
// python3-icalendar), which resolves the times through our VTIMEZONE.
func TestICalendarInPythonIcalendar(t *testing.T) {
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import icalendar").Run(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("python3-icalendar is missing: .ci/run installs it")
		}
		t.Skip("python3-icalendar is not installed (apt-get install python3-icalendar)")
	}
	ny, _ := time.LoadLocation("America/New_York")
	var b bytes.Buffer
	if err := meeting.WriteICalendar(&b, "Global Mechanism", ny, calendarEvents()); err != nil {
		t.Fatal(err)
	}
	f := t.TempDir() + "/gm.ics"
	if err := os.WriteFile(f, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	script := `
import sys, datetime, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
for ev in cal.walk('VEVENT'):
    s = ev.decoded('DTSTART')
    print(str(ev['UID']), s.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M'), str(ev.get('STATUS')))
`
	out, err := exec.Command(py, "-c", script, f).CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	want := "meeting-1@plenary.example.org 2026-03-06T15:00 CONFIRMED\n" +
		"meeting-2@plenary.example.org 2026-03-09T14:00 CONFIRMED\n" +
		"meeting-3@plenary.example.org 2026-03-10T19:00 CANCELLED\n"
	if string(out) != want {
		t.Errorf("python3-icalendar read:\n%s\nwant:\n%s", out, want)
	}
}
