package search

import "strings"

// Query is what a reader typed, analysed into the tokens a matching
// document's search_tokens must all contain. Its zero value has no tokens
// and must not be run: QueryIn and QueryAll say so by returning false.
type Query struct {
	lang   string   // the language the query was analysed in, for Snippet
	tokens []string // distinct, in the order typed
}

// maxQueryBytes and maxQueryTokens bound the work and the size of the SQL
// a query can cause; nobody needs more words than that to find something.
const (
	maxQueryBytes  = 1 << 10
	maxQueryTokens = 16
)

// QueryIn analyses q as text in lang, for searching documents indexed in
// lang (for example a list restricted to the French versions). The bool is
// false when nothing in q can be searched for: q is empty, punctuation, or
// only stop words, which are not in the index. The caller then shows no
// results rather than running an empty query, which FTS5 refuses as a
// syntax error and PostgreSQL answers with a notice and no rows.
func QueryIn(lang, q string) (Query, bool) {
	if len(q) > maxQueryBytes {
		q = q[:cut(q, maxQueryBytes)]
	}
	query := Query{lang: lang}
	seen := make(map[string]bool)
	analyse(lang, q, forQuery, func(tok string) bool {
		if !seen[tok] {
			seen[tok] = true
			query.tokens = append(query.tokens, tok)
		}
		return len(query.tokens) < maxQueryTokens
	})
	return query, len(query.tokens) > 0
}

// QueryAll analyses q, typed by a reader whose interface is in reader, for
// searching documents in all languages at once.
//
// Each language version of a document is indexed with its own analyser
// (Index), and a query cannot be analysed with all of them at once, so it
// is analysed by the script it is typed in, which is how Tokens analyses
// every run of text whatever the document's language: Arabic script as
// Arabic, Cyrillic as Russian and Han as Chinese bigrams, so an Arabic
// query typed on the English interface finds the Arabic version of a
// document. Latin script is ambiguous between English, French and Spanish;
// the reader's interface language is the best guess of which one they
// type, and English, the language of most UN documents, for readers of the
// Arabic, Chinese and Russian interfaces (Latin words in their documents
// are analysed as English too). A Latin query therefore finds documents in
// the reader's language by their stems, and documents in the other Latin
// languages only where the stems agree, as they do for many shared words
// and for names.
func QueryAll(reader, q string) (Query, bool) {
	lang := reader
	if latinKind(reader) == kindNeutral {
		lang = "en"
	}
	return QueryIn(lang, q)
}

// FTS5 returns the query as an FTS5 MATCH expression: every token as a
// double-quoted string, so that no word (AND, NEAR, a column name) is read
// as syntax, joined by AND. Tokens never contain a double quote, but one
// would be doubled, which is FTS5's escape.
func (q Query) FTS5() string {
	quoted := make([]string, len(q.tokens))
	for i, t := range q.tokens {
		quoted[i] = `"` + strings.ReplaceAll(t, `"`, `""`) + `"`
	}
	return strings.Join(quoted, " AND ")
}

// TSQuery returns the query for to_tsquery('simple', $1): every token in
// single quotes, joined by &. Inside quotes tsquery reads no operator
// (&, |, !, <->, :*, parentheses); a quote or a backslash in a token
// (which the analysis never produces) is doubled, which is tsquery's
// escape, so no input can cause a syntax error.
func (q Query) TSQuery() string {
	quoted := make([]string, len(q.tokens))
	for i, t := range q.tokens {
		t = strings.ReplaceAll(t, `\`, `\\`)
		quoted[i] = `'` + strings.ReplaceAll(t, `'`, `''`) + `'`
	}
	return strings.Join(quoted, " & ")
}
