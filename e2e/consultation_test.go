package e2e_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/consultation"
	"github.com/plenary-platform/plenary/internal/document"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// TestJourneyAmendmentInArabic: a member of the public reads a draft under consultation
// on the Arabic pages (right to left), opens a paragraph, proposes new wording in Arabic,
// gets a tracking number at once, and finds the amendment counted under the paragraph.
func TestJourneyAmendmentInArabic(t *testing.T) {
	needBrowser(t)
	e := testenv.New(t)
	ctx, sys := context.Background(), plenary.System("test")
	gm, err := e.Bodies.Create(ctx, sys, body.Input{Code: "gm", TimeZone: "America/New_York",
		Names: plenary.Localized{"en": "Global Mechanism", "ar": "الآلية العالمية"}})
	if err != nil {
		t.Fatal(err)
	}
	d, err := e.Documents.Register(ctx, sys, document.Input{BodyID: gm.ID, Symbol: "A/AC.292/2026/CRP.8", Kind: document.KindConferenceRoomPaper,
		Status: document.StatusDraft, OriginalLanguage: "ar", Title: "مشروع التقرير السنوي"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Documents.SetText(ctx, sys, d.ID, document.TextInput{Language: "ar", Title: "مشروع التقرير السنوي",
		Body: "١. تؤكد الدول من جديد الإطار.\n\n٢. تعيّن الدول جهات اتصال.\n\n٣. تقدم الآلية تقريرًا سنويًا."}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Documents.Publish(ctx, sys, d.ID, time.Time{}); err != nil {
		t.Fatal(err)
	}
	now := e.Clock.Now()
	c, err := e.Consultations.Open(ctx, sys, d.ID, consultation.Input{OpensAt: now, ClosesAt: now.Add(72 * time.Hour),
		LateRule: consultation.LateRefused, Eligibility: consultation.EligibleAnyone})
	if err != nil {
		t.Fatal(err)
	}
	_, ps, _ := e.Documents.Paragraphs(ctx, sys, d.ID)
	cons := "/ar/consultations/" + strconv.FormatInt(c.ID, 10)

	b := startBrowser(t, e)
	b.open(t, cons)
	if dir := run(t, b, "direction", chromedp.Evaluate[string](`document.documentElement.dir`)); dir != "rtl" {
		t.Fatalf("dir=%q", dir)
	}
	b.checkAccessibility(t)
	navigate(t, b, "amend paragraph 2", chromedp.Click(chromedp.CSS(`#p`+ps[1].Key+` a[href*="/submit"]`)))
	if !b.exists(t, `details#p`+ps[1].Key+`[open]`) {
		t.Fatal("the chosen paragraph is not open on the form")
	}
	b.checkAccessibility(t)
	proposed := `textarea[name="proposed_` + ps[1].Key + `"]`
	do(t, b, "name", chromedp.SendKeys(chromedp.CSS(`input[name="name"]`), "ليلى حسن"))
	do(t, b, "email", chromedp.SendKeys(chromedp.CSS(`input[name="email"]`), "layla@example.org"))
	do(t, b, "clear the wording", chromedp.Evaluate[chromedp.Void](`document.querySelector(`+strconv.Quote(proposed)+`).value = ''`))
	do(t, b, "new wording", chromedp.SendKeys(chromedp.CSS(proposed), "٢. تعيّن الدول جهات اتصال في غضون عام."))
	navigate(t, b, "send", chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)))
	tracking := b.text(t, ".tracking")
	if !strings.HasPrefix(strings.TrimSpace(tracking), "GM-") {
		t.Fatalf("no tracking number: %q", tracking)
	}
	b.checkAccessibility(t)
	b.open(t, cons)
	counts := b.text(t, "#p"+ps[1].Key+" .counts")
	if !strings.Contains(counts, "تعديل: 1") {
		t.Errorf("counts under paragraph 2: %q", counts)
	}
	if v := b.cspViolations(); len(v) > 0 {
		t.Errorf("CSP violations: %v", v)
	}
}
