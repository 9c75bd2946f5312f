package docx

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// lines cleans a text written by people and cuts it into lines, all kept: "\r\n", "\r",
// U+2028 and U+2029 end a line as "\n" does; control characters other than tab are
// dropped (XML cannot carry most of them, and none means anything on a page); invalid
// UTF-8 and the non-characters U+FFFE and U+FFFF, which XML cannot carry either, become
// U+FFFD, so that what was lost shows. Bidirectional embeddings, overrides and isolates
// still open at the end of a line are closed there, as a line ends them in plain text:
// they cannot reorder the next line or the text around the paragraph.
func lines(s string) []string {
	s = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\u2028", "\n", "\u2029", "\n").Replace(s)
	out := strings.Split(s, "\n")
	for i, line := range out {
		out[i] = balance(clean(line))
	}
	return out
}

// clean drops control characters other than tab and replaces what XML cannot carry.
func clean(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1, r == 0xFFFE, r == 0xFFFF:
			b.WriteRune(utf8.RuneError)
		case r == '\t':
			b.WriteRune(r)
		case unicode.IsControl(r): // C0, DEL and C1
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Explicit bidirectional formatting characters (Unicode's bidirectional algorithm, UAX #9).
const (
	lre = '\u202A' // left-to-right embedding
	rle = '\u202B' // right-to-left embedding
	pdf = '\u202C' // pop directional formatting: closes an embedding or override
	lro = '\u202D' // left-to-right override
	rlo = '\u202E' // right-to-left override
	lri = '\u2066' // left-to-right isolate
	rli = '\u2067' // right-to-left isolate
	fsi = '\u2068' // first strong isolate
	pdi = '\u2069' // pop directional isolate: closes an isolate and what opened inside it
)

// balance appends to line the closing characters of the embeddings, overrides and
// isolates it leaves open, innermost first. Nothing is removed: a closing character
// without its opening one is ignored by the algorithm.
func balance(line string) string {
	var open []rune
	for _, r := range line {
		switch r {
		case lre, rle, lro, rlo, lri, rli, fsi:
			open = append(open, r)
		case pdf:
			if n := len(open); n > 0 && !isolate(open[n-1]) {
				open = open[:n-1]
			}
		case pdi:
			for n := len(open); n > 0; n-- {
				if isolate(open[n-1]) {
					open = open[:n-1]
					break
				}
			}
		}
	}
	if len(open) == 0 {
		return line
	}
	var b strings.Builder
	b.WriteString(line)
	for n := len(open); n > 0; n-- {
		if isolate(open[n-1]) {
			b.WriteRune(pdi)
		} else {
			b.WriteRune(pdf)
		}
	}
	return b.String()
}

func isolate(r rune) bool { return r == lri || r == rli || r == fsi }

// segment is a stretch of a line written in one direction: a run of the paragraph.
type segment struct {
	text string
	rtl  bool
}

// segments cuts a line into stretches of one direction, as Unicode's bidirectional
// algorithm resolves them in a paragraph of the given direction (a simplification of its
// rules W7, N1 and N2 that is enough for running text): letters of right-to-left scripts
// are right to left and other letters left to right; digits follow the letter before
// them (after a left-to-right letter, left to right; otherwise as right to left);
// combining marks go with the character before them; spaces and punctuation between two
// stretches of one direction take it, and the
// paragraph's direction elsewhere. The right-to-left stretches are the runs marked w:rtl,
// so that "A/RES/76/19" in an Arabic paragraph stays one left-to-right run, and an
// Arabic name in an English paragraph is a right-to-left one.
func segments(line string, rtlParagraph bool) []segment {
	if line == "" {
		return nil
	}
	const (
		neutral = iota
		ltr
		rtl
	)
	base := ltr
	if rtlParagraph {
		base = rtl
	}
	runes := []rune(line)
	dir := make([]int, len(runes))
	last := base // the direction of the last strong character, for digits
	for i, r := range runes {
		switch {
		case i > 0 && unicode.In(r, unicode.Mn, unicode.Me):
			dir[i] = dir[i-1] // a combining mark (Arabic vowels, tanween) goes with its letter (rule W1)
		case r == '\u200F' || r == '\u061C' || unicode.IsLetter(r) && rightToLeft(r):
			dir[i], last = rtl, rtl
		case r == '\u200E' || unicode.IsLetter(r):
			dir[i], last = ltr, ltr
		case unicode.IsDigit(r) && !unicode.Is(unicode.Arabic, r) && last == ltr:
			dir[i] = ltr
		case unicode.IsDigit(r):
			dir[i] = rtl // European digits after a right-to-left letter, and Arabic-Indic digits, act as right to left
		}
	}
	for i := 0; i < len(runes); {
		if dir[i] != neutral {
			i++
			continue
		}
		j := i
		for j < len(runes) && dir[j] == neutral {
			j++
		}
		before, after := base, base
		if i > 0 {
			before = dir[i-1]
		}
		if j < len(runes) {
			after = dir[j]
		}
		d := base
		if before == after {
			d = before
		}
		for k := i; k < j; k++ {
			dir[k] = d
		}
		i = j
	}
	var out []segment
	start := 0
	for i := 1; i <= len(runes); i++ {
		if i == len(runes) || dir[i] != dir[start] {
			out = append(out, segment{text: string(runes[start:i]), rtl: dir[start] == rtl})
			start = i
		}
	}
	return out
}

// rightToLeft reports whether r belongs to a script written from right to left.
func rightToLeft(r rune) bool {
	return unicode.In(r, unicode.Arabic, unicode.Hebrew, unicode.Syriac, unicode.Thaana, unicode.Nko,
		unicode.Samaritan, unicode.Mandaic, unicode.Adlam, unicode.Hanifi_Rohingya, unicode.Yezidi)
}
