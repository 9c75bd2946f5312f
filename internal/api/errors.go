package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/validation"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/i18n"
	"github.com/plenary-platform/plenary/internal/server"
)

// Problem is an RFC 9457 problem document: what went wrong, in the reader's language,
// with a stable code for programs and one entry per faulty field.
type Problem struct {
	Type      string         `json:"type,omitempty" doc:"A URI for the kind of problem; about:blank when the status says it all"`
	Title     string         `json:"title" doc:"The status, in words"`
	Status    int            `json:"status" doc:"The HTTP status code"`
	Detail    string         `json:"detail,omitempty" doc:"What went wrong, in the language of Accept-Language"`
	Code      string         `json:"code" doc:"A stable identifier of the problem, for programs"`
	Errors    []FieldProblem `json:"errors,omitempty" doc:"The faulty fields"`
	RequestID string         `json:"request_id,omitempty" doc:"Quote it when reporting an internal error"`

	retryAfter string
}

// FieldProblem is one faulty field.
type FieldProblem struct {
	Location string `json:"location" doc:"Where: body.email, path.id, query.cursor"`
	Code     string `json:"code" doc:"A stable identifier of the problem, e.g. field.required"`
	Message  string `json:"message" doc:"The problem, in the language of Accept-Language"`
}

func (p *Problem) Error() string { return fmt.Sprintf("%d %s: %s", p.Status, p.Code, p.Detail) }

// GetStatus makes a Problem a huma.StatusError.
func (p *Problem) GetStatus() int { return p.Status }

// ContentType makes huma write problems as application/problem+json.
func (p *Problem) ContentType(ct string) string {
	if ct == "application/json" {
		return "application/problem+json"
	}
	return ct
}

// problem turns a domain error into a problem document in lang. Internal details stay in
// the log.
func (a *API) problem(lang string, err error) *Problem {
	var p *Problem
	if errors.As(err, &p) {
		return p
	}
	kind := plenary.ErrorKind(err)
	key, args := plenary.ErrorMessage(err)
	p = &Problem{Status: server.Status(kind), Code: key, Detail: a.catalog.T(lang, key, args)}
	p.Title = http.StatusText(p.Status)
	if p.Status >= 500 {
		a.log.Error("api: request failed", "err", err)
	}
	var v *plenary.ValidationError
	if errors.As(err, &v) {
		for _, f := range v.Fields {
			p.Errors = append(p.Errors, FieldProblem{Location: location(f.Field), Code: f.Message, Message: a.catalog.T(lang, f.Message, f.Args)})
		}
	}
	if d := plenary.RetryAfter(err); d > 0 {
		p.retryAfter = strconv.Itoa(int((d + time.Second - 1) / time.Second))
	}
	return p
}

// location names a domain field as huma names request parts. The domain's field names
// are the JSON body's, except the paging cursor, which is a query parameter.
func location(field string) string {
	if field == "cursor" || field == "limit" {
		return "query." + field
	}
	return "body." + field
}

var installOnce sync.Once

// installErrors makes huma report its own errors (malformed JSON, a wrong type, a missing
// property) as Problems in the language of Accept-Language. huma offers this hook only
// as package variables; they are set once, and only ever to these functions.
func installErrors(c *i18n.Catalog) {
	installOnce.Do(func() {
		huma.NewError = func(status int, msg string, errs ...error) huma.StatusError {
			return humaProblem(c, plenary.DefaultLanguage, status, msg, errs)
		}
		huma.NewErrorWithContext = func(ctx huma.Context, status int, msg string, errs ...error) huma.StatusError {
			lang := plenary.DefaultLanguage
			if ctx != nil {
				lang = c.Negotiate(ctx.Header("Accept-Language"))
			}
			return humaProblem(c, lang, status, msg, errs)
		}
	})
}

func humaProblem(c *i18n.Catalog, lang string, status int, msg string, errs []error) *Problem {
	p := &Problem{Status: status, Title: http.StatusText(status)}
	switch {
	case status == http.StatusBadRequest:
		p.Code = "api.malformed_body" // huma answers 400 when the body does not parse
	case status == http.StatusUnprocessableEntity:
		p.Code = "error.invalid"
	case status == http.StatusNotFound:
		p.Code = "error.not_found"
	case status == http.StatusMethodNotAllowed:
		p.Code = "api.method_not_allowed"
	case status == http.StatusRequestEntityTooLarge:
		p.Code = "api.body_too_large"
	case status == http.StatusUnsupportedMediaType:
		p.Code = "api.unsupported_media_type"
	case status == http.StatusNotAcceptable:
		p.Code = "api.not_acceptable"
	case status >= 500:
		p.Code = "error.internal"
	default:
		p.Code = "error.invalid"
	}
	if strings.Contains(msg, "parse") || strings.Contains(msg, "unmarshal") {
		p.Code = "api.malformed_body"
	}
	p.Detail = c.T(lang, p.Code, nil)
	for _, e := range errs {
		if e == nil {
			continue
		}
		var d *huma.ErrorDetail
		if !errors.As(e, &d) {
			continue
		}
		code, args, property := translateHuma(d.Message)
		loc := d.Location
		if property != "" { // a missing property is reported at its parent: name it
			loc += "." + property
		}
		p.Errors = append(p.Errors, FieldProblem{Location: loc, Code: code, Message: c.T(lang, code, args)})
	}
	return p
}

// humaMessage is one of huma's messages about a request and the catalogue key that says it
// in the reader's language.
type humaMessage struct {
	format string // as huma formats it
	code   string
	arg    string // the placeholder the captured value fills
	re     *regexp.Regexp
}

// humaMessages maps each message huma can give about our operations' requests to a
// catalogue key, so that schema errors read in the reader's language too. Most are format
// strings of huma's validation package; huma words those about parameters in place.
// messages_test.go makes huma give every one of them, and fails on a message none of
// these matches and on an entry no message matches.
var humaMessages = []humaMessage{
	{format: validation.MsgExpectedRequiredProperty, code: "field.required"},
	{format: validation.MsgUnexpectedProperty, code: "api.unexpected_property"},
	{format: validation.MsgExpectedMaxLength, code: "field.too_long", arg: "Max"},
	{format: validation.MsgExpectedOneOf, code: "field.choice"},
	{format: validation.MsgExpectedRFC3339DateTime, code: "api.expected_datetime"},
	{format: validation.MsgExpectedRFC3339Date, code: "field.date"},
	// An attachment's content that is not base64: no catalogue message says more.
	{format: validation.MsgExpectedBase64String, code: "api.invalid_value"},
	{format: validation.MsgExpectedString, code: "api.expected_string"},
	{format: validation.MsgExpectedInteger, code: "api.expected_integer"},
	{format: validation.MsgExpectedNumber, code: "api.expected_number"},
	{format: validation.MsgExpectedBoolean, code: "api.expected_boolean"},
	{format: validation.MsgExpectedArray, code: "api.expected_array"},
	{format: validation.MsgExpectedObject, code: "api.expected_object"},
	{format: validation.MsgExpectedMinimumNumber, code: "api.expected_minimum", arg: "Min"},
	{format: validation.MsgExpectedMaximumNumber, code: "api.expected_maximum", arg: "Max"},
	{format: validation.MsgExpectedMinItems, code: "api.expected_min_items", arg: "Min"},
	{format: validation.MsgExpectedMaxItems, code: "api.expected_max_items", arg: "Max"},
	{format: "required %s parameter is missing", code: "field.required"},
	{format: "invalid integer", code: "api.expected_integer"},
}

var compileHuma sync.Once

// matchHuma returns the entry msg is an instance of, with what its placeholder captured;
// nil when none is.
func matchHuma(msg string) (*humaMessage, string) {
	compileHuma.Do(func() {
		for i, m := range humaMessages {
			pattern := regexp.QuoteMeta(m.format)
			for _, verb := range []string{"%v", "%d", "%s"} {
				pattern = strings.ReplaceAll(pattern, verb, "(.*)")
			}
			humaMessages[i].re = regexp.MustCompile("^" + strings.ReplaceAll(pattern, `"\(\.\*\)"`, `"(.*)"`) + "$")
		}
	})
	for i, m := range humaMessages {
		if sub := m.re.FindStringSubmatch(msg); sub != nil {
			captured := ""
			if len(sub) > 1 {
				captured = sub[1]
			}
			return &humaMessages[i], captured
		}
	}
	return nil, ""
}

// translateHuma gives the catalogue key of one of huma's messages and its arguments, and
// for a missing property the property's name.
func translateHuma(msg string) (code string, args map[string]any, property string) {
	m, captured := matchHuma(msg)
	switch {
	case m == nil:
		return "api.invalid_value", nil, ""
	case m.format == validation.MsgExpectedRequiredProperty && captured != "":
		return m.code, nil, captured
	case m.arg != "" && captured != "":
		// Count selects the plural form of messages such as field.too_long.
		return m.code, map[string]any{m.arg: captured, "Count": captured}, ""
	}
	return m.code, nil, ""
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
