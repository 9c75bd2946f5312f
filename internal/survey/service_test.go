package survey_test

import (
	"archive/zip"
	"bytes"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/directory"
	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/framework"
	"github.com/plenary-platform/plenary/internal/survey"
	"github.com/plenary-platform/plenary/internal/testenv"
)

const secret = "Private FRA position: our CERT lacks forensic staff"

// TestTeamDraftsSubmitsAndPublishes: France's team drafts together (a stale save is a
// conflict with both versions, the reviewer comments and does not edit), submits, and
// publishes at each level in turn; at each level exactly the right people read it, and
// the Secretariat only ever knows that France answered until it is published.
func TestTeamDraftsSubmitsAndPublishes(t *testing.T) {
	w := newWorld(t)
	editor, editor2, reviewer, submitter := "FRA/state_editor", "FRA/editor2", "FRA/state_reviewer", "FRA/state_submitter"

	first := w.answer(t, editor, "FRA", "norm.c.status", survey.Value{Choice: survey.Partly, Text: secret}, "fr")
	if first.Revision != 1 {
		t.Errorf("first revision %d", first.Revision)
	}
	// The second editor read the draft before the first saved: the save is refused for
	// that question, with both versions, and saves the other.
	res, err := w.e.Survey.Save(ctx, w.actor(editor2), w.q.ID, "FRA", []survey.AnswerInput{
		{Question: "norm.c.status", Value: survey.Value{Choice: survey.Yes}, Language: "en", Revision: 0},
		{Question: "norm.c.measures", Value: survey.Value{Text: "Loi de programmation militaire 2024"}, Language: "fr"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Conflicts) != 1 || res.Conflicts[0].Question != "norm.c.status" || res.Conflicts[0].Theirs.Value.Text != secret ||
		res.Conflicts[0].Mine.Value.Choice != survey.Yes || len(res.Saved) != 1 || res.Saved[0].Question != "norm.c.measures" {
		t.Fatalf("stale save: %+v", res)
	}
	// Saving the same as what was saved meanwhile is not a conflict.
	res, err = w.e.Survey.Save(ctx, w.actor(editor2), w.q.ID, "FRA", []survey.AnswerInput{
		{Question: "norm.c.status", Value: survey.Value{Choice: survey.Partly, Text: secret}, Language: "fr", Revision: 0}})
	if err != nil || len(res.Conflicts) != 0 {
		t.Errorf("same answer saved twice: %+v %v", res, err)
	}
	// The reviewer reads and comments, and does not edit.
	_, err = w.e.Survey.Save(ctx, w.actor(reviewer), w.q.ID, "FRA", []survey.AnswerInput{{Question: "law.status", Value: survey.Value{Choice: survey.Yes}, Language: "fr"}})
	if plenary.ErrorKind(err) != plenary.KindForbidden {
		t.Errorf("reviewer saves: %v", err)
	}
	if _, err := w.e.Survey.Comment(ctx, w.actor(reviewer), w.q.ID, "FRA", "norm.c.status", "Préciser les effectifs du CERT-FR"); err != nil {
		t.Fatal(err)
	}
	w.e.SMTP.WaitFor(t, 10*time.Second, testenv.To("state_editor.fra@example.org"))
	comments, err := w.e.Survey.Comments(ctx, w.actor(editor), w.q.ID, "FRA")
	if err != nil || len(comments) != 1 || comments[0].Body != "Préciser les effectifs du CERT-FR" || comments[0].AuthorName != "state_reviewer FRA" {
		t.Errorf("comments %+v %v", comments, err)
	}
	// Nobody outside France's team reads its draft or comments, nor changes them.
	for _, who := range []plenary.Actor{w.public, w.sec, w.actor("KEN/state_editor"), w.actor("delegate.DEU"), w.nominators["FRA"]} {
		_, err := w.e.Survey.Workspace(ctx, who, w.q.ID, "FRA")
		testenv.Allowed(t, who.Name+" reads France's draft", err, false)
		_, err = w.e.Survey.Comments(ctx, who, w.q.ID, "FRA")
		testenv.Allowed(t, who.Name+" reads France's comments", err, false)
		_, err = w.e.Survey.Save(ctx, who, w.q.ID, "FRA", []survey.AnswerInput{{Question: "law.status", Value: survey.Value{Choice: survey.No}, Language: "en"}})
		testenv.Allowed(t, who.Name+" saves France's draft", err, false)
		_, err = w.e.Survey.Submit(ctx, who, w.q.ID, "FRA")
		testenv.Allowed(t, who.Name+" submits for France", err, false)
	}
	if _, err := w.e.Survey.Submit(ctx, w.actor(editor), w.q.ID, "FRA"); plenary.ErrorKind(err) != plenary.KindForbidden {
		t.Errorf("an editor submits: %v", err)
	}

	v, err := w.e.Survey.Submit(ctx, w.actor(submitter), w.q.ID, "FRA")
	if err != nil || v.Number != 1 || v.Level != survey.Private || len(v.Answers) != 2 {
		t.Fatalf("submit: %+v %v", v, err)
	}
	subs, err := w.e.Survey.Submissions(ctx, w.sec, w.q.ID)
	if err != nil || len(subs) != 1 || subs[0].State != "FRA" || subs[0].Level != survey.Private {
		t.Errorf("the Secretariat's submissions: %+v %v", subs, err)
	}
	if _, err := w.e.Survey.Submissions(ctx, w.actor("delegate.DEU"), w.q.ID); err == nil {
		t.Error("a delegate lists who answered")
	}

	readers := map[string]plenary.Actor{"public": w.public, "secretariat": w.sec, "Germany's delegate": w.actor("delegate.DEU"),
		"Kenya's reviewer": w.actor("KEN/state_reviewer"), "France's reviewer": w.actor(reviewer)}
	reads := func(level survey.Level) map[string]bool {
		out := map[string]bool{}
		for name, who := range readers {
			c, err := w.e.Survey.Compare(ctx, who, w.q.ID, []string{"FRA"}, []string{"norm.c.status"})
			if err != nil {
				t.Fatal(err)
			}
			a, ok := c.Answer("FRA", "norm.c.status")
			out[name] = ok && a.Value.Text == secret
		}
		return out
	}
	want := map[survey.Level][]string{survey.Private: nil, survey.StatesOnly: {"secretariat", "Germany's delegate", "Kenya's reviewer", "France's reviewer"},
		survey.Public: {"public", "secretariat", "Germany's delegate", "Kenya's reviewer", "France's reviewer"}}
	for _, level := range []survey.Level{survey.Private, survey.StatesOnly, survey.Public, survey.Private} {
		if _, err := w.e.Survey.SetLevel(ctx, w.actor(submitter), v.ID, level); err != nil {
			t.Fatal(err)
		}
		got := reads(level)
		for name := range readers {
			if got[name] != slices.Contains(want[level], name) {
				t.Errorf("published %s: %s reads it: %v", level, name, got[name])
			}
		}
	}
	if _, err := w.e.Survey.SetLevel(ctx, w.actor(editor), v.ID, survey.Public); plenary.ErrorKind(err) != plenary.KindForbidden {
		t.Errorf("an editor publishes: %v", err)
	}
	if _, err := w.e.Survey.SetLevel(ctx, w.actor("KEN/state_submitter"), v.ID, survey.Public); plenary.ErrorKind(err) != plenary.KindNotFound {
		t.Errorf("Kenya publishes France's answers: %v", err)
	}
	// The draft stays: a second version follows, the first kept.
	w.answer(t, editor, "FRA", "law.status", survey.Value{Choice: survey.Yes}, "fr")
	v2, err := w.e.Survey.Submit(ctx, w.actor(submitter), w.q.ID, "FRA")
	if err != nil || v2.Number != 2 || len(v2.Answers) != 3 {
		t.Fatalf("second version: %+v %v", v2, err)
	}
	d, err := w.e.Survey.Workspace(ctx, w.actor(reviewer), w.q.ID, "FRA")
	if err != nil || len(d.Versions) != 2 || d.Versions[1].Number != 1 || len(d.Versions[1].Answers) != 2 || d.MayEdit || d.MaySubmit || !d.MayComment {
		t.Errorf("versions as the reviewer sees them: %+v %v", d.Versions, err)
	}
}

// TestAnswersAreChecked: every malformed answer is refused, named after its question and
// field, and nothing of the save is stored.
func TestAnswersAreChecked(t *testing.T) {
	w := newWorld(t)
	ed := w.actor("KEN/state_editor")
	nan := 3.5
	for _, tc := range []struct {
		name  string
		in    survey.AnswerInput
		field string
	}{
		{"unknown status", survey.AnswerInput{Question: "norm.a.status", Value: survey.Value{Choice: "maybe"}, Language: "en"}, "answers.norm.a.status.choice"},
		{"unknown option", survey.AnswerInput{Question: "capacity.areas", Value: survey.Value{Choices: []string{"policy", "space"}}, Language: "en"}, "answers.capacity.areas.choices"},
		{"bad date", survey.AnswerInput{Question: "capacity.strategy", Value: survey.Value{Date: "2026-02-30"}, Language: "en"}, "answers.capacity.strategy.date"},
		{"bad link", survey.AnswerInput{Question: "law.evidence", Value: survey.Value{Link: "javascript:alert(1)"}, Language: "en"}, "answers.law.evidence.link"},
		{"no language", survey.AnswerInput{Question: "law.position", Value: survey.Value{Text: "x"}}, "answers.law.position.language"},
		{"unknown question", survey.AnswerInput{Question: "norm.z.status", Value: survey.Value{Choice: survey.Yes}, Language: "en"}, "answers.norm.z.status"},
		{"a file that is not PDF nor DOCX", survey.AnswerInput{Question: "law.evidence", Language: "en", File: &files.Upload{Name: "x.exe", Data: []byte("MZ\x90\x00")}}, "answers.law.evidence.file"},
		{"too long", survey.AnswerInput{Question: "law.position", Value: survey.Value{Text: strings.Repeat("x", survey.MaxText+1)}, Language: "en"}, "answers.law.position.text"},
	} {
		_, err := w.e.Survey.Save(ctx, ed, w.q.ID, "KEN", []survey.AnswerInput{{Question: "law.status", Value: survey.Value{Choice: survey.Yes}, Language: "en"}, tc.in})
		v, ok := err.(*plenary.ValidationError)
		if !ok {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if _, ok := v.For(tc.field); !ok {
			t.Errorf("%s: %v, want a problem of %s", tc.name, err, tc.field)
		}
	}
	d, _ := w.e.Survey.Workspace(ctx, ed, w.q.ID, "KEN")
	if len(d.Answers) != 0 || d.Response.ID != 0 {
		t.Errorf("a refused save stored %v", d.Answers)
	}
	// What belongs to another kind is dropped, not refused.
	a := w.answer(t, "KEN/state_editor", "KEN", "norm.a.status", survey.Value{Choice: survey.Yes, Number: &nan, Date: "2026-01-01"}, "en")
	if a.Value.Number != nil || a.Value.Date != "" {
		t.Errorf("a status kept %+v", a.Value)
	}
}

// TestEvidence: a file attached as evidence is checked, sealed, and read by the team, and
// by those who read the version citing it once published.
func TestEvidence(t *testing.T) {
	w := newWorld(t)
	pdf := []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
	res, err := w.e.Survey.Save(ctx, w.actor("JPN/state_editor"), w.q.ID, "JPN", []survey.AnswerInput{{Question: "law.evidence", Language: "en",
		File: &files.Upload{Name: "position.pdf", Data: pdf}}})
	if err != nil || len(res.Saved) != 1 || res.Saved[0].Value.FileID == 0 || res.Saved[0].Value.FileName != "position.pdf" {
		t.Fatalf("evidence: %+v %v", res, err)
	}
	id := res.Saved[0].Value.FileID
	if f, err := w.e.Survey.Evidence(ctx, w.actor("JPN/state_reviewer"), id); err != nil || string(f.Data) != string(pdf) {
		t.Errorf("the team reads the file: %v", err)
	}
	for _, who := range []plenary.Actor{w.public, w.sec, w.actor("FRA/state_editor")} {
		_, err := w.e.Survey.Evidence(ctx, who, id)
		testenv.Allowed(t, who.Name+" reads Japan's evidence", err, false)
	}
	// An answer keeps the file it holds, under its own name, whatever name is sent; it
	// cannot take another response's file by its number.
	res, err = w.e.Survey.Save(ctx, w.actor("JPN/state_editor"), w.q.ID, "JPN", []survey.AnswerInput{{Question: "law.evidence", Language: "en",
		Value: survey.Value{FileID: id, FileName: "renamed.exe", Link: "https://www.mofa.go.jp/"}, Revision: res.Saved[0].Revision}})
	if err != nil || len(res.Saved) != 1 || res.Saved[0].Value.FileID != id || res.Saved[0].Value.FileName != "position.pdf" {
		t.Errorf("the file kept: %+v %v", res, err)
	}
	_, err = w.e.Survey.Save(ctx, w.actor("FRA/state_editor"), w.q.ID, "FRA", []survey.AnswerInput{{Question: "law.evidence", Language: "en",
		Value: survey.Value{FileID: id, FileName: "position.pdf"}}})
	if v, ok := err.(*plenary.ValidationError); !ok || len(v.Fields) != 1 || v.Fields[0].Field != "answers.law.evidence.file" {
		t.Errorf("France cites Japan's file: %v", err)
	}
	if d, _ := w.e.Survey.Workspace(ctx, w.actor("FRA/state_editor"), w.q.ID, "FRA"); d.Response.ID != 0 {
		t.Errorf("a refused save started France's response")
	}
	v, err := w.e.Survey.Submit(ctx, w.actor("JPN/state_submitter"), w.q.ID, "JPN")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.e.Survey.SetLevel(ctx, w.actor("JPN/state_submitter"), v.ID, survey.Public); err != nil {
		t.Fatal(err)
	}
	if _, err := w.e.Survey.Evidence(ctx, w.public, id); err != nil {
		t.Errorf("the public reads published evidence: %v", err)
	}
}

// TestAggregates: counts by regional group and in total against a hand-computed fixture,
// at each reader's levels, hidden below the threshold, a private answer in no count.
func TestAggregates(t *testing.T) {
	w := newWorld(t)
	// norm.c.status as each State answers it, and how far it publishes.
	fixture := []struct {
		state, choice string
		level         survey.Level
	}{
		{"FRA", survey.Yes, survey.Public},            // WEOG
		{"JPN", survey.Yes, survey.Public},            // Asia-Pacific
		{"KEN", survey.Partly, survey.StatesOnly},     // African
		{"BRA", survey.No, survey.Public},             // GRULAC
		{"MEX", survey.Yes, survey.StatesOnly},        // GRULAC
		{"DEU", survey.NotApplicable, survey.Private}, // WEOG: enters no count
	}
	for _, f := range fixture {
		if f.state == "DEU" {
			for _, r := range plenary.TeamRoles {
				w.people["DEU/"+string(r)] = w.e.Actor(t, w.e.CreateUser(t, string(r)+".DEU@example.org", "DEU", plenary.Grant{Role: r, State: "DEU"}))
			}
		}
		w.answer(t, f.state+"/state_editor", f.state, "norm.c.status", survey.Value{Choice: f.choice}, "en")
		v, err := w.e.Survey.Submit(ctx, w.actor(f.state+"/state_submitter"), w.q.ID, f.state)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.e.Survey.SetLevel(ctx, w.actor(f.state+"/state_submitter"), v.ID, f.level); err != nil {
			t.Fatal(err)
		}
	}
	total := func(who plenary.Actor) survey.Tally {
		t.Helper()
		a, err := w.e.Survey.Aggregate(ctx, who, w.q.ID, "norm.c.status")
		if err != nil {
			t.Fatal(err)
		}
		return a.Total
	}
	// The public: FRA, JPN, BRA — three States, under the default threshold of five.
	if got := total(w.public); got.States != 3 || got.Shown || got.Counts != nil {
		t.Errorf("public total %+v, want 3 States, hidden", got)
	}
	// States see States-only answers too: FRA, JPN, KEN, BRA, MEX — five, shown.
	got := total(w.actor("delegate.DEU"))
	if want := map[string]int{survey.Yes: 3, survey.Partly: 1, survey.No: 1}; got.States != 5 || !got.Shown || !equalCounts(got.Counts, want) {
		t.Errorf("States' total %+v, want 5 States and %v", got, want)
	}
	a, _ := w.e.Survey.Aggregate(ctx, w.sec, w.q.ID, "norm.c.status")
	var groups []string
	for _, g := range a.Groups {
		groups = append(groups, g.Group+":"+strings.Repeat("x", g.States))
		if g.Shown || g.Counts != nil {
			t.Errorf("group %s shown with %d States", g.Group, g.States)
		}
	}
	if want := "African:x Asia-Pacific:x GRULAC:xx WEOG:x"; strings.Join(groups, " ") != want {
		t.Errorf("groups %v, want %s", groups, want)
	}
	// A body that sets the threshold at three shows the public total.
	if err := w.e.Survey.SetThreshold(ctx, w.sec, w.gm.ID, 3); err != nil {
		t.Fatal(err)
	}
	if got := total(w.public); !got.Shown || !equalCounts(got.Counts, map[string]int{survey.Yes: 2, survey.No: 1}) {
		t.Errorf("public total at threshold 3: %+v", got)
	}
	if err := w.e.Survey.SetThreshold(ctx, w.sec, w.gm.ID, 2); plenary.ErrorKind(err) != plenary.KindInvalid {
		t.Errorf("a threshold of 2: %v", err)
	}
	if err := w.e.Survey.SetThreshold(ctx, w.actor("delegate.DEU"), w.gm.ID, 3); err == nil {
		t.Error("a delegate sets the threshold")
	}
	// Germany's private answer is nowhere.
	c, _ := w.e.Survey.Compare(ctx, w.sec, w.q.ID, nil, nil)
	if slices.Contains(c.States, "DEU") || len(c.States) != 5 {
		t.Errorf("compared States %v", c.States)
	}
}

func equalCounts(got, want map[string]int) bool {
	for k, v := range want {
		if got[k] != v {
			return false
		}
	}
	for k, v := range got {
		if v != 0 && want[k] != v {
			return false
		}
	}
	return true
}

// TestNewCycle: the framework gets a new version and the 2027 questionnaire is built on
// it; France's 2027 draft starts from its 2026 submission; its 2026 answers stay tied to
// the framework's first version.
func TestNewCycle(t *testing.T) {
	w := newWorld(t)
	w.answer(t, "FRA/state_editor", "FRA", "norm.c.status", survey.Value{Choice: survey.Partly, Text: "CERT-FR"}, "fr")
	w.answer(t, "FRA/state_editor", "FRA", "law.position", survey.Value{Text: "Position publiée en 2019"}, "fr")
	v, err := w.e.Survey.Submit(ctx, w.actor("FRA/state_submitter"), w.q.ID, "FRA")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.e.Survey.SetLevel(ctx, w.actor("FRA/state_submitter"), v.ID, survey.Public); err != nil {
		t.Fatal(err)
	}
	v2, err := w.e.Frameworks.StartDraft(ctx, w.sec, w.fw.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.e.Frameworks.SaveElement(ctx, w.sec, v2.ID, "norm.c", framework.ElementInput{Code: "norm.c", Parent: "norms", Kind: "norm",
		Titles: plenary.Localized{"en": "Norm (c), as reworded in 2027"}, SourceSymbol: "A/70/174", SourceParagraph: "13 (c)"}); err != nil {
		t.Fatal(err)
	}
	if v2, err = w.e.Frameworks.Publish(ctx, w.sec, v2.ID, "Norm (c) reworded"); err != nil {
		t.Fatal(err)
	}
	q27 := w.questionnaire(t, "2027", v2.ID)
	if _, err := w.e.Survey.CreateQuestionnaire(ctx, w.sec, survey.QuestionnaireInput{BodyID: w.gm.ID, Cycle: "2027", FrameworkVersionID: v2.ID,
		Titles: plenary.Localized{"en": "Again"}}); plenary.ErrorKind(err) != plenary.KindInvalid {
		t.Errorf("a second 2027 questionnaire: %v", err)
	}

	// Before anyone saves, France's 2027 draft reads as what it starts from: its 2026
	// submission, not yet saved.
	w.q = q27
	d, err := w.e.Survey.Workspace(ctx, w.actor("FRA/state_reviewer"), q27.ID, "FRA")
	if err != nil || d.Response.ID != 0 || d.Response.PrefilledFrom != v.ID || d.Answers["norm.c.status"].Value.Text != "CERT-FR" ||
		d.Answers["norm.c.status"].Revision != 0 || len(d.Answers) != 2 {
		t.Errorf("2027 draft before the first save: %+v %v", d, err)
	}
	// France's first save of 2027 starts from 2026: what the editor changed from what was
	// shown is saved, not a conflict with it.
	w.answer(t, "FRA/state_editor", "FRA", "norm.c.status", survey.Value{Choice: survey.Yes, Text: "CERT-FR, staffed in 2027"}, "fr")
	w.answer(t, "FRA/state_editor", "FRA", "law.status", survey.Value{Choice: survey.Yes}, "fr")
	d, err = w.e.Survey.Workspace(ctx, w.actor("FRA/state_reviewer"), q27.ID, "FRA")
	if err != nil {
		t.Fatal(err)
	}
	if d.Response.PrefilledFrom != v.ID || d.Answers["norm.c.status"].Value.Text != "CERT-FR, staffed in 2027" || d.Answers["law.position"].Language != "fr" ||
		d.Answers["law.position"].Revision != 1 || len(d.Answers) != 3 {
		t.Errorf("2027 draft: from %d, %+v", d.Response.PrefilledFrom, d.Answers)
	}
	// Each cycle reads its own version of the framework.
	title := func(qid int64) string {
		_, _, es, err := w.e.Survey.Get(ctx, w.public, qid)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(es, func(e framework.Element) bool { return e.Code == "norm.c" })
		return es[i].Titles["en"]
	}
	if t26, t27 := title(w.q.ID-1), title(q27.ID); !strings.HasPrefix(t26, "Norm (c): Do not knowingly") || t27 != "Norm (c), as reworded in 2027" {
		t.Errorf("norm (c) in 2026 %q, in 2027 %q", t26, t27)
	}
	cycles, err := w.e.Survey.StateAnswers(ctx, w.public, "FRA")
	if err != nil || len(cycles) != 1 || cycles[0].Questionnaire.Cycle != "2026" || cycles[0].Answers["law.position"].Value.Text != "Position publiée en 2019" {
		t.Errorf("France's published cycles: %+v %v", cycles, err)
	}
}

// TestConcurrentEditors: editors saving at once lose nothing: different questions are
// all saved, and of several saves of one question from the same revision one is saved and
// the others come back as conflicts.
func TestConcurrentEditors(t *testing.T) {
	w := newWorld(t)
	eds := []string{"FRA/state_editor", "FRA/editor2", "FRA/state_submitter"}
	var wg sync.WaitGroup
	var mu sync.Mutex
	saved, conflicts := 0, 0
	for i := range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			q := "cbm." + string(rune('1'+i%8)) + ".details"
			if i >= 8 {
				q = "law.position" // four saves of one question, from revision 0
			}
			res, err := w.e.Survey.Save(ctx, w.actor(eds[i%3]), w.q.ID, "FRA", []survey.AnswerInput{{Question: q,
				Value: survey.Value{Text: "version " + string(rune('A'+i))}, Language: "en"}})
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				t.Errorf("save %d: %v", i, err)
				return
			}
			saved += len(res.Saved)
			conflicts += len(res.Conflicts)
		}()
	}
	wg.Wait()
	if saved != 9 || conflicts != 3 {
		t.Errorf("%d saved, %d conflicts; want 9 and 3", saved, conflicts)
	}
	d, _ := w.e.Survey.Workspace(ctx, w.actor("FRA/state_reviewer"), w.q.ID, "FRA")
	if len(d.Answers) != 9 || d.Answers["law.position"].Revision != 1 {
		t.Errorf("stored %d answers, law.position at revision %d", len(d.Answers), d.Answers["law.position"].Revision)
	}
}

// TestQuestionnaires: the Secretariat alone prepares and opens questionnaires; a draft is
// the Secretariat's; an import's problems name their lines; an open questionnaire's
// questions no longer change; States' teams and nominators hear that it opened.
func TestQuestionnaires(t *testing.T) {
	w := newWorld(t)
	m := w.e.SMTP.WaitFor(t, 10*time.Second, testenv.To("nominator.ken@example.org"))
	if !strings.Contains(m.Subject, "2026") || !strings.Contains(m.Text, "/survey/") {
		t.Errorf("opening letter %q\n%s", m.Subject, m.Text)
	}
	q, err := w.e.Survey.CreateQuestionnaire(ctx, w.sec, survey.QuestionnaireInput{BodyID: w.gm.ID, Cycle: "2028", FrameworkVersionID: w.v1.ID,
		Titles: plenary.Localized{"en": "2028 survey"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, who := range []plenary.Actor{w.public, w.actor("FRA/state_submitter"), w.nominators["FRA"]} {
		_, _, _, err := w.e.Survey.Get(ctx, who, q.ID)
		testenv.Allowed(t, who.Name+" reads a draft questionnaire", err, false)
		_, err = w.e.Survey.CreateQuestionnaire(ctx, who, survey.QuestionnaireInput{BodyID: w.gm.ID, Cycle: "2029", FrameworkVersionID: w.v1.ID,
			Titles: plenary.Localized{"en": "x"}})
		testenv.Allowed(t, who.Name+" makes a questionnaire", err, false)
		_, err = w.e.Survey.SetStatus(ctx, who, w.q.ID, survey.Closed)
		testenv.Allowed(t, who.Name+" closes a questionnaire", err, false)
	}
	if _, err := w.e.Survey.SetStatus(ctx, w.sec, q.ID, survey.Open); plenary.ErrorKind(err) != plenary.KindConflict {
		t.Errorf("opening a questionnaire without questions: %v", err)
	}
	_, err = w.e.Survey.ImportQuestions(ctx, w.sec, q.ID, strings.NewReader("code,part,element,kind,prompt_en\n"+
		"norm.c.status,norms,norm.c,status,Has your State…?\n"+
		"norm.z.status,norms,norm.z,status,And norm (z)?\n"+
		"areas,capacity,,choices,Which areas?\n"))
	v, _ := err.(*plenary.ValidationError)
	if v == nil || len(v.Fields) != 2 || v.Fields[0].Message != "survey.import.no_element" || v.Fields[0].Args["Line"] != 3 ||
		v.Fields[1].Message != "survey.import.choices_without_options" || v.Fields[1].Args["Line"] != 4 {
		t.Errorf("import problems: %v", err)
	}
	if _, err := w.e.Survey.ImportQuestions(ctx, w.sec, w.q.ID, strings.NewReader("code,part,kind,prompt_en\nx,law,text,X\n")); plenary.ErrorKind(err) != plenary.KindConflict {
		t.Errorf("import into an open questionnaire: %v", err)
	}
	if _, err := w.e.Survey.SetStatus(ctx, w.sec, w.q.ID, survey.Closed); err != nil {
		t.Fatal(err)
	}
	_, err = w.e.Survey.Save(ctx, w.actor("FRA/state_editor"), w.q.ID, "FRA", []survey.AnswerInput{{Question: "law.status", Value: survey.Value{Choice: survey.Yes}, Language: "fr"}})
	if plenary.ErrorKind(err) != plenary.KindConflict {
		t.Errorf("a save to a closed questionnaire: %v", err)
	}
}

// TestDeadlineReminder: a week before the deadline the teams of the States that have not
// submitted are reminded, once, whatever the number of runs.
func TestDeadlineReminder(t *testing.T) {
	w := newWorld(t)
	w.answer(t, "KEN/state_editor", "KEN", "law.status", survey.Value{Choice: survey.Yes}, "en")
	if _, err := w.e.Survey.Submit(ctx, w.actor("KEN/state_submitter"), w.q.ID, "KEN"); err != nil {
		t.Fatal(err)
	}
	w.e.Clock.Set(w.q.Deadline.Add(-survey.RemindBefore - time.Hour))
	if err := w.e.Survey.RemindDue(ctx, survey.DeadlineJob{}); err != nil {
		t.Fatal(err)
	}
	w.e.Clock.Set(w.q.Deadline.Add(-survey.RemindBefore + time.Hour))
	for range 3 {
		if err := w.e.Survey.RemindDue(ctx, survey.DeadlineJob{}); err != nil {
			t.Fatal(err)
		}
	}
	// The letters go through the job queue: wait for all thirteen recipients (a loaded
	// machine is slow), then a little more, for a duplicate to have the time to arrive.
	reminded := map[string]int{}
	count := func() {
		clear(reminded)
		for _, m := range w.e.SMTP.Messages() {
			if strings.Contains(m.Subject, "deadline") {
				for _, to := range m.To {
					reminded[to]++
				}
			}
		}
	}
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if count(); len(reminded) >= 13 {
			break
		}
	}
	time.Sleep(500 * time.Millisecond)
	count()
	if reminded["state_editor.jpn@example.org"] != 1 || reminded["state_submitter.fra@example.org"] != 1 || reminded["state_editor.ken@example.org"] != 0 ||
		len(reminded) != 13 {
		t.Errorf("reminders %v", reminded)
	}
}

// TestSealedAtRest: a copy of the database (SQLite's files, or PostgreSQL's pg_dump) holds
// no private answer, comment or evidence in clear; a published answer is there, which
// proves the search would see one.
func TestSealedAtRest(t *testing.T) {
	w := newWorld(t)
	const private, comment, published = "Sealed draft text 7Q2X", "Sealed comment 9K4P", "Published text 3M8R"
	w.answer(t, "FRA/state_editor", "FRA", "law.position", survey.Value{Text: private}, "fr")
	pdf := []byte("%PDF-1.4\n1 0 obj << /Type /Catalog /Private (Evidence 5T6U) >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
	if _, err := w.e.Survey.Save(ctx, w.actor("FRA/state_editor"), w.q.ID, "FRA", []survey.AnswerInput{{Question: "law.evidence", Language: "fr",
		File: &files.Upload{Name: "evidence.pdf", Data: pdf}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.e.Survey.Comment(ctx, w.actor("FRA/state_reviewer"), w.q.ID, "FRA", "", comment); err != nil {
		t.Fatal(err)
	}
	if _, err := w.e.Survey.Submit(ctx, w.actor("FRA/state_submitter"), w.q.ID, "FRA"); err != nil {
		t.Fatal(err)
	}
	w.answer(t, "KEN/state_editor", "KEN", "law.position", survey.Value{Text: published}, "en")
	v, err := w.e.Survey.Submit(ctx, w.actor("KEN/state_submitter"), w.q.ID, "KEN")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.e.Survey.SetLevel(ctx, w.actor("KEN/state_submitter"), v.ID, survey.StatesOnly); err != nil {
		t.Fatal(err)
	}
	dump := w.e.Dump(t)
	for _, s := range []string{private, comment, "Evidence 5T6U"} {
		if strings.Contains(string(dump), s) {
			t.Errorf("the database holds %q in clear", s)
		}
	}
	if !strings.Contains(string(dump), published) {
		t.Error("the published answer is not in the dump: the search would miss a leak")
	}
}

// TestIssue: a submitted version is issued as the State's national submission in the
// registry, read as the version is (a private one by the Secretariat only), as a Word
// document; a second issue of one version is refused, a later version is a revision.
func TestIssue(t *testing.T) {
	w := newWorld(t)
	w.answer(t, "FRA/state_editor", "FRA", "law.position", survey.Value{Text: "Position française (2019)"}, "fr")
	v, err := w.e.Survey.Submit(ctx, w.actor("FRA/state_submitter"), w.q.ID, "FRA")
	if err != nil {
		t.Fatal(err)
	}
	in := survey.IssueInput{Language: "fr", Title: "Contribution nationale de la France", StateName: func(string) string { return "France" },
		Labels: survey.Labels{Status: "Version 1", Parts: map[survey.Part]string{survey.PartLaw: "Droit international"}}}
	_, err = w.e.Survey.Issue(ctx, w.actor("FRA/state_editor"), v.ID, in)
	testenv.Allowed(t, "an editor issues", err, false)
	d, err := w.e.Survey.Issue(ctx, w.actor("FRA/state_submitter"), v.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	if d.Symbol != "GM/NS/2026/FRA" || d.Kind != "national_submission" || d.Access != "closed" {
		t.Errorf("document %s %s %s", d.Symbol, d.Kind, d.Access)
	}
	for who, may := range map[string]bool{"secretariat": true, "public": false, "delegate.DEU": false} {
		a := w.actor(who)
		if who == "secretariat" {
			a = w.sec
		} else if who == "public" {
			a = w.public
		}
		got, err := w.e.Documents.Get(ctx, a, d.ID)
		if (err == nil) != may {
			t.Errorf("%s reads the issued private version: %v", who, err)
		}
		if may {
			txt, _ := got.Text("fr")
			if txt.DOCX == nil {
				t.Error("the issued document has no Word file")
			}
		}
	}
	if _, err := w.e.Survey.Issue(ctx, w.actor("FRA/state_submitter"), v.ID, in); plenary.ErrorKind(err) != plenary.KindConflict {
		t.Errorf("issued twice: %v", err)
	}
	// The second version goes with France's Points of Contact, by the State's choice: its
	// document lists the verified one (not the one awaiting verification); the first
	// version's does not.
	sec := w.e.Secretariat(t, "verifier@un.org")
	w.e.VerifiedContact(t, sec, "FRA", "poc.verified@diplomatie.gouv.fr", "Jeanne Vérifiée", "fr", directory.Technical)
	w.e.NominatedContact(t, sec, "FRA", "poc.pending@diplomatie.gouv.fr", "Paul Enattente", "fr", directory.Diplomatic)
	if err := w.e.Survey.SetIncludePoCs(ctx, w.actor("FRA/state_submitter"), w.q.ID, "FRA", true); err != nil {
		t.Fatal(err)
	}
	v2, err := w.e.Survey.Submit(ctx, w.actor("FRA/state_submitter"), w.q.ID, "FRA")
	if err != nil {
		t.Fatal(err)
	}
	in.Labels.Contacts, in.Labels.Functions = "Points de contact", map[directory.Function]string{directory.Technical: "Point de contact technique"}
	d2, err := w.e.Survey.Issue(ctx, w.actor("FRA/state_submitter"), v2.ID, in)
	if err != nil || d2.Symbol != "GM/NS/2026/FRA/Rev.1" {
		t.Fatalf("second version: %s %v", d2.Symbol, err)
	}
	for doc, want := range map[int64]bool{d.ID: false, d2.ID: true} {
		text := issuedText(t, w, doc)
		if got := strings.Contains(text, "Jeanne Vérifiée") && strings.Contains(text, "poc.verified@diplomatie.gouv.fr") &&
			strings.Contains(text, "Point de contact technique"); got != want {
			t.Errorf("document %d lists the verified Point of Contact: %v, want %v", doc, got, want)
		}
		if strings.Contains(text, "Paul Enattente") {
			t.Errorf("document %d lists a contact awaiting verification", doc)
		}
	}
}

// issuedText is the text of an issued document's French Word file, as the Secretariat
// downloads it.
func issuedText(t *testing.T, w *world, id int64) string {
	t.Helper()
	d, err := w.e.Documents.Get(ctx, w.sec, id)
	if err != nil {
		t.Fatal(err)
	}
	txt, _ := d.Text("fr")
	if txt.DOCX == nil {
		t.Fatalf("document %d has no Word file", id)
	}
	f, err := w.e.Documents.File(ctx, w.sec, id, "fr", "docx")
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(f.Data), int64(len(f.Data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if zf.Name == "word/document.xml" {
			r, _ := zf.Open()
			b, _ := io.ReadAll(r)
			return string(b)
		}
	}
	t.Fatal("no word/document.xml")
	return ""
}
