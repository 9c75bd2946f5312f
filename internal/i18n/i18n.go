// Package i18n holds plenary's message catalogues in the six official languages of the
// United Nations and picks a language for a request.
//
// Catalogues are TOML files in locales/, one per language, with the same keys. A message
// may use placeholders ({{.Name}}) and plural forms (one/other in English; Arabic has
// zero, one, two, few, many and other). A test checks that every key used in the code
// and templates exists in all six catalogues and is really translated.
package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // instants are shown in the body's time zone even without a system database

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/plenary-platform/plenary"
)

//go:embed locales/*.toml
var locales embed.FS

// Catalog translates message keys.
type Catalog struct {
	bundle     *goi18n.Bundle
	localizers map[string]*goi18n.Localizer
	matcher    language.Matcher
	keys       map[string]map[string]bool // lang → keys present
	plural     map[string]bool            // keys whose English message has plural forms

	mu      sync.Mutex
	missing map[string]bool // keys already reported missing, to log each once

	// stateName names a State in a language, for plenary.StateArg arguments.
	stateName func(iso3, lang string) string
}

// Load reads the embedded catalogues. stateName names a State by its code in a language,
// for messages that name States (plenary.StateArg); without it they give the code.
func Load(stateName func(iso3, lang string) string) (*Catalog, error) {
	c := &Catalog{
		stateName:  stateName,
		bundle:     goi18n.NewBundle(language.English),
		localizers: map[string]*goi18n.Localizer{},
		keys:       map[string]map[string]bool{},
		plural:     map[string]bool{},
		missing:    map[string]bool{},
	}
	c.bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	tags := make([]language.Tag, 0, len(plenary.Languages))
	// English first: the matcher falls back to the first tag.
	ordered := append([]string{plenary.DefaultLanguage}, without(plenary.Languages, plenary.DefaultLanguage)...)
	for _, lang := range ordered {
		b, err := fs.ReadFile(locales, "locales/"+lang+".toml")
		if err != nil {
			return nil, fmt.Errorf("i18n: %w", err)
		}
		mf, err := c.bundle.ParseMessageFileBytes(b, lang+".toml")
		if err != nil {
			return nil, fmt.Errorf("i18n: %s.toml: %w", lang, err)
		}
		c.keys[lang] = map[string]bool{}
		for _, m := range mf.Messages {
			c.keys[lang][m.ID] = true
			if lang == plenary.DefaultLanguage && (m.One != "" || m.Two != "" || m.Few != "" || m.Many != "" || m.Zero != "") {
				c.plural[m.ID] = true
			}
		}
		// The language's own messages first, then English for anything missing.
		c.localizers[lang] = goi18n.NewLocalizer(c.bundle, lang, plenary.DefaultLanguage)
		tags = append(tags, language.Make(lang))
	}
	c.matcher = language.NewMatcher(tags)
	return c, nil
}

func without(list []string, x string) []string {
	var out []string
	for _, s := range list {
		if s != x {
			out = append(out, s)
		}
	}
	return out
}

// T returns the message key in lang, filled with args. A message with plural forms takes
// its count from args["Count"]. A key missing from every catalogue is returned as is
// (and logged once), so that a page never fails because of a missing string.
func (c *Catalog) T(lang, key string, args map[string]any) string {
	loc, ok := c.localizers[lang]
	if !ok {
		loc = c.localizers[plenary.DefaultLanguage]
	}
	args = c.expand(lang, args)
	cfg := &goi18n.LocalizeConfig{MessageID: key, TemplateData: args}
	// Only plural messages take the count: go-i18n would look for a plural form of a
	// plain message and fail.
	if n, ok := args["Count"]; ok && c.plural[key] {
		cfg.PluralCount = n
	}
	s, err := loc.Localize(cfg)
	if err != nil {
		c.reportMissing(key, err)
		if s != "" {
			return s
		}
		return key
	}
	return s
}

// Words are the catalogue in one language: what a generated document (an export, a
// national submission) needs of it, outside any page.
type Words struct {
	c    *Catalog
	lang string
}

// In is the catalogue in lang.
func (c *Catalog) In(lang string) Words { return Words{c: c, lang: lang} }

// T is the message key in the words' language.
func (w Words) T(key string, args map[string]any) string { return w.c.T(w.lang, key, args) }

// Date writes a day as the words' language writes it: 3 May 2026.
func (w Words) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.UTC()
	return w.c.T(w.lang, "date.long", map[string]any{
		"Day": t.Day(), "Month": w.c.T(w.lang, "date.month."+strconv.Itoa(int(t.Month())), nil), "Year": t.Year()})
}

// DateTime writes a date and a UTC time.
func (w Words) DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return w.c.T(w.lang, "date.time", map[string]any{"Date": w.Date(t), "Time": t.UTC().Format("15:04")})
}

// StateName names a State in the words' language.
func (w Words) StateName(iso3 string) string { return w.c.StateName(iso3, w.lang) }

// expand writes the marked arguments (plenary.KeyArg, TimeArg, DateArg, StateArg) in lang.
func (c *Catalog) expand(lang string, args map[string]any) map[string]any {
	var out map[string]any
	for k, v := range args {
		s, ok := v.(string)
		if !ok {
			continue
		}
		kind, value, ok := plenary.ParseArg(s)
		if !ok {
			continue
		}
		if out == nil {
			out = make(map[string]any, len(args))
			for k2, v2 := range args {
				out[k2] = v2
			}
		}
		switch kind {
		case "key":
			out[k] = c.T(lang, value, nil)
		case "time":
			out[k] = c.Time(lang, value)
		case "date":
			if day, err := time.Parse(time.DateOnly, value); err == nil {
				out[k] = c.In(lang).Date(day)
			}
		case "state":
			out[k] = c.StateName(value, lang)
		}
	}
	if out == nil {
		return args
	}
	return out
}

// StateName names a State by its code in lang (the code itself when the catalogue was
// loaded without names).
func (c *Catalog) StateName(iso3, lang string) string {
	if c.stateName == nil {
		return iso3
	}
	return c.stateName(iso3, lang)
}

// Time writes "2026-03-16T22:00:00Z@America/New_York" as a date and time in lang, in that
// zone, naming the zone.
func (c *Catalog) Time(lang, v string) string {
	instant, zone, _ := strings.Cut(v, "@")
	at, err := time.Parse(time.RFC3339, instant)
	if err != nil {
		return v
	}
	loc, err := plenary.Zone(zone)
	if err != nil || zone == "" {
		loc, zone = time.UTC, "UTC"
	}
	at = at.In(loc)
	date := c.T(lang, "date.long", map[string]any{
		"Day": at.Day(), "Month": c.T(lang, "date.month."+strconv.Itoa(int(at.Month())), nil), "Year": at.Year()})
	return c.T(lang, "date.time_zone", map[string]any{"Date": date, "Time": at.Format("15:04"), "Zone": zone})
}

func (c *Catalog) reportMissing(key string, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.missing[key] {
		c.missing[key] = true
		slog.Warn("i18n: message missing", "key", key, "err", err)
	}
}

// Localize is T without fallbacks: it fails if lang's catalogue lacks the message or the
// plural form the count needs. Tests use it to prove the catalogues complete.
func (c *Catalog) Localize(lang, key string, args map[string]any) (string, error) {
	args = c.expand(lang, args)
	msgs := c.keys[lang]
	if !msgs[key] {
		return "", fmt.Errorf("i18n: %s has no message %q", lang, key)
	}
	loc := goi18n.NewLocalizer(c.bundle, lang)
	cfg := &goi18n.LocalizeConfig{MessageID: key, TemplateData: args}
	if n, ok := args["Count"]; ok && c.plural[key] {
		cfg.PluralCount = n
	}
	s, tag, err := loc.LocalizeWithTag(cfg)
	if err != nil {
		return s, err
	}
	if tag.String() != lang {
		return s, fmt.Errorf("i18n: %q came from %s, not %s", key, tag, lang)
	}
	return s, nil
}

// Plural reports whether key is a message with plural forms.
func (c *Catalog) Plural(key string) bool { return c.plural[key] }

// Has reports whether lang's catalogue defines key.
func (c *Catalog) Has(lang, key string) bool { return c.keys[lang][key] }

// Keys returns the keys of lang's catalogue, sorted.
func (c *Catalog) Keys(lang string) []string {
	out := make([]string, 0, len(c.keys[lang]))
	for k := range c.keys[lang] {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Negotiate picks the best of the six languages for an Accept-Language header; English
// when nothing matches.
func (c *Catalog) Negotiate(acceptLanguage string) string {
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return plenary.DefaultLanguage
	}
	// Use the index: Match returns extended tags such as "ar-u-rg-egzzzz".
	_, idx, conf := c.matcher.Match(tags...)
	if conf == language.No {
		return plenary.DefaultLanguage
	}
	return append([]string{plenary.DefaultLanguage}, without(plenary.Languages, plenary.DefaultLanguage)...)[idx]
}

// LanguageName returns a language's name in that language, for the language switcher.
func LanguageName(lang string) string {
	switch lang {
	case "ar":
		return "العربية"
	case "zh":
		return "中文"
	case "en":
		return "English"
	case "fr":
		return "Français"
	case "ru":
		return "Русский"
	case "es":
		return "Español"
	}
	return strings.ToUpper(lang)
}
