package followup_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/document"
	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/followup"
	"github.com/plenary-platform/plenary/internal/framework"
	"github.com/plenary-platform/plenary/internal/survey"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// problem returns the message of the first problem with field, or "" (and the error) when
// err is not a validation error naming it.
func problem(t *testing.T, err error, field string) string {
	t.Helper()
	var v *plenary.ValidationError
	if !errors.As(err, &v) {
		t.Fatalf("want a problem with %s, got %v", field, err)
	}
	f, ok := v.For(field)
	if !ok {
		t.Fatalf("want a problem with %s, got %v", field, err)
	}
	return f.Message
}

// TestMarkAndFollow: the Secretariat marks recommendations of the adopted report (the
// paragraph's text without its number, in English only until translated; its source
// and links kept) and follows the framework's CBMs (reconstructed, and marked so); what
// is wrong is refused with its field, and nobody else may do it.
func TestMarkAndFollow(t *testing.T) {
	w := newWorld(t)
	fu := w.e.FollowUp
	c30 := w.mark(t, "30")
	if c30.Code != "rec.30" || c30.Kind != followup.Recommendation || len(c30.Titles) != 0 || len(c30.Texts) != 1 ||
		!strings.HasPrefix(c30.Texts["en"], "States, on a voluntary basis, survey their national efforts") ||
		c30.Source.Symbol != "A/75/816" || c30.Source.ParagraphNumber != "30" || c30.Source.DocumentID != w.doc.ID || c30.Source.ParagraphKey == "" {
		t.Errorf("rec.30: %+v", c30)
	}
	if text, lang := c30.Text("fr"); lang != "en" || text != c30.Texts["en"] {
		t.Errorf("rec.30 in French: %q in %q: a missing language shows the original, said so", text, lang)
	}
	c31, err := fu.MarkParagraph(ctx, w.sec, followup.MarkInput{BodyID: w.gm.ID, DocumentID: w.doc.ID, ParagraphKey: w.key(t, "31"),
		Kind: followup.Recommendation, Code: " Rec.31 ", Titles: plenary.Localized{"en": "Critical  infrastructure", "fr": "Infrastructures critiques"},
		Texts: plenary.Localized{"fr": "Les États ne devraient pas mener…", "en": "ignored: the paragraph's text is the English one"},
		Links: []followup.Link{{Framework: "ict-security", Element: "norm.f"}, {Framework: "ICT-security ", Element: "norm.f"}}})
	if err != nil {
		t.Fatal(err)
	}
	if c31.Code != "rec.31" || c31.Titles["en"] != "Critical infrastructure" || c31.Texts["fr"] != "Les États ne devraient pas mener…" ||
		!strings.HasPrefix(c31.Texts["en"], "States should not conduct") || len(c31.Links) != 1 || c31.Links[0] != (followup.Link{Framework: "ict-security", Element: "norm.f"}) {
		t.Errorf("rec.31: %+v", c31)
	}

	// Refusals, each on its field.
	in := followup.MarkInput{BodyID: w.gm.ID, DocumentID: w.doc.ID, ParagraphKey: "no-such-key", Kind: followup.Recommendation, Code: "rec.x"}
	_, err = fu.MarkParagraph(ctx, w.sec, in)
	if m := problem(t, err, "paragraph"); m != "followup.no_paragraph" {
		t.Errorf("unknown paragraph: %s", m)
	}
	in.ParagraphKey = w.key(t, "29")
	in.Code = "rec.30"
	if _, err := fu.MarkParagraph(ctx, w.sec, in); plenary.ErrorKind(err) != plenary.KindConflict {
		t.Errorf("a code taken: %v", err)
	}
	in.Code, in.Links = "rec.29", []followup.Link{{Framework: "ict-security", Element: "norm.z"}}
	_, err = fu.MarkParagraph(ctx, w.sec, in)
	if m := problem(t, err, "links"); m != "followup.no_element" {
		t.Errorf("unknown element: %s", m)
	}
	in.Links, in.Code = nil, "Rec 29!"
	_, err = fu.MarkParagraph(ctx, w.sec, in)
	if m := problem(t, err, "code"); m != "followup.code_format" {
		t.Errorf("a bad code: %s", m)
	}
	in.Code, in.Kind = "rec.29", "norm"
	_, err = fu.MarkParagraph(ctx, w.sec, in)
	if m := problem(t, err, "kind"); m != "field.choice" {
		t.Errorf("a bad kind: %s", m)
	}
	drafted, err := w.e.Documents.Register(ctx, w.sec, document.Input{BodyID: w.gm.ID, Symbol: "A/AC.292/2026/CRP.1", Kind: document.KindConferenceRoomPaper,
		Status: document.StatusDraft, Access: document.AccessPublic, OriginalLanguage: "en", Title: "Draft"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.e.Documents.SetText(ctx, w.sec, drafted.ID, document.TextInput{Language: "en", Title: "Draft", Body: "1. A draft paragraph."}); err != nil {
		t.Fatal(err)
	}
	_, dps, err := w.e.Documents.Paragraphs(ctx, w.sec, drafted.ID)
	if err != nil {
		t.Fatal(err)
	}
	_, err = fu.MarkParagraph(ctx, w.sec, followup.MarkInput{BodyID: w.gm.ID, DocumentID: drafted.ID, ParagraphKey: dps[0].Key, Kind: followup.Recommendation, Code: "rec.d1"})
	if m := problem(t, err, "document"); m != "followup.document_not_adopted" {
		t.Errorf("a draft: %s", m)
	}
	for _, who := range []string{"public", "FRA/state_submitter", "chair", "delegate.DEU", "focal"} {
		_, err := fu.MarkParagraph(ctx, w.actor(who), followup.MarkInput{BodyID: w.gm.ID, DocumentID: w.doc.ID, ParagraphKey: w.key(t, "29"),
			Kind: followup.Recommendation, Code: "rec.29"})
		testenv.Allowed(t, who+" marks a paragraph", err, false)
		_, err = fu.FollowElements(ctx, w.actor(who), followup.FollowInput{BodyID: w.gm.ID, FrameworkVersionID: w.v1.ID, Kind: followup.CBM, Elements: []string{"cbm.1"}})
		testenv.Allowed(t, who+" follows an element", err, false)
		_, err = fu.Update(ctx, w.actor(who), c30.ID, followup.UpdateInput{Titles: plenary.Localized{"en": "X"}})
		testenv.Allowed(t, who+" updates a commitment", err, false)
		testenv.Allowed(t, who+" removes a commitment", fu.Remove(ctx, w.actor(who), c30.ID), false)
	}

	// The eight CBMs of the framework, reconstructed, and marked so.
	var codes []string
	for i := 1; i <= 8; i++ {
		codes = append(codes, "cbm."+string(rune('0'+i)))
	}
	cbms, err := fu.FollowElements(ctx, w.sec, followup.FollowInput{BodyID: w.gm.ID, FrameworkVersionID: w.v1.ID, Kind: followup.CBM, Elements: codes})
	if err != nil || len(cbms) != 8 {
		t.Fatalf("follow the CBMs: %d %v", len(cbms), err)
	}
	if c := cbms[0]; c.Code != "cbm.1" || c.Kind != followup.CBM || c.Source.Mark != framework.Reconstructed || c.Source.ElementCode != "cbm.1" ||
		c.Source.FrameworkVersionID != w.v1.ID || c.Source.Symbol != "A/78/265" || !strings.HasPrefix(c.Titles["en"], "Nominate national Points of Contact") ||
		len(c.Titles) != 1 {
		t.Errorf("cbm.1: %+v", c)
	}
	if _, err := fu.FollowElements(ctx, w.sec, followup.FollowInput{BodyID: w.gm.ID, FrameworkVersionID: w.v1.ID, Kind: followup.CBM, Elements: []string{"cbm.2"}}); plenary.ErrorKind(err) != plenary.KindConflict {
		t.Errorf("followed twice: %v", err)
	}
	// A regional organization's set would come with a prefix: its codes do not clash.
	if got, err := fu.FollowElements(ctx, w.sec, followup.FollowInput{BodyID: w.gm.ID, FrameworkVersionID: w.v1.ID, Kind: followup.CBM,
		Elements: []string{"cbm.2"}, CodePrefix: "gge."}); err != nil || got[0].Code != "gge.cbm.2" {
		t.Errorf("with a prefix: %+v %v", got, err)
	}
	_, err = fu.FollowElements(ctx, w.sec, followup.FollowInput{BodyID: w.gm.ID, FrameworkVersionID: w.v1.ID, Kind: followup.CBM, Elements: []string{"cbm.99"}})
	if m := problem(t, err, "elements"); m != "followup.no_element" {
		t.Errorf("an unknown element: %s", m)
	}
	v2, err := w.e.Frameworks.StartDraft(ctx, w.sec, w.fw.ID)
	if err != nil {
		t.Fatal(err)
	}
	_, err = fu.FollowElements(ctx, w.sec, followup.FollowInput{BodyID: w.gm.ID, FrameworkVersionID: v2.ID, Kind: followup.CBM, Elements: []string{"cbm.3"}})
	if m := problem(t, err, "framework_version"); m != "followup.framework_version" {
		t.Errorf("a draft version: %s", m)
	}

	// Everyone reads the commitments, in their order.
	list, err := fu.Commitments(ctx, w.actor("public"), w.gm.ID)
	if err != nil || len(list) != 11 || list[0].Code != "rec.30" || list[1].Code != "rec.31" || list[2].Code != "cbm.1" || list[10].Code != "gge.cbm.2" {
		t.Fatalf("commitments: %d %v", len(list), err)
	}
	if got, err := fu.Commitment(ctx, w.actor("public"), c31.ID); err != nil || got.Titles["fr"] != "Infrastructures critiques" {
		t.Errorf("commitment: %+v %v", got, err)
	}

	// The Secretariat corrects a text; a language left out is removed.
	up, err := fu.Update(ctx, w.sec, c31.ID, followup.UpdateInput{Titles: plenary.Localized{"en": "Protect critical infrastructure"},
		Texts: c31.Texts, Links: []followup.Link{{Framework: "ict-security", Element: "norm.f"}, {Framework: "ict-security", Element: "norm.g"}}})
	if err != nil || up.Titles["fr"] != "" || up.Titles["en"] != "Protect critical infrastructure" || len(up.Links) != 2 || up.Code != "rec.31" {
		t.Errorf("update: %+v %v", up, err)
	}
	_, err = fu.Update(ctx, w.sec, c31.ID, followup.UpdateInput{})
	if m := problem(t, err, "texts"); m != "followup.text_required" {
		t.Errorf("an empty commitment: %s", m)
	}

	// A commitment with a report stays; one without goes.
	w.report(t, "FRA/state_submitter", followup.ReportInput{CommitmentID: c30.ID, State: "FRA", Status: "planned"})
	if err := fu.Remove(ctx, w.sec, c30.ID); plenary.ErrorKind(err) != plenary.KindConflict {
		t.Errorf("remove a commitment reported on: %v", err)
	}
	if err := fu.Remove(ctx, w.sec, cbms[7].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := fu.Commitment(ctx, w.sec, cbms[7].ID); plenary.ErrorKind(err) != plenary.KindNotFound {
		t.Errorf("removed: %v", err)
	}
}

// TestReportsHistoryAndLevels: France's submitter reports (its editors and reviewers
// read, and may not report), each report a new one in the history; bad input is refused
// on its field and nothing is saved; a report on a stale view is refused with the
// current one; levels decide who reads which report, and evidence follows its report.
func TestReportsHistoryAndLevels(t *testing.T) {
	w := newWorld(t)
	fu := w.e.FollowUp
	c := w.mark(t, "31")
	const secret = "Private FRA note: the CI bill is still in committee"
	first := w.report(t, "FRA/state_submitter", followup.ReportInput{CommitmentID: c.ID, State: "fra", Status: "planned", Note: secret, NoteLanguage: "en"})
	if first.Number != 1 || first.Level != followup.Private || first.State != "FRA" || first.ReportedBy != w.actor("FRA/state_submitter").UserID {
		t.Fatalf("first report: %+v", first)
	}

	// Only France's submitter reports for France.
	for who, kind := range map[string]plenary.Kind{"FRA/state_editor": plenary.KindForbidden, "FRA/state_reviewer": plenary.KindForbidden,
		"KEN/state_submitter": plenary.KindNotFound, "delegate.DEU": plenary.KindNotFound, "secretariat": plenary.KindNotFound,
		"public": plenary.KindUnauthenticated, "poc.JPN": plenary.KindNotFound} {
		_, err := fu.Report(ctx, w.actor(who), followup.ReportInput{CommitmentID: c.ID, State: "FRA", Status: "planned", Base: 1})
		if plenary.ErrorKind(err) != kind {
			t.Errorf("%s reports for France: %v", who, err)
		}
	}
	readOnly := w.actor("FRA/state_submitter")
	readOnly.Scopes = []plenary.Scope{plenary.ScopeRead}
	if _, err := fu.Report(ctx, readOnly, followup.ReportInput{CommitmentID: c.ID, State: "FRA", Status: "planned", Base: 1}); plenary.ErrorKind(err) != plenary.KindForbidden {
		t.Errorf("a read-only token reports: %v", err)
	}

	// Bad input, each on its field.
	for field, tc := range map[string]struct {
		in   followup.ReportInput
		want string
	}{
		"status":            {followup.ReportInput{Status: "done"}, "followup.status_unknown"},
		"note":              {followup.ReportInput{Status: "planned", Note: strings.Repeat("é", followup.MaxNote+1), NoteLanguage: "fr"}, "field.too_long"},
		"note_language":     {followup.ReportInput{Status: "planned", Note: "Une note", NoteLanguage: "xx"}, "field.choice"},
		"evidence_url":      {followup.ReportInput{Status: "planned", EvidenceURL: "javascript:alert(1)"}, "field.url"},
		"evidence_document": {followup.ReportInput{Status: "planned", EvidenceDocumentID: 999999}, "followup.evidence_document"},
		"evidence_file":     {followup.ReportInput{Status: "planned", EvidenceFile: &files.Upload{Name: "evil.pdf", Data: []byte("MZ not a pdf at all")}}, "field.file_types"},
		"level":             {followup.ReportInput{Status: "planned", Level: "secret"}, "field.choice"},
	} {
		tc.in.CommitmentID, tc.in.State, tc.in.Base = c.ID, "FRA", 1
		_, err := fu.Report(ctx, w.actor("FRA/state_submitter"), tc.in)
		if m := problem(t, err, field); !strings.HasPrefix(m, tc.want) {
			t.Errorf("%s: %s, want %s", field, m, tc.want)
		}
	}
	if _, err := fu.Report(ctx, w.actor("FRA/state_submitter"), followup.ReportInput{CommitmentID: 999999, State: "FRA", Status: "planned"}); plenary.ErrorKind(err) != plenary.KindNotFound {
		t.Errorf("an unknown commitment: %v", err)
	}

	// A report made on a stale view (it saw none) is refused with the current one.
	_, err := fu.Report(ctx, w.actor("FRA/state_submitter"), followup.ReportInput{CommitmentID: c.ID, State: "FRA", Status: "implemented"})
	var stale *followup.Stale
	if plenary.ErrorKind(err) != plenary.KindConflict || !errors.As(err, &stale) || stale.Current.Number != 1 || stale.Current.Note != secret {
		t.Fatalf("a stale report: %v", err)
	}
	if strings.Contains(err.Error(), secret) {
		t.Error("the conflict's message (which is logged) carries the report's note")
	}
	if h, _ := fu.History(ctx, w.actor("FRA/state_editor"), c.ID, "FRA"); len(h) != 1 {
		t.Fatalf("refused reports were saved: %+v", h)
	}

	// The second report, for States, with evidence of every kind.
	second := w.report(t, "FRA/state_submitter", followup.ReportInput{CommitmentID: c.ID, State: "FRA", Status: "under_way", Note: "Tabled in parliament",
		NoteLanguage: "en", EvidenceURL: "https://example.org/bill", EvidenceDocumentID: w.doc.ID, Level: followup.StatesOnly, Base: 1,
		EvidenceFile: &files.Upload{Name: "bill.pdf", Data: pdf("The bill as tabled")}})
	if second.Number != 2 || second.Evidence.FileID == 0 || second.Evidence.FileName != "bill.pdf" || second.Evidence.DocumentID != w.doc.ID {
		t.Fatalf("second report: %+v", second)
	}
	numbers := func(who string) []int {
		t.Helper()
		h, err := fu.History(ctx, w.actor(who), c.ID, "FRA")
		if err != nil {
			t.Fatal(err)
		}
		var out []int
		for _, r := range h {
			n := r.Number
			if r.Withheld {
				n = -n
			}
			if r.ReportedBy != 0 && !r.Withheld && r.ReportedBy != first.ReportedBy {
				t.Errorf("%s: report %d by %d", who, r.Number, r.ReportedBy)
			}
			named := r.ReportedBy != 0
			if mayName := who == "secretariat" || strings.HasPrefix(who, "FRA/"); named != mayName {
				t.Errorf("%s: report %d names its reporter: %v", who, r.Number, named)
			}
			out = append(out, n)
		}
		return out
	}
	want := map[string][]int{"FRA/state_editor": {2, 1}, "FRA/state_reviewer": {2, 1}, "FRA/state_submitter": {2, 1}, "delegate.DEU": {2},
		"KEN/state_reviewer": {2}, "poc.JPN": {2}, "nominator.JPN": {2}, "secretariat": {2, -1}, "public": nil, "chair": nil, "focal": nil}
	check := func(when string) {
		t.Helper()
		for who, ns := range want {
			if got := numbers(who); !slices.Equal(got, ns) {
				t.Errorf("%s: %s reads reports %v, want %v (negative: known, not read)", when, who, got, ns)
			}
		}
	}
	check("one private, one for States")

	// Evidence goes with its report: France's team reads the file; so do States' people
	// once the report is for States; the public once it is public.
	evidence := func(who string) bool {
		f, err := fu.Evidence(ctx, w.actor(who), second.Evidence.FileID)
		return err == nil && strings.Contains(string(f.Data), "The bill as tabled")
	}
	for who, may := range map[string]bool{"FRA/state_reviewer": true, "delegate.DEU": true, "secretariat": true, "public": false, "focal": false} {
		if evidence(who) != may {
			t.Errorf("%s reads the evidence: %v", who, !may)
		}
	}

	// The submitter publishes the first, and withdraws the second; nobody else may.
	for _, who := range []string{"FRA/state_editor", "FRA/state_reviewer", "secretariat", "KEN/state_submitter", "public"} {
		_, err := fu.SetLevel(ctx, w.actor(who), first.ID, followup.Public)
		testenv.Allowed(t, who+" sets the level", err, false)
	}
	if _, err := fu.SetLevel(ctx, w.actor("FRA/state_submitter"), first.ID, followup.Public); err != nil {
		t.Fatal(err)
	}
	if _, err := fu.SetLevel(ctx, w.actor("FRA/state_submitter"), second.ID, followup.Private); err != nil {
		t.Fatal(err)
	}
	want = map[string][]int{"FRA/state_editor": {2, 1}, "delegate.DEU": {1}, "secretariat": {-2, 1}, "public": {1}, "chair": {1}, "focal": {1}}
	check("the first public, the second withdrawn")
	if evidence("delegate.DEU") || !evidence("FRA/state_editor") {
		t.Error("the evidence of a withdrawn report")
	}
	if _, err := fu.SetLevel(ctx, w.actor("FRA/state_submitter"), second.ID, followup.Public); err != nil {
		t.Fatal(err)
	}
	if !evidence("public") {
		t.Error("the public does not read the evidence of a public report")
	}
	h, err := fu.History(ctx, w.actor("public"), c.ID, "FRA")
	if err != nil || len(h) != 2 || h[0].Note != "Tabled in parliament" || h[0].Evidence.URL != "https://example.org/bill" || h[0].Status != "under_way" || h[1].Note != secret {
		t.Errorf("public history: %+v %v", h, err)
	}

	// The rest of France's team hears of each report (not what it says); the reporter
	// does not.
	m := w.e.SMTP.WaitFor(t, 10*time.Second, testenv.To("state_reviewer.fra@example.org"))
	if !strings.Contains(m.Subject, "rec.31") || strings.Contains(m.Text, secret) || strings.Contains(m.Text, "Tabled") {
		t.Errorf("mail to the reviewer: %q\n%s", m.Subject, m.Text)
	}
	w.e.SMTP.WaitFor(t, 10*time.Second, testenv.To("state_editor.fra@example.org"))
	for _, msg := range w.e.SMTP.Messages() {
		for _, to := range msg.To {
			if to == "state_submitter.fra@example.org" || strings.HasSuffix(to, ".ken@example.org") {
				t.Errorf("%s was told: %q", to, msg.Subject)
			}
		}
	}
}

// TestSealedAtRest: a copy of the database (SQLite's files, or PostgreSQL's pg_dump)
// holds no private report's note or evidence file in clear; a published note is there,
// which proves the search would see one.
func TestSealedAtRest(t *testing.T) {
	w := newWorld(t)
	c := w.mark(t, "30")
	const private, file, published = "Sealed report note 4F7G", "Evidence file 8H2J", "Published report note 5K3L"
	w.report(t, "FRA/state_submitter", followup.ReportInput{CommitmentID: c.ID, State: "FRA", Status: "under_way", Note: private, NoteLanguage: "en",
		EvidenceURL: "https://example.org/private-7Q2X", EvidenceFile: &files.Upload{Name: "annex.pdf", Data: pdf(file)}})
	w.report(t, "KEN/state_submitter", followup.ReportInput{CommitmentID: c.ID, State: "KEN", Status: "planned", Note: published, NoteLanguage: "en",
		Level: followup.StatesOnly})
	dump := string(w.e.Dump(t))
	for _, s := range []string{private, file, "private-7Q2X"} {
		if strings.Contains(dump, s) {
			t.Errorf("the database holds %q in clear", s)
		}
	}
	if !strings.Contains(dump, published) {
		t.Error("the published note is not in the dump: the search would miss a leak")
	}
}

// TestScale: a body starts with the default scale; the Secretariat replaces it, but a
// status a report uses stays; codes and labels are checked.
func TestScale(t *testing.T) {
	w := newWorld(t)
	fu := w.e.FollowUp
	scale, err := fu.Scale(ctx, w.actor("public"), w.gm.ID)
	if err != nil || len(scale) != 5 || scale[0].Code != "not_started" || scale[0].Meaning != followup.MeaningNone ||
		scale[3].Code != "implemented" || scale[3].Meaning != followup.MeaningDone || scale[4].Meaning != followup.MeaningNA {
		t.Fatalf("default scale: %+v %v", scale, err)
	}
	for _, st := range scale {
		for _, lang := range plenary.Languages {
			if st.Labels[lang] == "" {
				t.Errorf("%s has no label in %s", st.Code, lang)
			}
		}
	}
	if scale[1].Labels["fr"] == scale[1].Labels["en"] || scale[1].Labels["ar"] == scale[1].Labels["en"] {
		t.Error("the default scale is not translated")
	}
	c := w.mark(t, "30")
	w.report(t, "FRA/state_submitter", followup.ReportInput{CommitmentID: c.ID, State: "FRA", Status: "planned"})

	label := func(s string) plenary.Localized { return plenary.Localized{"en": s} }
	_, err = fu.SetScale(ctx, w.sec, w.gm.ID, []followup.Status{{Code: "Bad-Code", Meaning: followup.MeaningNone, Labels: label("Bad")}})
	if m := problem(t, err, "statuses.0.code"); m != "followup.status_code" {
		t.Errorf("a bad code: %s", m)
	}
	_, err = fu.SetScale(ctx, w.sec, w.gm.ID, []followup.Status{{Code: "planned", Meaning: followup.MeaningProgress, Labels: label("Planned")},
		{Code: "planned", Meaning: followup.MeaningDone, Labels: label("Again")}, {Code: "done", Meaning: "finished", Labels: label("Done")},
		{Code: "empty", Meaning: followup.MeaningNone}})
	if m := problem(t, err, "statuses.1.code"); m != "followup.status_duplicate" {
		t.Errorf("a duplicate: %s", m)
	}
	if m := problem(t, err, "statuses.2.meaning"); m != "field.choice" {
		t.Errorf("a bad meaning: %s", m)
	}
	if m := problem(t, err, "statuses.3.labels"); m != "followup.label_required" {
		t.Errorf("no label: %s", m)
	}
	_, err = fu.SetScale(ctx, w.sec, w.gm.ID, []followup.Status{{Code: "implemented", Meaning: followup.MeaningDone, Labels: label("Implemented")}})
	if plenary.ErrorKind(err) != plenary.KindConflict {
		t.Errorf("a status in use removed: %v", err)
	}
	scale = append(scale[:2], followup.Status{Code: "partly_implemented", Meaning: followup.MeaningProgress, Labels: label("Partly implemented")})
	if _, err := fu.SetScale(ctx, w.sec, w.gm.ID, scale); err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"FRA/state_submitter", "chair", "public"} {
		_, err := fu.SetScale(ctx, w.actor(who), w.gm.ID, scale)
		testenv.Allowed(t, who+" sets the scale", err, false)
	}
	got, err := fu.Scale(ctx, w.actor("public"), w.gm.ID)
	if err != nil || len(got) != 3 || got[2].Code != "partly_implemented" {
		t.Fatalf("new scale: %+v %v", got, err)
	}
	w.report(t, "FRA/state_submitter", followup.ReportInput{CommitmentID: c.ID, State: "FRA", Status: "partly_implemented", Base: 1})
	_, err = fu.Report(ctx, w.actor("FRA/state_submitter"), followup.ReportInput{CommitmentID: c.ID, State: "FRA", Status: "implemented", Base: 2})
	if m := problem(t, err, "status"); m != "followup.status_unknown" {
		t.Errorf("a status taken out of the scale: %s", m)
	}
}

// TestProgressFixture: the figures of one commitment, against counts made by hand, as
// the public, another State, France's team and the Secretariat read them, now and at
// the end of each month.
//
// France (WEOG): 10 March planned, public; 15 April under way, public; 20 May
// implemented, private. Kenya (African): 12 March under way, States only. Egypt
// (African): 2 April implemented, public. Mexico (GRULAC): 20 April not started, public;
// 5 June planned, public. Japan (Asia-Pacific): 5 May not applicable, private. Brazil
// (GRULAC): 20 March planned, public, withdrawn on 10 June. 195 States in all: African
// 54, Asia-Pacific 54, Eastern European 23, GRULAC 33, WEOG 28, no group 3.
func TestProgressFixture(t *testing.T) {
	w := newWorld(t)
	fu := w.e.FollowUp
	for _, st := range []string{"EGY", "MEX", "JPN", "BRA"} {
		w.people[st+"/state_submitter"] = w.e.Actor(t, w.e.CreateUser(t, "submitter."+st+"@example.org", "Submitter "+st,
			plenary.Grant{Role: plenary.RoleTeamSubmitter, State: st}))
	}
	c := w.mark(t, "31")
	other := w.mark(t, "30")
	day := func(month time.Month, d int) time.Time { return time.Date(2026, month, d, 12, 0, 0, 0, time.UTC) }
	steps := []struct {
		at     time.Time
		state  string
		status string
		level  followup.Level
	}{
		{day(3, 10), "FRA", "planned", followup.Public},
		{day(3, 12), "KEN", "under_way", followup.StatesOnly},
		{day(3, 20), "BRA", "planned", followup.Public},
		{day(4, 2), "EGY", "implemented", followup.Public},
		{day(4, 15), "FRA", "under_way", followup.Public},
		{day(4, 20), "MEX", "not_started", followup.Public},
		{day(5, 5), "JPN", "not_applicable", followup.Private},
		{day(5, 20), "FRA", "implemented", followup.Private},
		{day(6, 5), "MEX", "planned", followup.Public},
	}
	base := map[string]int{}
	var brazil followup.Report
	for _, s := range steps {
		w.e.Clock.Set(s.at)
		r := w.report(t, s.state+"/state_submitter", followup.ReportInput{CommitmentID: c.ID, State: s.state, Status: s.status, Level: s.level, Base: base[s.state]})
		base[s.state] = r.Number
		if s.state == "BRA" {
			brazil = r
		}
	}
	w.e.Clock.Set(day(6, 10))
	if _, err := fu.SetLevel(ctx, w.actor("BRA/state_submitter"), brazil.ID, followup.Private); err != nil {
		t.Fatal(err)
	}
	w.e.Clock.Set(day(6, 20))

	type figures struct {
		counts   map[string]int
		withheld int
		noReport int
	}
	same := func(what string, got followup.Tally, want figures) {
		t.Helper()
		if len(got.Counts) == 0 {
			got.Counts = nil
		}
		if len(want.counts) == 0 {
			want.counts = nil
		}
		ok := got.Withheld == want.withheld && got.NoReport == want.noReport && len(got.Counts) == len(want.counts)
		for k, v := range want.counts {
			ok = ok && got.Counts[k] == v
		}
		if !ok || got.Reported()+got.Withheld+got.NoReport != got.States {
			t.Errorf("%s: %+v, want %+v", what, got, want)
		}
	}
	group := func(p followup.Progress, g string) followup.Tally {
		for _, x := range p.Groups {
			if x.Group == g {
				return x
			}
		}
		t.Fatalf("no group %s", g)
		return followup.Tally{}
	}
	for _, tc := range []struct {
		who                                string
		total, african, grulac, weog, asia figures
	}{
		{who: "public",
			total:   figures{map[string]int{"under_way": 1, "implemented": 1, "planned": 1}, 0, 192},
			african: figures{map[string]int{"implemented": 1}, 0, 53},
			grulac:  figures{map[string]int{"planned": 1}, 0, 32},
			weog:    figures{map[string]int{"under_way": 1}, 0, 27},
			asia:    figures{nil, 0, 54}},
		{who: "delegate.DEU",
			total:   figures{map[string]int{"under_way": 2, "implemented": 1, "planned": 1}, 0, 191},
			african: figures{map[string]int{"implemented": 1, "under_way": 1}, 0, 52},
			grulac:  figures{map[string]int{"planned": 1}, 0, 32},
			weog:    figures{map[string]int{"under_way": 1}, 0, 27},
			asia:    figures{nil, 0, 54}},
		{who: "FRA/state_reviewer",
			total:   figures{map[string]int{"under_way": 1, "implemented": 2, "planned": 1}, 0, 191},
			african: figures{map[string]int{"implemented": 1, "under_way": 1}, 0, 52},
			grulac:  figures{map[string]int{"planned": 1}, 0, 32},
			weog:    figures{map[string]int{"implemented": 1}, 0, 27},
			asia:    figures{nil, 0, 54}},
		{who: "secretariat",
			total:   figures{map[string]int{"under_way": 2, "implemented": 1, "planned": 1}, 2, 189},
			african: figures{map[string]int{"implemented": 1, "under_way": 1}, 0, 52},
			grulac:  figures{map[string]int{"planned": 1}, 1, 31},
			weog:    figures{map[string]int{"under_way": 1}, 0, 27},
			asia:    figures{nil, 1, 53}},
	} {
		p, err := fu.Progress(ctx, w.actor(tc.who), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if p.Total.States != 195 || len(p.Groups) != 6 || len(p.Scale) != 5 {
			t.Fatalf("%s: %d States in %d groups", tc.who, p.Total.States, len(p.Groups))
		}
		same(tc.who+" in all", p.Total, tc.total)
		same(tc.who+" African", group(p, "African"), tc.african)
		same(tc.who+" GRULAC", group(p, "GRULAC"), tc.grulac)
		same(tc.who+" WEOG", group(p, "WEOG"), tc.weog)
		same(tc.who+" Asia-Pacific", group(p, "Asia-Pacific"), tc.asia)
		same(tc.who+" Eastern European", group(p, "Eastern European"), figures{nil, 0, 23})
		for _, st := range p.Standings {
			if st.Report.ReportedBy != 0 && tc.who != "secretariat" && !(tc.who == "FRA/state_reviewer" && st.State == "FRA") {
				t.Errorf("%s: %s's reporter is named", tc.who, st.State)
			}
		}
	}

	// Month by month, as the public and the Secretariat read it.
	for _, tc := range []struct {
		who    string
		months []figures // February to June
	}{
		{"public", []figures{
			{nil, 0, 195},
			{map[string]int{"planned": 1}, 0, 194},
			{map[string]int{"under_way": 1, "implemented": 1, "not_started": 1}, 0, 192},
			{map[string]int{"under_way": 1, "implemented": 1, "not_started": 1}, 0, 192},
			{map[string]int{"under_way": 1, "implemented": 1, "planned": 1}, 0, 192},
		}},
		{"secretariat", []figures{
			{nil, 0, 195},
			{map[string]int{"planned": 1, "under_way": 1}, 1, 192},
			{map[string]int{"under_way": 2, "implemented": 1, "not_started": 1}, 1, 190},
			{map[string]int{"under_way": 2, "implemented": 1, "not_started": 1}, 2, 189},
			{map[string]int{"under_way": 2, "implemented": 1, "planned": 1}, 2, 189},
		}},
	} {
		tl, err := fu.Timeline(ctx, w.actor(tc.who), c.ID, day(2, 14), day(12, 31))
		if err != nil {
			t.Fatal(err)
		}
		if len(tl.Points) != 5 || !tl.Points[0].Month.Equal(time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)) {
			t.Fatalf("%s: %d points from %v", tc.who, len(tl.Points), tl.Points[0].Month)
		}
		for i, want := range tc.months {
			same(tc.who+" at the end of "+tl.Points[i].Month.Month().String(), tl.Points[i].Tally, want)
		}
	}
	if _, err := fu.Timeline(ctx, w.actor("public"), c.ID, day(6, 1), day(3, 1)); plenary.ErrorKind(err) != plenary.KindInvalid {
		t.Errorf("a timeline backwards: %v", err)
	}

	// France's profile: each commitment, in their order (rec.31 was marked first), with
	// where France stands on it.
	for who, want := range map[string][]int{"public": {0, 2}, "FRA/state_editor": {0, 3}, "secretariat": {0, 2}} {
		sc, err := fu.StateCommitments(ctx, w.actor(who), w.gm.ID, "fra")
		if err != nil || len(sc) != 2 || sc[0].Commitment.ID != c.ID || sc[1].Commitment.ID != other.ID {
			t.Fatalf("%s: France's commitments %+v %v", who, sc, err)
		}
		if sc[0].Standing.Report.Number != want[1] || sc[1].Standing.Report.Number != want[0] || sc[1].Standing.Reported() ||
			sc[1].Standing.State != "FRA" || sc[1].Standing.CommitmentID != other.ID {
			t.Errorf("%s: France's standings %+v", who, sc)
		}
		if who == "secretariat" && sc[0].Standing.Withheld.Number != 3 {
			t.Errorf("the Secretariat does not know of France's private report: %+v", sc[0].Standing)
		}
	}
}

// TestSurveyAnswers: beside a State's status, its published answers to the national
// survey on the elements the commitment comes from or links to, as the reader reads
// them.
func TestSurveyAnswers(t *testing.T) {
	w := newWorld(t)
	sv := w.e.Survey
	q, err := sv.CreateQuestionnaire(ctx, w.sec, survey.QuestionnaireInput{BodyID: w.gm.ID, Cycle: "2026", FrameworkVersionID: w.v1.ID,
		Titles: plenary.Localized{"en": "2026 national survey"}})
	if err != nil {
		t.Fatal(err)
	}
	file, err := os.Open(filepath.Join("..", "demo", "data", "questionnaire-national-survey.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	if _, err := sv.ImportQuestions(ctx, w.sec, q.ID, file); err != nil {
		t.Fatal(err)
	}
	if _, err := sv.SetStatus(ctx, w.sec, q.ID, survey.Open); err != nil {
		t.Fatal(err)
	}
	answer := func(state string, level survey.Level) {
		t.Helper()
		if _, err := sv.Save(ctx, w.actor(state+"/state_editor"), q.ID, state, []survey.AnswerInput{
			{Question: "norm.f.status", Value: survey.Value{Choice: survey.Partly, Text: state + " protects its critical infrastructure"}, Language: "en"},
			{Question: "cbm.1.status", Value: survey.Value{Choice: survey.Yes}, Language: "en"},
			{Question: "law.status", Value: survey.Value{Choice: survey.Yes}, Language: "en"}}); err != nil {
			t.Fatal(err)
		}
		v, err := sv.Submit(ctx, w.actor(state+"/state_submitter"), q.ID, state)
		if err != nil {
			t.Fatal(err)
		}
		if level != survey.Private {
			if _, err := sv.SetLevel(ctx, w.actor(state+"/state_submitter"), v.ID, level); err != nil {
				t.Fatal(err)
			}
		}
	}
	answer("FRA", survey.Public)
	answer("KEN", survey.Private)
	rec := w.mark(t, "31", followup.Link{Framework: "ict-security", Element: "norm.f"})
	cbms, err := w.e.FollowUp.FollowElements(ctx, w.sec, followup.FollowInput{BodyID: w.gm.ID, FrameworkVersionID: w.v1.ID, Kind: followup.CBM, Elements: []string{"cbm.1"}})
	if err != nil {
		t.Fatal(err)
	}
	plain := w.mark(t, "30")
	got := func(who string, c followup.Commitment, state string) []string {
		t.Helper()
		as, err := w.e.FollowUp.SurveyAnswers(ctx, w.actor(who), c.ID, state)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, a := range as {
			out = append(out, a.Question.Code+"="+a.Answer.Value.Choice)
		}
		return out
	}
	for _, tc := range []struct {
		who   string
		c     followup.Commitment
		state string
		want  []string
	}{
		{"public", rec, "FRA", []string{"norm.f.status=partly"}},
		{"public", cbms[0], "FRA", []string{"cbm.1.status=yes"}},
		{"public", plain, "FRA", nil},
		{"public", rec, "KEN", nil},
		{"KEN/state_editor", rec, "KEN", nil}, // a version not published is read in the survey's workspace
		{"secretariat", rec, "KEN", nil},
	} {
		if g := got(tc.who, tc.c, tc.state); !slices.Equal(g, tc.want) {
			t.Errorf("%s reads %s's answers on %s: %v, want %v", tc.who, tc.state, tc.c.Code, g, tc.want)
		}
	}
}

// TestConcurrentReports: two submitters of France report at once on what they both saw:
// one report is made, the other refused with it; neither is lost unseen.
func TestConcurrentReports(t *testing.T) {
	w := newWorld(t)
	w.people["FRA/submitter2"] = w.e.Actor(t, w.e.CreateUser(t, "submitter2.fra@example.org", "Second submitter",
		plenary.Grant{Role: plenary.RoleTeamSubmitter, State: "FRA"}))
	c := w.mark(t, "30")
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, who := range []string{"FRA/state_submitter", "FRA/submitter2"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = w.e.FollowUp.Report(ctx, w.actor(who), followup.ReportInput{CommitmentID: c.ID, State: "FRA", Status: "planned",
				Note: "Report by " + who, NoteLanguage: "en"})
		}()
	}
	wg.Wait()
	made, stale := 0, 0
	for _, err := range errs {
		var s *followup.Stale
		switch {
		case err == nil:
			made++
		case errors.As(err, &s) && s.Current.Number == 1:
			stale++
		default:
			t.Errorf("report: %v", err)
		}
	}
	h, err := w.e.FollowUp.History(ctx, w.actor("FRA/state_editor"), c.ID, "FRA")
	if made != 1 || stale != 1 || err != nil || len(h) != 1 {
		t.Errorf("%d made, %d stale, history %+v %v", made, stale, h, err)
	}
}
