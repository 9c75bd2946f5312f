package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/consultation"
	"github.com/plenary-platform/plenary/internal/document"
	"github.com/plenary-platform/plenary/internal/files"
)

// zeroDraft and rev1 are a draft of the annual progress report and its first revision:
// Rev.1 rewords one paragraph, moves another and adds one, so the comparison page has
// something to show.
const zeroDraft = `1. The Global Mechanism reaffirms that international law, and in particular the Charter of the United Nations, is applicable and essential to maintaining peace and stability in the ICT environment.

2. States recall the eleven voluntary, non-binding norms of responsible State behaviour and will continue to implement them.

3. States are encouraged to nominate diplomatic and technical Points of Contact to the global directory and to take part in its ping tests.

4. The dedicated thematic group on capacity-building will report to the plenary at each substantive session.`

const rev1 = `1. The Global Mechanism reaffirms that international law, and in particular the Charter of the United Nations, is applicable and essential to maintaining peace and stability in the ICT environment.

2. States are encouraged to nominate diplomatic and technical Points of Contact to the global directory and to take part in its ping tests.

3. States recall the eleven voluntary, non-binding norms of responsible State behaviour, will continue to implement them and will report on their implementation through the national survey.

4. The dedicated thematic group on capacity-building will report to the plenary at each substantive session.

5. States welcome the voluntary checklist of practical actions for the implementation of the norms.`

// seedDocuments registers a few documents of the Global Mechanism, in several languages,
// a zero draft and its revision, and a consultation on the revision with some input.
func seedDocuments(ctx context.Context, d Deps, actors map[string]plenary.Actor) error {
	sec := plenary.System("demo")
	gm, err := d.Bodies.ByCode(ctx, sec, "gm")
	if err != nil {
		return err
	}
	docs := document.NewService(d.DB.Documents(), d.Clock)
	now := d.Clock.Now()
	reg := func(symbol string, kind document.Kind, status document.Status, access document.Access, titles map[string]string, body string, publishedAgo time.Duration) (document.Document, error) {
		doc, err := docs.Register(ctx, sec, document.Input{BodyID: gm.ID, Symbol: symbol, Kind: kind, Status: status, Access: access,
			Title: titles["en"]})
		if err != nil {
			return doc, err
		}
		for _, lang := range plenary.Languages {
			title, ok := titles[lang]
			if !ok {
				continue
			}
			in := document.TextInput{Language: lang, Title: title,
				PDF: &files.Upload{Name: symbolFile(symbol, lang), Data: pdfLetter(symbol, title)}}
			if lang == "en" {
				in.Body = body
			}
			if _, err := docs.SetText(ctx, sec, doc.ID, in); err != nil {
				return doc, err
			}
		}
		return docs.Publish(ctx, sec, doc.ID, now.Add(-publishedAgo))
	}
	all := map[string]string{"en": "Provisional agenda", "fr": "Ordre du jour provisoire", "es": "Programa provisional",
		"ru": "Предварительная повестка дня", "ar": "جدول الأعمال المؤقت", "zh": "临时议程"}
	if _, err := reg("A/AC.292/2026/1", document.KindAgenda, document.StatusFinal, document.AccessPublic, all,
		"1. Opening of the session.\n\n2. Adoption of the agenda.\n\n3. Organization of work.", 30*24*time.Hour); err != nil {
		return err
	}
	if _, err := reg("A/AC.292/2026/INF/1", document.KindInformationNote, document.StatusFinal, document.AccessPublic,
		map[string]string{"en": "Information for participants", "fr": "Informations à l’intention des participants"},
		"Registration opens at the visitors' entrance.", 25*24*time.Hour); err != nil {
		return err
	}
	if _, err := reg("A/AC.292/2026/CRP.2", document.KindConferenceRoomPaper, document.StatusFinal, document.AccessStates,
		map[string]string{"en": "Compilation of national views on the directory"}, "Views of States on the Points of Contact directory.", 10*24*time.Hour); err != nil {
		return err
	}
	drafts := map[string]string{"en": "Draft annual progress report"}
	if _, err := reg("A/AC.292/2026/CRP.1", document.KindConferenceRoomPaper, document.StatusDraft, document.AccessPublic, drafts, zeroDraft, 20*24*time.Hour); err != nil {
		return err
	}
	drafts["fr"] = "Projet de rapport d’activité annuel"
	r1, err := reg("A/AC.292/2026/CRP.1/Rev.1", document.KindConferenceRoomPaper, document.StatusDraft, document.AccessPublic, drafts, rev1, 3*24*time.Hour)
	if err != nil {
		return err
	}

	cons := consultation.NewService(d.DB.Consultations(), docs, d.Clock, nil, nil, nil, d.BaseURL, 0)
	c, err := cons.Open(ctx, sec, r1.ID, consultation.Input{OpensAt: now.Add(-48 * time.Hour), ClosesAt: now.Add(14 * 24 * time.Hour),
		LateRule: consultation.LateRefused, Eligibility: consultation.EligibleAnyone})
	if err != nil {
		return err
	}
	_, ps, err := docs.Paragraphs(ctx, sec, r1.ID)
	if err != nil || len(ps) < 5 {
		return fmt.Errorf("demo: the draft's paragraphs: %v", err)
	}
	inputs := []struct {
		who string
		in  consultation.SubmitInput
	}{
		{"delegate.fra@example.org", consultation.SubmitInput{Language: "fr", Anchors: []consultation.Anchor{
			{ParagraphKey: ps[2].Key, Stance: consultation.StanceSupport},
			{ParagraphKey: ps[4].Key, Stance: consultation.StanceAmend, ProposedText: "5. States welcome the voluntary checklist of practical actions and invite the Secretariat to translate it into all official languages."}}}},
		{"delegate.egy@example.org", consultation.SubmitInput{Language: "ar", Text: "نرحب بالمشروع المنقح ونؤيد الفقرة ٢.",
			Anchors: []consultation.Anchor{{ParagraphKey: ps[1].Key, Stance: consultation.StanceSupport}}}},
		{"focal@example.org", consultation.SubmitInput{Language: "en", OnBehalf: consultation.BehalfOrganization,
			Anchors: []consultation.Anchor{{ParagraphKey: ps[3].Key, Stance: consultation.StanceComment,
				Comment: "The thematic group should hear stakeholders before it reports."}}}},
	}
	for _, x := range inputs {
		if _, err := cons.Submit(ctx, actors[x.who], c.ID, x.in); err != nil {
			return fmt.Errorf("demo: input of %s: %w", x.who, err)
		}
	}
	_, err = cons.Submit(ctx, plenary.Public("es"), c.ID, consultation.SubmitInput{Name: "María López", Email: "maria@example.org",
		Language: "es", Anchors: []consultation.Anchor{{ParagraphKey: ps[0].Key, Stance: consultation.StanceSupport}}})
	return err
}

func symbolFile(symbol, lang string) string {
	out := []rune{}
	for _, r := range symbol {
		if r == '/' {
			r = '_'
		}
		out = append(out, r)
	}
	return string(out) + "_" + lang + ".pdf"
}
