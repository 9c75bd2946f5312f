package web

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/i18n"
)

// Form holds what was typed into a form and the problems found with it, translated.
type Form struct {
	Values url.Values
	Errors []FieldProblem
}

// FieldProblem is one problem to show next to a field and in the summary.
type FieldProblem struct {
	Field   string
	Message string
}

func newForm(r *http.Request) *Form {
	if r.Method == http.MethodGet {
		return &Form{Values: url.Values{}}
	}
	return &Form{Values: r.PostForm}
}

// Value returns what was typed in field.
func (f *Form) Value(field string) string {
	if f == nil {
		return ""
	}
	return f.Values.Get(field)
}

// Has reports whether a checkbox or multi-select had value.
func (f *Form) Has(field, value string) bool {
	if f == nil {
		return false
	}
	for _, v := range f.Values[field] {
		if v == value {
			return true
		}
	}
	return false
}

// Error returns the problem with field, if any.
func (f *Form) Error(field string) string {
	if f == nil {
		return ""
	}
	for _, e := range f.Errors {
		if e.Field == field {
			return e.Message
		}
	}
	return ""
}

// setErrors translates a validation error's fields into the form. A problem whose
// field the form does not show is still listed in the summary.
func (f *Form) setErrors(c *i18n.Catalog, lang string, v *plenary.ValidationError) {
	for _, fe := range v.Fields {
		f.Errors = append(f.Errors, FieldProblem{Field: fe.Field, Message: c.T(lang, fe.Message, fe.Args)})
	}
}

// formAgain answers a form an action refused: a validation error shows the form again
// (the page build makes, only now) with what was typed and each problem beside its
// field, 422; any other error is returned, for the error page. An action builds no page
// unless it is refused.
func (h *Handler) formAgain(w http.ResponseWriter, r *http.Request, err error, name string, build func() (pageData, error)) error {
	v, ok := isValidation(err)
	if !ok {
		return err
	}
	return h.showForm(w, r, http.StatusUnprocessableEntity, name, build, func(f *Form, lang string) { f.setErrors(h.catalog, lang, v) })
}

// formAgainOrConflict is formAgain for forms whose refusals also depend on the moment (a
// limit reached, registration closed): a conflict is shown above the form, 409, with
// what was typed kept.
func (h *Handler) formAgainOrConflict(w http.ResponseWriter, r *http.Request, err error, name string, build func() (pageData, error)) error {
	if plenary.ErrorKind(err) != plenary.KindConflict {
		return h.formAgain(w, r, err, name, build)
	}
	key, args := plenary.ErrorMessage(err)
	return h.showForm(w, r, http.StatusConflict, name, build, func(f *Form, lang string) {
		f.Errors = append(f.Errors, FieldProblem{Field: "form", Message: h.catalog.T(lang, key, args)})
	})
}

func (h *Handler) showForm(w http.ResponseWriter, r *http.Request, status int, name string, build func() (pageData, error),
	problems func(*Form, string)) error {
	p, err := build()
	if err != nil {
		return err
	}
	b := p.base()
	if b.Form == nil {
		b.Form = newForm(r)
	}
	problems(b.Form, b.Lang)
	h.render(w, r, status, name, p)
	return nil
}

// addError adds a problem found by the web layer itself (a form that could not be read).
func (f *Form) addError(c *i18n.Catalog, lang, field, key string) {
	f.Errors = append(f.Errors, FieldProblem{Field: field, Message: c.T(lang, key, nil)})
}

// Field describes one form control for the "field" partial.
type Field struct {
	ID, Name, Type, Label, Hint, Value, Error string
	Autocomplete                              string
	Required, Autofocus                       bool
	Options                                   []Option
	Dir                                       string // "auto" for text a person writes in any script
}

// choices lists values as the options of a select, each labelled by label (a page's
// name for it, in the page's language).
func choices[T ~string](values []T, label func(T) string) []Option {
	out := make([]Option, len(values))
	for i, v := range values {
		out[i] = Option{Value: string(v), Label: label(v)}
	}
	return out
}

// Option is one choice of a select.
type Option struct {
	Value, Label string
	Selected     bool
	// Lang is the language of a label that is not in the page's (a title only some
	// languages have), to mark it as such; "" for the page's.
	Lang string
}

// Field builds a control: {{template "field" (.Field "email" "email" "signin.email" "required" "autocomplete=username")}}.
// Options after the label key: "required", "autofocus", "hint=KEY", "autocomplete=VALUE",
// "dir=auto", "value=TEXT" (a default when the form is fresh).
func (p *Page) Field(name, typ, labelKey string, opts ...string) Field {
	f := Field{ID: "field-" + name, Name: name, Type: typ, Label: p.T(labelKey)}
	if p.Form != nil {
		f.Value, f.Error = p.Form.Value(name), p.Form.Error(name)
	}
	for _, o := range opts {
		k, v, _ := strings.Cut(o, "=")
		switch k {
		case "required":
			f.Required = true
		case "autofocus":
			f.Autofocus = true
		case "hint":
			f.Hint = p.T(v)
		case "autocomplete":
			f.Autocomplete = v
		case "dir":
			f.Dir = v
		case "value":
			if f.Value == "" && (p.Form == nil || len(p.Form.Values) == 0) {
				f.Value = v
			}
		}
	}
	if typ == "password" {
		f.Value = "" // never echo a password back
	}
	// The first field with a problem takes the focus, so that a screen reader lands on it.
	if f.Error != "" && p.Form != nil && len(p.Form.Errors) > 0 && p.Form.Errors[0].Field == name {
		f.Autofocus = true
	}
	return f
}

// Select builds a select control with options.
func (p *Page) Select(name, labelKey string, options []Option, opts ...string) Field {
	f := p.Field(name, "select", labelKey, opts...)
	f.Options = make([]Option, len(options))
	for i, o := range options {
		o.Selected = o.Value == f.Value
		f.Options[i] = o
	}
	return f
}

// MaxForm bounds an ordinary form; the server lets bodies up to its own limit through for
// uploads, so forms are bounded here.
const MaxForm = 1 << 20

// errTooLarge is a body over the route's limit: answered 413 with the refusal page.
var errTooLarge = errors.New("web: request body too large")

// parseForm reads a posted form; a body that is too large is refused (413), and a
// malformed one is a problem of the whole form, shown in the reader's language.
func (h *Handler) parseForm(r *http.Request) error {
	if r.ContentLength > MaxForm {
		return drained(r)
	}
	r.Body = http.MaxBytesReader(nil, r.Body, MaxForm)
	if err := r.ParseForm(); err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			return errTooLarge
		}
		var p plenary.Problems
		p.Add("form", "error.form_unreadable", nil)
		return p.Err()
	}
	return nil
}

// parseUpload reads a multipart form with one file of at most maxFile bytes; the file is
// returned with its name. A form without the file is fine (the field may be optional).
func (h *Handler) parseUpload(r *http.Request, field string, maxFile int64) (files.Upload, error) {
	ups, err := h.parseUploads(r, maxFile, field)
	return ups[field], err
}

// parseUploads reads a multipart form with several optional files of at most maxFile
// bytes each; the files present are returned by field.
func (h *Handler) parseUploads(r *http.Request, maxFile int64, fields ...string) (map[string]files.Upload, error) {
	limit := int64(len(fields))*maxFile + MaxForm
	if r.ContentLength > limit {
		return nil, drained(r)
	}
	r.Body = http.MaxBytesReader(nil, r.Body, limit)
	if err := r.ParseMultipartForm(MaxForm); err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			return nil, errTooLarge
		}
		var p plenary.Problems
		p.Add("form", "error.form_unreadable", nil)
		return nil, p.Err()
	}
	out := map[string]files.Upload{}
	for _, field := range fields {
		f, hdr, err := r.FormFile(field)
		if errors.Is(err, http.ErrMissingFile) {
			continue
		}
		if err != nil {
			return nil, err
		}
		data, err := readPart(f, maxFile)
		if err != nil {
			return nil, err
		}
		out[field] = files.Upload{Name: hdr.Filename, Data: data}
	}
	return out, nil
}

func readPart(f multipart.File, max int64) ([]byte, error) {
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, max+1))
}

// Checks builds a group of checkboxes (typ "checkbox", several values) or radio buttons
// (typ "radio", one) for the "checks" partial; an option is checked when the form has it.
func (p *Page) Checks(name, typ, legendKey string, options []Option, opts ...string) Field {
	f := p.Field(name, typ, legendKey, opts...)
	f.Options = make([]Option, len(options))
	for i, o := range options {
		o.Selected = p.Form.Has(name, o.Value)
		f.Options[i] = o
	}
	return f
}

// drained reads and drops a body refused as too large, and returns errTooLarge. The
// server has already refused bodies beyond its own bound; reading one within it lets the
// browser, still sending, show the answer instead of a reset connection.
func drained(r *http.Request) error {
	_, _ = io.Copy(io.Discard, r.Body)
	return errTooLarge
}
