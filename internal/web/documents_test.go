package web_test

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/document"
	"github.com/plenary-platform/plenary/internal/testenv"
)

var untranslatedDoc = regexp.MustCompile(`\bdocument\.[a-z_]+`)

// TestDocumentsThroughPages: the Secretariat registers a report and a States-only paper,
// gives the report its texts and files (a renamed executable refused, in French), and
// publishes both; the public reads the list, the page, the download, the search, the
// feed and the export in six languages and never meets the States-only paper.
func TestDocumentsThroughPages(t *testing.T) {
	e := testenv.New(t)
	admin := e.CreateUser(t, "amina@example.org", "Amina Diallo", plenary.Grant{Role: plenary.RoleSecretariat})
	fra := e.CreateUser(t, "fra@example.org", "Delegate of France", plenary.Grant{Role: plenary.RoleDelegate, State: "FRA"})
	sec := newSignedIn(t, e, admin)
	expect(t, "body", sec.post("/en/bodies", url.Values{"code": {"gm"}, "name_en": {"Global Mechanism on ICT security"},
		"time_zone": {"America/New_York"}}), 303)

	res := expect(t, "bad document", sec.post("/en/bodies/gm/documents", url.Values{"symbol": {"A//1"}, "kind": {"memo"}}), 422)
	mustContain(t, res.Body, `href="#field-symbol"`, `href="#field-kind"`, `href="#field-title"`)
	res = expect(t, "report", sec.post("/en/bodies/gm/documents", url.Values{"symbol": {"A/AC.292/2026/2"}, "kind": {"report"},
		"status": {"final"}, "access": {"public"}, "original_language": {"en"}, "title": {"Annual progress report"}}), 303)
	report := strings.TrimPrefix(res.Header.Get("Location"), "/en")
	expect(t, "paper", sec.post("/en/bodies/gm/documents", url.Values{"symbol": {"A/AC.292/2026/CRP.7"}, "kind": {"conference_room_paper"},
		"status": {"final"}, "access": {"states"}, "original_language": {"en"}, "title": {"Secret negotiating paper"}}), 303)
	paper := firstDocument(t, sec.get("/en/bodies/gm/documents?q=negotiating").Body)
	res = expect(t, "bad change", sec.post("/en"+report, url.Values{"symbol": {"A//1"}, "kind": {"report"}}), 422)
	mustContain(t, res.Body, `href="#field-symbol"`, `value="A//1"`, `action="/en`+report+`"`)
	expect(t, "bad publication time", sec.post("/en"+paper+"/publication", url.Values{"at": {"tomorrow"}}), 422)

	// The French version: a renamed executable is refused, in French; a PDF is kept.
	exe := append([]byte("MZ\x90\x00"), make([]byte, 100)...)
	res = expect(t, "exe", sec.postFile("/fr"+report+"/texts/fr", url.Values{"title": {"Rapport annuel"}}, "pdf", "rapport.pdf", exe), 422)
	mustContain(t, res.Body, "Rapport annuel", `href="#field-pdf"`)
	mustNotContain(t, res.Body, "The file")
	expect(t, "pdf", sec.postFile("/fr"+report+"/texts/fr", url.Values{"title": {"Rapport annuel"},
		"body": {"La sécurité des technologies de l'information."}}, "pdf", "rapport.pdf", []byte("%PDF-1.7\nrapport\n%%EOF\n")), 303)
	expect(t, "arabic", sec.postFile("/ar"+report+"/texts/ar", url.Values{"title": {"التقرير المرحلي السنوي"},
		"body": {"يتضمن التقرير توصيات بشأن بناء القدرات."}}, "pdf", "", nil), 303)
	// Unpublished, the report is nobody else's business.
	pub := newBrowser(t, e)
	expect(t, "unpublished", pub.get("/en"+report), 404)
	expect(t, "publish", sec.post("/en"+report+"/publication", url.Values{}), 303)
	expect(t, "publish paper", sec.post("/en"+paper+"/publication", url.Values{"at": {"2026-03-02T10:30"}}), 303)
	e.Clock.Advance(7 * time.Hour) // past 10:30 in New York (15:30 UTC)

	for _, lang := range plenary.Languages {
		for _, p := range []string{"/bodies/gm/documents", report, "/documents?q=report", "/documents"} {
			res := expect(t, lang+p, pub.get("/"+lang+p), 200)
			if k := untranslatedDoc.FindString(res.Body); k != "" {
				t.Errorf("%s%s shows the key %q", lang, p, k)
			}
			mustNotContain(t, res.Body, "A/AC.292/2026/CRP.7", "Secret negotiating paper")
		}
	}
	mustContain(t, pub.get("/fr"+report).Body, "Rapport annuel", "/files/fr/pdf", "Publié dans 2 des six langues.")
	mustContain(t, pub.get("/ar/bodies/gm/documents").Body, "التقرير المرحلي السنوي")
	expect(t, "paper to the public", pub.get("/en"+paper), 404)
	expect(t, "paper's file to the public", pub.get("/en"+paper+"/files/en/pdf"), 404)
	// Search stems and folds: "securite" finds "sécurité"; the delegate finds the paper.
	mustContain(t, pub.get("/fr/documents?q=securite").Body, "A/AC.292/2026/2")
	delegate := newSignedIn(t, e, fra)
	mustContain(t, delegate.get("/en/documents?q=negotiating").Body, "A/AC.292/2026/CRP.7")
	mustContain(t, delegate.get("/en"+paper).Body, "Secret negotiating paper")

	// The download: an attachment, never sniffed.
	res = expect(t, "download", pub.get("/en"+report+"/files/fr/pdf"), 200)
	if res.Header.Get("X-Content-Type-Options") != "nosniff" || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") ||
		res.Header.Get("Content-Type") != "application/pdf" || !strings.Contains(res.Body, "rapport") {
		t.Errorf("download headers %v", res.Header)
	}

	// The feed, parsed back: entries in the language of their title.
	res = expect(t, "feed", pub.get("/fr/bodies/gm/documents/feed.atom"), 200)
	var feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		Lang    string   `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
		ID      string   `xml:"id"`
		Title   string   `xml:"title"`
		Updated string   `xml:"updated"`
		Entries []struct {
			Lang    string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
			ID      string `xml:"id"`
			Title   string `xml:"title"`
			Updated string `xml:"updated"`
			Links   []struct {
				Rel      string `xml:"rel,attr"`
				Href     string `xml:"href,attr"`
				HrefLang string `xml:"hreflang,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(res.Body), &feed); err != nil {
		t.Fatalf("feed: %v\n%s", err, res.Body)
	}
	if feed.Lang != "fr" || len(feed.Entries) != 1 || feed.Entries[0].Lang != "fr" || !strings.Contains(feed.Entries[0].Title, "Rapport annuel") ||
		!strings.HasPrefix(feed.ID, "tag:") || feed.Updated == "" {
		t.Fatalf("feed %+v", feed)
	}
	enclosure := false
	for _, l := range feed.Entries[0].Links {
		enclosure = enclosure || (l.Rel == "enclosure" && l.HrefLang == "fr" && strings.HasSuffix(l.Href, "/files/fr/pdf"))
	}
	if !enclosure {
		t.Errorf("no French enclosure in %+v", feed.Entries[0].Links)
	}
	res = expect(t, "feed ru", pub.get("/ru/bodies/gm/documents/feed.atom?kind=report"), 200)
	feed.Entries = nil
	if err := xml.Unmarshal([]byte(res.Body), &feed); err != nil || len(feed.Entries) != 1 || feed.Entries[0].Lang != "en" {
		t.Errorf("Russian feed: entries %+v, want one in English (the original title), %v", feed.Entries, err)
	}
	res = expect(t, "feed of notes", pub.get("/en/bodies/gm/documents/feed.atom?kind=note_verbale"), 200)
	mustNotContain(t, res.Body, "<entry")

	// The export: CSV and JSON, public documents only.
	res = expect(t, "csv", pub.get("/en/documents/export.csv"), 200)
	rows, err := csv.NewReader(strings.NewReader(res.Body)).ReadAll()
	if err != nil || len(rows) != 2 || rows[1][2] != "A/AC.292/2026/2" {
		t.Fatalf("csv %v %v", rows, err)
	}
	res = expect(t, "json", pub.get("/en/documents/export.json?body=gm"), 200)
	var docs []struct {
		Symbol string            `json:"symbol"`
		Titles map[string]string `json:"titles"`
		PDF    map[string]string `json:"pdf"`
	}
	if err := json.Unmarshal([]byte(res.Body), &docs); err != nil || len(docs) != 1 || docs[0].Titles["ar"] != "التقرير المرحلي السنوي" ||
		docs[0].PDF["fr"] == "" {
		t.Fatalf("json %v %v\n%s", docs, err, res.Body)
	}
	// Forms are the Secretariat's, in six languages.
	sec = newSignedIn(t, e, admin) // again, the clock having moved past the session's idle time
	for _, lang := range plenary.Languages {
		for _, p := range []string{"/bodies/gm/documents/new", report + "/edit", report + "/texts/fr"} {
			if k := untranslatedDoc.FindString(expect(t, lang+p, sec.get("/"+lang+p), 200).Body); k != "" {
				t.Errorf("%s%s shows the key %q", lang, p, k)
			}
		}
	}
	res = expect(t, "a search of no type", pub.get("/en/documents?kind=memo"), 422)
	mustContain(t, res.Body, `href="#field-kind"`)
	expect(t, "new form to the delegate", delegate.get("/en/bodies/gm/documents/new"), 403)
	expect(t, "text form to the public", pub.get("/en"+report+"/texts/fr"), 303) // to sign in
	expect(t, "publication by the delegate", delegate.post("/en"+report+"/publication", url.Values{"unpublish": {"1"}}), 403)
	expect(t, "publication by the delegate", delegate.post("/en"+report+"/publication", url.Values{}), 403)
}

// TestDraftVersionsThroughPages: the public reads a draft's paragraphs and what its
// revision changed, in six languages.
func TestDraftVersionsThroughPages(t *testing.T) {
	e := testenv.New(t)
	d, _ := consultedDraft(t, e)
	sys := plenary.System("test")
	rev, err := e.Documents.Register(ctx, sys, document.Input{BodyID: d.BodyID, Symbol: d.Symbol + "/Rev.1", Kind: d.Kind,
		Status: document.StatusDraft, Title: "Revised zero draft"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Documents.SetText(ctx, sys, rev.ID, document.TextInput{Language: "en", Title: "Revised zero draft",
		Body: "1. States reaffirm the framework.\n\n2. States will nominate Points of Contact within a year."}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Documents.Publish(ctx, sys, rev.ID, time.Time{}); err != nil {
		t.Fatal(err)
	}
	pub := newBrowser(t, e)
	revPath := "/documents/" + itoa(rev.ID)
	for _, lang := range plenary.Languages {
		for _, p := range []string{revPath + "/paragraphs", revPath + "/compare?from=" + itoa(d.ID)} {
			if k := untranslatedDoc.FindString(expect(t, lang+p, pub.get("/"+lang+p), 200).Body); k != "" {
				t.Errorf("%s%s shows the key %q", lang, p, k)
			}
		}
	}
	mustContain(t, pub.get("/en"+revPath+"/paragraphs").Body, "within a year")
	mustContain(t, pub.get("/en"+revPath+"/compare?from="+itoa(d.ID)).Body, "Edited", "Removed", "<ins>")
}

// firstDocument finds the path of the first document in a list page.
func firstDocument(t *testing.T, body string) string {
	t.Helper()
	m := regexp.MustCompile(`href="/[a-z]{2}(/documents/[0-9]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no document in\n%s", body)
	}
	return m[1]
}
