package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/consultation"
	"github.com/plenary-platform/plenary/internal/floor"
	"github.com/plenary-platform/plenary/internal/meeting"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// benchSignIn signs u in through the form and returns the session's cookies.
func benchSignIn(b *testing.B, e *testenv.Env, email string) []*http.Cookie {
	b.Helper()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "/en/sign-in", strings.NewReader(url.Values{"email": {email}, "password": {testenv.Password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	e.Handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther {
		b.Fatalf("sign in: %d", rec.Code)
	}
	return rec.Result().Cookies()
}

// BenchmarkChairNextSpeaker is the Chair pressing "next speaker" on a list of 40 waiting
// speakers. "page" goes through the whole handler (session, routing, the action, the
// redirect), as the form without JavaScript posts it; "service" calls Floor.Next alone,
// in the same process: the ceiling of what the page can do, since the handler can only
// add to it. When a list runs out, a new meeting of the session gets a new list of 40,
// off the clock, so that every press works on a list of the same size (a list keeps every
// entry ever made: the cost of a press grows with it).
func BenchmarkChairNextSpeaker(b *testing.B) {
	for _, via := range []string{"page", "service"} {
		b.Run(via, func(b *testing.B) { benchmarkNextSpeaker(b, via == "page") })
	}
}

func benchmarkNextSpeaker(b *testing.B, page bool) {
	e := testenv.New(b)
	_, m := floorMeeting(b, e, true)
	sys := plenary.System("bench")
	chairUser := e.CreateUser(b, "chair@example.org", "The Chair", plenary.Grant{Role: plenary.RoleChair})
	chair := e.Actor(b, chairUser)
	states, err := e.States.Sorted(ctx, chair, "en")
	if err != nil {
		b.Fatal(err)
	}
	meetings := 0
	// fill opens a list of 40 speakers on a new meeting and returns it with its "next"
	// address.
	fill := func() (int64, string) {
		meetings++
		start := m.StartsAt.Add(time.Duration(meetings) * 4 * time.Hour)
		mt, err := e.Meetings.CreateMeeting(ctx, sys, m.SessionID, meeting.MeetingInput{StartsAt: start, EndsAt: start.Add(3 * time.Hour),
			Formal: true, Public: true})
		if err != nil {
			b.Fatal(err)
		}
		l, err := e.Floor.OpenList(ctx, chair, mt.ID, 0, false)
		if err != nil {
			b.Fatal(err)
		}
		for _, s := range states[:40] {
			if _, err := e.Floor.Inscribe(ctx, chair, l.ID, floor.InscribeInput{State: s.ISO3}); err != nil {
				b.Fatal(err)
			}
		}
		return l.ID, "/en/sessions/" + itoa(m.SessionID) + "/meetings/" + strconv.Itoa(mt.Number) + "/speakers/" + itoa(l.ID) + "/next"
	}
	list, target := fill()
	cookies := benchSignIn(b, e, chairUser.Email)
	left := 40
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if left == 0 {
			b.StopTimer()
			list, target = fill()
			left = 40
			b.StartTimer()
		}
		left--
		if !page {
			if _, err := e.Floor.Next(ctx, chair, list); err != nil {
				b.Fatal(err)
			}
			continue
		}
		req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(""))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for _, c := range cookies {
			req.AddCookie(c)
		}
		rec := httptest.NewRecorder()
		e.Handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusSeeOther {
			b.Fatalf("next: %d\n%s", rec.Code, rec.Body)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

// BenchmarkFormSubmission is written input sent through the consultation's form without
// JavaScript, by someone not signed in: a multipart form with a name, an address, a
// general text and positions on two paragraphs, each with its own idempotency key (the
// form's), answered with the receipt ("page"); and the same input given to
// Consultations.Submit alone ("service"), the ceiling of the page. The API path of the
// same input is measured over HTTP by make bench-intake.
func BenchmarkFormSubmission(b *testing.B) {
	for _, via := range []string{"page", "service"} {
		b.Run(via, func(b *testing.B) { benchmarkFormSubmission(b, via == "page") })
	}
}

func benchmarkFormSubmission(b *testing.B, page bool) {
	e := testenv.New(b)
	e.Clock.Set(time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC))
	sys := plenary.System("bench")
	d, ps := consultedDraft(b, e)
	c, err := e.Consultations.Open(ctx, sys, d.ID, consultation.Input{OpensAt: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC),
		ClosesAt: time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC), Eligibility: consultation.EligibleAnyone, LateRule: consultation.LateRefused})
	if err != nil {
		b.Fatal(err)
	}
	target := "/en/consultations/" + itoa(c.ID) + "/submissions"
	const text, amended = "We support the draft and propose one change.", "2. States will nominate Points of Contact within a year."
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		key, email := "form-bench-"+strconv.Itoa(i), "ana"+strconv.Itoa(i)+"@example.org"
		if !page {
			if _, err := e.Consultations.Submit(ctx, plenary.Public("en"), c.ID, consultation.SubmitInput{IdempotencyKey: key, Language: "en",
				Name: "Ana Pereira", Email: email, Text: text, Anchors: []consultation.Anchor{{ParagraphKey: ps[0].Key, Stance: consultation.StanceSupport},
					{ParagraphKey: ps[1].Key, Stance: consultation.StanceAmend, ProposedText: amended}}}); err != nil {
				b.Fatal(err)
			}
			continue
		}
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for k, v := range map[string]string{
			"idempotency_key": key, "language": "en", "name": "Ana Pereira", "email": email, "text": text,
			"stance_" + ps[0].Key: "support", "stance_" + ps[1].Key: "amend", "proposed_" + ps[1].Key: amended,
		} {
			_ = mw.WriteField(k, v)
		}
		_ = mw.Close()
		req := httptest.NewRequest(http.MethodPost, target, &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		rec := httptest.NewRecorder()
		e.Handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "GM-") {
			b.Fatalf("submit: %d\n%s", rec.Code, rec.Body)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}
