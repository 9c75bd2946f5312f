package api_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/api"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// humaCase makes huma refuse one kind of bad input, through a real request.
type humaCase struct {
	keyword  string // what in the request schemas asks huma for the check (requestKeywords)
	method   string
	path     string
	body     string
	location string // where the problem document reports it
	code     string // the catalogue key it must come out as
	arg      string // a value the message must repeat
}

var humaCases = []humaCase{
	{"type:string", "POST", "/users", `{"email": 5, "name": "N", "lang": "en"}`, "body.email", "api.expected_string", ""},
	{"type:integer", "POST", "/roles", `{"email": "x@example.org", "role": "observer", "organization_id": "one"}`, "body.organization_id", "api.expected_integer", ""},
	{"type:boolean", "PUT", "/users/1/disabled", `{"disabled": "yes"}`, "body.disabled", "api.expected_boolean", ""},
	{"type:array", "POST", "/users", `{"email": "x@example.org", "name": "N", "lang": "en", "roles": "chair"}`, "body.roles", "api.expected_array", ""},
	{"type:object", "POST", "/organizations", `{"type": "ngo", "names": 5, "hq_state": "FRA"}`, "body.names", "api.expected_object", ""},
	{"required", "POST", "/users", `{"name": "N", "lang": "en"}`, "body.email", "field.required", ""},
	{"additionalProperties:false", "POST", "/users", `{"email": "x@example.org", "name": "N", "lang": "en", "extra": true}`, "body.extra", "api.unexpected_property", ""},
	{"enum", "POST", "/users", `{"email": "x@example.org", "name": "N", "lang": "de"}`, "body.lang", "field.choice", ""},
	{"minimum", "GET", "/users/0", "", "path.id", "api.expected_minimum", "1"},
	{"maximum", "GET", "/users?limit=1000", "", "query.limit", "api.expected_maximum", "200"},
	{"maxLength", "POST", "/users", `{"email": "x@example.org", "name": "` + strings.Repeat("n", 201) + `", "lang": "en"}`, "body.name", "field.too_long", "200"},
	{"maxItems", "POST", "/users", `{"email": "x@example.org", "name": "N", "lang": "en", "roles": [` +
		strings.Repeat(`{"role": "chair"}, `, 20) + `{"role": "chair"}]}`, "body.roles", "api.expected_max_items", "20"},
	{"minItems", "POST", "/consultations/1/submissions/bulk", `{"organization_id": 1, "items": []}`, "body.items", "api.expected_min_items", "1"},
	{"format:date", "POST", "/bodies", `{"code": "gm", "names": {"en": "GM"}, "time_zone": "UTC", "mandate_ends": "soon"}`, "body.mandate_ends", "field.date", ""},
	{"format:date-time", "POST", "/communications", `{"to": "FRA", "kind": "information_request", "description": "D", "reply_by": "soon"}`,
		"body.reply_by", "api.expected_datetime", ""},
	{"contentEncoding:base64", "POST", "/communications", `{"to": "FRA", "kind": "information_request", "description": "D",
		"attachments": [{"name": "a.pdf", "content": "not base64!"}]}`, "body.attachments[0].content", "api.invalid_value", ""},
	{"type:number", "PUT", "/questionnaires/1/responses/FRA/answers", `{"answers": [{"question": "capacity.staff", "language": "en", "value": {"number": "five"}}]}`,
		"body.answers[0].value.number", "api.expected_number", ""},
	{"param:integer", "GET", "/users/one", "", "path.id", "api.expected_integer", ""},
	{"param:array", "GET", "/questionnaires/1/published?state=FRA" + strings.Repeat("&state=KEN", 200), "", "query.state", "api.expected_max_items", "200"},
	{"param:required", "GET", "/documents/1/comparison", "", "query.from", "field.required", ""},
}

// TestHumaMessagesTranslated makes huma refuse each kind of bad input our request schemas
// can meet and checks that every message it gives is one errors.go knows, and comes out
// in the reader's language; and that errors.go knows no message huma did not give. A huma
// upgrade that rewords a message, or a schema that asks for a new kind of check, fails
// here instead of answering in English.
func TestHumaMessagesTranslated(t *testing.T) {
	e := testenv.New(t)
	admin := e.CreateUser(t, "s@example.org", "Amina", plenary.Grant{Role: plenary.RoleSecretariat})
	token := tokenFor(t, e, admin, plenary.ScopeWrite)
	heard := hear(t)

	used := requestKeywords(e.API.OpenAPI())
	for _, kw := range sortedKeys(used) {
		if !slices.ContainsFunc(humaCases, func(c humaCase) bool { return c.keyword == kw }) {
			t.Errorf("%s asks huma to check %s, and no case makes it refuse that: add one (and its message to errors.go)", used[kw], kw)
		}
	}

	said := map[string]bool{} // the formats of errors.go that huma's messages matched
	for _, c := range humaCases {
		if used[c.keyword] == "" {
			t.Errorf("%s: no request schema asks for this check any more: remove the case", c.keyword)
			continue
		}
		*heard = nil
		en := serve(t, e.Handler, token, "en", c.method, c.path, c.body)
		if len(*heard) == 0 {
			t.Errorf("%s: %s %s: huma refused nothing: %d %s", c.keyword, c.method, c.path, en.Status, en.Body)
			continue
		}
		for _, d := range *heard {
			f := api.HumaFormat(d.Message)
			if f == "" {
				t.Errorf("%s: huma says %q at %s, which errors.go does not translate", c.keyword, d.Message, d.Location)
			}
			said[f] = true
		}
		fr := serve(t, e.Handler, token, "fr", c.method, c.path, c.body)
		enMsg, frMsg := fieldMessage(t, en, c), fieldMessage(t, fr, c)
		switch {
		case enMsg == "" || frMsg == "":
			// reported by fieldMessage
		case frMsg == enMsg:
			t.Errorf("%s: the French message is the English one: %q", c.keyword, frMsg)
		case c.arg != "" && (!strings.Contains(enMsg, c.arg) || !strings.Contains(frMsg, c.arg)):
			t.Errorf("%s: the messages leave out %s: %q, %q", c.keyword, c.arg, enMsg, frMsg)
		}
		for _, d := range *heard {
			if strings.Contains(string(en.Body), d.Message) || strings.Contains(string(fr.Body), d.Message) {
				t.Errorf("%s: huma's own words reach the reader: %q", c.keyword, d.Message)
			}
		}
	}
	for _, f := range api.HumaFormats() {
		if !said[f] {
			t.Errorf("errors.go translates %q, which huma never said here: remove it, or add the case that makes huma say it", f)
		}
	}
}

// TestUnreadableBody: a body that is not JSON, or none where one is required, is a
// problem in the reader's language.
func TestUnreadableBody(t *testing.T) {
	e := testenv.New(t)
	admin := e.CreateUser(t, "s@example.org", "Amina", plenary.Grant{Role: plenary.RoleSecretariat})
	token := tokenFor(t, e, admin, plenary.ScopeWrite)
	for _, body := range []string{`{"email": `, ""} {
		var en, fr problem
		serve(t, e.Handler, token, "en", "POST", "/users", body).json(t, &en)
		r := serve(t, e.Handler, token, "fr", "POST", "/users", body)
		r.json(t, &fr)
		if r.Status != http.StatusBadRequest || fr.Code != "api.malformed_body" || en.Code != fr.Code || fr.Detail == en.Detail {
			t.Errorf("body %q: %d %+v, in English %+v", body, r.Status, fr, en)
		}
	}
}

// hear records the details of the errors huma reports until the test ends, by wrapping
// the hook that installErrors set. Requests are served in the test's goroutine (serve), so
// that no other calls the hook while it changes.
func hear(t *testing.T) *[]*huma.ErrorDetail {
	var heard []*huma.ErrorDetail
	translate := huma.NewErrorWithContext
	huma.NewErrorWithContext = func(ctx huma.Context, status int, msg string, errs ...error) huma.StatusError {
		for _, err := range errs {
			var d *huma.ErrorDetail
			if errors.As(err, &d) {
				heard = append(heard, d)
			}
		}
		return translate(ctx, status, msg, errs...)
	}
	t.Cleanup(func() { huma.NewErrorWithContext = translate })
	return &heard
}

// serve sends a request through h in the test's goroutine.
func serve(t *testing.T, h http.Handler, token, lang, method, path, body string) reply {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, "/api/v1"+path, rd)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept-Language", lang)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return reply{w.Code, w.Header(), w.Body.Bytes()}
}

// fieldMessage returns the message of the problem document r about c's location, which
// must carry c's code.
func fieldMessage(t *testing.T, r reply, c humaCase) string {
	t.Helper()
	var p problem
	if err := json.NewDecoder(bytes.NewReader(r.Body)).Decode(&p); err != nil || r.Status != http.StatusUnprocessableEntity {
		t.Errorf("%s: %d %s", c.keyword, r.Status, r.Body)
		return ""
	}
	for _, f := range p.Errors {
		if f.Location == c.location {
			if f.Code != c.code || f.Message == "" {
				t.Errorf("%s: %s is %s %q, want %s", c.keyword, f.Location, f.Code, f.Message, c.code)
				return ""
			}
			return f.Message
		}
	}
	t.Errorf("%s: nothing about %s in %s", c.keyword, c.location, r.Body)
	return ""
}

// uncheckedFormats are formats huma does not check.
var uncheckedFormats = []string{"int32", "int64", "float", "double", "binary"}

// requestKeywords lists what the operations' parameters and JSON bodies ask huma to
// check, each with a place that asks it: "type:string", "maxLength", "format:date"…, and
// for parameters, which huma parses before it checks them, "param:integer" and
// "param:required".
func requestKeywords(doc *huma.OpenAPI) map[string]string {
	used := map[string]string{}
	seen := map[string]bool{}
	for _, op := range operations(doc) {
		for _, p := range op.Parameters {
			where := op.OperationID + " " + p.In + "." + p.Name
			if p.Required && p.In != "path" { // a path without its parameter goes elsewhere
				note(used, "param:required", where)
			}
			s := *p.Schema
			if s.Type != "string" {
				note(used, "param:"+s.Type, where)
			}
			s.Type = "" // a parameter arrives as text: huma parses it into its type
			schemaKeywords(doc, &s, where, used, seen)
		}
		if op.RequestBody != nil && op.RequestBody.Content["application/json"] != nil {
			schemaKeywords(doc, op.RequestBody.Content["application/json"].Schema, op.OperationID+" body", used, seen)
		}
	}
	return used
}

func schemaKeywords(doc *huma.OpenAPI, s *huma.Schema, where string, used map[string]string, seen map[string]bool) {
	if s == nil {
		return
	}
	if s.Ref != "" {
		if seen[s.Ref] {
			return
		}
		seen[s.Ref] = true
		where = strings.TrimPrefix(s.Ref, "#/components/schemas/")
		s = doc.Components.Schemas.SchemaFromRef(s.Ref)
	}
	if s.Type != "" {
		note(used, "type:"+s.Type, where)
	}
	if s.Format != "" && !slices.Contains(uncheckedFormats, s.Format) {
		note(used, "format:"+s.Format, where)
	}
	if s.ContentEncoding != "" {
		note(used, "contentEncoding:"+s.ContentEncoding, where)
	}
	for keyword, set := range map[string]bool{
		"required": len(s.Required) > 0, "additionalProperties:false": s.AdditionalProperties == false, "enum": len(s.Enum) > 0,
		"minimum": s.Minimum != nil, "maximum": s.Maximum != nil, "exclusiveMinimum": s.ExclusiveMinimum != nil,
		"exclusiveMaximum": s.ExclusiveMaximum != nil, "multipleOf": s.MultipleOf != nil, "minLength": s.MinLength != nil,
		"maxLength": s.MaxLength != nil, "pattern": s.Pattern != "", "minItems": s.MinItems != nil, "maxItems": s.MaxItems != nil,
		"uniqueItems": s.UniqueItems, "minProperties": s.MinProperties != nil, "maxProperties": s.MaxProperties != nil,
		"dependentRequired": len(s.DependentRequired) > 0, "oneOf": len(s.OneOf) > 0, "anyOf": len(s.AnyOf) > 0,
		"allOf": len(s.AllOf) > 0, "not": s.Not != nil,
	} {
		if set {
			note(used, keyword, where)
		}
	}
	for _, name := range sortedKeys(s.Properties) {
		schemaKeywords(doc, s.Properties[name], where+"."+name, used, seen)
	}
	schemaKeywords(doc, s.Items, where+"[]", used, seen)
	if ap, ok := s.AdditionalProperties.(*huma.Schema); ok {
		schemaKeywords(doc, ap, where+"{}", used, seen)
	}
	for _, sub := range slices.Concat(s.OneOf, s.AnyOf, s.AllOf, []*huma.Schema{s.Not}) {
		schemaKeywords(doc, sub, where+"|", used, seen)
	}
}

// note keeps the first place found that uses keyword (operations and properties are
// walked in order, so the place is the same from run to run).
func note(used map[string]string, keyword, where string) {
	if _, ok := used[keyword]; !ok {
		used[keyword] = where
	}
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
