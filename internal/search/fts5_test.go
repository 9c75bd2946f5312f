package search

import (
	"database/sql"
	"slices"
	"sort"
	"testing"

	_ "modernc.org/sqlite"
)

// The documents of the FTS5 tests, by name: language and text.
var ftsDocs = []struct{ name, lang, text string }{
	{"en-reports", "en", "Annual reports on ICT security"},
	{"en-near", "en", "The meeting near Geneva discussed and/or noted nothing"},
	{"en-syntax", "en", `He said "report*" (NEAR) a:b OR c & d | !e \f`},
	{"ar", "ar", "قدمت اللجنة تقريرها عن أمن المعلومات"},
	{"ru", "ru", "Доклады о безопасности"},
	{"zh", "zh", "信息安全报告"},
	{"fr", "fr", "l'sécurité des États"},
	{"es", "es", "los informes nacionales"},
}

// openFTS5 returns an in-memory FTS5 table of ftsDocs, with the tokenizer
// the application uses.
func openFTS5(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1) // one connection, one in-memory database
	t.Cleanup(func() { db.Close() })
	if _, err := db.Exec(`
		create virtual table docs using fts5(name unindexed, search_tokens,
			tokenize = 'unicode61 remove_diacritics 0');
		create virtual table vocab using fts5vocab(docs, instance)`); err != nil {
		t.Fatal(err)
	}
	for _, d := range ftsDocs {
		if _, err := db.Exec(`insert into docs(name, search_tokens) values(?, ?)`, d.name, Index(d.lang, d.text)); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func matchNames(t *testing.T, db *sql.DB, match string) ([]string, error) {
	t.Helper()
	rows, err := db.Query(`select name from docs where docs match ? order by name`, match)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		names = append(names, name)
	}
	return names, rows.Err()
}

func TestFTS5(t *testing.T) {
	db := openFTS5(t)
	tests := []struct {
		reader, q string
		want      []string
	}{
		{"en", "report", []string{"en-reports", "en-syntax"}},
		{"en", "Reports security", []string{"en-reports"}},
		{"en", `report*`, []string{"en-reports", "en-syntax"}},
		{"en", `"report" OR "security"`, []string{"en-reports"}},
		{"en", `report NOT security`, []string{"en-reports"}},
		{"en", `report AND (security OR x)`, nil},
		{"en", `NEAR(report security)`, nil},
		{"en", `NEAR`, []string{"en-near", "en-syntax"}},
		{"en", `near Geneva`, []string{"en-near"}},
		{"en", `near/3 Geneva`, nil}, // "3" is a word to find
		{"en", `\report\`, []string{"en-reports", "en-syntax"}},
		{"en", `search_tokens: report`, nil},
		{"en", `name:en-reports`, nil},
		{"en", `{search_tokens}: report`, nil},
		{"en", `"`, nil},
		{"en", `a:b`, []string{"en-syntax"}},
		{"en", `c & d | !e \f`, []string{"en-syntax"}},
		{"en", `-security ^annual +ict`, []string{"en-reports"}},
		{"fr", "AND OR NOT NEAR", nil},
		{"en", "تقرير", []string{"ar"}},
		{"en", "المعلومات", []string{"ar"}},
		{"zh", "доклад безопасность", []string{"ru"}},
		{"en", "信息", []string{"zh"}},
		{"ar", "报告", []string{"zh"}},
		{"ru", "告", []string{"zh"}},
		{"fr", "securite etats", []string{"fr"}},
		{"es", "informe nacional", []string{"es"}},
	}
	for _, tt := range tests {
		q, ok := QueryAll(tt.reader, tt.q)
		if !ok {
			if tt.want != nil {
				t.Errorf("QueryAll(%q, %q) has no tokens", tt.reader, tt.q)
			}
			continue
		}
		got, err := matchNames(t, db, q.FTS5())
		if err != nil {
			t.Errorf("QueryAll(%q, %q): MATCH %q: %v", tt.reader, tt.q, q.FTS5(), err)
			continue
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("QueryAll(%q, %q): MATCH %q found %q, want %q", tt.reader, tt.q, q.FTS5(), got, tt.want)
		}
	}

	// Every hostile query parses, in every interface language.
	for _, reader := range []string{"ar", "zh", "en", "fr", "ru", "es"} {
		for _, text := range hostile {
			q, ok := QueryAll(reader, text)
			if !ok {
				continue
			}
			if _, err := matchNames(t, db, q.FTS5()); err != nil {
				t.Errorf("QueryAll(%q, %q): MATCH %q: %v", reader, text, q.FTS5(), err)
			}
		}
	}

	// An empty expression is an error, which is why a query without tokens
	// reports false rather than giving one.
	if _, err := matchNames(t, db, Query{}.FTS5()); err == nil {
		t.Error("MATCH '' is not an error")
	}
}

// TestFTS5KeepsTokens checks that FTS5's tokenizer splits the column into
// exactly the tokens stored, neither splitting nor joining any.
func TestFTS5KeepsTokens(t *testing.T) {
	db := openFTS5(t)
	var texts []string
	for _, d := range ftsDocs {
		texts = append(texts, d.text)
	}
	texts = append(texts, hostile...)
	texts = append(texts, "Straße ΕΛΛΆΔΑ ﬁnance ＡＢＣ ٢٠٢٥ доклáд ёлка ICT信息安全报告 ١٢٣")
	for _, lang := range []string{"ar", "zh", "en", "fr", "ru", "es", "xx"} {
		for _, text := range texts {
			want := Tokens(lang, text)
			if _, err := db.Exec(`delete from docs; insert into docs(name, search_tokens) values('x', ?)`, Index(lang, text)); err != nil {
				t.Fatal(err)
			}
			rows, err := db.Query(`select term from vocab order by offset`)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for rows.Next() {
				var term string
				if err := rows.Scan(&term); err != nil {
					t.Fatal(err)
				}
				got = append(got, term)
			}
			rows.Close()
			sort.Strings(got)
			sort.Strings(want)
			if !slices.Equal(got, want) {
				t.Errorf("Tokens(%q, %q) = %q; FTS5 reads %q", lang, text, want, got)
			}
		}
	}
}
