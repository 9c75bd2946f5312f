package demo

import (
	"bytes"
	"cmp"
	"context"
	"embed"
	"encoding/csv"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/document"
	"github.com/plenary-platform/plenary/internal/draft"
	"github.com/plenary-platform/plenary/internal/followup"
)

// The follow-up's data: the final report of the first Open-ended Working Group (A/75/816,
// the text of seed 004 with three breaks of its page layout repaired: see
// data/README.md), the commitments the Secretariat marks in it and follows from the
// framework, and what States reported over the past year.
//
//go:embed data/A-75-816.txt data/followup-commitments.csv data/followup-reports.csv
var followupFiles embed.FS

// fixedClock is a clock stopped at one instant: the demo makes a year of reports as if
// each was made when it says.
type fixedClock time.Time

func (c fixedClock) Now() time.Time { return time.Time(c) }

// monthsAgo is n months (of 30 days) before now.
func monthsAgo(now time.Time, n int) time.Time {
	return now.Add(-time.Duration(n) * 30 * 24 * time.Hour)
}

// seedFollowUp registers A/75/816 as an adopted report of the Global Mechanism (English,
// final, public, published fourteen months ago): the registry cuts its English text into
// paragraphs, as it does for every original-language text, and keys them. The Secretariat
// marks its recommendations (the "OEWG recommends that" paragraphs 30–33, 38–40, 48–53,
// 63–67 and 75–79, in English only: no translation is invented) and follows the eight
// reconstructed CBMs of the framework; then France, Kenya, Egypt, Mexico, Japan and Brazil
// report on some over the past year, each through its team's submitter (teams, by ISO
// code), at every level: Kenya's reports on critical infrastructure are for States only,
// Japan's latest ones are private.
func seedFollowUp(ctx context.Context, d Deps, teams map[string]plenary.Actor) error {
	sec := plenary.System("demo")
	now := d.Clock.Now().UTC()
	gm, err := d.Bodies.ByCode(ctx, sec, "gm")
	if err != nil {
		return err
	}
	text, _ := followupFiles.ReadFile("data/A-75-816.txt")
	const title = "Final Substantive Report of the Open-ended Working Group on developments in the field of information and telecommunications in the context of international security"
	doc, err := d.Documents.Register(ctx, sec, document.Input{BodyID: gm.ID, Symbol: "A/75/816", Kind: document.KindReport, Status: document.StatusFinal,
		Access: document.AccessPublic, OriginalLanguage: "en", Title: title})
	if err != nil {
		return err
	}
	if _, err := d.Documents.SetText(ctx, sec, doc.ID, document.TextInput{Language: "en", Title: title, Body: string(text)}); err != nil {
		return err
	}
	if _, err := d.Documents.Publish(ctx, sec, doc.ID, monthsAgo(now, 14)); err != nil {
		return err
	}
	_, paras, err := d.Documents.Paragraphs(ctx, sec, doc.ID)
	if err != nil {
		return err
	}
	fw, err := d.Frameworks.ByCode(ctx, sec, "ict-security")
	if err != nil {
		return err
	}
	version, _, err := d.Frameworks.Current(ctx, sec, fw.ID)
	if err != nil {
		return err
	}

	// The commitments, marked a month after the report came out.
	marking := d.FollowUp.WithClock(fixedClock(monthsAgo(now, 13)))
	rows, err := readCSV("data/followup-commitments.csv")
	if err != nil {
		return err
	}
	var elements []string
	for _, r := range rows {
		if r["source"] == fw.Code {
			elements = append(elements, r["ref"])
			continue
		}
		key, ok := paragraphNumbered(paras, r["ref"])
		if !ok {
			return fmt.Errorf("A/75/816 has no paragraph %s", r["ref"])
		}
		var links []followup.Link
		for _, l := range strings.Fields(r["links"]) {
			f, e, _ := strings.Cut(l, "/")
			links = append(links, followup.Link{Framework: f, Element: e})
		}
		in := followup.MarkInput{BodyID: gm.ID, DocumentID: doc.ID, ParagraphKey: key, Kind: followup.Kind(r["kind"]), Code: r["code"], Links: links}
		if r["title_en"] != "" {
			in.Titles = plenary.Localized{"en": r["title_en"]}
		}
		if _, err := marking.MarkParagraph(ctx, sec, in); err != nil {
			return fmt.Errorf("%s: %w", r["code"], err)
		}
	}
	if _, err := marking.FollowElements(ctx, sec, followup.FollowInput{BodyID: gm.ID, FrameworkVersionID: version.ID, Kind: followup.CBM,
		Elements: elements}); err != nil {
		return err
	}
	commitments, err := d.FollowUp.Commitments(ctx, sec, gm.ID)
	if err != nil {
		return err
	}

	// The reports, oldest first, each made when it says.
	rows, err = readCSV("data/followup-reports.csv")
	if err != nil {
		return err
	}
	months := func(r map[string]string) int { n, _ := strconv.Atoi(r["months_ago"]); return n }
	slices.SortStableFunc(rows, func(a, b map[string]string) int { return cmp.Compare(months(b), months(a)) })
	latest := map[string]int{} // the last report's number, by State and commitment
	for _, r := range rows {
		at := slices.IndexFunc(commitments, func(c followup.Commitment) bool { return c.Code == r["commitment"] })
		team, ok := teams[r["state"]]
		if at < 0 || !ok {
			return fmt.Errorf("a report of %s on %s: no such commitment or team", r["state"], r["commitment"])
		}
		k := r["state"] + "/" + r["commitment"]
		rep, err := d.FollowUp.WithClock(fixedClock(monthsAgo(now, months(r)))).Report(ctx, team, followup.ReportInput{
			CommitmentID: commitments[at].ID, State: r["state"], Status: r["status"], Note: r["note"], NoteLanguage: r["lang"],
			EvidenceURL: r["evidence_url"], Level: followup.Level(r["level"]), Base: latest[k]})
		if err != nil {
			return fmt.Errorf("a report of %s on %s: %w", r["state"], r["commitment"], err)
		}
		latest[k] = rep.Number
	}
	return nil
}

// paragraphNumbered finds the key of the paragraph that starts with its number n ("30.").
func paragraphNumbered(ps []draft.Paragraph, n string) (string, bool) {
	for _, p := range ps {
		if strings.HasPrefix(p.Text, n+". ") {
			return p.Key, true
		}
	}
	return "", false
}

// readCSV reads an embedded CSV file into rows keyed by its header.
func readCSV(name string) ([]map[string]string, error) {
	b, err := followupFiles.ReadFile(name)
	if err != nil {
		return nil, err
	}
	records, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var out []map[string]string
	for _, rec := range records[1:] {
		row := map[string]string{}
		for i, col := range records[0] {
			row[col] = rec[i]
		}
		out = append(out, row)
	}
	return out, nil
}
