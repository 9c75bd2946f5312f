package consultation_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/consultation"
	"github.com/plenary-platform/plenary/internal/document"
	"github.com/plenary-platform/plenary/internal/draft"
	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

var ctx = context.Background()

const text = `1. States reaffirm that international law applies to the use of ICTs.

2. States will continue to study how norms of responsible State behaviour apply.

3. States are encouraged to nominate Points of Contact to the directory.`

type world struct {
	e                            *testenv.Env
	gm                           body.Body
	draft                        document.Document
	paras                        []draft.Paragraph
	sec, fra, focal, user, other plenary.Actor
	unaccredited                 plenary.Actor
	orgID                        int64
}

func newWorld(t *testing.T) *world {
	t.Helper()
	e := testenv.New(t)
	w := &world{e: e}
	sys := plenary.System("test")
	var err error
	if w.gm, err = e.Bodies.Create(ctx, sys, body.Input{Code: "gm", TimeZone: "America/New_York",
		Names: plenary.Localized{"en": "Global Mechanism on ICT security"}}); err != nil {
		t.Fatal(err)
	}
	actor := func(email string, g ...plenary.Grant) plenary.Actor {
		return e.Actor(t, e.CreateUser(t, email, email, g...))
	}
	w.sec = actor("sec@un.org", plenary.Grant{Role: plenary.RoleSecretariat})
	w.fra = actor("fra@example.org", plenary.Grant{Role: plenary.RoleDelegate, State: "FRA"})
	w.user = actor("someone@example.org")
	w.other = actor("other@example.org")
	org, err := e.Organizations.Create(ctx, sys, organization.Input{Type: organization.NGO, HQState: "KEN",
		ECOSOC: organization.SpecialStatus, Names: plenary.Localized{"en": "Nairobi Forum"}})
	if err != nil {
		t.Fatal(err)
	}
	w.orgID = org.ID
	w.focal = actor("focal@nairobi.example.org", plenary.Grant{Role: plenary.RoleFocalPoint, OrganizationID: org.ID})
	e.Accredit(t, w.sec, w.focal, w.gm.ID, org.ID)
	w.focal = e.Actor(t, e.CreateUser(t, "rep@nairobi.example.org", "Rep", plenary.Grant{Role: plenary.RoleRepresentative, OrganizationID: org.ID}))
	other, err := e.Organizations.Create(ctx, sys, organization.Input{Type: organization.NGO, HQState: "BRA",
		Names: plenary.Localized{"en": "Unaccredited Institute"}})
	if err != nil {
		t.Fatal(err)
	}
	w.unaccredited = actor("focal@unaccredited.example.org", plenary.Grant{Role: plenary.RoleFocalPoint, OrganizationID: other.ID})

	if w.draft, err = e.Documents.Register(ctx, w.sec, document.Input{BodyID: w.gm.ID, Symbol: "A/AC.292/2026/CRP.1",
		Kind: document.KindConferenceRoomPaper, Status: document.StatusDraft, Title: "Zero draft"}); err != nil {
		t.Fatal(err)
	}
	if _, err = e.Documents.SetText(ctx, w.sec, w.draft.ID, document.TextInput{Language: "en", Title: "Zero draft", Body: text}); err != nil {
		t.Fatal(err)
	}
	if w.draft, err = e.Documents.Publish(ctx, w.sec, w.draft.ID, time.Time{}); err != nil {
		t.Fatal(err)
	}
	_, w.paras, _ = e.Documents.Paragraphs(ctx, w.sec, w.draft.ID)
	return w
}

// open opens a consultation from an hour from now for a day.
func (w *world) open(t *testing.T, el consultation.Eligibility, late consultation.LateRule, moderated bool) consultation.Consultation {
	t.Helper()
	now := w.e.Clock.Now()
	c, err := w.e.Consultations.Open(ctx, w.sec, w.draft.ID, consultation.Input{OpensAt: now.Add(time.Hour),
		ClosesAt: now.Add(25 * time.Hour), LateRule: late, Eligibility: el, Moderated: moderated})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func general(s string) consultation.SubmitInput {
	return consultation.SubmitInput{Language: "en", Text: s}
}

func wantKind(t *testing.T, what string, err error, k plenary.Kind) {
	t.Helper()
	if plenary.ErrorKind(err) != k || err == nil {
		t.Fatalf("%s: %v, want %v", what, err, k)
	}
}

// TestWindowAndLateRule: input is taken from opening to closing; after, only where the
// late rule accepts it, marked late.
func TestWindowAndLateRule(t *testing.T) {
	for _, rule := range []consultation.LateRule{consultation.LateRefused, consultation.LateAccepted} {
		t.Run(string(rule), func(t *testing.T) {
			w := newWorld(t)
			c := w.open(t, consultation.EligibleUsers, rule, false)
			_, err := w.e.Consultations.Submit(ctx, w.user, c.ID, general("too early"))
			wantKind(t, "before opening", err, plenary.KindConflict)
			w.e.Clock.Advance(time.Hour)
			r, err := w.e.Consultations.Submit(ctx, w.user, c.ID, general("at opening"))
			if err != nil || r.Submission.Late {
				t.Fatalf("at opening: %+v %v", r, err)
			}
			w.e.Clock.Advance(24*time.Hour - time.Second)
			if _, err := w.e.Consultations.Submit(ctx, w.user, c.ID, general("last second")); err != nil {
				t.Fatal(err)
			}
			w.e.Clock.Advance(time.Second)
			r, err = w.e.Consultations.Submit(ctx, w.user, c.ID, general("at closing"))
			if rule == consultation.LateRefused {
				wantKind(t, "at closing", err, plenary.KindConflict)
				return
			}
			if err != nil || !r.Submission.Late {
				t.Fatalf("late: %+v %v", r, err)
			}
		})
	}
}

// TestWhoMaySubmit: each eligibility level against each kind of person.
func TestWhoMaySubmit(t *testing.T) {
	w := newWorld(t)
	c := w.open(t, consultation.EligibleStates, consultation.LateRefused, false)
	w.e.Clock.Advance(time.Hour)
	anon := plenary.Public("en")
	people := map[string]plenary.Actor{"State": w.fra, "accredited organization": w.focal, "unaccredited organization": w.unaccredited,
		"user": w.user, "anyone": anon, "secretariat": w.sec}
	want := map[consultation.Eligibility][]string{
		consultation.EligibleStates:        {"State"},
		consultation.EligibleOrganizations: {"State", "accredited organization"},
		consultation.EligibleUsers:         {"State", "accredited organization", "unaccredited organization", "user"},
		consultation.EligibleAnyone:        {"State", "accredited organization", "unaccredited organization", "user", "anyone"},
	}
	for _, el := range consultation.Eligibilities {
		if _, err := w.e.Consultations.Update(ctx, w.sec, c.ID, consultation.Input{OpensAt: c.OpensAt, ClosesAt: c.ClosesAt,
			LateRule: c.LateRule, Eligibility: el}); err != nil {
			t.Fatal(err)
		}
		for name, a := range people {
			in := general("input from " + name)
			in.Name, in.Email = "Ana Pérez", "ana@example.org"
			_, err := w.e.Consultations.Submit(ctx, a, c.ID, in)
			allowed := false
			for _, n := range want[el] {
				allowed = allowed || n == name
			}
			testenv.Allowed(t, fmt.Sprintf("%s submits to a consultation for %s", name, el), err, allowed)
		}
	}
}

// TestAnchoredInput: a submission speaks to paragraphs with a position; counts follow
// the published input, by paragraph and stance.
func TestAnchoredInput(t *testing.T) {
	w := newWorld(t)
	c := w.open(t, consultation.EligibleOrganizations, consultation.LateRefused, false)
	w.e.Clock.Advance(time.Hour)
	p1, p3 := w.paras[0].Key, w.paras[2].Key
	bad := []struct {
		name  string
		in    []consultation.Anchor
		field string
	}{
		{"no such paragraph", []consultation.Anchor{{ParagraphKey: "999", Stance: consultation.StanceSupport}}, "anchors.0.paragraph"},
		{"amendment without text", []consultation.Anchor{{ParagraphKey: p1, Stance: consultation.StanceAmend}}, "anchors.0.proposed_text"},
		{"unknown stance", []consultation.Anchor{{ParagraphKey: p1, Stance: "abstain"}}, "anchors.0.stance"},
		{"comment without text", []consultation.Anchor{{ParagraphKey: p1, Stance: consultation.StanceComment}}, "anchors.0.comment"},
	}
	for _, b := range bad {
		_, err := w.e.Consultations.Submit(ctx, w.fra, c.ID, consultation.SubmitInput{Language: "en", Anchors: b.in})
		v, ok := err.(*plenary.ValidationError)
		if !ok {
			t.Fatalf("%s: %v", b.name, err)
		}
		if _, ok := v.For(b.field); !ok {
			t.Errorf("%s: %v, want a problem of %s", b.name, err, b.field)
		}
	}
	_, err := w.e.Consultations.Submit(ctx, w.fra, c.ID, consultation.SubmitInput{Language: "en"})
	wantKind(t, "empty", err, plenary.KindInvalid)

	r, err := w.e.Consultations.Submit(ctx, w.fra, c.ID, consultation.SubmitInput{Language: "fr", Anchors: []consultation.Anchor{
		{ParagraphKey: p1, Stance: consultation.StanceSupport},
		{ParagraphKey: p3, Stance: consultation.StanceAmend, ProposedText: "States shall nominate Points of Contact."}}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Submission.OnBehalf != consultation.BehalfState || r.Submission.State != "FRA" || !strings.HasPrefix(r.Submission.Tracking, "GM-") {
		t.Errorf("submission %+v", r.Submission)
	}
	if _, err := w.e.Consultations.Submit(ctx, w.focal, c.ID, consultation.SubmitInput{Language: "en", OnBehalf: consultation.BehalfOrganization,
		Signers: 1200, Campaign: "Contacts now", Anchors: []consultation.Anchor{{ParagraphKey: p3, Stance: consultation.StanceAmend,
			ProposedText: "States shall nominate Points of Contact within a year."}}}); err != nil {
		t.Fatal(err)
	}
	_, err = w.e.Consultations.Submit(ctx, w.fra, c.ID, consultation.SubmitInput{Language: "en", Text: "x", Signers: 5})
	wantKind(t, "signers for a State", err, plenary.KindInvalid)
	v, err := w.e.Consultations.Get(ctx, plenary.Public("en"), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := v.CountFor(p3, consultation.StanceAmend); got.Submissions != 2 || got.Signers != 1201 {
		t.Errorf("amendments to ¶3: %+v", got)
	}
	if got := v.CountFor(p1, consultation.StanceSupport); got.Submissions != 1 {
		t.Errorf("support for ¶1: %+v", got)
	}
	page, err := w.e.Consultations.Published(ctx, plenary.Public("en"), c.ID, p1, plenary.PageRequest{})
	if err != nil || len(page.Items) != 1 || page.Items[0].AuthorEmail != "" {
		t.Errorf("on ¶1: %+v %v", page.Items, err)
	}
}

// TestParagraphsChange: Submit keeps a draft's paragraph keys between submissions, and
// still checks anchors against the paragraphs of the text in force when the Secretariat
// sets it again, even at the same instant (the test clock stands still).
func TestParagraphsChange(t *testing.T) {
	w := newWorld(t)
	c := w.open(t, consultation.EligibleUsers, consultation.LateRefused, false)
	w.e.Clock.Advance(time.Hour)
	anchor := func(key string) error {
		_, err := w.e.Consultations.Submit(ctx, w.user, c.ID, consultation.SubmitInput{Language: "en",
			Anchors: []consultation.Anchor{{ParagraphKey: key, Stance: consultation.StanceSupport}}})
		return err
	}
	setText := func(body string) {
		t.Helper()
		if _, err := w.e.Documents.SetText(ctx, w.sec, w.draft.ID, document.TextInput{Language: "en", Title: "Zero draft", Body: body}); err != nil {
			t.Fatal(err)
		}
	}
	setText(text) // the same text, set at the instant of the next change
	if err := anchor(w.paras[0].Key); err != nil {
		t.Fatal(err)
	}
	if err := anchor("4"); plenary.ErrorKind(err) != plenary.KindInvalid {
		t.Fatalf("anchor on a fourth paragraph before there is one: %v", err)
	}
	setText(text + "\n\n4. States will review the directory every year.")
	_, paras, err := w.e.Documents.Paragraphs(ctx, w.sec, w.draft.ID)
	if err != nil || len(paras) != 4 {
		t.Fatalf("paragraphs %+v %v", paras, err)
	}
	if err := anchor(paras[3].Key); err != nil {
		t.Fatalf("anchor on the new paragraph: %v", err)
	}
}

// TestDraftVisibility: input is taken only from those who may read the draft, as the
// draft is now: Submit reads its visibility at every submission, not once.
func TestDraftVisibility(t *testing.T) {
	w := newWorld(t)
	c := w.open(t, consultation.EligibleUsers, consultation.LateRefused, false)
	w.e.Clock.Advance(time.Hour)
	if _, err := w.e.Consultations.Submit(ctx, w.user, c.ID, general("while public")); err != nil {
		t.Fatal(err)
	}
	if _, err := w.e.Documents.Update(ctx, w.sec, w.draft.ID, document.Input{Symbol: w.draft.Symbol, Kind: w.draft.Kind,
		Status: w.draft.Status, Access: document.AccessStates, OriginalLanguage: w.draft.OriginalLanguage}); err != nil {
		t.Fatal(err)
	}
	_, err := w.e.Consultations.Submit(ctx, w.user, c.ID, general("once for States only"))
	wantKind(t, "the public on a draft for States", err, plenary.KindNotFound)
	if _, err := w.e.Consultations.Submit(ctx, w.fra, c.ID, general("a State's")); err != nil {
		t.Fatalf("a State on a draft for States: %v", err)
	}
	if _, err := w.e.Documents.Unpublish(ctx, w.sec, w.draft.ID); err != nil {
		t.Fatal(err)
	}
	_, err = w.e.Consultations.Submit(ctx, w.fra, c.ID, general("unpublished"))
	wantKind(t, "a State on an unpublished draft", err, plenary.KindNotFound)
	tot, err := w.e.DB.Consultations().Totals(ctx, c.ID)
	if err != nil || tot.Published != 2 {
		t.Fatalf("stored: %+v %v, want 2", tot, err)
	}
}

// TestIdempotency: the same key from the same author is the same submission, however
// often and however concurrently it is retried.
func TestIdempotency(t *testing.T) {
	w := newWorld(t)
	c := w.open(t, consultation.EligibleAnyone, consultation.LateRefused, false)
	w.e.Clock.Advance(time.Hour)
	in := general("retried input")
	in.IdempotencyKey = "client-42"
	var wg sync.WaitGroup
	tracking := make([]string, 20)
	errs := make([]error, 20)
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := w.e.Consultations.Submit(ctx, w.user, c.ID, in)
			tracking[i], errs[i] = r.Submission.Tracking, err
		}()
	}
	wg.Wait()
	for i := range 20 {
		if errs[i] != nil || tracking[i] != tracking[0] {
			t.Fatalf("retry %d: %q %v, want %q", i, tracking[i], errs[i], tracking[0])
		}
	}
	// Another author with the same key is another submission.
	r, err := w.e.Consultations.Submit(ctx, w.other, c.ID, in)
	if err != nil || r.Repeated || r.Submission.Tracking == tracking[0] {
		t.Fatalf("other author: %+v %v", r, err)
	}
	v, _ := w.e.Consultations.Get(ctx, w.sec, c.ID)
	if v.Totals.Published != 2 {
		t.Errorf("stored %d, want 2", v.Totals.Published)
	}
}

// TestModerationAndWithdrawal: moderated input waits for the Secretariat; its author may
// withdraw it, nobody else; rejection needs a reason.
func TestModerationAndWithdrawal(t *testing.T) {
	w := newWorld(t)
	c := w.open(t, consultation.EligibleAnyone, consultation.LateRefused, true)
	w.e.Clock.Advance(time.Hour)
	anon := plenary.Public("ar")
	in := consultation.SubmitInput{Language: "ar", Name: "ليلى", Email: "Layla@Example.org", Anchors: []consultation.Anchor{
		{ParagraphKey: w.paras[1].Key, Stance: consultation.StanceAmend, ProposedText: "تواصل الدول دراسة كيفية تطبيق المعايير."}}}
	r, err := w.e.Consultations.Submit(ctx, anon, c.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	if r.Submission.Status != consultation.StatusPending {
		t.Fatalf("status %s", r.Submission.Status)
	}
	public := plenary.Public("en")
	if page, _ := w.e.Consultations.Published(ctx, public, c.ID, "", plenary.PageRequest{}); len(page.Items) != 0 {
		t.Error("pending input is published")
	}
	_, err = w.e.Consultations.Moderate(ctx, w.fra, r.Submission.ID, true, "")
	testenv.Allowed(t, "delegate moderates", err, false)
	_, err = w.e.Consultations.Moderate(ctx, w.sec, r.Submission.ID, false, "")
	wantKind(t, "reject without reason", err, plenary.KindInvalid)
	pending, err := w.e.Consultations.Pending(ctx, w.sec, c.ID, plenary.PageRequest{})
	if err != nil || len(pending.Items) != 1 {
		t.Fatalf("pending %v %v", pending.Items, err)
	}
	if _, err := w.e.Consultations.Moderate(ctx, w.sec, r.Submission.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	told := w.e.SMTP.WaitFor(t, 10*time.Second, testenv.To("layla@example.org"))
	if !strings.Contains(told.Subject, r.Submission.Tracking) || told.Lang != "ar" {
		t.Errorf("decision mail %q in %s", told.Subject, told.Lang)
	}
	if page, _ := w.e.Consultations.Published(ctx, public, c.ID, "", plenary.PageRequest{}); len(page.Items) != 1 {
		t.Error("published input missing")
	}
	// The tracking number alone, or with another address, is not enough.
	_, err = w.e.Consultations.Withdraw(ctx, public, r.Submission.Tracking, "")
	testenv.Allowed(t, "withdraw without the address", err, false)
	_, err = w.e.Consultations.Withdraw(ctx, public, r.Submission.Tracking, "someone@example.org")
	testenv.Allowed(t, "withdraw with another address", err, false)
	_, err = w.e.Consultations.Withdraw(ctx, w.user, r.Submission.Tracking, "")
	testenv.Allowed(t, "withdraw by another user", err, false)
	got, err := w.e.Consultations.Withdraw(ctx, public, strings.ToLower(r.Submission.Tracking), "layla@example.org")
	if err != nil || got.Status != consultation.StatusWithdrawn {
		t.Fatalf("withdraw: %+v %v", got, err)
	}
	v, _ := w.e.Consultations.Get(ctx, public, c.ID)
	if v.Totals.Published != 0 || v.Totals.Withdrawn != 1 || v.CountFor(w.paras[1].Key, consultation.StanceAmend).Submissions != 0 {
		t.Errorf("after withdrawal: %+v", v.Totals)
	}
	_, err = w.e.Consultations.Withdraw(ctx, public, r.Submission.Tracking, "layla@example.org")
	wantKind(t, "withdraw twice", err, plenary.KindConflict)
}

// TestReceipt: the receipt with the tracking number reaches the author by e-mail, in
// their language, once.
func TestReceipt(t *testing.T) {
	w := newWorld(t)
	c := w.open(t, consultation.EligibleAnyone, consultation.LateRefused, false)
	w.e.Clock.Advance(time.Hour)
	in := general("Bonjour")
	in.Language, in.Name, in.Email = "fr", "Claire", "claire@example.org"
	r, err := w.e.Consultations.Submit(ctx, plenary.Public("fr"), c.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	// Runs that overlap (a run outlasting the job's period) send each receipt once.
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := w.e.Consultations.SendReceipts(ctx, consultation.ReceiptsJob{}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if err := w.e.Consultations.SendReceipts(ctx, consultation.ReceiptsJob{}); err != nil {
		t.Fatal(err)
	}
	m := w.e.SMTP.WaitFor(t, 10*time.Second, testenv.To("claire@example.org"))
	if !strings.Contains(m.Subject, r.Submission.Tracking) || !strings.Contains(m.Text, "numéro de suivi") {
		t.Errorf("receipt %q\n%s", m.Subject, m.Text)
	}
	time.Sleep(300 * time.Millisecond)
	n := 0
	for _, m := range w.e.SMTP.Messages() {
		if testenv.To("claire@example.org")(m) {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d receipts", n)
	}
}

// TestAttachment: a renamed executable is refused; a PDF is kept and served once published.
func TestAttachment(t *testing.T) {
	w := newWorld(t)
	c := w.open(t, consultation.EligibleUsers, consultation.LateRefused, false)
	w.e.Clock.Advance(time.Hour)
	in := general("see attached")
	in.File = &files.Upload{Name: "input.pdf", Data: append([]byte("MZ\x90\x00"), make([]byte, 64)...)}
	_, err := w.e.Consultations.Submit(ctx, w.user, c.ID, in)
	wantKind(t, "executable", err, plenary.KindInvalid)
	in.File = &files.Upload{Name: "input.pdf", Data: []byte("%PDF-1.7\ninput\n%%EOF\n")}
	in.IdempotencyKey = "with-file"
	r, err := w.e.Consultations.Submit(ctx, w.user, c.ID, in)
	if err != nil || r.Submission.File == nil {
		t.Fatalf("%+v %v", r, err)
	}
	// A retry is the first submission, with the first file.
	again, err := w.e.Consultations.Submit(ctx, w.user, c.ID, in)
	if err != nil || !again.Repeated || again.Submission.File == nil || again.Submission.File.ID != r.Submission.File.ID {
		t.Fatalf("retry: %+v %v", again, err)
	}
	f, err := w.e.Consultations.File(ctx, plenary.Public("en"), r.Submission.ID)
	if err != nil || !strings.Contains(string(f.Data), "input") {
		t.Errorf("file %v", err)
	}
}

// TestBurst: many authors at once are all stored, each with its own tracking number.
func TestBurst(t *testing.T) {
	w := newWorld(t)
	c := w.open(t, consultation.EligibleAnyone, consultation.LateRefused, false)
	w.e.Clock.Advance(time.Hour)
	const n = 400
	var wg sync.WaitGroup
	seen := sync.Map{}
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			in := consultation.SubmitInput{Language: "en", Name: "Person", Email: fmt.Sprintf("p%d@example.org", i),
				Anchors: []consultation.Anchor{{ParagraphKey: w.paras[i%3].Key, Stance: consultation.StanceSupport}}}
			r, err := w.e.Consultations.Submit(ctx, plenary.Public("en"), c.ID, in)
			if err != nil {
				errs <- err
				return
			}
			if _, dup := seen.LoadOrStore(r.Submission.Tracking, true); dup {
				errs <- fmt.Errorf("tracking %s twice", r.Submission.Tracking)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	v, _ := w.e.Consultations.Get(ctx, w.sec, c.ID)
	total := 0
	for _, p := range w.paras {
		total += v.CountFor(p.Key, consultation.StanceSupport).Submissions
	}
	if v.Totals.Published != n || total != n {
		t.Errorf("stored %d, counted %d, want %d", v.Totals.Published, total, n)
	}
}

// TestCountsReusedForAMoment: with counts kept for a second (as on a real clock), a
// reader sees the counts of a second ago, then the new ones once the second has passed on
// the service's clock; a withdrawal on this instance shows at once.
func TestCountsReusedForAMoment(t *testing.T) {
	w := newWorld(t)
	c := w.open(t, consultation.EligibleAnyone, consultation.LateRefused, false)
	w.e.Clock.Advance(time.Hour)
	svc := consultation.NewService(w.e.DB.Consultations(), w.e.Documents, w.e.Clock, nil, nil, nil, "", time.Second)
	public := plenary.Public("en")
	published := func() int {
		t.Helper()
		v, err := svc.Get(ctx, public, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		return v.Totals.Published
	}
	submit := func(email string) consultation.Receipt {
		t.Helper()
		in := general("We support the draft.")
		in.Name, in.Email = "Ana", email
		r, err := svc.Submit(ctx, public, c.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	first := submit("ana@example.org")
	if got := published(); got != 1 {
		t.Fatalf("published %d, want 1", got)
	}
	submit("ben@example.org")
	if got := published(); got != 1 {
		t.Errorf("within the second: published %d, want the 1 counted before", got)
	}
	w.e.Clock.Advance(999 * time.Millisecond)
	if got := published(); got != 1 {
		t.Errorf("999 ms later: published %d, want 1", got)
	}
	w.e.Clock.Advance(time.Millisecond)
	if got := published(); got != 2 {
		t.Errorf("a second later: published %d, want 2", got)
	}
	if _, err := svc.Withdraw(ctx, public, first.Submission.Tracking, "ana@example.org"); err != nil {
		t.Fatal(err)
	}
	if got := published(); got != 1 {
		t.Errorf("after a withdrawal: published %d, want 1 at once", got)
	}
}

// TestAnchorsInDraftOrder: anchors are kept in the order of the draft's paragraphs
// whatever order they came in (a form's fields have none), and the receipt names the
// draft and the body's time zone.
func TestAnchorsInDraftOrder(t *testing.T) {
	w := newWorld(t)
	c := w.open(t, consultation.EligibleAnyone, consultation.LateRefused, false)
	w.e.Clock.Advance(time.Hour)
	in := consultation.SubmitInput{Language: "en", Name: "Ana", Anchors: []consultation.Anchor{
		{ParagraphKey: w.paras[2].Key, Stance: consultation.StanceSupport},
		{ParagraphKey: w.paras[0].Key, Stance: consultation.StanceOppose},
		{ParagraphKey: w.paras[1].Key, Stance: consultation.StanceComment, Comment: "Which norms?"}}}
	r, err := w.e.Consultations.Submit(ctx, w.user, c.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range r.Submission.Anchors {
		got = append(got, a.ParagraphKey)
	}
	if want := []string{w.paras[0].Key, w.paras[1].Key, w.paras[2].Key}; !slices.Equal(got, want) {
		t.Errorf("anchors %v, want %v", got, want)
	}
	if in.Anchors[0].ParagraphKey != w.paras[2].Key {
		t.Error("the caller's anchors were reordered")
	}
	if r.Symbol != "A/AC.292/2026/CRP.1" || r.TimeZone != "America/New_York" {
		t.Errorf("receipt names %q in %q", r.Symbol, r.TimeZone)
	}
	s, err := w.e.Consultations.Track(ctx, w.user, r.Submission.Tracking, "")
	if err != nil || len(s.Anchors) != 3 || s.Anchors[0].ParagraphKey != w.paras[0].Key || s.Anchors[2].ParagraphKey != w.paras[2].Key {
		t.Errorf("stored anchors %+v, %v", s.Anchors, err)
	}
}

// TestSettingFor: the consultation form learns whether the draft has a consultation and
// the time zone its dates are written in, without the consultation's view; a draft the
// reader may not see is not found.
func TestSettingFor(t *testing.T) {
	w := newWorld(t)
	got, err := w.e.Consultations.SettingFor(ctx, w.sec, w.draft.ID)
	if err != nil || got.ConsultationID != 0 || got.TimeZone != "America/New_York" {
		t.Fatalf("before opening: %+v, %v", got, err)
	}
	c := w.open(t, consultation.EligibleAnyone, consultation.LateRefused, false)
	if got, err = w.e.Consultations.SettingFor(ctx, w.sec, w.draft.ID); err != nil || got.ConsultationID != c.ID {
		t.Errorf("after opening: %+v, %v", got, err)
	}
	if _, err := w.e.Consultations.SettingFor(ctx, w.sec, w.draft.ID+100); plenary.ErrorKind(err) != plenary.KindNotFound {
		t.Errorf("no such draft: %v", err)
	}
}
