package draft

import (
	"cmp"
	"math"
	"slices"
)

// Match gives the paragraphs of a new version (next, as Split returns them) the
// identities of the previous version's paragraphs they come from, and numbers them.
// newKey makes a key for a paragraph that comes from none, and for the second and later
// parts of a split; it is called in the order of next.
//
// It goes in four passes, each on what the earlier ones left:
//
//  1. The same text, numbering left out, is the same paragraph, wherever it now stands
//     (unchanged, or moved). Repeated texts pair in their order.
//  2. Pairs of an old and a new paragraph whose trigrams' Dice coefficient reaches
//     SameThreshold are taken greedily, the most similar first, and among equally similar
//     pairs the one whose places in the two versions are closest (so that two alike
//     paragraphs keep their order). Each paragraph is taken once. We chose this over an
//     optimal assignment (Hungarian, O(n³)) because the greedy one never gives up a
//     clearly best pair for two mediocre ones to raise a total, which is what a reader
//     of the two versions would do too.
//  3. Splits: a new paragraph left over that is mostly (PartThreshold) made of one old
//     paragraph's text, and carries a fair part (MinShare) of it that the part matched
//     by the second pass (if any) does not, is a part of that paragraph. The part the second pass matched, being the most like the whole, keeps
//     the old key; when none was matched, the part carrying most of the old text keeps
//     it. Every part lists the old key in Origins. A single such part with no match is
//     the old paragraph cut short: an edit.
//  4. Merges, the same the other way: an old paragraph left over that is mostly found in
//     one new paragraph, and brings a fair part of it, was merged into it. The new paragraph keeps the key of the old one
//     the second pass matched to it, or else of the one that brought most of its text, and
//     lists all of them in Origins. A single one is the old paragraph enlarged: an edit.
//
// What is left is new (a fresh key, no Origins) or removed (see Removed).
func Match(prev []Paragraph, next []string, newKey func() string) []Paragraph {
	m, n := len(prev), len(next)
	from := make([][]int, n)   // indices in prev each new paragraph comes from
	keeps := make([]int, n)    // index in prev whose key it keeps, or -1
	claimed := make([]bool, m) // whether an old paragraph went somewhere
	for j := range keeps {
		keeps[j] = -1
	}
	link := func(i, j int) {
		from[j], keeps[j], claimed[i] = []int{i}, i, true
	}

	// 1. The same text.
	same := make(map[string][]int, m)
	for i, p := range prev {
		b := body(p.Text)
		same[b] = append(same[b], i)
	}
	for j, t := range next {
		b := body(t)
		if q := same[b]; len(q) > 0 {
			link(q[0], j)
			same[b] = q[1:]
		}
	}

	// The rest, with their trigrams and what each old and new pair shares.
	var us, vs []int
	for i := range prev {
		if !claimed[i] {
			us = append(us, i)
		}
	}
	for j := range next {
		if from[j] == nil {
			vs = append(vs, j)
		}
	}
	if len(us) > 0 && len(vs) > 0 {
		matchRest(prev, next, us, vs, from, claimed, link)
	}

	out := make([]Paragraph, n)
	for j, t := range next {
		p := Paragraph{Number: j + 1, Text: t}
		if keeps[j] >= 0 {
			p.Key = prev[keeps[j]].Key
		} else {
			p.Key = newKey()
		}
		slices.Sort(from[j])
		for _, i := range from[j] {
			p.Origins = append(p.Origins, prev[i].Key)
		}
		out[j] = p
	}
	return out
}

// matchRest runs passes 2 to 4 on the old paragraphs us and the new ones vs that the
// first pass left.
func matchRest(prev []Paragraph, next []string, us, vs []int, from [][]int, claimed []bool, link func(i, j int)) {
	m, n := len(prev), len(next)
	osh := make([]shingles, len(us))
	for a, i := range us {
		osh[a] = shingle(fold(prev[i].Text))
	}
	nsh := make([]shingles, len(vs))
	for b, j := range vs {
		nsh[b] = shingle(fold(next[j]))
	}
	// What each pair shares, counted through an inverted index (trigram → the old
	// paragraphs that have it): the work is the sum of what pairs share rather than of
	// their sizes, and pairs that share nothing cost nothing.
	post := make(map[uint64][]int32)
	for a, sh := range osh {
		for _, x := range sh {
			post[x] = append(post[x], int32(a))
		}
	}
	inter := make([]int32, len(us)*len(vs))
	for b, sh := range nsh {
		row := inter[b*len(us) : (b+1)*len(us)]
		for _, x := range sh {
			for _, a := range post[x] {
				row[a]++
			}
		}
	}
	shared := func(a, b int) int { return int(inter[b*len(us)+a]) }

	// 2. Similar enough: greedy, most similar first, then closest in place.
	type pair struct {
		a, b        int
		score, away float64
	}
	var pairs []pair
	for a, i := range us {
		for b, j := range vs {
			c := shared(a, b)
			if d := dice(c, len(osh[a]), len(nsh[b])); d >= SameThreshold {
				away := math.Abs((float64(i)+0.5)/float64(m) - (float64(j)+0.5)/float64(n))
				pairs = append(pairs, pair{a, b, d, away})
			}
		}
	}
	slices.SortFunc(pairs, func(x, y pair) int {
		return cmp.Or(cmp.Compare(y.score, x.score), cmp.Compare(x.away, y.away),
			cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b))
	})
	partner := make([]int, len(us)) // the b the second pass gave each a, or -1
	for a := range partner {
		partner[a] = -1
	}
	partnerOf := make([]int, len(vs)) // the a it gave each b, or -1
	for b := range partnerOf {
		partnerOf[b] = -1
	}
	for _, p := range pairs {
		if partner[p.a] < 0 && partnerOf[p.b] < 0 {
			partner[p.a], partnerOf[p.b] = p.b, p.a
			link(us[p.a], vs[p.b])
		}
	}

	// 3. Splits: each new paragraph left over picks the old one it is most contained in.
	parts := make(map[int][]int) // a → its parts b, in order
	for b, j := range vs {
		if from[j] != nil {
			continue
		}
		best, bestIn, bestShare := -1, 0.0, 0.0
		for a := range us {
			c := shared(a, b)
			in, share := contained(c, len(nsh[b])), contained(c, len(osh[a]))
			if in < PartThreshold || share < MinShare || in < bestIn || in == bestIn && share <= bestShare {
				continue
			}
			// Beside a part the second pass matched, a part must bring a fair share of
			// the whole that this one does not: else it is a near copy of it, not a part.
			if p := partner[a]; p >= 0 && contained(beyond(nsh[b], osh[a], nsh[p]), len(osh[a])) < MinShare {
				continue
			}
			best, bestIn, bestShare = a, in, share
		}
		if best >= 0 {
			parts[best] = append(parts[best], b)
		}
	}
	inSplit := make([]bool, len(vs))
	for _, a := range sortedKeys(parts) {
		i, bs := us[a], parts[a]
		if partner[a] < 0 && len(bs) == 1 { // cut short
			link(i, vs[bs[0]])
			partner[a], partnerOf[bs[0]] = bs[0], a
			continue
		}
		if partner[a] < 0 { // no part matched: the one carrying most of the old text keeps its key
			keeper := slices.MaxFunc(bs, func(x, y int) int {
				return cmp.Or(cmp.Compare(shared(a, x), shared(a, y)), cmp.Compare(y, x))
			})
			link(i, vs[keeper])
			partner[a], partnerOf[keeper] = keeper, a
		}
		inSplit[partner[a]] = true
		for _, b := range bs {
			if b != partner[a] {
				from[vs[b]], inSplit[b] = []int{i}, true
			}
		}
	}

	// 4. Merges: each old paragraph left over picks the new one it is most contained in,
	// among those left over or kept whole by the second pass.
	merged := make(map[int][]int) // b → the a merged into it
	for a, i := range us {
		if claimed[i] {
			continue
		}
		best, bestIn, bestShare := -1, 0.0, 0.0
		for b, j := range vs {
			if inSplit[b] || len(from[j]) > 1 {
				continue
			}
			c := shared(a, b)
			in, share := contained(c, len(osh[a])), contained(c, len(nsh[b]))
			if in < PartThreshold || share < MinShare || in < bestIn || in == bestIn && share <= bestShare {
				continue
			}
			// Beside the old paragraph the second pass matched, a paragraph merged in
			// must bring a fair share of the new text: else it is a near copy of it
			// that was removed, not merged.
			if p := partnerOf[b]; p >= 0 && contained(beyond(osh[a], nsh[b], osh[p]), len(nsh[b])) < MinShare {
				continue
			}
			best, bestIn, bestShare = b, in, share
		}
		if best >= 0 {
			merged[best] = append(merged[best], a)
		}
	}
	for _, b := range sortedKeys(merged) {
		j, as := vs[b], merged[b]
		if partnerOf[b] < 0 && len(as) == 1 { // enlarged
			link(us[as[0]], j)
			continue
		}
		if partnerOf[b] < 0 { // the one bringing most of the text keeps its key
			keeper := slices.MaxFunc(as, func(x, y int) int {
				return cmp.Or(cmp.Compare(shared(x, b), shared(y, b)), cmp.Compare(y, x))
			})
			link(us[keeper], j)
		}
		for _, a := range as {
			if i := us[a]; !claimed[i] {
				from[j], claimed[i] = append(from[j], i), true
			}
		}
	}
}

func sortedKeys(m map[int][]int) []int {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Removed returns the paragraphs of prev that went nowhere in next: neither kept, nor
// split, nor merged.
func Removed(prev, next []Paragraph) []Paragraph {
	went := make(map[string]bool)
	for _, p := range next {
		went[p.Key] = true
		for _, o := range p.Origins {
			went[o] = true
		}
	}
	var out []Paragraph
	for _, p := range prev {
		if !went[p.Key] {
			out = append(out, p)
		}
	}
	return out
}
