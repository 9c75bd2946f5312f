package draft

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"blank lines separate, lines join with a space",
			"1. States reaffirmed\nthat international law applies.\n\n\n  (a) Norms of responsible\tState behaviour;  \n\n",
			[]string{"1. States reaffirmed that international law applies.", "(a) Norms of responsible State behaviour;"}},
		{"CRLF and white-space-only lines",
			"First paragraph.\r\n \t \r\nSecond\r\nparagraph.",
			[]string{"First paragraph.", "Second paragraph."}},
		{"paragraph separator and BOM",
			"\ufeffOne.\u2029Two.",
			[]string{"One.", "Two."}},
		{"Chinese lines join without a space",
			"1. 各国欢迎建立全球政府间\n联络点名录。\n\n2. 各国强调，能力建设\n应以需求为导向。",
			[]string{"1. 各国欢迎建立全球政府间联络点名录。", "2. 各国强调，能力建设应以需求为导向。"}},
		{"Chinese before Latin keeps a space",
			"各国欢迎\nICT 安全",
			[]string{"各国欢迎 ICT 安全"}},
		{"Arabic",
			"١. تؤكد الدول من جديد\nأن القانون الدولي ينطبق.\n\n٢. ترحب الدول بإنشاء دليل جهات الاتصال.",
			[]string{"١. تؤكد الدول من جديد أن القانون الدولي ينطبق.", "٢. ترحب الدول بإنشاء دليل جهات الاتصال."}},
		{"French no-break spaces stay, other runs become one space",
			"Les États ont souligné\u202f: la coopération  est\u00a0\u00a0essentielle\u00a0 !",
			[]string{"Les États ont souligné\u202f: la coopération est\u00a0essentielle !"}},
		{"Russian and Spanish, decomposed accents composed",
			"1. Государства подчеркнули важность наращивания потенциала.\n\n2. Los Estados reafirmaron que el derecho internacional es aplicable.",
			[]string{"1. Государства подчеркнули важность наращивания потенциала.", "2. Los Estados reafirmaron que el derecho internacional es aplicable."}},
		{"NFC", "Le Mecanisme e\u0301tabli", []string{"Le Mecanisme établi"}},
		{"nothing", " \n\n\t\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Split(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("Split(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestBody(t *testing.T) {
	tests := []struct{ in, want string }{
		{"1. States agreed.", "States agreed."},
		{"12.3 States agreed.", "States agreed."},
		{"(a) the norms;", "the norms;"},
		{"a) the norms;", "the norms;"},
		{"(iv) the norms;", "the norms;"},
		{"١. تؤكد الدول", "تؤكد الدول"},
		{"(أ) تؤكد الدول", "تؤكد الدول"},
		{"一、各国重申", "各国重申"},
		{"（一）各国重申", "各国重申"},
		{"2025 was a year.", "2025 was a year."},
		{"States agreed (a) that", "States agreed (a) that"},
		{"U.N. bodies", "U.N. bodies"},
	}
	for _, tt := range tests {
		if got := body(tt.in); got != tt.want {
			t.Errorf("body(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSimilarity(t *testing.T) {
	tests := []struct {
		name     string
		a, b     string
		min, max float64
	}{
		{"renumbered", "4. States welcomed the directory.", "3. States welcomed the directory.", 1, 1},
		{"case and spaces", "States  welcomed the Directory.", "states welcomed the directory.", 1, 1},
		{"Arabic vowel marks and tatweel", "تُؤَكِّدُ الدول", "تؤكـــد الدول", 1, 1},
		{"Arabic alef forms", "إنشاء دليل", "انشاء دليل", 1, 1},
		{"full-width", "ＩＣＴ安全", "ICT安全", 1, 1},
		{"reworded", "States recalled the eleven voluntary, non-binding norms of responsible State behaviour.",
			"States recalled the eleven voluntary and non-binding norms of responsible behaviour of States.", SameThreshold, 0.95},
		{"unrelated", "States welcomed the establishment of the Points of Contact directory.",
			"Capacity-building should be demand-driven and gender-sensitive.", 0, 0.3},
		{"empty", "", "", 1, 1},
	}
	for _, tt := range tests {
		if got := Similarity(tt.a, tt.b); got < tt.min || got > tt.max {
			t.Errorf("%s: Similarity = %.3f, want in [%.2f, %.2f]", tt.name, got, tt.min, tt.max)
		}
	}
}

// keys makes the keys of a test: k1, k2, … in the order asked.
func keys(prefix string) func() string {
	n := 0
	return func() string { n++; return fmt.Sprintf("%s%d", prefix, n) }
}

// version numbers texts as a first version: keys z1, z2, …
func version(texts []string) []Paragraph {
	return Match(nil, texts, keys("z"))
}

func TestFirstVersion(t *testing.T) {
	ps := version([]string{"1. One.", "2. Two."})
	want := []Paragraph{{Key: "z1", Number: 1, Text: "1. One."}, {Key: "z2", Number: 2, Text: "2. Two."}}
	if !equalParagraphs(ps, want) {
		t.Errorf("got %+v, want %+v", ps, want)
	}
}

func equalParagraphs(a, b []Paragraph) bool {
	return slices.EqualFunc(a, b, func(x, y Paragraph) bool {
		return x.Key == y.Key && x.Number == y.Number && x.Text == y.Text && slices.Equal(x.Origins, y.Origins)
	})
}

// The OEWG example: a zero draft and its Rev.1, in which paragraphs are reworded,
// renumbered, reordered, one is split, two are merged, one is deleted and one added.
var zeroDraft = `1. States reaffirmed that international law, and in particular the Charter of the United Nations in its entirety, is applicable and essential to maintaining peace and stability and promoting an open, secure, stable, accessible and peaceful ICT environment.

2. States recalled the eleven voluntary, non-binding norms of responsible State behaviour in the use of ICTs and stressed that the norms reflect the expectations of the international community and set standards for responsible State behaviour.

3. States highlighted that critical infrastructure, including the technical infrastructure essential to the general availability or integrity of the Internet, should be protected from ICT activity contrary to obligations under international law.

4. States welcomed the establishment of the global, intergovernmental Points of Contact directory and encouraged all States that have not yet done so to nominate diplomatic and technical points of contact.

5. States recognised that the directory should be used in a manner consistent with its purpose, and that participation in the directory is voluntary. States further encouraged regular ping tests to keep contact information up to date, and invited the Secretariat to organise a tabletop exercise on the use of the directory.

6. States emphasised that capacity-building should be demand-driven, tailored to specific needs and contexts, and gender-sensitive.

7. States also stressed that capacity-building is a reciprocal, two-way process in which States learn from each other, and should be sustainable, transparent and politically neutral.

8. States noted proposals to establish a global ICT security cooperation and capacity-building portal.

9. States discussed the future regular institutional dialogue and agreed that it should be action-oriented, consensus-based and open to the participation of all Member States.

10. States recommended that the Chair convene informal intersessional meetings with interested stakeholders, including businesses, non-governmental organizations and academia.`

var rev1 = `1. States reaffirmed that international law, and in particular the Charter of the United Nations in its entirety, is applicable and essential to maintaining peace and stability and promoting an open, secure, stable, accessible and peaceful ICT environment.

2. States recalled the eleven voluntary, non-binding norms of responsible State behaviour in the use of ICTs, and stressed that these norms reflect the expectations and standards of the international community regarding the behaviour of States in their use of ICTs.

3. States welcomed the establishment of the global, intergovernmental Points of Contact directory and encouraged all States that have not yet done so to nominate diplomatic and technical points of contact.

4. States recognised that the directory should be used in a manner consistent with its purpose, and that participation in the directory is voluntary.

5. States further encouraged regular ping tests to keep contact information up to date, and invited the Secretariat to organise a tabletop exercise on the use of the directory.

6. States emphasised that capacity-building should be demand-driven, tailored to specific needs and contexts, and gender-sensitive, and that it is a reciprocal, two-way process in which States learn from each other, which should be sustainable, transparent and politically neutral.

7. States welcomed the convening of the Global Roundtable on ICT capacity-building and requested the Secretariat to prepare a summary of its outcomes.

8. States discussed the future permanent mechanism and agreed that it should be action-oriented, consensus-based, and open to the participation of all Member States, with its decisions taken by consensus.

9. States highlighted that critical infrastructure, including the technical infrastructure essential to the general availability or integrity of the Internet, should be protected from malicious ICT activity contrary to obligations under international law.

10. States recommended that the Chair convene informal intersessional meetings with interested stakeholders, including businesses, non-governmental organizations and academia.`

func TestMatchOEWG(t *testing.T) {
	zero := version(Split(zeroDraft))
	if len(zero) != 10 {
		t.Fatalf("zero draft: %d paragraphs, want 10", len(zero))
	}
	got := Match(zero, Split(rev1), keys("r"))
	// z5 is split into Rev.1's 4 and 5: the longer part, 5, is the more like the whole
	// and keeps z5; 4 gets a new key. z6 and z7 are merged into 6, which keeps z7, the
	// longer and so the more like it. z8 is gone; 7 is new.
	want := []struct {
		key     string
		origins []string
	}{
		{"z1", []string{"z1"}},
		{"z2", []string{"z2"}},
		{"z4", []string{"z4"}},
		{"r1", []string{"z5"}},
		{"z5", []string{"z5"}},
		{"z7", []string{"z6", "z7"}},
		{"r2", nil},
		{"z9", []string{"z9"}},
		{"z3", []string{"z3"}},
		{"z10", []string{"z10"}},
	}
	if len(got) != len(want) {
		t.Fatalf("Rev.1: %d paragraphs, want %d", len(got), len(want))
	}
	for j, w := range want {
		if got[j].Key != w.key || !slices.Equal(got[j].Origins, w.origins) || got[j].Number != j+1 {
			t.Errorf("paragraph %d: key %s from %v, number %d; want %s from %v", j+1, got[j].Key, got[j].Origins, got[j].Number, w.key, w.origins)
		}
	}
	if r := Removed(zero, got); len(r) != 1 || r[0].Key != "z8" {
		t.Errorf("removed %+v, want z8 only", r)
	}

	type row struct {
		kind Kind
		old  []int
		new  int
	}
	var rows []row
	for _, c := range Compare(zero, got) {
		rows = append(rows, row{c.Kind, c.Old, c.New})
		if (c.Diff == nil) != (c.Kind == KindUnchanged || c.Kind == KindAdded || c.Kind == KindRemoved) {
			t.Errorf("change %+v: a diff exactly when the text changed", c)
		}
	}
	wantRows := []row{
		{KindUnchanged, []int{1}, 1},
		{KindEdited, []int{2}, 2},
		{KindUnchanged, []int{4}, 3}, // renumbered only
		{KindSplit, []int{5}, 4},
		{KindSplit, []int{5}, 5},
		{KindMerged, []int{6, 7}, 6},
		{KindRemoved, []int{8}, 0}, // after the paragraph that was before it
		{KindAdded, nil, 7},
		{KindEdited, []int{9}, 8},
		{KindMoved, []int{3}, 9},
		{KindUnchanged, []int{10}, 10},
	}
	if !slices.EqualFunc(rows, wantRows, func(a, b row) bool {
		return a.kind == b.kind && slices.Equal(a.old, b.old) && a.new == b.new
	}) {
		t.Errorf("Compare:\n got %v\nwant %v", rows, wantRows)
	}
}

func TestMatchCases(t *testing.T) {
	a := "States welcomed the establishment of the global, intergovernmental Points of Contact directory."
	b := "States emphasised that capacity-building should be demand-driven, tailored to specific needs and gender-sensitive."
	c := "States discussed the future regular institutional dialogue and agreed that it should be action-oriented."
	d := "States recommended that the Chair convene informal meetings with interested stakeholders, including academia."
	tests := []struct {
		name     string
		prev     []string
		next     []string
		keys     []string   // of next, prev's being z1, z2, …
		origins  [][]string // of next
		removed  []string
		kinds    []Kind
		position []int // New of each change, 0 for removed
	}{
		{"unchanged", []string{a, b, c}, []string{a, b, c},
			[]string{"z1", "z2", "z3"}, [][]string{{"z1"}, {"z2"}, {"z3"}}, nil,
			[]Kind{KindUnchanged, KindUnchanged, KindUnchanged}, []int{1, 2, 3}},
		{"edited keeps its key", []string{a, b, c},
			[]string{a, "States emphasised that capacity-building should be demand-driven, tailored to the needs of each State, and gender-sensitive.", c},
			[]string{"z1", "z2", "z3"}, [][]string{{"z1"}, {"z2"}, {"z3"}}, nil,
			[]Kind{KindUnchanged, KindEdited, KindUnchanged}, []int{1, 2, 3}},
		{"moved keeps its key and is moved", []string{a, b, c, d}, []string{b, c, d, a},
			[]string{"z2", "z3", "z4", "z1"}, [][]string{{"z2"}, {"z3"}, {"z4"}, {"z1"}}, nil,
			[]Kind{KindUnchanged, KindUnchanged, KindUnchanged, KindMoved}, []int{1, 2, 3, 4}},
		{"moved and edited", []string{a, b, c, d}, []string{b, c, d, a + " It should be kept up to date."},
			[]string{"z2", "z3", "z4", "z1"}, [][]string{{"z2"}, {"z3"}, {"z4"}, {"z1"}}, nil,
			[]Kind{KindUnchanged, KindUnchanged, KindUnchanged, KindMoved}, []int{1, 2, 3, 4}},
		{"new gets a new key", []string{a, c}, []string{a, b, c},
			[]string{"z1", "n1", "z2"}, [][]string{{"z1"}, nil, {"z2"}}, nil,
			[]Kind{KindUnchanged, KindAdded, KindUnchanged}, []int{1, 2, 3}},
		{"removed", []string{a, b, c}, []string{a, c},
			[]string{"z1", "z3"}, [][]string{{"z1"}, {"z3"}}, []string{"z2"},
			[]Kind{KindUnchanged, KindRemoved, KindUnchanged}, []int{1, 0, 2}},
		{"split in three, the part most like the whole keeps the key", []string{a, b + " " + c + " " + d},
			[]string{a, b, c, d},
			[]string{"z1", "z2", "n1", "n2"}, [][]string{{"z1"}, {"z2"}, {"z2"}, {"z2"}}, nil,
			[]Kind{KindUnchanged, KindSplit, KindSplit, KindSplit}, []int{1, 2, 3, 4}},
		// Each quarter is too little like the whole for the second pass: b, the longest,
		// brings the most of it and keeps the key.
		{"split in four, no part like the whole", []string{a + " " + b + " " + c + " " + d},
			[]string{a, b, c, d},
			[]string{"n1", "z1", "n2", "n3"}, [][]string{{"z1"}, {"z1"}, {"z1"}, {"z1"}}, nil,
			[]Kind{KindSplit, KindSplit, KindSplit, KindSplit}, []int{1, 2, 3, 4}},
		{"merged four, none like the whole", []string{a, b, c, d}, []string{a + " " + b + " " + c + " " + d},
			[]string{"z2"}, [][]string{{"z1", "z2", "z3", "z4"}}, nil,
			[]Kind{KindMerged}, []int{1}},
		{"merged three", []string{a, b, c, d}, []string{a, b + " " + c + " " + d},
			[]string{"z1", "z2"}, [][]string{{"z1"}, {"z2", "z3", "z4"}}, nil,
			[]Kind{KindUnchanged, KindMerged}, []int{1, 2}},
		{"cut short is an edit", []string{a + " " + b}, []string{a},
			[]string{"z1"}, [][]string{{"z1"}}, nil,
			[]Kind{KindEdited}, []int{1}},
		{"enlarged is an edit", []string{a}, []string{a + " " + b + " " + c},
			[]string{"z1"}, [][]string{{"z1"}}, nil,
			[]Kind{KindEdited}, []int{1}},
		{"repeated texts pair in order", []string{a, "[Reserved]", b, "[Reserved]"}, []string{"[Reserved]", a, "[Reserved]", b},
			[]string{"z2", "z1", "z4", "z3"}, [][]string{{"z2"}, {"z1"}, {"z4"}, {"z3"}}, nil,
			[]Kind{KindMoved, KindUnchanged, KindMoved, KindUnchanged}, []int{1, 2, 3, 4}},
		{"alike paragraphs keep their order", []string{"The Group met on 1 March.", "The Group met on 2 March."},
			[]string{"The Group met on 3 March.", "The Group met on 4 March."},
			[]string{"z1", "z2"}, [][]string{{"z1"}, {"z2"}}, nil,
			[]Kind{KindEdited, KindEdited}, []int{1, 2}},
		{"of two alike paragraphs, the one in the same place is kept", []string{"The Group met on 1 March.", "The Group met on 2 March."},
			[]string{c, "The Group met on 5 March."},
			[]string{"n1", "z2"}, [][]string{nil, {"z2"}}, []string{"z1"},
			[]Kind{KindRemoved, KindAdded, KindEdited}, []int{0, 1, 2}},
		{"everything new", []string{a}, []string{b},
			[]string{"n1"}, [][]string{nil}, []string{"z1"},
			[]Kind{KindRemoved, KindAdded}, []int{0, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prev := version(tt.prev)
			next := Match(prev, tt.next, keys("n"))
			var gotKeys []string
			var gotOrigins [][]string
			for j, p := range next {
				gotKeys = append(gotKeys, p.Key)
				gotOrigins = append(gotOrigins, p.Origins)
				if p.Number != j+1 || p.Text != tt.next[j] {
					t.Errorf("paragraph %d: number %d, text %q", j+1, p.Number, p.Text)
				}
			}
			if !slices.Equal(gotKeys, tt.keys) {
				t.Errorf("keys %v, want %v", gotKeys, tt.keys)
			}
			if !slices.EqualFunc(gotOrigins, tt.origins, slices.Equal) {
				t.Errorf("origins %v, want %v", gotOrigins, tt.origins)
			}
			var removed []string
			for _, p := range Removed(prev, next) {
				removed = append(removed, p.Key)
			}
			if !slices.Equal(removed, tt.removed) {
				t.Errorf("removed %v, want %v", removed, tt.removed)
			}
			var kinds []Kind
			var positions []int
			for _, c := range Compare(prev, next) {
				kinds, positions = append(kinds, c.Kind), append(positions, c.New)
			}
			if !slices.Equal(kinds, tt.kinds) || !slices.Equal(positions, tt.position) {
				t.Errorf("changes %v at %v, want %v at %v", kinds, positions, tt.kinds, tt.position)
			}
		})
	}
}

func TestMatchChinese(t *testing.T) {
	zero := version([]string{
		"1. 各国重申，国际法，特别是《联合国宪章》的全部内容，适用于维护和平与稳定以及促进开放、安全、稳定、无障碍与和平的信通技术环境，并且是必不可少的。",
		"2. 各国回顾了十一项关于国家在使用信通技术方面负责任行为的自愿、非约束性规范。",
		"3. 各国欢迎建立全球政府间联络点名录，并鼓励尚未这样做的所有国家提名外交和技术联络点。",
		"4. 各国强调，能力建设应以需求为导向，适合具体需要和情况，并顾及性别平等。各国还强调，能力建设是一个各国相互学习的双向进程。",
	})
	next := Match(zero, []string{
		"1. 各国欢迎建立全球政府间联络点名录，并鼓励尚未这样做的所有国家提名外交和技术联络点。",                          // z3 moved up
		"2. 各国重申，国际法，特别是《联合国宪章》全文，适用于维护和平与稳定以及促进开放、安全、稳定、无障碍与和平的信通技术环境，而且至关重要。", // z1 edited
		"3. 各国建议主席与感兴趣的利益攸关方举行非正式闭会期间会议。",                                       // new
		"4. 各国强调，能力建设应以需求为导向，适合具体需要和情况，并顾及性别平等。",                                // z4 split…
		"5. 各国还强调，能力建设是一个各国相互学习的双向进程。",                                          // …in two
	}, keys("n"))
	wantKeys := []string{"z3", "z1", "n1", "z4", "n2"}
	wantOrigins := [][]string{{"z3"}, {"z1"}, nil, {"z4"}, {"z4"}}
	for j, p := range next {
		if p.Key != wantKeys[j] || !slices.Equal(p.Origins, wantOrigins[j]) {
			t.Errorf("paragraph %d: %s from %v, want %s from %v", j+1, p.Key, p.Origins, wantKeys[j], wantOrigins[j])
		}
	}
	if r := Removed(zero, next); len(r) != 1 || r[0].Key != "z2" {
		t.Errorf("removed %+v, want z2", r)
	}
	changes := Compare(zero, next)
	var kinds []Kind
	for _, c := range changes {
		kinds = append(kinds, c.Kind)
	}
	// z3 moved before z1; z1 stays in order with z4, so z3 is the one moved.
	want := []Kind{KindMoved, KindEdited, KindRemoved, KindAdded, KindSplit, KindSplit}
	if !slices.Equal(kinds, want) {
		t.Errorf("kinds %v, want %v", kinds, want)
	}
	// The edit is shown character by character: 的全部内容 → 全文, 并且是必不可少的 → 而且至关重要.
	var del, ins []string
	for _, s := range changes[1].Diff {
		switch s.Op {
		case Delete:
			del = append(del, s.Text)
		case Insert:
			ins = append(ins, s.Text)
		}
	}
	if strings.Join(del, "|") != "的全部内容|并且是必不可少的" || strings.Join(ins, "|") != "全文|而且至关重要" {
		t.Errorf("diff deletes %q inserts %q", del, ins)
	}
}

func TestMatchArabic(t *testing.T) {
	zero := version([]string{
		"1. تؤكد الدول من جديد أن القانون الدولي، ولا سيما ميثاق الأمم المتحدة بكامله، ينطبق وهو ضروري لصون السلام والاستقرار وتعزيز بيئة مفتوحة وآمنة ومستقرة وسلمية لتكنولوجيا المعلومات والاتصالات.",
		"2. ترحب الدول بإنشاء دليل عالمي حكومي دولي لجهات الاتصال، وتشجع جميع الدول التي لم تفعل ذلك بعد على تسمية جهات اتصال دبلوماسية وتقنية.",
		"3. تشدد الدول على أن بناء القدرات ينبغي أن يكون مدفوعا بالطلب ومصمما وفقا للاحتياجات والظروف المحددة ومراعيا للمنظور الجنساني.",
	})
	next := Match(zero, []string{
		// Arabic-Indic numbering, vowel marks and a tatweel: the same paragraph.
		"١. تشدد الدول على أنَّ بناء القدرات ينبغي أن يكون مدفوعا بالطلب ومصمما وفقا للاحتياجات والظروف المحددة ومراعيـا للمنظور الجنساني.",
		// Reworded: the same paragraph.
		"٢. تؤكد الدول مجددا أن القانون الدولي، ولا سيما ميثاق الأمم المتحدة بكامله، ينطبق وهو ضروري لصون السلام والاستقرار وتهيئة بيئة مفتوحة وآمنة ومستقرة وسلمية لتكنولوجيا المعلومات والاتصالات.",
		// New.
		"٣. توصي الدول بأن يعقد الرئيس اجتماعات غير رسمية بين الدورات مع أصحاب المصلحة المهتمين.",
	}, keys("n"))
	wantKeys := []string{"z3", "z1", "n1"}
	for j, p := range next {
		if p.Key != wantKeys[j] {
			t.Errorf("paragraph %d: key %s, want %s", j+1, p.Key, wantKeys[j])
		}
	}
	var kinds []Kind
	var diff []Segment
	for _, c := range Compare(zero, next) {
		kinds = append(kinds, c.Kind)
		if c.Kind == KindEdited {
			diff = c.Diff
		}
	}
	// z3 went first, z1 second: one of them left the order; z2 is gone.
	want := []Kind{KindMoved, KindEdited, KindRemoved, KindAdded}
	if !slices.Equal(kinds, want) {
		t.Errorf("kinds %v, want %v", kinds, want)
	}
	// Word by word: "من جديد" → "مجددا", "وتعزيز" → "وتهيئة".
	var got []string
	for _, s := range diff {
		if s.Op != Equal {
			got = append(got, string(s.Op)+":"+s.Text)
		}
	}
	if w := []string{"delete:من جديد", "insert:مجددا", "delete:وتعزيز", "insert:وتهيئة"}; !slices.Equal(got, w) {
		t.Errorf("diff %q, want %q", got, w)
	}
}

func TestDiff(t *testing.T) {
	tests := []struct {
		a, b string
		want []Segment
	}{
		{"the quick brown fox", "the quick brown fox", []Segment{{Equal, "the quick brown fox"}}},
		{"the quick fox jumps", "a slow fox jumps", []Segment{{Delete, "the quick"}, {Insert, "a slow"}, {Equal, " fox jumps"}}},
		{"States agreed.", "States agreed, by consensus.", []Segment{{Equal, "States agreed"}, {Insert, ", by consensus"}, {Equal, "."}}},
		{"States recalled the eleven norms.", "States noted the ten norms.", []Segment{{Equal, "States "}, {Delete, "recalled the eleven"}, {Insert, "noted the ten"}, {Equal, " norms."}}},
		{"capacity-building portal", "capacity-building", []Segment{{Equal, "capacity-building"}, {Delete, " portal"}}},
		{"各国欢迎名录", "各国赞赏名录", []Segment{{Equal, "各国"}, {Delete, "欢迎"}, {Insert, "赞赏"}, {Equal, "名录"}}},
		{"", "new", []Segment{{Insert, "new"}}},
		{"old", "", []Segment{{Delete, "old"}}},
	}
	for _, tt := range tests {
		if got := Diff(tt.a, tt.b); !slices.Equal(got, tt.want) {
			t.Errorf("Diff(%q, %q)\n got %q\nwant %q", tt.a, tt.b, got, tt.want)
		}
	}
}

// Properties over random drafts and random revisions of them.

var vocabulary = strings.Fields(`States Member Group norms responsible behaviour ICT security
international law Charter United Nations capacity-building Points Contact directory
critical infrastructure confidence-building measures cooperation assistance reaffirmed
recalled welcomed encouraged emphasised noted recommended should could would the of and
in to for with on a an that which development regular institutional dialogue mechanism
permanent future consensus stakeholders academia business technical community diplomatic
voluntary non-binding peaceful open secure stable accessible environment threats existing
emerging ransomware supply chain vulnerabilities disclosure incident response teams
national policies legislation exchange information best practices Secretariat Chair
session report annual progress thematic groups plenary`)

var vocabularyZh = []rune("各国重申国际法特别是联合国宪章适用于维护和平与稳定促进开放安全无障碍信通技术环境能力建设联络点名录规范负责任行为自愿非约束性")

func sentence(r *rand.Rand, zh bool) string {
	var b strings.Builder
	if zh {
		for range 20 + r.IntN(40) {
			b.WriteRune(vocabularyZh[r.IntN(len(vocabularyZh))])
		}
		b.WriteString("。")
		return b.String()
	}
	for k := range 40 + r.IntN(40) {
		if k > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(vocabulary[r.IntN(len(vocabulary))])
	}
	b.WriteByte('.')
	return b.String()
}

func randomDraft(r *rand.Rand, n int, zh bool) []string {
	out := make([]string, n)
	for j := range out {
		out[j] = fmt.Sprintf("%d. %s", j+1, sentence(r, zh))
	}
	return out
}

// revise makes a revision: some paragraphs reworded in one phrase, some moved, some
// removed, some added.
func revise(r *rand.Rand, texts []string, zh bool) []string {
	var out []string
	for _, t := range texts {
		switch x := r.IntN(20); {
		case x == 0: // removed
		case x == 1:
			out = append(out, t, sentence(r, zh))
		case x < 6:
			rs := []rune(t)
			k := r.IntN(len(rs) / 2)
			out = append(out, string(rs[:k])+"reworded text"+string(rs[k+5:]))
		default:
			out = append(out, t)
		}
	}
	for range len(out) / 20 {
		i, j := r.IntN(len(out)), r.IntN(len(out))
		p := out[i]
		out = slices.Insert(slices.Delete(out, i, i+1), min(j, len(out)-1), p)
	}
	return out
}

func TestProperties(t *testing.T) {
	for seed := range uint64(40) {
		r := rand.New(rand.NewPCG(seed, 16))
		zh := seed%2 == 1
		prevTexts := randomDraft(r, 5+r.IntN(40), zh)
		prev := version(prevTexts)

		// The same text keeps every key, and nothing changed.
		same := Match(prev, prevTexts, func() string { t.Fatal("a new key for the same text"); return "" })
		for j, p := range same {
			if p.Key != prev[j].Key || !slices.Equal(p.Origins, []string{p.Key}) {
				t.Fatalf("seed %d: paragraph %d got key %s from %v, want %s", seed, j+1, p.Key, p.Origins, prev[j].Key)
			}
		}
		for _, c := range Compare(prev, same) {
			if c.Kind != KindUnchanged || c.Diff != nil {
				t.Fatalf("seed %d: %+v for the same text", seed, c)
			}
		}

		// A revision: keys unique, origins from prev, every old paragraph accounted for
		// once, every paragraph of both versions in the comparison.
		nextTexts := revise(r, prevTexts, zh)
		next := Match(prev, nextTexts, keys("n"))
		seen := map[string]bool{}
		prevKeys := map[string]bool{}
		for _, p := range prev {
			prevKeys[p.Key] = true
		}
		went := map[string]int{}
		for j, p := range next {
			if seen[p.Key] {
				t.Fatalf("seed %d: key %s twice", seed, p.Key)
			}
			seen[p.Key] = true
			if p.Number != j+1 || p.Text != nextTexts[j] {
				t.Fatalf("seed %d: paragraph %d numbered %d", seed, j+1, p.Number)
			}
			if prevKeys[p.Key] != slices.Contains(p.Origins, p.Key) {
				t.Fatalf("seed %d: %s keeps an old key without coming from it, or the reverse: %v", seed, p.Key, p.Origins)
			}
			for _, o := range p.Origins {
				if !prevKeys[o] {
					t.Fatalf("seed %d: origin %s not in prev", seed, o)
				}
				went[o]++
			}
		}
		for _, p := range Removed(prev, next) {
			went[p.Key]++
		}
		for _, p := range prev {
			if went[p.Key] == 0 {
				t.Fatalf("seed %d: %s went nowhere and is not removed", seed, p.Key)
			}
		}
		var news []int
		olds := map[int]bool{}
		for _, c := range Compare(prev, next) {
			if c.New > 0 {
				news = append(news, c.New)
			}
			for _, o := range c.Old {
				olds[o] = true
			}
			if c.Diff != nil {
				var a, b strings.Builder
				for _, s := range c.Diff {
					if s.Op != Insert {
						a.WriteString(s.Text)
					}
					if s.Op != Delete {
						b.WriteString(s.Text)
					}
				}
				if b.String() != body(c.NewText) {
					t.Fatalf("seed %d: the diff does not give the new text", seed)
				}
			}
		}
		if len(news) != len(next) || !slices.IsSorted(news) || len(olds) != len(prev) {
			t.Fatalf("seed %d: changes cover new %v of %d and %d old of %d", seed, news, len(next), len(olds), len(prev))
		}
	}
}

func TestDiffRebuildsBothTexts(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("ab c,.各国 دول éЖ")
	text := func() string {
		rs := make([]rune, r.IntN(30))
		for k := range rs {
			rs[k] = alphabet[r.IntN(len(alphabet))]
		}
		return string(rs)
	}
	for range 500 {
		a, b := text(), text()
		var ga, gb strings.Builder
		segs := Diff(a, b)
		for k, s := range segs {
			if s.Text == "" || k > 0 && segs[k-1].Op == s.Op {
				t.Fatalf("Diff(%q, %q) = %q: empty or repeated segment", a, b, segs)
			}
			if s.Op != Insert {
				ga.WriteString(s.Text)
			}
			if s.Op != Delete {
				gb.WriteString(s.Text)
			}
		}
		if ga.String() != a || gb.String() != b {
			t.Fatalf("Diff(%q, %q) = %q rebuilds %q and %q", a, b, segs, ga.String(), gb.String())
		}
	}
}

// BenchmarkMatch matches two versions of a 300-paragraph draft: the second with about a
// fifth of the paragraphs reworded, some moved, removed and added ("revision"), or every
// paragraph reworded ("all-edited", the worst case: every pair is compared).
func BenchmarkMatch(b *testing.B) {
	for _, c := range []struct {
		name string
		zh   bool
		all  bool
	}{{"revision", false, false}, {"revision-zh", true, false}, {"all-edited", false, true}} {
		b.Run(c.name, func(b *testing.B) {
			r := rand.New(rand.NewPCG(7, 7))
			prevTexts := randomDraft(r, 300, c.zh)
			prev := version(prevTexts)
			var nextTexts []string
			if c.all {
				for _, t := range prevTexts {
					nextTexts = append(nextTexts, "Reworded: "+t[:len(t)/2]+" and "+t[len(t)/2+1:])
				}
			} else {
				nextTexts = revise(r, prevTexts, c.zh)
			}
			b.ReportAllocs()
			for b.Loop() {
				Match(prev, nextTexts, keys("n"))
			}
		})
	}
}
