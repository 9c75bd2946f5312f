package search

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
)

// matches reports whether every token of q is among the tokens of the
// document, which is what FTS5 and PostgreSQL check.
func matches(doc []string, q Query) bool {
	for _, t := range q.tokens {
		if !slices.Contains(doc, t) {
			return false
		}
	}
	return len(q.tokens) > 0
}

func TestMatching(t *testing.T) {
	tests := []struct {
		name      string
		docLang   string
		doc       string
		reader    string // QueryAll's reader, or "in:LANG" for QueryIn(LANG)
		query     string
		wantMatch bool
	}{
		// Arabic: light stemming of suffixes and of the article ال (and وال,
		// بال, كال, فال, لل, و), and normalisation of alef and teh marbuta.
		{"ar pronoun suffix", "ar", "قدمت اللجنة تقريره النهائي", "in:ar", "تقرير", true},
		{"ar suffix ها", "ar", "قدمت اللجنة تقريرها", "in:ar", "تقرير", true},
		{"ar article", "ar", "ناقش الفريق التقرير", "in:ar", "تقرير", true},
		{"ar article in query", "ar", "ناقش الفريق تقرير اللجنة", "in:ar", "التقرير", true},
		{"ar وال", "ar", "الأمن والتقرير", "in:ar", "تقرير", true},
		{"ar hamza on alef", "ar", "الجمعية العامة للأمم المتحدة", "in:ar", "امم", true},
		{"ar teh marbuta", "ar", "الجمعية العامة", "in:ar", "الجمعيه", true},
		{"ar diacritics", "ar", "التَّقْرِيرُ", "in:ar", "تقرير", true},
		{"ar from English interface", "ar", "قدمت اللجنة تقريره", "en", "تقرير", true},
		{"ar Arabic-Indic digits", "ar", "خطة عام ٢٠٣٠", "en", "2030", true},
		// A caveat of bleve's light stemmer: broken plurals are other words.
		{"ar broken plural not stemmed", "ar", "التقارير", "in:ar", "تقرير", false},
		{"ar accusative alef not stemmed", "ar", "قدم تقريرا", "in:ar", "تقرير", false},

		// French: elision, accents folded, light stemming.
		{"fr elision and accents", "fr", "l'sécurité des systèmes", "in:fr", "securite", true},
		{"fr typographic apostrophe", "fr", "l’État partie", "in:fr", "etat", true},
		{"fr accented query", "fr", "la securite", "in:fr", "sécurité", true},
		{"fr plural", "fr", "les rapports annuels", "in:fr", "rapport", true},
		{"fr ligature", "fr", "la mise en œuvre", "in:fr", "oeuvre", true},
		{"fr reader", "fr", "les rapports annuels", "fr", "Rapport annuel", true},

		// Spanish: accents on vowels folded, ñ kept, light stemming.
		{"es plural", "es", "los informes nacionales", "in:es", "informe", true},
		{"es accents", "es", "la información", "in:es", "informacion", true},
		{"es reader", "es", "la información", "es", "INFORMACIÓN", true},
		{"es ñ is a letter", "es", "el año", "in:es", "ano", false},

		// Russian: Snowball stems, ё read as е.
		{"ru plural", "ru", "Комитет рассмотрел доклады", "in:ru", "доклад", true},
		{"ru case", "ru", "вопросы безопасности", "in:ru", "безопасность", true},
		{"ru adjective", "ru", "информационных технологий", "in:ru", "информационные технологии", true},
		{"ru ё", "ru", "новогодняя ёлка", "in:ru", "елка", true},
		{"ru from French interface", "ru", "доклады Комитета", "fr", "Доклад", true},

		// English: Porter stems, possessives, accents folded.
		{"en plural", "en", "The reports of the Secretary-General", "in:en", "report", true},
		{"en inflections", "en", "the States reporting", "in:en", "reported state", true},
		{"en possessive", "en", "the Committee's mandate", "in:en", "committee", true},
		{"en accents", "en", "Côte d'Ivoire and Türkiye", "in:en", "Cote Turkiye", true},
		{"en all words needed", "en", "The reports", "in:en", "report security", false},

		// Chinese: bigrams, and single characters in the index.
		{"zh bigram", "zh", "信息安全", "in:zh", "信息", true},
		{"zh last bigram", "zh", "信息安全", "zh", "安全", true},
		{"zh single character", "zh", "信息安全", "zh", "全", true},
		{"zh longer query", "zh", "信息和通信技术安全", "zh", "通信技术", true},
		{"zh not adjacent", "zh", "信息安全", "zh", "息全", false},
		{"zh other word", "zh", "网络安全", "zh", "信息", false},
		{"zh full-width Latin", "zh", "ＩＣＴ安全", "zh", "ict", true},
		{"zh Latin as English", "zh", "2030年议程 reports", "ar", "report", true},

		// Mixed scripts: every run gets its script's analyser, whatever the
		// document's language, so the query finds it.
		{"mixed Arabic in English", "en", "The delegate of Egypt quoted «تقريره» here.", "en", "التقرير", true},
		{"mixed Cyrillic in English", "en", "a term (доклады) in the text", "es", "доклад", true},
		{"mixed Han in English", "en", "the term 信息安全 means", "en", "信息", true},
		{"mixed Han in Arabic", "ar", "مصطلح 信息安全 في", "ar", "安全", true},
		{"mixed Latin in Russian", "ru", "доклады и reports", "ru", "report", true},
		{"mixed query", "en", "reports on 信息安全 and доклады", "en", "report 信息 доклад", true},
		{"no space between scripts", "en", "ICT信息安全", "en", "ict 信息", true},

		// Languages without their own analyser: lower case only, but Arabic,
		// Cyrillic and Han still as above.
		{"neutral no stemming", "de", "Berichte", "in:de", "Berichte", true},
		{"neutral sharp s", "de", "Straße", "in:de", "STRASSE", true},
		{"neutral Arabic", "de", "تقريره", "en", "تقرير", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := Tokens(tt.docLang, tt.doc)
			var q Query
			var ok bool
			if lang, in := strings.CutPrefix(tt.reader, "in:"); in {
				q, ok = QueryIn(lang, tt.query)
			} else {
				q, ok = QueryAll(tt.reader, tt.query)
			}
			if !ok {
				t.Fatalf("query %q has no tokens", tt.query)
			}
			if got := matches(doc, q); got != tt.wantMatch {
				t.Errorf("document %q → %q, query %q → %q: match %v, want %v",
					tt.doc, doc, tt.query, q.tokens, got, tt.wantMatch)
			}
		})
	}
}

func TestTokens(t *testing.T) {
	tests := []struct {
		lang, text string
		want       []string
	}{
		{"en", "Reports, reporting and reported", []string{"report", "report", "report"}},
		{"fr", "l'sécurité", []string{"securit"}},
		{"ar", "تقريره", []string{"تقرير"}},
		{"ru", "доклады", []string{"доклад"}},
		{"zh", "信息安全", []string{"信", "信息", "息", "息安", "安", "安全", "全"}},
		{"zh", "安", []string{"安"}},
		// Word-internal punctuation that Unicode word breaking keeps is split
		// off, as FTS5 and PostgreSQL would.
		{"en", "U.N. a:b foo_bar 3.14 1,000", []string{"u", "n", "a", "b", "foo", "bar", "3", "14", "1", "000"}},
		{"xx", "ΕΛΛΆΔΑ Straße ﬁnance", []string{"ελλάδα", "strasse", "finance"}},
		{"en", "", nil},
		{"en", " \t\n—!? ", nil},
	}
	for _, tt := range tests {
		if got := Tokens(tt.lang, tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("Tokens(%q, %q) = %q, want %q", tt.lang, tt.text, got, tt.want)
		}
	}
}

// plain is what every token must be: letters, ASCII digits and other
// numbers (Roman numerals, 〇), nothing FTS5 or PostgreSQL splits or reads
// as syntax.
var plain = regexp.MustCompile(`^[\pL\p{Nl}\p{No}0-9]+$`)

// hostile is text meant to break things.
var hostile = []string{
	`"`, `""`, `report"`, `"report" OR "x"`, `report*`, `*`, `report:`, `search_tokens: report`,
	`{search_tokens}: report`, `NEAR(report security)`, `NEAR/3`, `report AND security`,
	`report OR security`, `report NOT security`, `(report`, `report)`, `\report\`, `\`,
	`report & security | !x`, `!!report`, `report <-> security`, `report:*`, `report:AB`,
	`'report'`, `''`, `-report`, `^report`, `report +security`, `a'b`, `c\'d`,
	"report\x00security", "\x00", "\xff\xfe", "re\u0301port", "report\u200bsecurity",
	"ab\u0640cd", "\ue000", "१२३ हिन्दी", "٢٠٢٥", "𝟐𝟎𝟐𝟓", "ⅫB", "½",
	strings.Repeat("a", 300), strings.Repeat("信", 300),
}

func TestTokensArePlain(t *testing.T) {
	for _, lang := range []string{"ar", "zh", "en", "fr", "ru", "es", "xx", ""} {
		for _, text := range hostile {
			for _, tok := range Tokens(lang, text) {
				if !plain.MatchString(tok) || len(tok) > maxTokenBytes {
					t.Errorf("Tokens(%q, %q) has token %q", lang, text, tok)
				}
			}
		}
	}
	if got := Tokens("en", "٢٠٢٥ 𝟐𝟎𝟐𝟓 १२३"); !slices.Equal(got, []string{"2025", "2025", "123"}) {
		t.Errorf("digits: %q", got)
	}
}

func TestQueryWithoutTokens(t *testing.T) {
	tests := []struct{ lang, q string }{
		{"en", ""},
		{"en", "   "},
		{"en", "the and of"},
		{"en", "!!! ??? *** () :"},
		{"fr", "le la les de"},
		{"es", "el la de los"},
		{"ru", "и в на"},
		{"ar", "في من على"},
		{"zh", "。，！"},
	}
	for _, tt := range tests {
		q, ok := QueryIn(tt.lang, tt.q)
		if ok || q.FTS5() != "" || q.TSQuery() != "" {
			t.Errorf("QueryIn(%q, %q) = %q, %v; want no tokens", tt.lang, tt.q, q.tokens, ok)
		}
	}
}

func TestQueryLimits(t *testing.T) {
	var words []string
	for i := range 100 {
		words = append(words, fmt.Sprintf("word%d", i))
	}
	q, ok := QueryIn("en", strings.Join(words, " "))
	if !ok || len(q.tokens) != maxQueryTokens {
		t.Errorf("100 words: %d tokens, want %d", len(q.tokens), maxQueryTokens)
	}
	q, _ = QueryIn("en", "report reports reporting")
	if !slices.Equal(q.tokens, []string{"report"}) {
		t.Errorf("duplicates: %q", q.tokens)
	}
	q, ok = QueryIn("en", strings.Repeat("x", 10<<20))
	if ok {
		t.Errorf("a 10 MiB word: %q", q.tokens)
	}
}

func TestQueryAllReader(t *testing.T) {
	// Latin script is analysed in the reader's language if it is en, fr or
	// es, else in English; other scripts by their script.
	tests := []struct{ reader, q, want string }{
		{"en", "políticas", "politica"},
		{"en", "politiques", "politiqu"},
		{"fr", "politiques", "polit"},
		{"fr-CA", "politiques", "polit"},
		{"ES", "políticas", "politic"},
		{"es", "políticas", "politic"},
		{"ar", "políticas", "politica"},
		{"ru", "políticas", "politica"},
		{"zh", "políticas", "politica"},
		{"de", "políticas", "politica"},
		{"", "políticas", "politica"},
		{"fr", "доклады", "доклад"},
		{"es", "تقريره", "تقرير"},
	}
	for _, tt := range tests {
		q, _ := QueryAll(tt.reader, tt.q)
		if !slices.Equal(q.tokens, []string{tt.want}) {
			t.Errorf("QueryAll(%q, %q) = %q, want %q", tt.reader, tt.q, q.tokens, tt.want)
		}
	}
}

func TestTSQuery(t *testing.T) {
	shape := regexp.MustCompile(`^'[\pL0-9]+'( & '[\pL0-9]+')*$`)
	for _, text := range hostile {
		q, ok := QueryAll("en", text)
		if !ok {
			continue
		}
		if got := q.TSQuery(); !shape.MatchString(got) {
			t.Errorf("QueryAll(en, %q).TSQuery() = %q", text, got)
		}
	}
	q, _ := QueryAll("en", `report & !security | (x:*) <-> 'y'`)
	if got, want := q.TSQuery(), `'report' & 'secur' & 'x' & 'y'`; got != want {
		t.Errorf("TSQuery = %q, want %q", got, want)
	}
	// The escaping, should a token ever hold a quote or a backslash.
	q = Query{tokens: []string{`a'b`, `c\d`, `e"f`}}
	if got, want := q.TSQuery(), `'a''b' & 'c\\d' & 'e"f'`; got != want {
		t.Errorf("TSQuery = %q, want %q", got, want)
	}
	if got, want := q.FTS5(), `"a'b" AND "c\d" AND "e""f"`; got != want {
		t.Errorf("FTS5 = %q, want %q", got, want)
	}
}

func TestIndex(t *testing.T) {
	got := Index("en", "Annual reports", "", "The Committee's report on ICT security")
	if want := "annual report committe report ict secur"; got != want {
		t.Errorf("Index = %q, want %q", got, want)
	}
	if got := Index("en"); got != "" {
		t.Errorf("Index of nothing = %q", got)
	}
}

// tsvectorBytes is what PostgreSQL's to_tsvector checks against its limit
// of 1,048,575 bytes: each distinct lexeme padded to an even length, a
// 2-byte count and 2 bytes for each of at most 256 positions.
func tsvectorBytes(tokens []string) int {
	count := make(map[string]int)
	for _, t := range tokens {
		count[t]++
	}
	n := 0
	for t, c := range count {
		n += len(t) + len(t)%2 + 2 + 2*min(c, 256)
	}
	return n
}

func TestIndexCap(t *testing.T) {
	// Ordinary text: capped at 1 MiB, at a token boundary.
	para := "The Open-ended Working Group on security of and in the use of information and communications technologies " +
		"considered the reports submitted by States, regional organizations and other stakeholders in 2025. "
	huge := strings.Repeat(para, 100_000) // about 20 MB
	got := Index("en", huge)
	if len(got) > maxIndexBytes || len(got) < maxIndexBytes-100 {
		t.Errorf("ordinary text: %d bytes, want just under %d", len(got), maxIndexBytes)
	}
	tokens := strings.Split(got, " ")
	for _, tok := range tokens {
		if !plain.MatchString(tok) {
			t.Fatalf("token %q in capped index", tok)
		}
	}
	if !strings.HasPrefix(got, "open end work group secur") {
		t.Errorf("capped index starts %q", got[:40])
	}

	// Distinct long tokens (which PostgreSQL refuses beyond about 30,000 of
	// 32 bytes): capped by the tsvector estimate, before 1 MiB.
	var b strings.Builder
	for i := range 60_000 {
		fmt.Fprintf(&b, "%032x ", uint64(i)*0x9e3779b97f4a7c15)
	}
	got = Index("en", b.String())
	tokens = strings.Split(got, " ")
	if n := tsvectorBytes(tokens); n > 1<<20-1 || n < maxTSVectorBytes-100 {
		t.Errorf("distinct tokens: tsvector of %d bytes, want just under %d", n, maxTSVectorBytes)
	}
	if len(got) >= maxIndexBytes {
		t.Errorf("distinct tokens: %d bytes, the tsvector estimate did not cap it", len(got))
	}

	// A natural Chinese text is not capped early by the estimate.
	zh := strings.Repeat("各国和其他利益攸关方在二〇二五年审议了信息和通信技术安全领域的报告。", 20_000)
	got = Index("zh", zh)
	if len(got) < maxIndexBytes-100 {
		t.Errorf("Chinese text capped at %d bytes", len(got))
	}
	if n := tsvectorBytes(strings.Split(got, " ")); n > 1<<20-1 {
		t.Errorf("Chinese: tsvector of %d bytes", n)
	}
}

func TestChunkBoundaries(t *testing.T) {
	// Texts longer than a chunk are cut between words, so they analyse as
	// if whole; a long run of Han loses at most the bigram across a cut.
	words := strings.Repeat("reports security ", chunkBytes/8)
	if got, want := len(Tokens("en", words)), 2*(chunkBytes/8); got != want {
		t.Errorf("%d tokens, want %d", got, want)
	}
	han := strings.Repeat("信息", chunkBytes/3)
	got := Tokens("zh", han)
	runes := 2 * (chunkBytes / 3)
	// n characters give n unigrams and n-1 bigrams, less one per cut.
	if want := 2*runes - 1; len(got) < want-2 || len(got) > want {
		t.Errorf("%d tokens for %d Han characters, want about %d", len(got), runes, want)
	}
}

func TestConcurrent(t *testing.T) {
	// bleve's analysers are shared between goroutines: `make test-race` (in `make check`)
	// runs this under the race detector.
	var wg sync.WaitGroup
	for _, lang := range []string{"ar", "zh", "en", "fr", "ru", "es", "xx"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				Tokens(lang, "reports تقريره доклады 信息安全 l'sécurité informes")
			}
		}()
	}
	wg.Wait()
}

func FuzzTokens(f *testing.F) {
	for _, text := range hostile {
		f.Add("en", text)
	}
	f.Add("ar", "تقريره")
	f.Add("zh", "信息安全")
	f.Fuzz(func(t *testing.T, lang, text string) {
		for _, tok := range Tokens(lang, text) {
			if !plain.MatchString(tok) || len(tok) > maxTokenBytes {
				t.Errorf("Tokens(%q, %q) has token %q", lang, text, tok)
			}
		}
		q, ok := QueryAll(lang, text)
		if ok != (len(q.tokens) > 0) {
			t.Errorf("QueryAll(%q, %q) = %q, %v", lang, text, q.tokens, ok)
		}
		Snippet(text, q, 20)
	})
}
