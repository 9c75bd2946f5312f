package survey

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/framework"
)

// A questionnaire travels as a spreadsheet (CSV, UTF-8), like a framework: one question
// per row under a header naming the columns, in any order:
//
//	code, parent, part, element, kind, purpose, prompt_ar … prompt_es
//
// A choices question's options are rows of kind "option" whose parent is the question's
// code, whose code is the option's value and whose prompts are its labels. A question's
// element is the code of the framework element it asks about, in the questionnaire's
// version of the framework. A language without a prompt is left empty.

var questionColumns = []string{"code", "parent", "part", "element", "kind", "purpose"}

// QuestionHeader is the header of an exported questionnaire.
func QuestionHeader() []string {
	out := slices.Clone(questionColumns)
	for _, l := range plenary.Languages {
		out = append(out, "prompt_"+l)
	}
	return out
}

// ParseQuestions reads a questionnaire's questions from a CSV file, checking each against
// the framework version's elements. Every problem names its line and the question.
func ParseQuestions(r io.Reader, elements []framework.Element) ([]Question, error) {
	data, err := io.ReadAll(io.LimitReader(r, framework.MaxFile+1))
	if err != nil {
		return nil, err
	}
	if len(data) > framework.MaxFile {
		return nil, plenary.Invalid("file", "framework.import.too_large", map[string]any{"MB": framework.MaxFile >> 20})
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !utf8.Valid(data) {
		return nil, plenary.Invalid("file", "framework.import.not_utf8", nil)
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, plenary.Invalid("file", "framework.import.no_header", nil)
	}
	var p framework.LineProblems
	index := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if !slices.Contains(QuestionHeader(), h) {
			p.Add(1, "", "framework.import.unknown_column", map[string]any{"Column": h})
			continue
		}
		if _, dup := index[h]; dup {
			p.Add(1, "", "framework.import.column_twice", map[string]any{"Column": h})
		}
		index[h] = i
	}
	for _, c := range []string{"code", "kind"} {
		if _, ok := index[c]; !ok {
			p.Add(1, "", "framework.import.missing_column", map[string]any{"Column": c})
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	codes := map[string]bool{}
	for _, e := range elements {
		codes[e.Code] = true
	}
	var qs []Question
	lineOf := map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			p.Add(line, "", "framework.import.unreadable", nil)
			return nil, p.Err()
		}
		if strings.Join(rec, "") == "" {
			continue
		}
		get := func(col string) string {
			if i, ok := index[col]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		code, kind := strings.ToLower(get("code")), strings.ToLower(get("kind"))
		prompts := plenary.Localized{}
		for _, l := range plenary.Languages {
			if t := get("prompt_" + l); t != "" {
				prompts[l] = t
			}
		}
		if len(prompts) == 0 {
			p.Add(line, code, "survey.import.prompt_required", nil)
		}
		for _, t := range prompts {
			if utf8.RuneCountInString(t) > MaxPrompt {
				p.Add(line, code, "survey.import.prompt_too_long", map[string]any{"Max": MaxPrompt})
				break
			}
		}
		if kind == "option" {
			parent := strings.ToLower(get("parent"))
			at := slices.IndexFunc(qs, func(q Question) bool { return q.Code == parent })
			switch {
			case at < 0:
				p.Add(line, code, "survey.import.option_without_question", map[string]any{"Parent": parent})
			case qs[at].Kind != KindChoices:
				p.Add(line, code, "survey.import.option_of_non_choices", map[string]any{"Parent": parent})
			case !framework.ValidCode(code):
				p.Add(line, code, "framework.import.code_format", nil)
			case slices.ContainsFunc(qs[at].Options, func(o Option) bool { return o.Value == code }):
				p.Add(line, code, "survey.import.option_twice", nil)
			case len(qs[at].Options) >= MaxOptions:
				p.Add(line, code, "survey.import.too_many_options", map[string]any{"Max": MaxOptions})
			default:
				qs[at].Options = append(qs[at].Options, Option{Value: code, Labels: prompts})
			}
			continue
		}
		q := Question{Code: code, Part: Part(strings.ToLower(get("part"))), Element: strings.ToLower(get("element")), Kind: Kind(kind),
			Purpose: Purpose(strings.ToLower(get("purpose"))), Position: len(qs), Prompts: prompts}
		if !framework.ValidCode(q.Code) {
			p.Add(line, code, "framework.import.code_format", nil)
		} else if first, dup := lineOf[q.Code]; dup {
			p.Add(line, code, "framework.import.code_twice", map[string]any{"First": first})
		} else {
			lineOf[q.Code] = line
		}
		if !slices.Contains(Parts, q.Part) {
			p.Add(line, code, "survey.import.part", nil)
		}
		if !slices.Contains(Kinds, q.Kind) {
			p.Add(line, code, "survey.import.kind", nil)
		}
		if q.Purpose != "" && q.Purpose != Challenges && q.Purpose != CapacityGaps {
			p.Add(line, code, "survey.import.purpose", nil)
		}
		if q.Element != "" && !codes[q.Element] {
			p.Add(line, code, "survey.import.no_element", map[string]any{"Element": q.Element})
		}
		if len(qs) >= MaxQuestion {
			p.Add(line, code, "framework.import.too_many", map[string]any{"Max": MaxQuestion})
			return nil, p.Err()
		}
		qs = append(qs, q)
	}
	if len(qs) == 0 {
		p.Add(0, "", "framework.import.empty", nil)
	}
	for _, q := range qs {
		if q.Kind == KindChoices && len(q.Options) == 0 {
			p.Add(lineOf[q.Code], q.Code, "survey.import.choices_without_options", nil)
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return qs, nil
}

// WriteQuestions writes questions as a file ParseQuestions reads back.
func WriteQuestions(w io.Writer, qs []Question) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(QuestionHeader()); err != nil {
		return err
	}
	row := func(code, parent, part, element, kind, purpose string, prompts plenary.Localized) error {
		r := []string{code, parent, part, element, kind, purpose}
		for _, l := range plenary.Languages {
			r = append(r, prompts[l])
		}
		return cw.Write(r)
	}
	for _, q := range qs {
		if err := row(q.Code, "", string(q.Part), q.Element, string(q.Kind), string(q.Purpose), q.Prompts); err != nil {
			return err
		}
		for _, o := range q.Options {
			if err := row(o.Value, q.Code, "", "", "option", "", o.Labels); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
