package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/consultation"
	"github.com/plenary-platform/plenary/internal/document"
	"github.com/plenary-platform/plenary/internal/draft"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/testenv"
)

var untranslatedCons = regexp.MustCompile(`\b(consultation|document)\.[a-z_]+`)

// consultedDraft registers and publishes a draft of three paragraphs in the Global
// Mechanism and returns it with its paragraphs.
func consultedDraft(t testing.TB, e *testenv.Env) (document.Document, []draft.Paragraph) {
	t.Helper()
	sys := plenary.System("test")
	gm, err := e.Bodies.Create(ctx, sys, body.Input{Code: "gm", TimeZone: "America/New_York", Names: plenary.Localized{"en": "Global Mechanism"}})
	if err != nil {
		t.Fatal(err)
	}
	d, err := e.Documents.Register(ctx, sys, document.Input{BodyID: gm.ID, Symbol: "A/AC.292/2026/CRP.4", Kind: document.KindConferenceRoomPaper,
		Status: document.StatusDraft, Title: "Zero draft of the annual report"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Documents.SetText(ctx, sys, d.ID, document.TextInput{Language: "en", Title: "Zero draft of the annual report",
		Body: "1. States reaffirm the framework.\n\n2. States will nominate Points of Contact.\n\n3. The Mechanism will report annually."}); err != nil {
		t.Fatal(err)
	}
	if d, err = e.Documents.Publish(ctx, sys, d.ID, time.Time{}); err != nil {
		t.Fatal(err)
	}
	_, ps, _ := e.Documents.Paragraphs(ctx, sys, d.ID)
	return d, ps
}

// TestConsultationThroughPages: the Secretariat opens a moderated consultation; a member
// of the public proposes an amendment in Arabic (mistakes first, explained in Arabic);
// the receipt gives a tracking number; the Secretariat publishes it; the counts show;
// the author withdraws it with the number and the address.
func TestConsultationThroughPages(t *testing.T) {
	e := testenv.New(t)
	admin := e.CreateUser(t, "amina@example.org", "Amina Diallo", plenary.Grant{Role: plenary.RoleSecretariat})
	d, ps := consultedDraft(t, e)
	doc := "/documents/" + itoa(d.ID)
	sec := newSignedIn(t, e, admin)
	mustContain(t, expect(t, "the form", sec.get("/en"+doc+"/consultation/edit"), 200).Body, `value="refuse" selected`)
	res := expect(t, "bad window", sec.post("/en"+doc+"/consultation", url.Values{"opens_at": {"2026-03-02T10:00"},
		"closes_at": {"2026-03-01T10:00"}, "eligibility": {"anyone"}, "late_rule": {"refuse"}}), 422)
	mustContain(t, res.Body, `href="#field-closes_at"`)
	res = expect(t, "open", sec.post("/en"+doc+"/consultation", url.Values{"opens_at": {"2026-03-02T04:00"},
		"closes_at": {"2026-03-20T18:00"}, "eligibility": {"anyone"}, "late_rule": {"refuse"}, "moderated": {"1"}}), 303)
	cons := strings.TrimPrefix(res.Header.Get("Location"), "/en")
	res = expect(t, "change", sec.post("/en"+doc+"/consultation", url.Values{"opens_at": {"2026-03-02T04:00"},
		"closes_at": {"2026-03-20T18:00"}, "eligibility": {"anyone"}, "late_rule": {"refuse"}, "moderated": {"1"}}), 303)
	if got := strings.TrimPrefix(res.Header.Get("Location"), "/en"); got != cons {
		t.Errorf("the change went to %s, not %s", got, cons)
	}
	for _, lang := range plenary.Languages {
		res := expect(t, lang+" form", sec.get("/"+lang+doc+"/consultation/edit"), 200)
		mustContain(t, res.Body, `value="2026-03-20T18:00"`)
		if k := untranslatedCons.FindString(res.Body); k != "" {
			t.Errorf("%s form shows the key %q", lang, k)
		}
	}
	mustContain(t, sec.get("/en"+cons).Body, "18:00", "America/New_York")

	pub := newBrowser(t, e)
	form := expect(t, "form", pub.get("/ar"+cons+"/submit?paragraph="+ps[1].Key), 200).Body
	key := regexp.MustCompile(`name="idempotency_key" value="([^"]+)"`).FindStringSubmatch(form)
	if key == nil {
		t.Fatal("no idempotency key in the form")
	}
	amend := url.Values{"idempotency_key": {key[1]}, "language": {"ar"}, "name": {"ليلى حسن"},
		"stance_" + ps[1].Key: {"amend"}, "proposed_" + ps[1].Key: {ps[1].Text}}
	res = expect(t, "amendment without change nor email", pub.postFile("/ar"+cons+"/submissions", amend, "file", "", nil), 422)
	mustContain(t, res.Body, `href="#field-email"`, `href="#field-proposed_`+ps[1].Key+`"`, "اذكر النص الذي تقترحه لهذه الفقرة")
	amend.Set("email", "layla@example.org")
	amend.Set("proposed_"+ps[1].Key, "2. تعيّن الدول جهات اتصال في غضون عام.")
	res = expect(t, "amendment", pub.postFile("/ar"+cons+"/submissions", amend, "file", "", nil), 200)
	tracking := regexp.MustCompile(`<strong>(GM-[A-Z0-9-]+)</strong>`).FindStringSubmatch(res.Body)
	if tracking == nil {
		t.Fatalf("no tracking number in\n%s", res.Body)
	}
	again := expect(t, "the same form again", pub.postFile("/ar"+cons+"/submissions", amend, "file", "", nil), 200)
	mustContain(t, again.Body, tracking[1])

	mustNotContain(t, pub.get("/en"+cons).Body, "تعيّن الدول") // waiting for moderation
	mod := expect(t, "moderation", sec.get("/en"+cons+"/moderation"), 200).Body
	id := regexp.MustCompile(`/submissions/([0-9]+)/decision`).FindStringSubmatch(mod)
	if id == nil {
		t.Fatalf("nothing to moderate\n%s", mod)
	}
	expect(t, "publish", sec.post("/en/submissions/"+id[1]+"/decision", url.Values{"publish": {"1"}}), 303)
	for _, lang := range plenary.Languages {
		for _, p := range []string{cons, cons + "?paragraph=" + ps[1].Key, cons + "/submit", "/submissions/track", doc} {
			res := expect(t, lang+p, pub.get("/"+lang+p), 200)
			if k := untranslatedCons.FindString(res.Body); k != "" {
				t.Errorf("%s%s shows the key %q", lang, p, k)
			}
			mustNotContain(t, res.Body, "layla@example.org")
		}
	}
	page := pub.get("/en" + cons).Body
	mustContain(t, page, "تعيّن الدول", "Amend: 1", "ليلى حسن")
	expect(t, "track without the address", pub.get("/en/submissions/track?tracking="+tracking[1]), 200)
	res = expect(t, "track", pub.get("/en/submissions/track?tracking="+tracking[1]+"&email=layla@example.org"), 200)
	mustContain(t, res.Body, "Published", "Withdraw this input")
	expect(t, "withdraw", pub.post("/en/submissions/withdrawal", url.Values{"tracking": {tracking[1]}, "email": {"layla@example.org"}}), 303)
	mustContain(t, pub.get("/en"+cons).Body, "Amend: 0")
	expect(t, "moderation to the public", pub.get("/en"+cons+"/moderation"), 303)
}

// TestCampaignCSV: an accredited organization's focal point uploads a campaign's CSV; the
// good rows are taken with their signers, the bad one is reported by its row; sending
// the file again stores nothing twice.
func TestCampaignCSV(t *testing.T) {
	e := testenv.New(t)
	admin := e.CreateUser(t, "amina@example.org", "Amina Diallo", plenary.Grant{Role: plenary.RoleSecretariat})
	d, _ := consultedDraft(t, e)
	sys := plenary.System("test")
	org, err := e.Organizations.Create(ctx, sys, organization.Input{Type: organization.NGO, HQState: "KEN", ECOSOC: organization.SpecialStatus,
		Names: plenary.Localized{"en": "Nairobi Forum"}})
	if err != nil {
		t.Fatal(err)
	}
	focalU := e.CreateUser(t, "focal@example.org", "Focal", plenary.Grant{Role: plenary.RoleFocalPoint, OrganizationID: org.ID})
	gm, _ := e.Bodies.ByCode(ctx, sys, "gm")
	e.Accredit(t, e.Actor(t, admin), e.Actor(t, focalU), gm.ID, org.ID)
	now := e.Clock.Now()
	c, err := e.Consultations.Open(ctx, sys, d.ID, consultation.Input{OpensAt: now, ClosesAt: now.Add(time.Hour),
		LateRule: consultation.LateRefused, Eligibility: consultation.EligibleOrganizations})
	if err != nil {
		t.Fatal(err)
	}
	focal := newSignedIn(t, e, focalU)
	path := "/en/consultations/" + itoa(c.ID)
	mustContain(t, focal.get(path).Body, "/bulk")
	mustContain(t, expect(t, "form", focal.get(path+"/bulk"), 200).Body, `<option value="`+itoa(org.ID)+`"`, "Nairobi Forum")
	csv := "\xef\xbb\xbfkey,language,signers,campaign,paragraph,stance,proposed_text\n" +
		"a1,en,1200,Contacts now,2,amend,States shall nominate Points of Contact.\n" +
		"a2,en,300,Contacts now,1,support,\n" +
		"a3,en,10,Contacts now,9,support,\n"
	form := url.Values{"organization": {itoa(org.ID)}}
	res := expect(t, "upload", focal.postFile(path+"/bulk", form, "file", "campaign.csv", []byte(csv)), 200)
	mustContain(t, res.Body, "Input taken: 2, for 1500 signers.", "<td>4</td>")
	expect(t, "again", focal.postFile(path+"/bulk", form, "file", "campaign.csv", []byte(csv)), 200)
	v, err := e.Consultations.Get(ctx, sys, c.ID)
	if err != nil || v.Totals.Published != 2 || v.Totals.Signers != 1500 {
		t.Errorf("stored %+v %v", v.Totals, err)
	}
	res = expect(t, "not a csv", focal.postFile(path+"/bulk", form, "file", "x.csv", []byte("hello\nworld")), 422)
	mustContain(t, res.Body, `href="#field-file"`)
	expect(t, "bulk to the public", newBrowser(t, e).get(path+"/bulk"), 303)
}
