package plenary

import (
	"net/mail"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// FieldError is one problem with one input field. Message is a catalogue key; Args fill
// its placeholders. Field is the input's name as the form and the JSON body spell it.
type FieldError struct {
	Field   string
	Message string
	Args    map[string]any
}

// ValidationError lists every problem found in an input, so that a form can show them all
// at once next to their fields.
type ValidationError struct {
	Fields []FieldError
}

func (v *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("invalid input:")
	for _, f := range v.Fields {
		b.WriteString(" ")
		b.WriteString(f.Field)
		b.WriteString("=")
		b.WriteString(f.Message)
	}
	return b.String()
}

func (v *ValidationError) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Message == "" && t.Kind == KindInvalid
}

// For returns the first problem with field, if any.
func (v *ValidationError) For(field string) (FieldError, bool) {
	for _, f := range v.Fields {
		if f.Field == field {
			return f, true
		}
	}
	return FieldError{}, false
}

// Problems collects field errors while an input is checked. The zero value is ready.
type Problems struct {
	fields []FieldError
}

// Add records a problem with field. Only the first problem per field is kept: the user
// fixes one thing at a time.
func (p *Problems) Add(field, message string, args map[string]any) {
	for _, f := range p.fields {
		if f.Field == field {
			return
		}
	}
	p.fields = append(p.fields, FieldError{Field: field, Message: message, Args: args})
}

// Has reports whether field already has a problem.
func (p *Problems) Has(field string) bool {
	for _, f := range p.fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// Err returns a *ValidationError if any problem was recorded, and nil otherwise.
func (p *Problems) Err() error {
	if len(p.fields) == 0 {
		return nil
	}
	return &ValidationError{Fields: append([]FieldError(nil), p.fields...)}
}

// Required records a problem if value is blank.
func (p *Problems) Required(field, value string) bool {
	if strings.TrimSpace(value) == "" {
		p.Add(field, "field.required", nil)
		return false
	}
	return true
}

// MaxLength records a problem if value has more than max characters (not bytes).
func (p *Problems) MaxLength(field, value string, max int) bool {
	if utf8.RuneCountInString(value) > max {
		p.Add(field, "field.too_long", map[string]any{"Max": max, "Count": max})
		return false
	}
	return true
}

// MinLength records a problem if value has fewer than min characters.
func (p *Problems) MinLength(field, value string, min int) bool {
	if utf8.RuneCountInString(value) < min {
		p.Add(field, "field.too_short", map[string]any{"Min": min, "Count": min})
		return false
	}
	return true
}

// Email records a problem unless value is one plain address (no display name).
func (p *Problems) Email(field, value string) bool {
	if !ValidEmail(value) {
		p.Add(field, "field.email", nil)
		return false
	}
	return true
}

// URL records a problem unless value is an absolute http or https address.
func (p *Problems) URL(field, value string) bool {
	u, err := url.Parse(value)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		p.Add(field, "field.url", nil)
		return false
	}
	return true
}

// OneOf records a problem unless value is one of allowed.
func (p *Problems) OneOf(field, value string, allowed ...string) bool {
	for _, a := range allowed {
		if value == a {
			return true
		}
	}
	p.Add(field, "field.choice", nil)
	return false
}

// Line records a problem if value is not plain single-line text: no control characters
// (a NUL, a line break in a name) and no bidirectional overrides or isolates, which could
// make a name display as something else (U+202A–U+202E, U+2066–U+2069). The marks that
// Arabic text legitimately uses (U+200E, U+200F) are allowed.
func (p *Problems) Line(field, value string) bool {
	for _, r := range value {
		if unicode.IsControl(r) || (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) || r == utf8.RuneError {
			p.Add(field, "field.plain_text", nil)
			return false
		}
	}
	return true
}

// MaxEmail bounds an e-mail address, in bytes: the longest a mail server must take
// (RFC 5321's 256 for a path, less its angle brackets).
const MaxEmail = 254

// ValidEmail reports whether s is a single bare e-mail address of sensible length.
func ValidEmail(s string) bool {
	if len(s) > MaxEmail || strings.ContainsAny(s, " <>\r\n") {
		return false
	}
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && a.Name == "" && strings.Contains(s[strings.LastIndexByte(s, '@'):], ".")
}

// NormalizeEmail trims and lower-cases an address, so that one person has one account.
func NormalizeEmail(s string) string {
	return strings.ToLower(strings.TrimSpace(s))
}

// Invalid is a validation error on one field, for a problem found inside a transaction
// (a number taken meanwhile).
func Invalid(field, message string, args map[string]any) error {
	var p Problems
	p.Add(field, message, args)
	return p.Err()
}
