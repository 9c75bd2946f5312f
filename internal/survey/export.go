package survey

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/plenary-platform/plenary/internal/directory"
	"github.com/plenary-platform/plenary/internal/docx"
	"github.com/plenary-platform/plenary/internal/framework"
)

// Export is what a team exports for its internal coordination (a draft or a version),
// or what anyone exports of a published version: the questionnaire, its questions, the
// framework elements they ask about, and the answers.
type Export struct {
	Questionnaire Questionnaire
	Questions     []Question
	Elements      []framework.Element
	State         string
	StateName     string // in the export's language
	Answers       map[string]Answer
	// Version is the version exported (0: the draft).
	Version int
	At      time.Time // when it was exported, or submitted
	// Contacts are the State's Points of Contact, in a national submission whose State
	// chose to include them (none otherwise).
	Contacts []directory.Reachable
}

// Labels are the words of an export in its language, from the catalogues: the survey
// package writes documents but does not translate.
type Labels struct {
	// Status says what is exported: "Draft", "Version 2 (submitted 3 May 2026)".
	Status                          string
	Parts                           map[Part]string
	Statuses                        map[string]string
	Language, Evidence, NotAnswered string
	Question, Answer, Details, Code string
	Generated                       string // the note at the end
	// The Points of Contact's section: its heading, its columns, the functions' names.
	Contacts, ContactFunction, ContactName, ContactEmail string
	Functions                                            map[directory.Function]string
	// Submitted says what is exported when Status is empty, for a version ("Version 2,
	// submitted on 3 May 2026"): an export of a version and an issued document.
	Submitted func(number int, at time.Time) string
}

// Words are the catalogues' words in an export's language (i18n.Words): the survey
// package writes documents but does not translate.
type Words interface {
	T(key string, args map[string]any) string
	DateTime(time.Time) string
}

// LabelsIn gathers an export's words in one language: the web's exports and the
// national submission the web, the API and the demo issue share one set of keys.
func LabelsIn(w Words, status string) Labels {
	t := func(key string) string { return w.T(key, nil) }
	l := Labels{Status: status, Parts: map[Part]string{}, Statuses: map[string]string{},
		Language: t("survey.export.language"), Evidence: t("survey.export.evidence"), NotAnswered: t("survey.export.not_answered"),
		Question: t("survey.export.question"), Answer: t("survey.export.answer"), Details: t("survey.export.details"),
		Code: t("survey.export.code"), Generated: t("survey.export.generated"),
		Contacts: t("survey.export.contacts"), ContactFunction: t("survey.export.contact_function"),
		ContactName: t("survey.export.contact_name"), ContactEmail: t("survey.export.contact_email"), Functions: map[directory.Function]string{},
		Submitted: func(n int, at time.Time) string {
			return w.T("survey.export_version", map[string]any{"Number": n, "Date": w.DateTime(at)})
		}}
	for _, part := range Parts {
		l.Parts[part] = t("survey.part." + string(part))
	}
	for _, s := range Statuses {
		l.Statuses[s] = t("survey.status." + s)
	}
	for _, f := range directory.Functions {
		l.Functions[f] = t("directory.function." + string(f))
	}
	return l
}

// WriteDOCX writes the export as a Word document in lang, each answer in its own
// language and direction.
func WriteDOCX(w io.Writer, x Export, lang string, l Labels) error {
	d := docx.New(lang)
	title := x.Questionnaire.Title(lang) + " — " + x.StateName
	d.SetProperties(docx.Properties{Title: title, Created: x.At})
	d.Title(title)
	status := l.Status
	if status == "" && x.Version > 0 && l.Submitted != nil {
		status = l.Submitted(x.Version, x.At)
	}
	d.Note(status)
	titles := map[string]string{}
	for _, e := range x.Elements {
		titles[e.Code], _ = e.Title(lang)
	}
	for _, part := range Parts {
		d.Heading(1, l.Parts[part])
		last := ""
		for _, q := range x.Questions {
			if q.Part != part {
				continue
			}
			if q.Element != "" && q.Element != last && titles[q.Element] != "" {
				d.Heading(2, titles[q.Element])
				last = q.Element
			}
			prompt, _ := q.Prompt(lang)
			d.Heading(3, prompt)
			a, ok := x.Answers[q.Code]
			if !ok || a.Value.Empty() {
				d.Note(l.NotAnswered)
				continue
			}
			for _, line := range answerLines(q, a.Value, lang, l) {
				d.ParagraphIn(a.Language, line)
			}
		}
	}
	if len(x.Contacts) > 0 {
		d.Heading(1, l.Contacts)
		rows := make([][]string, len(x.Contacts))
		for i, c := range x.Contacts {
			rows[i] = []string{l.Functions[c.Function], c.Name, c.Email}
		}
		d.Table([]string{l.ContactFunction, l.ContactName, l.ContactEmail}, rows)
	}
	d.Note(l.Generated)
	_, err := d.WriteTo(w)
	return err
}

// answerLines writes an answer as the lines of a document.
func answerLines(q Question, v Value, lang string, l Labels) []string {
	var out []string
	if v.Choice != "" {
		out = append(out, l.Statuses[v.Choice])
	}
	for _, c := range v.Choices {
		for _, o := range q.Options {
			if o.Value == c {
				label, _ := o.Labels.In(lang)
				out = append(out, "• "+label)
			}
		}
	}
	if v.Number != nil {
		out = append(out, strconv.FormatFloat(*v.Number, 'f', -1, 64))
	}
	if v.Date != "" {
		out = append(out, v.Date)
	}
	if v.Link != "" {
		out = append(out, l.Evidence+": "+v.Link)
	}
	if v.FileName != "" {
		out = append(out, l.Evidence+": "+v.FileName)
	}
	if v.Text != "" {
		out = append(out, v.Text)
	}
	return out
}

// WriteCSV writes the export as a spreadsheet: one row per question, answered or not.
func WriteCSV(w io.Writer, x Export, lang string, l Labels) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{l.Code, "part", "element", l.Question, l.Answer, l.Details, l.Language}); err != nil {
		return err
	}
	for _, q := range x.Questions {
		prompt, _ := q.Prompt(lang)
		a := x.Answers[q.Code]
		answer := ""
		if a.Value.Choice != "" {
			answer = a.Value.Choice
		}
		if len(a.Value.Choices) > 0 {
			answer = strings.Join(a.Value.Choices, " ")
		}
		if a.Value.Number != nil {
			answer = strconv.FormatFloat(*a.Value.Number, 'f', -1, 64)
		}
		if a.Value.Date != "" {
			answer = a.Value.Date
		}
		if a.Value.Link != "" {
			answer = a.Value.Link
		}
		if a.Value.FileName != "" {
			answer = a.Value.FileName
		}
		if err := cw.Write([]string{q.Code, string(q.Part), q.Element, prompt, answer, a.Value.Text, a.Language}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// jsonExport is the JSON form of an export: codes and values, for programs.
type jsonExport struct {
	Questionnaire struct {
		ID               int64  `json:"id"`
		Cycle            string `json:"cycle"`
		FrameworkVersion int64  `json:"framework_version"`
	} `json:"questionnaire"`
	State    string       `json:"state"`
	Version  int          `json:"version,omitempty"`
	Exported time.Time    `json:"at"`
	Answers  []jsonAnswer `json:"answers"`
}

type jsonAnswer struct {
	Question string `json:"question"`
	Element  string `json:"element,omitempty"`
	Value    Value  `json:"value"`
	Language string `json:"language"`
}

// WriteJSON writes the export as JSON: the answered questions, by code.
func WriteJSON(w io.Writer, x Export) error {
	var j jsonExport
	j.Questionnaire.ID, j.Questionnaire.Cycle, j.Questionnaire.FrameworkVersion = x.Questionnaire.ID, x.Questionnaire.Cycle, x.Questionnaire.FrameworkVersionID
	j.State, j.Version, j.Exported = x.State, x.Version, x.At.UTC()
	j.Answers = []jsonAnswer{}
	for _, q := range x.Questions {
		if a, ok := x.Answers[q.Code]; ok && !a.Value.Empty() {
			j.Answers = append(j.Answers, jsonAnswer{Question: q.Code, Element: q.Element, Value: a.Value, Language: a.Language})
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(j)
}
