package plenary

// The six official languages of the United Nations, by their BCP 47 tags as used in URLs
// (/ar/…) and catalogues. The order is the UN's: alphabetical by English name of the
// language, Arabic first.
var Languages = []string{"ar", "zh", "en", "fr", "ru", "es"}

// DefaultLanguage is used when nothing better is known.
const DefaultLanguage = "en"

// ValidLanguage reports whether lang is one of the six.
func ValidLanguage(lang string) bool {
	for _, l := range Languages {
		if l == lang {
			return true
		}
	}
	return false
}

// Direction returns "rtl" for Arabic and "ltr" for the others.
func Direction(lang string) string {
	if lang == "ar" {
		return "rtl"
	}
	return "ltr"
}

// Localized holds a text in several of the six languages, such as an organization's name.
type Localized map[string]string

// In returns the text in lang, or else in English, or else in the first language that has
// it (in the order of Languages), with the language actually used.
func (l Localized) In(lang string) (text, used string) {
	if t := l[lang]; t != "" {
		return t, lang
	}
	if t := l[DefaultLanguage]; t != "" {
		return t, DefaultLanguage
	}
	for _, x := range Languages {
		if t := l[x]; t != "" {
			return t, x
		}
	}
	return "", ""
}

// Text returns the text in lang with the same fallbacks as In.
func (l Localized) Text(lang string) string {
	t, _ := l.In(lang)
	return t
}
