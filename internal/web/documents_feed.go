package web

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/document"
)

// The Atom feed of a body's documents (RFC 4287). Feed readers fetch it without signing
// in, so it lists public documents only, whoever asks. Each entry says the language of
// its own title (xml:lang): a document not yet translated into the feed's language comes
// with its original title, marked as such, which readers use to shape and read it.

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomPerson  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel      string `xml:"rel,attr,omitempty"`
	Type     string `xml:"type,attr,omitempty"`
	Href     string `xml:"href,attr"`
	HrefLang string `xml:"hreflang,attr,omitempty"`
	Length   int64  `xml:"length,attr,omitempty"`
	Title    string `xml:"title,attr,omitempty"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

type atomEntry struct {
	Lang      string       `xml:"xml:lang,attr"`
	ID        string       `xml:"id"`
	Title     string       `xml:"title"`
	Updated   string       `xml:"updated"`
	Published string       `xml:"published"`
	Links     []atomLink   `xml:"link"`
	Category  atomCategory `xml:"category"`
	Summary   string       `xml:"summary"`
}

// FeedSize is how many of the latest documents a feed carries.
const FeedSize = 50

// absolute makes a link on this site absolute, as feeds and exports need.
func (h *Handler) absolute(path string) string {
	return strings.TrimRight(h.opts.BaseURL, "/") + path
}

// tagID is a permanent identifier (RFC 4151) for feeds and entries: it names the site's
// host so that two instances never share identifiers.
func (h *Handler) tagID(what string) string {
	host := "plenary.local"
	if u, err := url.Parse(h.opts.BaseURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	return "tag:" + host + ",2026:" + what
}

func (h *Handler) documentFeed(w http.ResponseWriter, r *http.Request) error {
	b, err := h.bodyOf(r)
	if err != nil {
		return err
	}
	lang := langOf(r.Context())
	p := documentArea{h.page(nil, r, "", "")}
	kind := document.Kind(r.URL.Query().Get("kind"))
	got, err := h.svc.Documents.List(r.Context(), plenary.Public(lang), document.Filter{BodyID: b.ID, Kind: kind},
		plenary.PageRequest{Limit: FeedSize})
	if err != nil {
		return err
	}
	path := "/" + lang + "/bodies/" + b.Code + "/documents"
	self := path + "/feed.atom"
	title := p.T("document.feed_title", "Body", b.Name(lang))
	id := "bodies/" + b.Code + "/documents"
	if kind != "" {
		self += "?kind=" + url.QueryEscape(string(kind))
		path += "?kind=" + url.QueryEscape(string(kind))
		title = p.T("document.feed_kind_title", "Body", b.Name(lang), "Kind", p.DocKindName(kind))
		id += "/" + string(kind)
	}
	feed := atomFeed{Lang: lang, ID: h.tagID(id + "/" + lang), Title: title, Author: atomPerson{Name: b.Name(lang)},
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: h.absolute(self)},
			{Rel: "alternate", Type: "text/html", Href: h.absolute(path)}}}
	updated := b.UpdatedAt
	for _, d := range got.Items {
		feed.Entries = append(feed.Entries, h.atomEntry(&p, b, d))
		if d.UpdatedAt.After(updated) {
			updated = d.UpdatedAt
		}
		if d.PublishedAt.After(updated) {
			updated = d.PublishedAt
		}
	}
	feed.Updated = updated.UTC().Format(time.RFC3339)
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	if _, err := w.Write([]byte(xml.Header)); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	return enc.Encode(feed)
}

func (h *Handler) atomEntry(p *documentArea, b body.Body, d document.Document) atomEntry {
	title, used := d.Title(p.Lang)
	if used == "" {
		used = d.OriginalLanguage
	}
	id := strconv.FormatInt(d.ID, 10)
	updated := d.UpdatedAt
	if d.PublishedAt.After(updated) {
		updated = d.PublishedAt
	}
	e := atomEntry{Lang: used, ID: h.tagID("documents/" + id), Title: d.Symbol + " — " + title,
		Updated: updated.UTC().Format(time.RFC3339), Published: d.PublishedAt.UTC().Format(time.RFC3339),
		Category: atomCategory{Term: string(d.Kind), Label: p.DocKindName(d.Kind)},
		Links:    []atomLink{{Rel: "alternate", Type: "text/html", Href: h.absolute("/" + p.Lang + "/documents/" + id)}}}
	var langs []string
	for _, t := range d.Texts {
		if t.PDF != nil {
			e.Links = append(e.Links, atomLink{Rel: "enclosure", Type: "application/pdf", HrefLang: t.Language, Length: t.PDF.Size,
				Title: t.PDF.Name, Href: h.absolute(fmt.Sprintf("/%s/documents/%s/files/%s/pdf", p.Lang, id, t.Language))})
		}
	}
	for _, l := range d.Languages() {
		langs = append(langs, p.T("language."+l))
	}
	e.Summary = p.T("document.feed_summary", "Symbol", d.Symbol, "Kind", p.DocKindName(d.Kind), "Version", p.VersionName(d),
		"Languages", strings.Join(langs, ", "), "Body", b.Name(p.Lang))
	return e
}

// The open-data export: every published public document, as CSV or JSON, streamed with no
// cap (the registry is read a page at a time, so memory does not grow with it).

// exportRecord is one document in the export.
type exportRecord struct {
	ID               int64             `json:"id"`
	Body             string            `json:"body"`
	Symbol           string            `json:"symbol"`
	Series           string            `json:"series"`
	Kind             string            `json:"type"`
	Status           string            `json:"status"`
	Version          string            `json:"version"`
	SessionID        int64             `json:"session_id,omitempty"`
	OriginalLanguage string            `json:"original_language"`
	Languages        []string          `json:"languages"`
	Complete         bool              `json:"all_languages"`
	PublishedAt      time.Time         `json:"published_at"`
	UpdatedAt        time.Time         `json:"updated_at"`
	Titles           map[string]string `json:"titles"`
	URL              string            `json:"url"`
	PDF              map[string]string `json:"pdf"`
	DOCX             map[string]string `json:"docx"`
}

func (h *Handler) exportRecord(codes map[int64]string, d document.Document) exportRecord {
	v := d.Version()
	version := v.Kind
	if v.N > 0 {
		version += "." + strconv.Itoa(v.N)
	}
	id := strconv.FormatInt(d.ID, 10)
	rec := exportRecord{ID: d.ID, Body: codes[d.BodyID], Symbol: d.Symbol, Series: d.Series, Kind: string(d.Kind),
		Status: string(d.Status), Version: version, SessionID: d.SessionID, OriginalLanguage: d.OriginalLanguage,
		Languages: d.Languages(), Complete: d.Complete(), PublishedAt: d.PublishedAt.UTC(), UpdatedAt: d.UpdatedAt.UTC(),
		Titles: map[string]string{}, URL: h.absolute("/en/documents/" + id), PDF: map[string]string{}, DOCX: map[string]string{}}
	if rec.Languages == nil {
		rec.Languages = []string{}
	}
	for _, t := range d.Texts {
		rec.Titles[t.Language] = t.Title
		if t.PDF != nil {
			rec.PDF[t.Language] = h.absolute("/en/documents/" + id + "/files/" + t.Language + "/pdf")
		}
		if t.DOCX != nil {
			rec.DOCX[t.Language] = h.absolute("/en/documents/" + id + "/files/" + t.Language + "/docx")
		}
	}
	return rec
}

func (h *Handler) documentExport(w http.ResponseWriter, r *http.Request) error {
	format := "csv"
	if strings.HasSuffix(r.URL.Path, ".json") {
		format = "json"
	}
	var f document.Filter
	codes := map[int64]string{}
	bodies, err := h.bodyIndex(r)
	if err != nil {
		return err
	}
	for id, b := range bodies {
		codes[id] = b.Code
	}
	if code := r.URL.Query().Get("body"); code != "" {
		b, err := h.svc.Bodies.ByCode(r.Context(), actorOf(r.Context()), code)
		if err != nil {
			return err
		}
		f.BodyID = b.ID
	}
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Header().Set("Content-Disposition", `attachment; filename="documents.`+format+`"`)
	if format == "json" {
		return h.exportJSON(w, r, f, codes)
	}
	return h.exportCSV(w, r, f, codes)
}

func (h *Handler) exportJSON(w http.ResponseWriter, r *http.Request, f document.Filter, codes map[int64]string) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	if _, err := w.Write([]byte("[\n")); err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	first := true
	err := h.svc.Documents.Export(r.Context(), f, func(d document.Document) error {
		if !first {
			if _, err := w.Write([]byte(",")); err != nil {
				return err
			}
		}
		first = false
		return enc.Encode(h.exportRecord(codes, d))
	})
	if err != nil {
		// The status is sent: a truncated array is what the reader sees, and the log says why.
		h.log.Error("document export", "err", err)
		return nil
	}
	_, err = w.Write([]byte("]\n"))
	return err
}

// csvHeader names the export's columns: one title, PDF and DOCX column per language.
func csvHeader() []string {
	head := []string{"id", "body", "symbol", "series", "type", "status", "version", "session_id", "original_language",
		"languages", "all_languages", "published_at", "updated_at", "url"}
	for _, l := range plenary.Languages {
		head = append(head, "title_"+l)
	}
	for _, l := range plenary.Languages {
		head = append(head, "pdf_"+l, "docx_"+l)
	}
	return head
}

func (h *Handler) exportCSV(w http.ResponseWriter, r *http.Request, f document.Filter, codes map[int64]string) error {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader()); err != nil {
		return err
	}
	err := h.svc.Documents.Export(r.Context(), f, func(d document.Document) error {
		rec := h.exportRecord(codes, d)
		session := ""
		if rec.SessionID != 0 {
			session = strconv.FormatInt(rec.SessionID, 10)
		}
		row := []string{strconv.FormatInt(rec.ID, 10), rec.Body, cell(rec.Symbol), cell(rec.Series), rec.Kind, rec.Status,
			rec.Version, session, rec.OriginalLanguage, strings.Join(rec.Languages, " "), strconv.FormatBool(rec.Complete),
			rec.PublishedAt.Format(time.RFC3339), rec.UpdatedAt.Format(time.RFC3339), rec.URL}
		for _, l := range plenary.Languages {
			row = append(row, cell(rec.Titles[l]))
		}
		for _, l := range plenary.Languages {
			row = append(row, rec.PDF[l], rec.DOCX[l])
		}
		return cw.Write(row)
	})
	cw.Flush()
	if err != nil {
		h.log.Error("document export", "err", err)
		return nil
	}
	return cw.Error()
}
