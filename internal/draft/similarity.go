package draft

import "slices"

// Similarity is measured on character trigrams ("shingles"), not on words: Chinese has no
// spaces between words, Arabic attaches articles and conjunctions to the word (و، ال),
// and a word-based measure would see little in common between a paragraph and its
// rewording in those languages. Three characters are specific enough in alphabetic
// scripts and in Chinese, where a trigram is often a word and a half; two would make
// Chinese paragraphs on the same subject look alike (网络, 国家, 安全 are everywhere), four
// would make each small edit cost more.
const ShingleSize = 3

// The thresholds of Match, as fractions of trigrams. They were set on the OEWG example of
// the tests: there, paragraphs that are not the same have a Dice coefficient of at most
// 0.38 (0.42 for a deleted paragraph and the new one that replaced it, on the same
// subject), and the same paragraph reworded, or a part of a split or merge against its
// whole, at least 0.69; a Chinese paragraph with two phrases reworded keeps 0.80.
const (
	// SameThreshold is the least Dice coefficient, 2|A∩B| / (|A|+|B|), for a paragraph of
	// the new version to be the same paragraph as one of the previous version, edited:
	// halfway between the two groups above. A paragraph cut to two fifths of its length
	// still reaches it (0.57).
	SameThreshold = 0.5
	// PartThreshold is the least share of a paragraph's trigrams that must be found in
	// another for it to be a part of it (a split) or to have been merged into it:
	// containment |A∩B| / |A|. High, because a part is mostly old text.
	PartThreshold = 0.75
	// MinShare is the least share of the whole a part must carry (and, beside a part
	// already matched, carry beyond it): a short paragraph of common trigrams ("The
	// Group agreed to …") is largely contained in any long one without being a part of
	// it, and a near copy of a kept paragraph adds nothing to it.
	MinShare = 0.2
)

// shingles is a sorted set of packed trigrams. A rune takes 21 bits, so three fit in a
// uint64 without collisions; a text shorter than three characters is one shingle, marked
// by the top bit.
type shingles []uint64

func shingle(rs []rune) shingles {
	switch {
	case len(rs) == 0:
		return nil
	case len(rs) < ShingleSize:
		var v uint64
		for _, r := range rs {
			v = v<<21 | uint64(r)
		}
		return shingles{v | 1<<63}
	}
	out := make(shingles, 0, len(rs)-ShingleSize+1)
	for i := 0; i+ShingleSize <= len(rs); i++ {
		out = append(out, uint64(rs[i])<<42|uint64(rs[i+1])<<21|uint64(rs[i+2]))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// common counts the shingles two sets share.
func common(a, b shingles) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

// beyond counts the shingles of a that are in b but not in c: what a brings to b that c
// does not already.
func beyond(a, b, c shingles) int {
	n := 0
	for _, x := range a {
		_, inB := slices.BinarySearch(b, x)
		_, inC := slices.BinarySearch(c, x)
		if inB && !inC {
			n++
		}
	}
	return n
}

// dice is the Dice coefficient of two sets whose intersection has n elements; two empty
// texts are the same.
func dice(n, a, b int) float64 {
	if a+b == 0 {
		return 1
	}
	return 2 * float64(n) / float64(a+b)
}

// contained is the share of a set of size a found in the other: |A∩B| / |A|.
func contained(n, a int) float64 {
	if a == 0 {
		return 0
	}
	return float64(n) / float64(a)
}

// Similarity is the Dice coefficient of two paragraphs' trigrams, from 0 (nothing in
// common) to 1, leaving out their numbering, case, white space and Arabic vowel marks.
func Similarity(a, b string) float64 {
	sa, sb := shingle(fold(a)), shingle(fold(b))
	return dice(common(sa, sb), len(sa), len(sb))
}
