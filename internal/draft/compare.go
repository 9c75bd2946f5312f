package draft

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind is what happened to a paragraph between two versions.
type Kind string

const (
	KindUnchanged Kind = "unchanged" // the same text, numbering aside, in the same order
	KindEdited    Kind = "edited"    // the same paragraph, reworded
	KindMoved     Kind = "moved"     // the same paragraph elsewhere in the order; Diff says if it was reworded too
	KindSplit     Kind = "split"     // one part of an old paragraph cut in several
	KindMerged    Kind = "merged"    // several old paragraphs made one
	KindAdded     Kind = "added"     // a new paragraph
	KindRemoved   Kind = "removed"   // an old paragraph that went nowhere
)

// Change is what happened to one paragraph.
type Change struct {
	Kind Kind
	// Key is the paragraph's key in the new version; for a removed one, in the old.
	Key string
	// Old are the paragraph's numbers in the old version: one, several for a merged
	// paragraph, none for an added one. New is its number in the new version, 0 for a
	// removed one.
	Old []int
	New int
	// OldText is the old text (old texts of a merged paragraph joined by a blank line);
	// NewText the new one.
	OldText, NewText string
	// Diff goes from the old text to the new when they differ, numbering aside: word by
	// word, character by character in scripts written without spaces.
	Diff []Segment
}

// Compare says paragraph by paragraph what changed from prev to next, where next came
// from prev through Match (its Origins name prev's keys). The changes come in the order
// of next, each removed paragraph where it stood: after the last paragraph before it in
// prev that was not moved away (or first, if none).
//
// A paragraph kept whole is moved when it left the order of the others: the paragraphs
// kept whole in their longest common order (a longest increasing subsequence of their
// old numbers) are in place, the rest moved. So inserting or deleting a paragraph moves
// nothing even though it renumbers all that follow, and moving one paragraph down a long
// draft reports that one, not all those it passed.
func Compare(prev, next []Paragraph) []Change {
	byKey := make(map[string]int, len(prev))
	for i, p := range prev {
		byKey[p.Key] = i
	}
	origins := make([][]int, len(next))
	refs := make([]int, len(prev))
	for j, p := range next {
		keys := p.Origins
		if len(keys) == 0 {
			keys = []string{p.Key} // made without Match: only the key says where it came from
		}
		for _, k := range keys {
			if i, ok := byKey[k]; ok {
				origins[j] = append(origins[j], i)
				refs[i]++
			}
		}
		slices.Sort(origins[j])
	}

	// Kept whole: one origin that went nowhere else. Which of them keep their order?
	var kept, olds []int
	for j, o := range origins {
		if len(o) == 1 && refs[o[0]] == 1 {
			kept, olds = append(kept, j), append(olds, o[0])
		}
	}
	inPlace := make([]bool, len(next))
	for _, k := range increasing(olds) {
		inPlace[kept[k]] = true
	}

	// Kinds first: a paragraph kept in place, split or merged anchors the removed
	// paragraphs that followed its origin in prev; a moved one does not.
	kinds := make([]Kind, len(next))
	for j, p := range next {
		o := origins[j]
		switch {
		case len(o) == 0:
			kinds[j] = KindAdded
		case len(o) > 1:
			kinds[j] = KindMerged
		case refs[o[0]] > 1:
			kinds[j] = KindSplit
		case !inPlace[j]:
			kinds[j] = KindMoved
		case body(prev[o[0]].Text) != body(p.Text):
			kinds[j] = KindEdited
		default:
			kinds[j] = KindUnchanged
		}
	}
	anchor := make([]int, len(prev)) // the new paragraph after which what followed each old one goes
	for i := range anchor {
		anchor[i] = -1
	}
	for j, o := range origins {
		if kinds[j] != KindMoved {
			for _, i := range o {
				anchor[i] = j
			}
		}
	}
	after := make(map[int][]int) // new index (-1: the start) → removed old indices
	last := -1
	for i := range prev {
		if refs[i] == 0 {
			after[last] = append(after[last], i)
		} else if anchor[i] >= 0 {
			last = anchor[i]
		}
	}

	var out []Change
	emitRemoved := func(j int) {
		for _, i := range after[j] {
			p := prev[i]
			out = append(out, Change{Kind: KindRemoved, Key: p.Key, Old: []int{number(p, i)}, OldText: p.Text})
		}
	}
	emitRemoved(-1)
	for j, p := range next {
		o := origins[j]
		c := Change{Kind: kinds[j], Key: p.Key, New: number(p, j), NewText: p.Text}
		var texts, bodies []string
		for _, i := range o {
			c.Old = append(c.Old, number(prev[i], i))
			texts = append(texts, prev[i].Text)
			bodies = append(bodies, body(prev[i].Text))
		}
		c.OldText = strings.Join(texts, "\n\n")
		if len(o) > 0 {
			if old := strings.Join(bodies, " "); old != body(p.Text) {
				c.Diff = Diff(old, body(p.Text))
			}
		}
		out = append(out, c)
		emitRemoved(j)
	}
	return out
}

func number(p Paragraph, i int) int {
	if p.Number > 0 {
		return p.Number
	}
	return i + 1
}

// increasing returns the indices of a longest strictly increasing subsequence of xs
// (patience sorting, O(n log n)).
func increasing(xs []int) []int {
	tails := []int{}             // tails[k]: index of the smallest last element of a run of length k+1
	back := make([]int, len(xs)) // the index before each in its run
	for i, x := range xs {
		k, _ := slices.BinarySearchFunc(tails, x, func(t, x int) int { return xs[t] - x })
		if k > 0 {
			back[i] = tails[k-1]
		} else {
			back[i] = -1
		}
		if k == len(tails) {
			tails = append(tails, i)
		} else {
			tails[k] = i
		}
	}
	out := make([]int, len(tails))
	i := -1
	if len(tails) > 0 {
		i = tails[len(tails)-1]
	}
	for k := len(tails) - 1; k >= 0; k-- {
		out[k] = i
		i = back[i]
	}
	return out
}

// Op is what a segment of a diff does.
type Op string

const (
	Equal  Op = "equal"
	Insert Op = "insert"
	Delete Op = "delete"
)

// Segment is a piece of a diff.
type Segment struct {
	Op   Op
	Text string
}

// maxCells bounds the table of the diff; two paragraphs beyond it (some 2,000 words
// each, once their common start and end are set aside) are shown as replaced whole.
const maxCells = 1 << 22

// Diff returns the segments that turn a into b: word by word, with spaces and each
// punctuation mark as tokens of their own, and character by character in scripts
// written without spaces (Chinese). Deleted text comes before inserted text, and a
// space between two changes joins them, so "the quick fox" → "a slow fox" reads as
// "the quick" replaced by "a slow", not as two replacements.
func Diff(a, b string) []Segment {
	ta, tb := tokens(a), tokens(b)
	pre := 0
	for pre < len(ta) && pre < len(tb) && ta[pre] == tb[pre] {
		pre++
	}
	suf := 0
	for suf < len(ta)-pre && suf < len(tb)-pre && ta[len(ta)-1-suf] == tb[len(tb)-1-suf] {
		suf++
	}
	var ops []Segment
	add := func(op Op, toks []string) {
		for _, t := range toks {
			ops = append(ops, Segment{op, t})
		}
	}
	add(Equal, ta[:pre])
	ma, mb := ta[pre:len(ta)-suf], tb[pre:len(tb)-suf]
	if len(ma)*len(mb) > maxCells {
		add(Delete, ma)
		add(Insert, mb)
	} else {
		ops = append(ops, lcs(ma, mb)...)
	}
	add(Equal, ta[len(ta)-suf:])
	return absorb(tidy(ops))
}

// lcs is the classic longest-common-subsequence table, read forwards.
func lcs(a, b []string) []Segment {
	n, m := len(a), len(b)
	w := m + 1
	t := make([]int32, (n+1)*w) // t[i*w+j]: LCS of a[i:] and b[j:]
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				t[i*w+j] = t[(i+1)*w+j+1] + 1
			} else {
				t[i*w+j] = max(t[(i+1)*w+j], t[i*w+j+1])
			}
		}
	}
	var out []Segment
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			out = append(out, Segment{Equal, a[i]})
			i++
			j++
		case t[(i+1)*w+j] >= t[i*w+j+1]:
			out = append(out, Segment{Delete, a[i]})
			i++
		default:
			out = append(out, Segment{Insert, b[j]})
			j++
		}
	}
	for ; i < n; i++ {
		out = append(out, Segment{Delete, a[i]})
	}
	for ; j < m; j++ {
		out = append(out, Segment{Insert, b[j]})
	}
	return out
}

// tidy joins the tokens into segments: each run of changes becomes one deletion then one
// insertion, a space alone between two changes going into both.
func tidy(ops []Segment) []Segment {
	var out []Segment
	var del, ins strings.Builder
	flush := func() {
		if del.Len() > 0 {
			out = append(out, Segment{Delete, del.String()})
		}
		if ins.Len() > 0 {
			out = append(out, Segment{Insert, ins.String()})
		}
		del.Reset()
		ins.Reset()
	}
	for k, s := range ops {
		switch {
		case s.Op == Delete:
			del.WriteString(s.Text)
		case s.Op == Insert:
			ins.WriteString(s.Text)
		case (del.Len() > 0 || ins.Len() > 0) && strings.TrimSpace(s.Text) == "" &&
			k+1 < len(ops) && ops[k+1].Op != Equal:
			del.WriteString(s.Text)
			ins.WriteString(s.Text)
		default:
			flush()
			if n := len(out); n > 0 && out[n-1].Op == Equal {
				out[n-1].Text += s.Text
			} else {
				out = append(out, s)
			}
		}
	}
	flush()
	return out
}

// absorb makes a diff readable where the longest common subsequence is not: a short
// stretch left equal between two changes, no longer than the larger side of either
// change, joins them (the "semantic cleanup" of Neil Fraser's diff-match-patch). Without
// it a Chinese edit 的全部内容 → 全文 reads 的 deleted, 全 kept, 部内容 deleted, 文 inserted.
func absorb(segs []Segment) []Segment {
	type item struct{ eq, del, ins string } // an equal stretch, or a change (del, ins)
	var items []item
	for _, s := range segs {
		n := len(items)
		switch {
		case s.Op == Equal:
			items = append(items, item{eq: s.Text})
		case n > 0 && items[n-1].eq == "" && s.Op == Delete: // a change goes on
			items[n-1].del += s.Text
		case n > 0 && items[n-1].eq == "":
			items[n-1].ins += s.Text
		case s.Op == Delete:
			items = append(items, item{del: s.Text})
		default:
			items = append(items, item{ins: s.Text})
		}
	}
	size := func(it item) int { return max(utf8.RuneCountInString(it.del), utf8.RuneCountInString(it.ins)) }
	for k := 1; k+1 < len(items); {
		b, e, a := items[k-1], items[k], items[k+1]
		if e.eq != "" && b.eq == "" && a.eq == "" {
			if n := utf8.RuneCountInString(e.eq); n <= size(b) && n <= size(a) {
				items[k-1] = item{del: b.del + e.eq + a.del, ins: b.ins + e.eq + a.ins}
				items = slices.Delete(items, k, k+2)
				k = max(1, k-1)
				continue
			}
		}
		k++
	}
	var out []Segment
	for _, it := range items {
		for _, s := range []Segment{{Equal, it.eq}, {Delete, it.del}, {Insert, it.ins}} {
			if s.Text != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// tokens cuts a text into words (letters, digits and marks of spaced scripts), runs of
// space, and single characters for the rest: punctuation, and each character of a script
// written without spaces.
func tokens(s string) []string {
	var out []string
	start, class := 0, -1
	for i, r := range s {
		c := 2
		switch {
		case unspaced(r):
			c = 2
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			c = 0
		case unicode.IsSpace(r):
			c = 1
		}
		if i > start && (c != class || c == 2) {
			out = append(out, s[start:i])
			start = i
		}
		class = c
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}
