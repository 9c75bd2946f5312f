package survey_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/framework"
	"github.com/plenary-platform/plenary/internal/survey"
)

// TestExports: a draft exported as DOCX (in Arabic, with a French answer), CSV and JSON
// holds every question and each answer in its language.
func TestExports(t *testing.T) {
	n := 12.0
	x := survey.Export{
		Questionnaire: survey.Questionnaire{ID: 3, Cycle: "2026", FrameworkVersionID: 7, Titles: plenary.Localized{"ar": "الاستقصاء الوطني", "en": "National survey"}},
		Questions: []survey.Question{
			{Code: "norm.c.status", Part: survey.PartNorms, Element: "norm.c", Kind: survey.KindStatus, Prompts: plenary.Localized{"ar": "هل اتخذت دولتكم تدابير؟", "en": "Measures?"}},
			{Code: "capacity.staff", Part: survey.PartCapacity, Kind: survey.KindNumber, Prompts: plenary.Localized{"en": "How many?"}},
			{Code: "law.position", Part: survey.PartLaw, Kind: survey.KindText, Prompts: plenary.Localized{"en": "Position?"}},
		},
		Elements: []framework.Element{{Code: "norm.c", Titles: plenary.Localized{"en": "Norm (c)"}}},
		State:    "FRA", StateName: "فرنسا",
		Answers: map[string]survey.Answer{
			"norm.c.status":  {Question: "norm.c.status", Value: survey.Value{Choice: survey.Partly, Text: "Le CERT-FR manque de personnel"}, Language: "fr"},
			"capacity.staff": {Question: "capacity.staff", Value: survey.Value{Number: &n}, Language: "en"},
		},
		At: time.Date(2026, 5, 3, 10, 0, 0, 0, time.UTC),
	}
	labels := survey.Labels{Status: "مسودة", Parts: map[survey.Part]string{survey.PartLaw: "القانون", survey.PartNorms: "القواعد",
		survey.PartCBMs: "تدابير بناء الثقة", survey.PartCapacity: "بناء القدرات"}, Statuses: map[string]string{survey.Partly: "جزئياً"},
		NotAnswered: "لم يُجب عنه", Evidence: "دليل", Generated: "plenary", Code: "code", Question: "question", Answer: "answer", Details: "details", Language: "language"}
	var buf bytes.Buffer
	if err := survey.WriteDOCX(&buf, x, "ar", labels); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var doc string
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			r, _ := f.Open()
			b, _ := io.ReadAll(r)
			doc = string(b)
		}
	}
	for _, want := range []string{"Le CERT-FR manque de personnel", "جزئياً", "Norm (c", "12", "لم يُجب عنه", `w:lang w:val="fr-FR"`} {
		if !strings.Contains(doc, want) {
			t.Errorf("the document lacks %q", want)
		}
	}

	buf.Reset()
	if err := survey.WriteCSV(&buf, x, "en", labels); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil || len(rows) != 4 || rows[1][4] != survey.Partly || rows[1][5] != "Le CERT-FR manque de personnel" || rows[1][6] != "fr" ||
		rows[2][4] != "12" || rows[3][4] != "" {
		t.Errorf("CSV %v %v", rows, err)
	}

	buf.Reset()
	if err := survey.WriteJSON(&buf, x); err != nil {
		t.Fatal(err)
	}
	var j struct {
		State   string `json:"state"`
		Answers []struct {
			Question string       `json:"question"`
			Value    survey.Value `json:"value"`
		} `json:"answers"`
	}
	if err := json.Unmarshal(buf.Bytes(), &j); err != nil || j.State != "FRA" || len(j.Answers) != 2 || j.Answers[0].Question != "norm.c.status" {
		t.Errorf("JSON %+v %v", j, err)
	}
}
