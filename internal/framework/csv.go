package framework

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/plenary-platform/plenary"
)

// A framework travels as a spreadsheet the Secretariat edits (CSV, UTF-8): one element
// per row, under a header naming the columns, in any order:
//
//	code, parent, kind, source, paragraph, mark, title_ar … title_es, text_ar … text_es
//
// code, kind and a title in at least one language are required; a language without a
// title is left empty, never filled with another language's text. Rows come in the order
// of the framework; a parent may come after its children.

// columns are the known columns; titles and texts follow, one per language.
var columns = []string{"code", "parent", "kind", "source", "paragraph", "mark"}

// Header is the header of an exported file.
func Header() []string {
	out := slices.Clone(columns)
	for _, l := range plenary.Languages {
		out = append(out, "title_"+l)
	}
	for _, l := range plenary.Languages {
		out = append(out, "text_"+l)
	}
	return out
}

// MaxFile bounds an imported file.
const MaxFile = 4 << 20

// maxProblems is how many problems an import reports: enough to fix a file in one go,
// not a wall of the same mistake.
const maxProblems = 20

// Parse reads a framework's elements from a CSV file. Every problem names the line it is
// on and, where it has one, the element's code.
func Parse(r io.Reader) ([]Element, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFile+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFile {
		return nil, plenary.Invalid("file", "framework.import.too_large", map[string]any{"MB": MaxFile >> 20})
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff")) // a spreadsheet's byte order mark
	if !utf8.Valid(data) {
		return nil, plenary.Invalid("file", "framework.import.not_utf8", nil)
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, plenary.Invalid("file", "framework.import.no_header", nil)
	}
	var p LineProblems
	index := map[string]int{}
	known := Header()
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if !slices.Contains(known, h) {
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
	var es []Element
	var lines []int
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
		get := func(col string) string {
			if i, ok := index[col]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		if strings.Join(rec, "") == "" {
			continue // an empty row
		}
		e := Element{Code: strings.ToLower(get("code")), Parent: strings.ToLower(get("parent")), Kind: strings.ToLower(get("kind")),
			SourceSymbol: get("source"), SourceParagraph: get("paragraph"), Mark: Mark(strings.ToLower(get("mark"))),
			Titles: plenary.Localized{}, Texts: plenary.Localized{}, Position: len(es)}
		for _, l := range plenary.Languages {
			if t := get("title_" + l); t != "" {
				e.Titles[l] = t
			}
			if t := get("text_" + l); t != "" {
				e.Texts[l] = t
			}
		}
		es = append(es, e)
		lines = append(lines, line)
	}
	checkElements(es, lines, &p)
	if err := p.Err(); err != nil {
		return nil, err
	}
	return es, nil
}

// Check checks a version's elements as a whole, as an import does; a problem names the
// element's code (the lines are the elements' places, from 1).
func Check(es []Element) error {
	lines := make([]int, len(es))
	for i := range lines {
		lines[i] = i + 1
	}
	var p LineProblems
	checkElements(es, lines, &p)
	return p.Err()
}

// checkElements finds what is wrong with a version's elements, each problem on its line.
func checkElements(es []Element, lines []int, p *LineProblems) {
	if len(es) == 0 {
		p.Add(0, "", "framework.import.empty", nil)
		return
	}
	if len(es) > MaxElements {
		p.Add(lines[MaxElements], "", "framework.import.too_many", map[string]any{"Max": MaxElements})
		return
	}
	seen := map[string]int{}
	for i, e := range es {
		if !ValidCode(e.Code) {
			p.Add(lines[i], e.Code, "framework.import.code_format", nil)
		} else if first, dup := seen[e.Code]; dup {
			p.Add(lines[i], e.Code, "framework.import.code_twice", map[string]any{"First": first})
		} else {
			seen[e.Code] = lines[i]
		}
		if len(e.Kind) > MaxKind || !kindRE.MatchString(e.Kind) {
			p.Add(lines[i], e.Code, "framework.import.kind_format", nil)
		}
		if !slices.Contains(Marks, e.Mark) {
			p.Add(lines[i], e.Code, "framework.import.mark", map[string]any{"Marks": "reconstructed, placeholder"})
		}
		if len(e.Titles) == 0 {
			p.Add(lines[i], e.Code, "framework.import.title_required", nil)
		}
		for _, t := range e.Titles {
			if utf8.RuneCountInString(t) > MaxTitle || strings.ContainsAny(t, "\n\r") {
				p.Add(lines[i], e.Code, "framework.import.title_format", map[string]any{"Max": MaxTitle})
				break
			}
		}
		for l := range e.Texts {
			if e.Titles[l] == "" {
				p.Add(lines[i], e.Code, "framework.import.text_without_title", map[string]any{"Language": l})
				break
			}
		}
		for _, t := range e.Texts {
			if utf8.RuneCountInString(t) > MaxText {
				p.Add(lines[i], e.Code, "framework.import.text_too_long", map[string]any{"Max": MaxText})
				break
			}
		}
		if utf8.RuneCountInString(e.SourceSymbol) > MaxSymbol || utf8.RuneCountInString(e.SourceParagraph) > MaxParagraph {
			p.Add(lines[i], e.Code, "framework.import.source_too_long", map[string]any{"Max": MaxSymbol})
		}
		if e.SourceParagraph != "" && e.SourceSymbol == "" {
			p.Add(lines[i], e.Code, "framework.import.paragraph_without_source", nil)
		}
	}
	for i, e := range es {
		if e.Parent == "" {
			continue
		}
		if _, ok := seen[e.Parent]; !ok {
			p.Add(lines[i], e.Code, "framework.import.no_parent", map[string]any{"Parent": e.Parent})
			continue
		}
		// Walk up: a loop, or a tree deeper than MaxDepth, is refused.
		depth, at := 1, e.Parent
		for at != "" && depth <= MaxDepth {
			if at == e.Code {
				break
			}
			at = es[slices.IndexFunc(es, func(x Element) bool { return x.Code == at })].Parent
			depth++
		}
		if at == e.Code {
			p.Add(lines[i], e.Code, "framework.import.loop", nil)
		} else if depth > MaxDepth {
			p.Add(lines[i], e.Code, "framework.import.too_deep", map[string]any{"Max": MaxDepth})
		}
	}
}

// LineProblems gathers the problems of a file being imported, each naming its line and,
// where it has one, the code of the row (its messages say both). The frameworks' import
// and the survey's questionnaires use it.
type LineProblems struct {
	p plenary.Problems
	n int
}

// Add records a problem on line (of the row with code, if any).
func (p *LineProblems) Add(line int, code, message string, args map[string]any) {
	p.n++
	if p.n > maxProblems {
		return
	}
	a := map[string]any{"Line": line, "Code": code}
	for k, v := range args {
		a[k] = v
	}
	// One entry per problem ("file.1", "file.2"…, for Problems keeps one per field): the
	// form lists them all above the upload.
	p.p.Add("file."+strconv.Itoa(p.n), message, a)
}

// Err returns the problems, with how many more were found than listed.
func (p *LineProblems) Err() error {
	if p.n > maxProblems {
		p.p.Add("file.more", "framework.import.more", map[string]any{"Count": p.n - maxProblems})
	}
	return p.p.Err()
}

// WriteCSV writes elements as a file Parse reads back.
func WriteCSV(w io.Writer, es []Element) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(Header()); err != nil {
		return err
	}
	for _, e := range es {
		row := []string{e.Code, e.Parent, e.Kind, e.SourceSymbol, e.SourceParagraph, string(e.Mark)}
		for _, l := range plenary.Languages {
			row = append(row, e.Titles[l])
		}
		for _, l := range plenary.Languages {
			row = append(row, e.Texts[l])
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
