package web

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/consultation"
)

// The bulk channel through a page: an organization's focal point or representative
// uploads a campaign's CSV. Each row is one input for its signers; rows are sent to the
// service a thousand at a time, so a file of many rows is one rate-limited request per
// thousand. A script shows the upload's progress; without it the form still works.

// MaxBulkRows bounds one CSV file; MaxBulkFile its size.
const (
	MaxBulkRows = 20_000
	MaxBulkFile = 8 << 20
)

// bulkColumns are the CSV's columns, by name in its first row; paragraph is the
// paragraph's number in the draft.
var bulkColumns = []string{"key", "language", "signers", "campaign", "paragraph", "stance", "comment", "proposed_text", "text"}

type bulkPage struct {
	consultationArea
	View    consultation.View
	OrgOpts []Option
	Columns []string
	Done    bool
	bulkOutcome
}

// bulkOutcome is what became of a campaign's file: how many inputs were taken, for how
// many signers, and the rows refused with why.
type bulkOutcome struct {
	Accepted int
	Signers  int
	Refused  []bulkRefusal
}

type bulkRefusal struct {
	Row     int
	Message string
}

// bulkPage is the upload form of the consultation v, for a reader who campaigns for an
// organization.
func (h *Handler) bulkPage(w http.ResponseWriter, r *http.Request, v consultation.View) (bulkPage, error) {
	actor := actorOf(r.Context())
	p := bulkPage{consultationArea: h.consultationBase(w, r, ""), View: v, Columns: bulkColumns}
	p.Title = p.T("consultation.bulk_title", "Symbol", v.Document.Symbol)
	p.Form = newForm(r)
	for _, org := range consultation.Campaigns(actor) {
		if o, err := h.svc.Organizations.Get(r.Context(), actor, org); err == nil {
			p.OrgOpts = append(p.OrgOpts, Option{Value: strconv.FormatInt(org, 10), Label: o.Name(p.Lang)})
		}
	}
	if len(p.OrgOpts) == 0 {
		return p, plenary.Deny(actor)
	}
	return p, nil
}

func (h *Handler) bulkForm(w http.ResponseWriter, r *http.Request) error {
	v, err := h.consultationOf(r)
	if err != nil {
		return err
	}
	p, err := h.bulkPage(w, r, v)
	if err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "consultation-bulk", &p)
	return nil
}

// bulkUpload takes a campaign's file: it reads the consultation, whose draft numbers the
// paragraphs the file names, sends the rows and answers with the form and what became of
// them. A file it cannot read is shown on the form.
func (h *Handler) bulkUpload(w http.ResponseWriter, r *http.Request) error {
	up, err := h.parseUpload(r, "file", MaxBulkFile)
	if err != nil {
		return err
	}
	v, err := h.consultationOf(r)
	if err != nil {
		return err
	}
	items, rows, err := readBulkCSV(up.Data, v)
	if err == nil && len(up.Data) > MaxBulkFile {
		err = plenary.Invalid("file", "field.file_too_large", map[string]any{"Max": MaxBulkFile >> 20})
	}
	if err != nil {
		return h.formAgain(w, r, err, "consultation-bulk", func() (pageData, error) {
			p, err := h.bulkPage(w, r, v)
			return &p, err
		})
	}
	orgID, _ := strconv.ParseInt(r.PostForm.Get("organization"), 10, 64)
	out, err := h.sendBulk(r, v.Consultation.ID, orgID, items, rows)
	if err != nil {
		return err
	}
	p, err := h.bulkPage(w, r, v)
	if err != nil {
		return err
	}
	p.Done, p.bulkOutcome = true, out
	h.render(w, r, http.StatusOK, "consultation-bulk", &p)
	return nil
}

// sendBulk sends a campaign's inputs to the service a thousand at a time; the refusals
// are told in the reader's language, by the row of each in the file.
func (h *Handler) sendBulk(r *http.Request, consultationID, orgID int64, items []consultation.SubmitInput, rows []int) (bulkOutcome, error) {
	var out bulkOutcome
	lang := langOf(r.Context())
	for start := 0; start < len(items); start += consultation.MaxBulk {
		end := min(start+consultation.MaxBulk, len(items))
		results, err := h.svc.Consultations.SubmitBulk(r.Context(), actorOf(r.Context()), consultationID, orgID, items[start:end])
		if err != nil {
			if plenary.ErrorKind(err) == plenary.KindTooManyRequests || plenary.ErrorKind(err) == plenary.KindUnavailable {
				// What was taken stays taken; the rest is reported, to be sent again as it is.
				key, args := plenary.ErrorMessage(err)
				for i := start; i < len(items); i++ {
					out.Refused = append(out.Refused, bulkRefusal{Row: rows[i], Message: h.catalog.T(lang, key, args)})
				}
				break
			}
			return bulkOutcome{}, err
		}
		for i, res := range results {
			if res.Err != nil {
				key, args := plenary.ErrorMessage(res.Err)
				msg := h.catalog.T(lang, key, args)
				if v, ok := isValidation(res.Err); ok && len(v.Fields) > 0 {
					msg = h.catalog.T(lang, v.Fields[0].Message, v.Fields[0].Args)
				}
				out.Refused = append(out.Refused, bulkRefusal{Row: rows[start+i], Message: msg})
				continue
			}
			out.Accepted++
			out.Signers += res.Receipt.Submission.Signers
		}
	}
	return out, nil
}

// readBulkCSV reads a campaign's CSV: a header row naming the columns (any order; key
// and language required), then one input per row. A row's paragraph is its number in
// the draft. It returns the inputs and their row numbers in the file.
func readBulkCSV(data []byte, v consultation.View) ([]consultation.SubmitInput, []int, error) {
	if len(data) == 0 {
		return nil, nil, plenary.Invalid("file", "field.file_required", nil)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // the mark spreadsheets put first
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return nil, nil, plenary.Invalid("file", "consultation.bulk_csv", nil)
	}
	col := map[string]int{}
	for i, name := range head {
		col[strings.ToLower(strings.TrimSpace(name))] = i
	}
	if _, ok := col["key"]; !ok {
		return nil, nil, plenary.Invalid("file", "consultation.bulk_csv", nil)
	}
	keyOf := map[int]string{}
	for _, para := range v.Paragraphs {
		keyOf[para.Number] = para.Key
	}
	get := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	var items []consultation.SubmitInput
	var rows []int
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, plenary.Invalid("file", "consultation.bulk_csv_row", map[string]any{"Row": line})
		}
		if len(items) == MaxBulkRows {
			return nil, nil, plenary.Invalid("file", "consultation.bulk_rows", map[string]any{"Max": MaxBulkRows})
		}
		in := consultation.SubmitInput{IdempotencyKey: get(rec, "key"), Language: get(rec, "language"), Campaign: get(rec, "campaign"),
			Text: get(rec, "text")}
		if s := get(rec, "signers"); s != "" {
			in.Signers, _ = strconv.Atoi(s)
			if in.Signers == 0 {
				in.Signers = -1 // refused by the service, with its message
			}
		}
		if n := get(rec, "paragraph"); n != "" {
			num, _ := strconv.Atoi(n)
			key := keyOf[num]
			if key == "" {
				key = "#" + n // not in the draft: refused by the service
			}
			in.Anchors = []consultation.Anchor{{ParagraphKey: key, Stance: consultation.Stance(get(rec, "stance")),
				Comment: get(rec, "comment"), ProposedText: get(rec, "proposed_text")}}
		}
		items = append(items, in)
		rows = append(rows, line)
	}
	if len(items) == 0 {
		return nil, nil, plenary.Invalid("file", "consultation.bulk_csv", nil)
	}
	return items, rows, nil
}
