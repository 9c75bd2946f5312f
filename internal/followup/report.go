package followup

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/audit"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/document"
	"github.com/plenary-platform/plenary/internal/docx"
	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/framework"
	"github.com/plenary-platform/plenary/internal/meeting"
	"github.com/plenary-platform/plenary/internal/state"
)

// ReportStore is what the progress report and the reminders read.
type ReportStore interface {
	// PublishedBefore are the reports on a body's commitments published at level and made
	// before an instant, newest first for each commitment and State: ID, commitment,
	// State, number, status and time only.
	PublishedBefore(ctx context.Context, bodyID int64, level Level, before time.Time) ([]Report, error)
	// SessionsStarting are the sessions of every body whose first day is from from to to.
	SessionsStarting(ctx context.Context, from, to time.Time) ([]meeting.Session, error)
	// LastReports are each State's latest report on each of a body's commitments, at any
	// level: ID, commitment, State, number and time only (what it says stays sealed).
	LastReports(ctx context.Context, bodyID int64) ([]Report, error)
	// Submitters are the people holding a State's submitter role, with the State.
	Submitters(ctx context.Context) ([]Submitter, error)
	// Reminded are the States reminded before a session.
	Reminded(ctx context.Context, sessionID int64) ([]string, error)
}

// Issuer registers, fills and publishes documents: the registry, into which the progress
// report is issued like any document.
type Issuer interface {
	Register(ctx context.Context, actor plenary.Actor, in document.Input) (document.Document, error)
	SetText(ctx context.Context, actor plenary.Actor, id int64, in document.TextInput) (document.Document, error)
	Publish(ctx context.Context, actor plenary.Actor, id int64, at time.Time) (document.Document, error)
}

// Words are the catalogues' words in one language (i18n.Words): follow-up writes the
// progress report but does not translate.
type Words interface {
	T(key string, args map[string]any) string
	Date(time.Time) string
	DateTime(time.Time) string
}

// ProgressReport is where the States stood on a body's commitments at the end of a day,
// counting only what States made public: the report is published (as a page to the
// Secretariat and the Chair, then as a public document of the registry), so it counts
// for each State and commitment the latest report made public, made by the end of that
// day. A State without one is "no report", which is not "not started".
type ProgressReport struct {
	Body body.Body
	// AsOf is the day the figures stand at (midnight UTC of that date); Cutoff the end of
	// that day in the body's time zone: reports made before it count.
	AsOf, Cutoff time.Time
	GeneratedAt  time.Time
	// Title is the title the report is issued under ("": WriteReportDOCX makes one).
	Title string
	Scale []Status
	// States is how many States are counted (each in every figure).
	States      int
	Commitments []CommitmentFigures
	// Pairs counts every State on every commitment: Pairs.States is States × commitments.
	Pairs Tally
	// Meanings counts Pairs by what their status means (no report apart, in Pairs).
	Meanings map[Meaning]int
	// Reporting counts the States with a public report on at least one commitment: in
	// total first, then by regional group (in the order of state.Groups).
	Reporting []Reporting
}

// CommitmentFigures are where the States stood on one commitment.
type CommitmentFigures struct {
	Commitment Commitment
	Total      Tally
	Groups     []Tally // in the order of state.Groups
	Meanings   map[Meaning]int
}

// Reporting counts the States of a regional group ("" for all of them) that reported
// publicly on at least one commitment.
type Reporting struct {
	Group    string
	States   int
	Reported int
}

// Silent is how many States of the group made no public report on any commitment.
func (r Reporting) Silent() int { return r.States - r.Reported }

// Meaning is what a status means in the report's scale ("" for a code it lacks).
func (r ProgressReport) Meaning(code string) Meaning {
	for _, st := range r.Scale {
		if st.Code == code {
			return st.Meaning
		}
	}
	return ""
}

// MayReadReport tells whether actor reads the progress report before it is issued: the
// Secretariat and the Chair.
func (s *Service) MayReadReport(actor plenary.Actor) error {
	if !actor.IsSecretariat() && !actor.Has(plenary.RoleChair) {
		return plenary.Deny(actor)
	}
	return nil
}

// MayIssueReport tells whether actor issues the progress report as a document of the
// registry: the Secretariat.
func (s *Service) MayIssueReport(actor plenary.Actor) error { return s.MayManage(actor) }

// ReportDay reads a day ("2026-11-30") for a progress report.
func ReportDay(v string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(v))
	if err != nil {
		return time.Time{}, plenary.Invalid("as_of", "field.date", nil)
	}
	return t, nil
}

// ProgressReport counts, for each of a body's commitments, the States by status, by what
// the status means and by regional group as they stood at the end of asOf (a day, in the
// body's time zone; today at the latest), from the reports States made public; the
// totals over every commitment; and the States that reported publicly at all.
func (s *Service) ProgressReport(ctx context.Context, actor plenary.Actor, bodyID int64, asOf time.Time) (ProgressReport, error) {
	if err := s.MayReadReport(actor); err != nil {
		return ProgressReport{}, err
	}
	b, err := s.store.Body(ctx, bodyID)
	if err != nil {
		return ProgressReport{}, err
	}
	now := s.now()
	if asOf.IsZero() {
		return ProgressReport{}, plenary.Invalid("as_of", "field.date", nil)
	}
	day := time.Date(asOf.Year(), asOf.Month(), asOf.Day(), 0, 0, 0, 0, time.UTC)
	loc := b.Location()
	local := now.In(loc)
	if day.After(time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.UTC)) {
		return ProgressReport{}, plenary.Invalid("as_of", "followup_report.as_of_future", nil)
	}
	r := ProgressReport{Body: b, AsOf: day, Cutoff: time.Date(day.Year(), day.Month(), day.Day()+1, 0, 0, 0, 0, loc).UTC(),
		GeneratedAt: now, Meanings: map[Meaning]int{}}
	if r.Scale, err = s.scale(ctx, bodyID); err != nil {
		return ProgressReport{}, err
	}
	cs, err := s.commitments(ctx, bodyID)
	if err != nil {
		return ProgressReport{}, err
	}
	states, err := s.states.List(ctx, actor)
	if err != nil {
		return ProgressReport{}, err
	}
	pub, err := s.store.PublishedBefore(ctx, bodyID, Public, r.Cutoff)
	if err != nil {
		return ProgressReport{}, err
	}
	// Each State's latest public report on each commitment, made before the cutoff: what
	// the public read then, of what is public now (a later private report hides nothing).
	latest := make(map[key]Report, len(pub))
	for _, x := range pub {
		k := key{x.CommitmentID, x.State}
		if cur, ok := latest[k]; !ok || x.Number > cur.Number {
			latest[k] = x
		}
	}
	reported := map[string]bool{}
	r.States = len(states)
	r.Pairs = Tally{Counts: map[string]int{}}
	public := plenary.Public(plenary.DefaultLanguage)
	for _, c := range cs {
		f := CommitmentFigures{Commitment: c, Meanings: map[Meaning]int{}}
		f.Total, f.Groups = tally(public, states, func(iso3 string) Standing {
			x, ok := latest[key{c.ID, iso3}]
			if !ok {
				return Standing{CommitmentID: c.ID, State: iso3}
			}
			reported[iso3] = true
			return Standing{CommitmentID: c.ID, State: iso3, Report: x, Reports: 1}
		})
		for code, n := range f.Total.Counts {
			f.Meanings[r.Meaning(code)] += n
			r.Meanings[r.Meaning(code)] += n
			r.Pairs.Counts[code] += n
		}
		r.Pairs.States += f.Total.States
		r.Pairs.NoReport += f.Total.NoReport
		r.Commitments = append(r.Commitments, f)
	}
	byGroup := map[state.Group]*Reporting{}
	for _, g := range state.Groups {
		byGroup[g] = &Reporting{Group: string(g)}
	}
	all := Reporting{}
	for _, st := range states {
		all.States++
		g, ok := byGroup[st.Group]
		if ok {
			g.States++
		}
		if reported[st.ISO3] {
			all.Reported++
			if ok {
				g.Reported++
			}
		}
	}
	r.Reporting = append(r.Reporting, all)
	for _, g := range state.Groups {
		if byGroup[g].States > 0 {
			r.Reporting = append(r.Reporting, *byGroup[g])
		}
	}
	return r, nil
}

// WriteReportDOCX writes the progress report as a Word document in lang (right to left in
// Arabic, with the East Asian font in Chinese), its words from words in that language. A
// commitment's text not given in lang is written in the language it has, and said so.
func WriteReportDOCX(w io.Writer, r ProgressReport, lang string, words Words) error {
	t := func(key string, args ...any) string {
		var m map[string]any
		if len(args) > 0 {
			m = map[string]any{}
			for i := 0; i+1 < len(args); i += 2 {
				m[args[i].(string)] = args[i+1]
			}
		}
		return words.T(key, m)
	}
	n := strconv.Itoa
	d := docx.New(lang)
	title := r.Title
	if title == "" {
		title = DefaultReportTitle(r, lang, words)
	}
	d.SetProperties(docx.Properties{Title: title, Created: r.GeneratedAt})
	d.Title(title)
	d.Note(t("followup_report.as_of", "Date", words.Date(r.AsOf)) + " " + t("followup_report.generated", "Date", words.DateTime(r.GeneratedAt)))
	d.Paragraph(t("followup_report.public_only", "Date", words.Date(r.AsOf)))

	d.Heading(1, t("followup_report.summary"))
	d.Paragraph(t("followup_report.summary_counts", "Commitments", len(r.Commitments), "States", r.States, "Reported", r.Reporting[0].Reported))
	rows := make([][]string, 0, len(r.Reporting))
	for _, g := range r.Reporting[1:] {
		rows = append(rows, []string{groupName(g.Group, t), n(g.States), n(g.Reported), n(g.Silent())})
	}
	all := r.Reporting[0]
	rows = append(rows, []string{t("followup_report.all_states"), n(all.States), n(all.Reported), n(all.Silent())})
	d.Table([]string{t("followup_report.group"), t("followup_report.states"), t("followup_report.reported_publicly"), t("followup_report.no_public_report")}, rows)

	d.Heading(2, t("followup_report.by_meaning"))
	d.Paragraph(t("followup_report.pairs_note", "Pairs", r.Pairs.States))
	rows = rows[:0]
	for _, m := range Meanings {
		rows = append(rows, []string{t("followup_report.meaning." + string(m)), n(r.Meanings[m])})
	}
	rows = append(rows, []string{t("followup_report.no_report"), n(r.Pairs.NoReport)}, []string{t("followup_report.total"), n(r.Pairs.States)})
	d.Table([]string{t("followup_report.stage"), t("followup_report.pairs")}, rows)

	d.Heading(1, t("followup_report.commitments"))
	if len(r.Commitments) == 0 {
		d.Note(t("followup_report.no_commitments"))
	}
	for _, f := range r.Commitments {
		c := f.Commitment
		title, titleLang := c.Title(lang)
		switch {
		case title != "" && titleLang == lang:
			d.Heading(2, c.Code+" — "+title)
		default:
			d.Heading(2, c.Code)
			if title != "" {
				d.ParagraphIn(titleLang, title)
			}
		}
		if text, textLang := c.Text(lang); text != "" {
			d.ParagraphIn(textLang, text)
			if textLang != lang {
				d.Note(t("followup_report.not_translated", "Language", t("language."+textLang)))
			}
		}
		if src := source(c, t); src != "" {
			d.Note(src)
		}
		rows = rows[:0]
		for _, st := range r.Scale {
			label, _ := st.Label(lang)
			rows = append(rows, []string{label, t("followup_report.meaning." + string(st.Meaning)), n(f.Total.Counts[st.Code])})
		}
		rows = append(rows, []string{t("followup_report.no_report"), "", n(f.Total.NoReport)},
			[]string{t("followup_report.all_states"), "", n(f.Total.States)})
		d.Table([]string{t("followup_report.status"), t("followup_report.stage"), t("followup_report.states")}, rows)

		header := []string{t("followup_report.group"), t("followup_report.states")}
		for _, st := range r.Scale {
			label, _ := st.Label(lang)
			header = append(header, label)
		}
		header = append(header, t("followup_report.no_report"))
		rows = rows[:0]
		for _, g := range f.Groups {
			row := []string{groupName(g.Group, t), n(g.States)}
			for _, st := range r.Scale {
				row = append(row, n(g.Counts[st.Code]))
			}
			rows = append(rows, append(row, n(g.NoReport)))
		}
		d.Table(header, rows)
	}
	d.Note(t("followup_report.footer"))
	_, err := d.WriteTo(w)
	return err
}

// DefaultReportTitle is the report's title when the Secretariat gives none.
func DefaultReportTitle(r ProgressReport, lang string, words Words) string {
	return words.T("followup_report.default_title", map[string]any{"Body": r.Body.Name(lang), "Date": words.Date(r.AsOf)})
}

func groupName(g string, t func(string, ...any) string) string {
	return t("group." + state.Group(g).Slug())
}

// source says where a commitment comes from: a paragraph of a document, or an element of
// a framework (and that its text is reconstructed, when it is).
func source(c Commitment, t func(string, ...any) string) string {
	var out string
	switch {
	case c.Source.Symbol != "" && c.Source.ParagraphNumber != "":
		out = t("followup_report.source_paragraph", "Symbol", c.Source.Symbol, "Paragraph", c.Source.ParagraphNumber)
	case c.Source.Symbol != "":
		out = t("followup_report.source", "Symbol", c.Source.Symbol)
	}
	if c.Source.Mark == framework.Reconstructed {
		if out != "" {
			out += " "
		}
		out += t("followup_report.reconstructed")
	}
	return out
}

// IssueInput is how the Secretariat issues the progress report: as of which day, in which
// of the six languages, under which title (in that language; "" for the default one),
// with the words of that language.
type IssueInput struct {
	BodyID   int64
	AsOf     time.Time
	Language string
	Title    string
	Words    Words
}

// IssueReport registers the progress report in the document registry, as a report of the
// body that everyone reads, published at once: a Word document in the language chosen,
// under the symbol BODY/FU/YEAR/N, numbered per body and year of issue (GM/FU/2026/1).
// The registry then holds it like any document.
func (s *Service) IssueReport(ctx context.Context, actor plenary.Actor, in IssueInput) (document.Document, error) {
	if err := s.MayIssueReport(actor); err != nil {
		return document.Document{}, err
	}
	var p plenary.Problems
	if !plenary.ValidLanguage(in.Language) || in.Words == nil {
		p.Add("language", "field.choice", nil)
	}
	in.Title = strings.Join(strings.Fields(in.Title), " ")
	if utf8.RuneCountInString(in.Title) > document.MaxTitle {
		p.MaxLength("title", in.Title, document.MaxTitle)
	}
	if err := p.Err(); err != nil {
		return document.Document{}, err
	}
	r, err := s.ProgressReport(ctx, actor, in.BodyID, in.AsOf)
	if err != nil {
		return document.Document{}, err
	}
	if in.Title == "" {
		in.Title = DefaultReportTitle(r, in.Language, in.Words)
	}
	r.Title = in.Title
	var file bytes.Buffer
	if err := WriteReportDOCX(&file, r, in.Language, in.Words); err != nil {
		return document.Document{}, plenary.Internal(err)
	}
	// The symbol names the body, follow-up, the year of issue and the report's number in
	// that year: the first free one (another issue may take one meanwhile).
	prefix := organ(r.Body.Code) + "/FU/" + strconv.Itoa(r.GeneratedAt.In(r.Body.Location()).Year()) + "/"
	var d document.Document
	for number := 1; ; number++ {
		if number > maxIssued {
			return document.Document{}, plenary.Conflict("followup_report.too_many", map[string]any{"Max": maxIssued})
		}
		d, err = s.registry.Register(ctx, actor, document.Input{BodyID: in.BodyID, Symbol: prefix + strconv.Itoa(number), Kind: document.KindReport,
			Status: document.StatusFinal, Access: document.AccessPublic, OriginalLanguage: in.Language, Title: in.Title})
		if err == nil {
			break
		}
		if !symbolTaken(err) {
			return document.Document{}, err
		}
	}
	name := strings.ReplaceAll(d.Symbol, "/", "-") + ".docx"
	if d, err = s.registry.SetText(ctx, actor, d.ID, document.TextInput{Language: in.Language, Title: in.Title,
		DOCX: &files.Upload{Name: name, Data: file.Bytes()}}); err != nil {
		return document.Document{}, err
	}
	if d, err = s.registry.Publish(ctx, actor, d.ID, r.GeneratedAt); err != nil {
		return document.Document{}, err
	}
	err = s.store.InTx(ctx, func(tx Tx) error {
		return tx.Audit(ctx, audit.New(actor, r.GeneratedAt, "followup.report_issued", "document", d.ID, map[string]string{
			"body": strconv.FormatInt(in.BodyID, 10), "symbol": d.Symbol, "as_of": r.AsOf.Format(time.DateOnly), "language": in.Language}))
	})
	return d, err
}

// organ is the first component of a body's symbols: its code's letters, in capitals (a
// symbol's first component is letters only).
func organ(code string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(code) {
		if r >= 'A' && r <= 'Z' {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "X"
	}
	return b.String()
}

// maxIssued bounds the progress reports of a body in a year (and the search for a free
// number).
const maxIssued = 999

// symbolTaken reports whether the registry refused a registration because the symbol is
// taken.
func symbolTaken(err error) bool {
	var v *plenary.ValidationError
	if !errors.As(err, &v) {
		return false
	}
	f, ok := v.For("symbol")
	return ok && f.Message == "document.symbol_taken"
}
