// Package draft holds the paragraphs of a draft and their identity across versions: a
// draft's text is split into numbered paragraphs (Split); the paragraphs of a new version
// (Rev.1) are given the identities of the previous version's (the zero draft's) they come
// from, including moved, split and merged ones (Match); and two versions are compared
// paragraph by paragraph for a page that shows what changed (Compare). Decision 16 says
// why it works this way.
//
// The package is pure: it takes texts and keys and returns values, with no storage, clock
// or actor. It works in the six languages of the United Nations, Chinese included, whose
// words are not separated by spaces: similarity is measured on characters, not on words.
package draft

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Paragraph is one paragraph of one version of a draft.
type Paragraph struct {
	// Key is the paragraph's identity: it survives new versions, so that comments,
	// amendments and counts anchored to it follow it when it is reworded, renumbered or
	// moved. It is never reused for another paragraph.
	Key string
	// Number is the paragraph's place in this version, from 1.
	Number int
	// Text is the paragraph as Split left it, its own numbering ("1.", "(a)") included.
	Text string
	// Origins are the keys of the previous version's paragraphs this one comes from, in
	// their order there: its own key when it was kept (unchanged, edited or moved), the
	// key of the paragraph it was split from, the keys of the paragraphs merged into it.
	// None for a new paragraph.
	Origins []string
}

// Split cuts a draft's text into paragraphs. Paragraphs are separated by one or more
// blank lines (a line of nothing but white space), or by U+2029 PARAGRAPH SEPARATOR. The
// lines of a paragraph are joined with one space, or with nothing between two
// characters of a script written without spaces (Chinese, Japanese), so that a Chinese
// paragraph wrapped over several lines is not broken by spaces that were never in it.
// Inside a paragraph every run of white space becomes one space, except a run of
// no-break spaces only (French puts U+202F before « : ; ! ? »), which stays one no-break
// space. The text is put in Unicode normal form C, so that "é" typed in two ways is one
// text. A paragraph's own numbering ("1.", "(a)", "١.", "一、") is kept in its text.
func Split(text string) []string {
	text = norm.NFC.String(text)
	text = strings.NewReplacer(
		"\r\n", "\n", "\r", "\n", "\u0085", "\n", "\u2028", "\n", "\u2029", "\n\n", "\ufeff", "",
	).Replace(text)
	var out []string
	var lines []string
	flush := func() {
		if len(lines) > 0 {
			out = append(out, joinLines(lines))
			lines = lines[:0]
		}
	}
	for line := range strings.SplitSeq(text, "\n") {
		line = squeeze(line)
		if line == "" {
			flush()
			continue
		}
		lines = append(lines, line)
	}
	flush()
	return out
}

// squeeze trims a line and turns every run of white space inside it into one space (or one
// no-break space, for a run of no-break spaces only). Zero-width spaces count as space.
func squeeze(line string) string {
	var b strings.Builder
	b.Grow(len(line))
	var run []rune
	for _, r := range line {
		if isSpace(r) {
			run = append(run, r)
			continue
		}
		if len(run) > 0 && b.Len() > 0 {
			b.WriteRune(spaceFor(run))
		}
		run = run[:0]
		b.WriteRune(r)
	}
	return b.String()
}

func isSpace(r rune) bool { return unicode.IsSpace(r) || r == '\u200b' }

func isNoBreak(r rune) bool { return r == '\u00a0' || r == '\u202f' || r == '\u2007' }

func spaceFor(run []rune) rune {
	for _, r := range run {
		if !isNoBreak(r) {
			return ' '
		}
	}
	return run[0]
}

func joinLines(lines []string) string {
	if len(lines) == 1 {
		return lines[0]
	}
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			prev := []rune(lines[i-1])
			first := []rune(l)[0]
			if !(unspaced(prev[len(prev)-1]) && unspaced(first)) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(l)
	}
	return b.String()
}

// unspaced reports whether r belongs to a script written without spaces between words
// (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar), or is CJK punctuation or a
// full-width form. Diffs go character by character in these scripts, word by word in the
// others.
func unspaced(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai,
		unicode.Lao, unicode.Khmer, unicode.Myanmar) ||
		(r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef)
}

// label matches a paragraph's own numbering at its start: "1.", "12.3", "(a)", "a)",
// "(iv)", "١.", "(أ)", "一、", "（一）". Two paragraphs that differ only there are the same
// paragraph renumbered, so the label is left out when texts are compared; it stays in Text.
var label = regexp.MustCompile(`^(?:` +
	`[(（](?:\p{Nd}+|\p{L}|[ivxlcdm]+|[IVXLCDM]+|[一二三四五六七八九十百]+)[)）]\s*` + // (a) (1) (iv) （一）
	`|(?:\p{Nd}+(?:\.\p{Nd}+)*|\p{L}|[ivxlcdm]+|[IVXLCDM]+)[.)](?:\s+|$)` + // 1. 1.2. a) iv. A.
	`|\p{Nd}+(?:\.\p{Nd}+)+(?:\s+|$)` + // 1.2
	`|[一二三四五六七八九十百]+、\s*` + // 一、
	`)`)

// body is a paragraph's text without its numbering.
func body(text string) string {
	return text[len(label.FindString(text)):]
}

// fold is what similarity is measured on: the body in compatibility form (full-width
// letters and digits as ASCII, ligatures undone), lower case, white space as single
// spaces, without Arabic tatweel or combining marks (Arabic short vowels), with the forms
// of Arabic alef, alef maksura and teh marbuta brought together as Arabic search does.
func fold(text string) []rune {
	s := norm.NFKC.String(body(text))
	out := make([]rune, 0, len(s))
	space := true
	for _, r := range s {
		switch {
		case isSpace(r):
			if !space {
				out = append(out, ' ')
			}
			space = true
			continue
		case r == '\u0640' || unicode.Is(unicode.Mn, r):
			continue
		case r == 'أ' || r == 'إ' || r == 'آ' || r == 'ٱ':
			r = 'ا'
		case r == 'ى':
			r = 'ي'
		case r == 'ة':
			r = 'ه'
		}
		space = false
		out = append(out, unicode.ToLower(r))
	}
	if len(out) > 0 && out[len(out)-1] == ' ' {
		out = out[:len(out)-1]
	}
	return out
}
