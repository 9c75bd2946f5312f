package search

import (
	"fmt"
	"strings"
	"testing"
)

// Paragraphs in the style of the documents to be indexed, repeated with a
// numbered heading to about 5,000 words.
var benchParagraphs = map[string]string{
	"en": "The Open-ended Working Group on security of and in the use of information and communications " +
		"technologies considered the reports submitted by Member States, regional organizations and other " +
		"stakeholders. Delegations welcomed the Chair's revised draft and stressed that capacity-building " +
		"should be demand-driven, gender-sensitive and respectful of human rights. Several States proposed " +
		"that the global points of contact directory be operationalized without delay, while others " +
		"recalled that existing international law, including the Charter of the United Nations, applies " +
		"to the conduct of States in cyberspace. ",
	"ar": "نظر الفريق العامل المفتوح باب العضوية المعني بأمن تكنولوجيا المعلومات والاتصالات واستخدامها في " +
		"التقارير التي قدمتها الدول الأعضاء والمنظمات الإقليمية وأصحاب المصلحة الآخرون. ورحبت الوفود بمشروع " +
		"الرئيس المنقح وشددت على أن بناء القدرات ينبغي أن يكون قائما على الطلب ومراعيا للمنظور الجنساني " +
		"ومحترما لحقوق الإنسان. واقترحت عدة دول تفعيل الدليل العالمي لجهات الاتصال دون تأخير، في حين أشارت " +
		"دول أخرى إلى أن القانون الدولي القائم، بما في ذلك ميثاق الأمم المتحدة، ينطبق على سلوك الدول في " +
		"الفضاء الإلكتروني. ",
}

func benchText(b *testing.B, lang string) string {
	b.Helper()
	para := benchParagraphs[lang]
	var sb strings.Builder
	for i := 1; len(strings.Fields(sb.String())) < 5000; i++ {
		fmt.Fprintf(&sb, "%d. %s\n", i, para)
	}
	return sb.String()
}

// BenchmarkTokens analyses about 5,000 words of English and of Arabic.
func BenchmarkTokens(b *testing.B) {
	for _, lang := range []string{"en", "ar"} {
		b.Run(lang, func(b *testing.B) {
			text := benchText(b, lang)
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			var n int
			for b.Loop() {
				n = len(Tokens(lang, text))
			}
			b.ReportMetric(float64(len(strings.Fields(text))), "words")
			b.ReportMetric(float64(n), "tokens")
		})
	}
}
