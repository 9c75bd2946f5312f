// Package search turns text in the six UN languages into the words a
// full-text index stores and a query looks up.
//
// The analysis is done here, in Go, rather than by the database, so that
// SQLite and PostgreSQL give the same matches (see the "Search" bullet of
// the architecture notes): PostgreSQL has no Chinese configuration and
// SQLite FTS5 has no stemmers, but both can index words that are already
// analysed. The tokens produced here are therefore stored, joined by spaces
// (Index), in a search_tokens column indexed by FTS5 with
// "unicode61 remove_diacritics 0" and by to_tsvector('simple', ...). For
// that to work every token is a plain word: letters and numbers only
// (decimal digits written as ASCII ones), nothing that either tokenizer
// would split or either query language would read as syntax.
//
// The language analysis itself is bleve's (its analysis packages only, not
// its index): the ar, fr, es, ru and en analysers, and cjk bigrams for
// Chinese.
package search

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/ar"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/es"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/lang/ru"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	bleveunicode "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Tokens analyses text written in lang ("ar", "zh", "en", "fr", "ru",
// "es") and returns its tokens in order, as they are to be indexed, without
// the stop words of bleve's ar, en, es, fr and ru analysers.
//
// The analyser is chosen per run of script, not once for the whole text,
// because UN texts mix scripts (an English report quotes Arabic names, a
// Chinese one cites "A/RES/77/20") and a query is analysed by the script it
// is typed in (see QueryAll). Matching only works if a word is analysed the
// same way in the document and in the query, whatever the document's
// language:
//   - Han and kana runs: overlapping bigrams (bleve's cjk analyser), plus
//     single characters, in every language, so that both two-character
//     words and the many one-character Chinese words can be found.
//   - Arabic script: bleve's ar analyser (normalisation, light stemming).
//   - Cyrillic: bleve's ru analyser (Snowball), with ё read as е because
//     Russian text mostly writes е for both.
//   - Latin: the analyser of lang if it is en, fr or es; English for text
//     in ar, ru or zh, since Latin words there are mostly English names and
//     acronyms, which is also what QueryAll assumes of a Latin query typed
//     on those interfaces. English and French text is also folded to
//     unaccented letters first, so that "Cote d'Ivoire" finds "Côte
//     d'Ivoire" and "etat" finds "État" (bleve's French stemmer folds
//     accents only in words longer than four letters).
//
// For any other lang the Latin and other alphabetic runs get a neutral
// analyser (lower case only, no stemming), because stemming a language
// with the rules of another one does more harm than good; Arabic, Cyrillic
// and Han runs are still analysed as above, since that is how every query
// in those scripts is analysed.
//
// Before any of this the text is normalised with NFKC and Unicode case
// folding, so that compatibility forms (ligatures, full-width letters,
// Arabic presentation forms) and case differences do not matter.
func Tokens(lang, text string) []string {
	var out []string
	analyse(lang, text, forIndex, func(tok string) bool {
		out = append(out, tok)
		return true
	})
	return out
}

// maxIndexBytes caps the text Index returns, so that one huge document
// cannot make a huge row: 1 MiB of tokens is the searchable start of a
// document of well over 300 pages, which is enough to find it by.
const maxIndexBytes = 1 << 20

// maxTSVectorBytes keeps the PostgreSQL tsvector of the column under the
// 1 MiB (1,048,575 byte) limit to_tsvector enforces: above it the INSERT
// fails with "string is too long for tsvector". Ordinary text stays far
// below it (its words repeat), but text made of distinct long tokens
// (hashes, identifiers, tables of numbers) can pass the limit with fewer
// than maxIndexBytes of tokens. The margin is for what the estimate in
// Index leaves out.
const maxTSVectorBytes = 1<<20 - 64<<10

// Index returns the tokens of all texts (Tokens(lang, text) for each),
// joined by single spaces, for the search_tokens column: typically the
// title, the summary and the body of one language version of a document.
//
// The result stops at a token boundary once it reaches maxIndexBytes, or
// earlier if PostgreSQL's tsvector of it would pass its size limit, so the
// rest of a very long document is not searchable. Texts are analysed in
// chunks, so a huge text is not analysed beyond that point either.
func Index(lang string, texts ...string) string {
	var b strings.Builder
	// PostgreSQL stores each distinct lexeme once (its bytes padded to an
	// even length, a 2-byte count) with 2 bytes per position, at most 256
	// positions per lexeme.
	positions := make(map[string]uint16)
	tsv := 0
	for _, text := range texts {
		full := false
		analyse(lang, text, forIndex, func(tok string) bool {
			n, seen := positions[tok]
			cost := 0
			if !seen {
				cost = len(tok) + len(tok)&1 + 2
			}
			if n < 256 {
				cost += 2
			}
			extra := len(tok)
			if b.Len() > 0 {
				extra++
			}
			if b.Len()+extra > maxIndexBytes || tsv+cost > maxTSVectorBytes {
				full = true
				return false
			}
			tsv += cost
			if n < 256 {
				positions[tok] = n + 1
			}
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(tok)
			return true
		})
		if full {
			break
		}
	}
	return b.String()
}

// mode says whether tokens are for the index or for a query; they differ
// only for Han and kana (see analysers).
type mode int

const (
	forIndex mode = iota
	forQuery
)

// script is the class of writing system that chooses a run's analyser.
type script uint8

const (
	scriptCommon   script = iota // spaces, digits, punctuation, marks: part of the run they are in
	scriptLatin                  // Latin letters
	scriptArabic                 // Arabic letters and Arabic-Indic digits
	scriptCyrillic               // Cyrillic letters
	scriptCJK                    // Han, hiragana, katakana: what bleve's tokenizer marks ideographic
	scriptOther                  // any other script (Greek, Hebrew, Devanagari, Hangul...)
)

func scriptOf(r rune) script {
	if r < utf8.RuneSelf {
		if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' {
			return scriptLatin
		}
		return scriptCommon
	}
	switch {
	case unicode.Is(unicode.Latin, r):
		return scriptLatin
	case unicode.Is(unicode.Arabic, r):
		return scriptArabic
	case unicode.Is(unicode.Cyrillic, r):
		return scriptCyrillic
	case unicode.Is(unicode.Han, r), unicode.Is(unicode.Hiragana, r), unicode.Is(unicode.Katakana, r):
		return scriptCJK
	case unicode.Is(unicode.Common, r), unicode.Is(unicode.Inherited, r):
		return scriptCommon
	}
	return scriptOther
}

// kind names one analyser.
type kind int

const (
	kindNeutral kind = iota
	kindEN
	kindFR
	kindES
	kindAR
	kindRU
	kindCJKIndex
	kindCJKQuery
	numKinds
)

var (
	analysersOnce sync.Once
	analysers     [numKinds]analysis.Analyzer
)

// analyser returns the analyser of kind k. bleve's analysers keep no state
// between calls (bleve itself runs them from several goroutines), so one of
// each is built, the first time one is needed.
func analyser(k kind) analysis.Analyzer {
	analysersOnce.Do(func() {
		cache := registry.NewCache()
		named := func(name string) analysis.Analyzer {
			a, err := cache.AnalyzerNamed(name)
			if err != nil {
				panic("search: bleve analyser " + name + ": " + err.Error())
			}
			return a
		}
		analysers[kindEN] = named(en.AnalyzerName)
		analysers[kindFR] = named(fr.AnalyzerName)
		analysers[kindES] = named(es.AnalyzerName)
		analysers[kindAR] = named(ar.AnalyzerName)
		analysers[kindRU] = named(ru.AnalyzerName)
		tokenizer := bleveunicode.NewUnicodeTokenizer()
		analysers[kindNeutral] = &analysis.DefaultAnalyzer{
			Tokenizer:    tokenizer,
			TokenFilters: []analysis.TokenFilter{lowercase.NewLowerCaseFilter()},
		}
		// bleve's cjk analyser, with and without single characters. The
		// index has both, so that a one-character query (many Chinese
		// words are one character) finds something; a query of two or
		// more characters needs only its bigrams, which imply the
		// characters. bleve still emits a lone character as a unigram.
		cjkAnalyser := func(unigrams bool) analysis.Analyzer {
			return &analysis.DefaultAnalyzer{
				Tokenizer: tokenizer,
				TokenFilters: []analysis.TokenFilter{
					cjk.NewCJKWidthFilter(),
					lowercase.NewLowerCaseFilter(),
					cjk.NewCJKBigramFilter(unigrams),
				},
			}
		}
		analysers[kindCJKIndex] = cjkAnalyser(true)
		analysers[kindCJKQuery] = cjkAnalyser(false)
	})
	return analysers[k]
}

// latinKind is the analyser for Latin-script runs of text in lang. A
// region or script subtag ("fr-CA", "zh-Hans") does not change it.
func latinKind(lang string) kind {
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	switch strings.ToLower(lang) {
	case "en", "ar", "ru", "zh":
		return kindEN
	case "fr":
		return kindFR
	case "es":
		return kindES
	}
	return kindNeutral
}

// kindOf is the analyser for a run of script s in text in lang.
func kindOf(s script, lang string, m mode) kind {
	switch s {
	case scriptArabic:
		return kindAR
	case scriptCyrillic:
		return kindRU
	case scriptCJK:
		if m == forQuery {
			return kindCJKQuery
		}
		return kindCJKIndex
	case scriptLatin, scriptCommon:
		return latinKind(lang)
	}
	return kindNeutral
}

// chunkBytes is how much text is normalised and analysed at once, so that
// Index can stop early on a huge text and memory stays bounded.
const chunkBytes = 64 << 10

// analyse calls emit with each token of text in lang, until emit returns
// false.
func analyse(lang, text string, m mode, emit func(string) bool) {
	for len(text) > 0 {
		chunk := text
		if len(chunk) > chunkBytes {
			chunk = text[:cut(text, chunkBytes)]
		}
		text = text[len(chunk):]
		if !analyseChunk(lang, normalise(chunk), m, emit) {
			return
		}
	}
}

// cut returns where to end a chunk of at most n bytes of s: after the last
// space or punctuation, so that no word is split. A chunk without any (a
// long stretch of Chinese) is cut between two characters, which loses the
// one bigram across the cut.
func cut(s string, n int) int {
	for i := n; i > n/2; {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if unicode.IsSpace(r) || unicode.IsPunct(r) {
			return i
		}
		i -= size
	}
	for !utf8.RuneStart(s[n]) {
		n--
	}
	return n
}

// normalise applies NFKC and case folding. NFKC maps compatibility forms
// to the letters people type; case folding is lower-casing that also
// handles ß, final sigma and the like. Folding can leave a decomposed
// letter (İ → i and a combining dot), hence NFC after it, but only when it
// changed something, since that pass costs as much as NFKC.
func normalise(s string) string {
	s = norm.NFKC.String(s)
	folded := cases.Fold().String(s)
	if folded == s {
		return s
	}
	return norm.NFC.String(folded)
}

// analyseChunk splits normalised text into runs of one script and analyses
// each with its analyser. Spaces, digits and punctuation stay in the run
// they follow, so "COVID-19" or "2030 年" is not split.
func analyseChunk(lang, text string, m mode, emit func(string) bool) bool {
	start := 0
	cur := scriptCommon
	for i, r := range text {
		s := scriptOf(r)
		if s == scriptCommon || s == cur {
			continue
		}
		if cur != scriptCommon && i > start {
			if !analyseRun(text[start:i], kindOf(cur, lang, m), emit) {
				return false
			}
			start = i
		}
		cur = s
	}
	if start < len(text) {
		return analyseRun(text[start:], kindOf(cur, lang, m), emit)
	}
	return true
}

// foldAccents removes the accents of Latin letters (é → e, ç → c).
func foldAccents(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Mn, r) {
			return -1
		}
		return r
	}, norm.NFD.String(s))
	return norm.NFC.String(s)
}

// spellLigatures spells out œ and æ, which people type as oe and ae.
var spellLigatures = strings.NewReplacer("œ", "oe", "æ", "ae")

func analyseRun(run string, k kind, emit func(string) bool) bool {
	switch k {
	case kindEN, kindFR:
		if !isASCII(run) {
			run = spellLigatures.Replace(foldAccents(run))
		}
	case kindRU:
		run = strings.ReplaceAll(run, "ё", "е")
	}
	for _, tok := range analyser(k).Analyze([]byte(run)) {
		if !plainWords(tok.Term, emit) {
			return false
		}
	}
	return true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// maxTokenBytes drops absurdly long tokens (a base64 blob with no spaces):
// nobody searches for them, and PostgreSQL ignores words over 2047 bytes,
// so FTS5 would match what PostgreSQL does not.
const maxTokenBytes = 255

// plainWords emits the plain words in a bleve token, which may hold
// characters the Unicode word-break rules keep inside a word but FTS5 and
// PostgreSQL do not ("u.n", "3.14", "a:b", "foo_bar", "aujourd'hui"): it
// splits at any character that is not a letter or a number. It also drops
// combining marks (Russian stress marks, the vowel signs of Indic scripts)
// because FTS5 splits words at many of them and PostgreSQL does not, and
// writes every decimal digit as an ASCII one, so that "٢٠٢٥" in an Arabic
// text matches "2025". Nothing left can be syntax for FTS5 or tsquery.
func plainWords(term []byte, emit func(string) bool) bool {
	if plainASCII(term) {
		if len(term) == 0 || len(term) > maxTokenBytes {
			return true
		}
		return emit(string(term))
	}
	var b strings.Builder
	flush := func() bool {
		defer b.Reset()
		if b.Len() == 0 || b.Len() > maxTokenBytes {
			return true
		}
		return emit(b.String())
	}
	for _, r := range string(term) {
		switch {
		case unicode.IsMark(r):
		case unicode.IsLetter(r):
			b.WriteRune(r)
		case unicode.IsDigit(r):
			b.WriteByte(byte('0' + digitValue(r)))
		case unicode.IsNumber(r):
			b.WriteRune(r)
		default:
			if !flush() {
				return false
			}
		}
	}
	return flush()
}

// plainASCII reports whether term is lower-case ASCII letters and digits,
// which most tokens are, so they skip the rune-by-rune copy.
func plainASCII(term []byte) bool {
	for _, c := range term {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// digitValue returns the value of the decimal digit r. Unicode encodes
// every set of decimal digits as ten consecutive code points from 0 to 9
// (a stability guarantee), so the value is the distance from the start of
// the run of digits r is in, modulo ten (some runs hold several sets).
func digitValue(r rune) int {
	start := r
	for unicode.IsDigit(start - 1) {
		start--
	}
	return int(r-start) % 10
}
