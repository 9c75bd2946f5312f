package search

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSnippet(t *testing.T) {
	long := strings.Repeat("Preliminary remarks of no interest here. ", 20) +
		"The Committee adopted the reports of its working groups on ICT security.\n\n" +
		strings.Repeat("Closing remarks of no interest either. ", 20)
	tests := []struct {
		name, reader, q, text string
		max                   int
		want                  string
	}{
		{"around the match", "en", "report", long, 60,
			"…adopted the reports of its working groups on ICT security.…"},
		{"no match: the start", "en", "budget", long, 40,
			"Preliminary remarks of no interest here.…"},
		{"whole short text", "en", "report", "The\n\treports   of\r\nthe Group", 0,
			"The reports of the Group"},
		{"stemmed match", "en", "reported", "Nothing. States reporting on time.", 14,
			"…reporting on…"},
		{"French elision", "fr", "etat", "Rapport présenté par l’État partie", 25,
			"…par l’État partie"},
		{"Arabic", "en", "التقرير", "قدمت اللجنة تقريرها النهائي", 0,
			"قدمت اللجنة تقريرها النهائي"},
		{"Arabic cut", "en", "التقرير", strings.Repeat("كلام ", 50) + "قدمت اللجنة تقريرها النهائي" + strings.Repeat(" كلام", 50), 30,
			"…اللجنة تقريرها النهائي كلام…"},
		{"Chinese", "zh", "安全", strings.Repeat("各国", 40) + "审议了信息安全领域的报告" + strings.Repeat("各国", 40), 12,
			"…议了信息安全领域的报告各…"},
		{"Chinese single character", "zh", "告", "审议了信息安全领域的报告。", 0,
			"审议了信息安全领域的报告。"},
		{"no query", "en", "", "Some text", 0, "Some text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, _ := QueryAll(tt.reader, tt.q)
			got := Snippet(tt.text, q, tt.max)
			if got != tt.want {
				t.Errorf("Snippet = %q, want %q", got, tt.want)
			}
			max := tt.max
			if max <= 0 {
				max = defaultSnippetRunes
			}
			if n := utf8.RuneCountInString(strings.Trim(got, "…")); n > max {
				t.Errorf("%d runes, max %d", n, max)
			}
		})
	}
}

func TestSnippetFindsWhatMatched(t *testing.T) {
	// For each document of the matching tests, the snippet of a matching
	// query must show the word that matched.
	tests := []struct{ reader, q, text, word string }{
		{"en", "committee", "Notes. The Committee's mandate.", "Committee's"},
		{"en", "信息", "the term 信息安全 means", "信息"},
		{"es", "доклад", "a term (доклады) in the text", "доклады"},
		{"en", "2030", "خطة عام ٢٠٣٠", "٢٠٣٠"},
		{"fr", "oeuvre", "la mise en œuvre", "œuvre"},
		{"en", "ict", "ＩＣＴ安全", "ＩＣＴ"},
	}
	for _, tt := range tests {
		q, ok := QueryAll(tt.reader, tt.q)
		if !ok {
			t.Fatalf("query %q", tt.q)
		}
		if at := firstMatch(tt.text, q); at < 0 || !strings.HasPrefix(tt.text[at:], tt.word) {
			t.Errorf("firstMatch(%q, %q) = %d, want the offset of %q", tt.text, tt.q, at, tt.word)
		}
	}
}

func BenchmarkSnippet(b *testing.B) {
	text := benchText(b, "en")
	q, _ := QueryAll("en", "nonexistent words")
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Snippet(text, q, 0)
	}
}

func TestSnippetHostile(t *testing.T) {
	for _, reader := range []string{"ar", "zh", "en", "fr", "ru", "es"} {
		for _, text := range hostile {
			q, _ := QueryAll(reader, text)
			for _, max := range []int{-1, 0, 1, 2, 5} {
				got := Snippet(text+" "+text, q, max)
				if max > 0 && utf8.RuneCountInString(strings.Trim(got, "…")) > max {
					t.Errorf("Snippet(%q, %d) = %q", text, max, got)
				}
			}
		}
	}
}
