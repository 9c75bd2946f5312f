package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// defaultSnippetRunes is the length of a snippet when the caller gives
// none: about two lines of a result list.
const defaultSnippetRunes = 160

// Snippet returns a plain-text excerpt of text for a list of results: at
// most max runes (160 if max <= 0), plus "…" where text was cut, starting a
// little before the first word that matches q, with runs of white space
// (line breaks included) shown as one space. If no word matches (or q has
// no tokens) it is the start of text.
//
// The databases can highlight matches too (FTS5's snippet(), PostgreSQL's
// ts_headline), but they only see the analysed tokens, not the text, and do
// it differently; this works the same on both and returns text for the
// template to escape, not markup.
//
// A word matches if analysing it as q was analysed yields one of q's
// tokens, so "reports" is found for a query "report" and "الأمم" for
// "أمم". Each distinct word is analysed once, which keeps a long text
// cheap; Han text is compared character by character with q's bigrams.
func Snippet(text string, q Query, max int) string {
	if max <= 0 {
		max = defaultSnippetRunes
	}
	at := firstMatch(text, q)
	if at < 0 {
		at = 0
	}
	return excerpt(text, at, max)
}

// firstMatch returns the byte offset in text of the first word matching q,
// or -1.
func firstMatch(text string, q Query) int {
	if len(q.tokens) == 0 {
		return -1
	}
	want := make(map[string]bool, len(q.tokens))
	for _, t := range q.tokens {
		want[t] = true
	}
	analysed := make(map[string]bool)
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		cjk := scriptOf(r) == scriptCJK
		j := wordEnd(text, i, cjk)
		if cjk {
			if k := cjkMatch(text[i:j], want); k >= 0 {
				return i + k
			}
		} else {
			word := text[i:j]
			hit, ok := analysed[word]
			if !ok {
				analyse(q.lang, word, forQuery, func(tok string) bool {
					hit = want[tok]
					return !hit
				})
				analysed[word] = hit
			}
			if hit {
				return i
			}
		}
		i = j
	}
	return -1
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

// wordEnd returns the end of the word that starts at i: a run of Han and
// kana if cjk, otherwise a run of other letters, digits and marks, with
// apostrophes inside it so that French elision ("l'État") is seen whole
// by the analyser.
func wordEnd(text string, i int, cjk bool) int {
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if r == '\'' || r == '’' {
			next, _ := utf8.DecodeRuneInString(text[i+size:])
			if cjk || !unicode.IsLetter(next) {
				return i
			}
		} else if !isWordRune(r) || (scriptOf(r) == scriptCJK) != cjk {
			return i
		}
		i += size
	}
	return i
}

// cjkMatch returns the byte offset in run (Han and kana only) of the
// first character or pair of characters that is one of the tokens, or -1.
// The index holds both (see analysers), so a query's bigrams and lone
// characters are compared with those of the text directly, normalised as
// Tokens would.
func cjkMatch(run string, want map[string]bool) int {
	prev, prevAt := "", -1
	for k, r := range run {
		c := string(r)
		if !norm.NFKC.IsNormalString(c) {
			c = norm.NFKC.String(c)
		}
		if prev != "" && want[prev+c] {
			return prevAt
		}
		if want[c] {
			return k
		}
		prev, prevAt = c, k
	}
	return -1
}

func isSpace(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsControl(r)
}

// excerpt returns at most max runes of text around byte offset at, cut at
// spaces where there are any, with runs of white space collapsed.
func excerpt(text string, at, max int) string {
	start := at
	for n := 0; n < max/3 && start > 0; n++ {
		_, size := utf8.DecodeLastRuneInString(text[:start])
		start -= size
	}
	if start > 0 {
		// Begin at a word, not inside one, if there is a space to begin at.
		if sp := strings.IndexFunc(text[start:at], isSpace); sp >= 0 {
			start += sp
		}
	}
	var b strings.Builder
	n := 0
	spaceAfterMatch := -1 // length of b at the last space after the match
	pendingSpace, truncated, whole := false, false, false
	for i, r := range text[start:] {
		if isSpace(r) {
			pendingSpace = b.Len() > 0
			continue
		}
		need := 1
		if pendingSpace {
			need = 2
		}
		if n+need > max {
			// Cut back to a space, unless the last word is already whole.
			truncated, whole = true, pendingSpace
			break
		}
		if pendingSpace {
			if start+i > at {
				spaceAfterMatch = b.Len()
			}
			b.WriteByte(' ')
			n++
			pendingSpace = false
		}
		b.WriteRune(r)
		n++
	}
	out := b.String()
	if truncated {
		if !whole && spaceAfterMatch > 0 {
			out = out[:spaceAfterMatch]
		}
		out += "…"
	}
	if start > 0 && strings.TrimFunc(text[:start], isSpace) != "" {
		out = "…" + out
	}
	return out
}
