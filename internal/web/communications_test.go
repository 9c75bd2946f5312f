package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/communication"
	"github.com/plenary-platform/plenary/internal/directory"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// commContact makes a verified contact of a participating State, as the directory does.
func commContact(t *testing.T, e *testenv.Env, sec plenary.Actor, state, email, name string) account.User {
	t.Helper()
	u := e.CreateUser(t, email, name, plenary.Grant{Role: plenary.RolePointOfContact, State: state})
	if _, err := e.Directory.SetParticipation(ctx, sec, state, directory.Participating, ""); err != nil {
		t.Fatal(err)
	}
	c, err := e.Directory.Nominate(ctx, sec, directory.NominationInput{State: state, Function: directory.Diplomatic, Details: directory.Details{
		Name: name, Title: "Head of unit", Organisation: "Ministry", Emails: []string{email}, Languages: []string{"en"},
		Lang: "en", TimeZone: "UTC", Always: true}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Directory.Verify(ctx, sec, c.ID); err != nil {
		t.Fatal(err)
	}
	return u
}

func (b *browser) postMultipart(path string, fields url.Values, fileName string, file []byte) response {
	b.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	if fileName != "" {
		fw, _ := mw.CreateFormFile("attachments", fileName)
		_, _ = fw.Write(file)
	}
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, b.e.Server.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Origin", b.e.Server.URL)
	return b.do(req)
}

// TestCommunicationPages: the template's flow through pages without JavaScript, and who
// sees what: the two States' contacts the content, the Secretariat the metadata, anyone
// else nothing.
func TestCommunicationPages(t *testing.T) {
	e := testenv.New(t)
	secUser := e.CreateUser(t, "sec@example.org", "Secretariat Officer", plenary.Grant{Role: plenary.RoleSecretariat})
	sec := e.Actor(t, secUser)
	fra := commContact(t, e, sec, "FRA", "fra.poc@example.org", "Claire Dubois")
	ken := commContact(t, e, sec, "KEN", "ken.poc@example.org", "Wanjiru Kamau")
	bra := commContact(t, e, sec, "BRA", "bra.poc@example.org", "João Silva")
	delegate := e.CreateUser(t, "delegate@example.org", "Delegate", plenary.Grant{Role: plenary.RoleDelegate, State: "FRA"})
	pdf := []byte("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
	const secret = "Unusual traffic from the national registry"

	// France writes to Kenya.
	bf := newBrowser(t, e)
	bf.signIn(fra)
	res := bf.get("/en/communications/new")
	if res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("form: %d %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	mustContain(t, res.Body, `name="to"`, `value="KEN"`, `name="attachments"`, `type="datetime-local"`, "UTC")
	form := url.Values{"to": {"KEN"}, "kind": {"information_request"}, "urgency": {"priority"},
		"description": {secret}, "requested_action": {"Tell us what you see"}, "time_zone": {"Europe/Paris"}, "reply_by": {"2026-03-04T10:00"}}
	res = bf.postMultipart("/en/communications", form, "setup.pdf", []byte("MZ\x90\x00renamed program"))
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("renamed executable: %d", res.StatusCode)
	}
	mustContain(t, res.Body, "PDF, DOCX", secret)
	res = bf.postMultipart("/en/communications", form, "traffic.pdf", pdf)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("send: %d\n%s", res.StatusCode, res.Body)
	}
	loc := res.Header.Get("Location")
	page, _, _ := strings.Cut(loc, "#")
	if !strings.HasPrefix(page, "/en/communications/") {
		t.Fatalf("sent to %q", loc)
	}
	id := strings.TrimPrefix(page, "/en/communications/")
	thread := "/communications/" + id
	res = bf.get("/en" + thread)
	mustContain(t, res.Body, secret, `dir="auto"`, "traffic.pdf", "09:00") // 10:00 in Paris is 09:00 UTC
	c, err := e.Communications.Get(ctx, sec, commID(t, id))
	if err != nil || c.ReplyBy.Hour() != 9 {
		t.Fatalf("reply by %v %v", c.ReplyBy, err)
	}

	// Kenya reads it in Arabic, acknowledges, downloads the attachment.
	bk := newBrowser(t, e)
	bk.signIn(ken)
	res = bk.get("/ar/communications")
	if res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("inbox: %d", res.StatusCode)
	}
	mustContain(t, res.Body, `dir="rtl"`, "/ar"+thread)
	res = bk.get("/ar" + thread)
	mustContain(t, res.Body, secret, "<bdi>Claire Dubois</bdi>")
	res = bk.post("/ar"+thread+"/acknowledge", url.Values{})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("acknowledge: %d\n%s", res.StatusCode, res.Body)
	}
	// The next page says so, in Arabic.
	mustContain(t, bk.get(res.Header.Get("Location")).Body, e.Catalog.T("ar", "communication.flash.acknowledged", nil))
	res = bk.get("/en" + thread + "/attachments/1")
	if res.StatusCode != http.StatusOK || res.Body != string(pdf) || res.Header.Get("X-Content-Type-Options") != "nosniff" ||
		!strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") || res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("download: %d %v", res.StatusCode, res.Header)
	}
	res = bk.postMultipart("/en"+thread+"/reply", url.Values{"urgency": {"routine"}, "description": {"We see it too."}}, "", nil)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reply: %d\n%s", res.StatusCode, res.Body)
	}

	// The Secretariat: the overview and the metadata, not the content, until shared.
	bs := newBrowser(t, e)
	bs.signIn(secUser)
	res = bs.get("/en/communications")
	mustContain(t, res.Body, "Communications in all: 2", "Request for information")
	mustNotContain(t, res.Body, secret)
	res = bs.get("/en" + thread)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("Secretariat thread: %d", res.StatusCode)
	}
	mustNotContain(t, res.Body, secret, "traffic.pdf", "We see it too", "Claire Dubois")
	if res = bs.get("/en" + thread + "/attachments/1"); res.StatusCode != http.StatusNotFound {
		t.Errorf("Secretariat downloads before sharing: %d", res.StatusCode)
	}
	if res = bs.post("/en"+thread+"/share", url.Values{}); res.StatusCode != http.StatusForbidden {
		t.Errorf("Secretariat shares: %d", res.StatusCode)
	}
	if res = bf.post("/en"+thread+"/share", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("share: %d", res.StatusCode)
	}
	res = bs.get("/en" + thread)
	mustContain(t, res.Body, secret)
	mustNotContain(t, res.Body, "We see it too") // the reply was not shared

	// Anyone else: nothing exists.
	bb := newBrowser(t, e)
	bb.signIn(bra)
	bd := newBrowser(t, e)
	bd.signIn(delegate)
	for who, b := range map[string]*browser{"third State": bb, "delegate": bd} {
		for _, p := range []string{thread, thread + "/attachments/1"} {
			if res := b.get("/en" + p); res.StatusCode != http.StatusNotFound || strings.Contains(res.Body, secret) {
				t.Errorf("%s GET %s: %d", who, p, res.StatusCode)
			}
		}
		if res := b.post("/en"+thread+"/acknowledge", url.Values{}); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s acknowledges: %d", who, res.StatusCode)
		}
	}
	if res := bd.get("/en/communications"); res.StatusCode != http.StatusNotFound {
		t.Errorf("delegate lists: %d", res.StatusCode)
	}
	if res := newBrowser(t, e).get("/en" + thread); res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "sign-in") {
		t.Errorf("public: %d", res.StatusCode)
	}
	_ = communication.Inbox
}

func commID(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatalf("not an ID: %q", s)
	}
	return n
}

// TestCommunicationReplyRefused: a reply the form cannot take shows the thread again with
// the reply form, what was typed and the problem beside it (422); to a third State the
// thread still does not exist.
func TestCommunicationReplyRefused(t *testing.T) {
	e := testenv.New(t)
	sec := e.Actor(t, e.CreateUser(t, "sec@example.org", "Secretariat Officer", plenary.Grant{Role: plenary.RoleSecretariat}))
	fra := commContact(t, e, sec, "FRA", "fra.poc@example.org", "Claire Dubois")
	ken := commContact(t, e, sec, "KEN", "ken.poc@example.org", "Wanjiru Kamau")
	bra := commContact(t, e, sec, "BRA", "bra.poc@example.org", "João Silva")
	const secret = "Unusual traffic from the national registry"
	c, err := e.Communications.Send(ctx, e.Actor(t, fra), communication.Input{From: "FRA", To: "KEN",
		Kind: communication.InformationRequest, Urgency: communication.Priority, Description: secret,
		RequestedAction: "Tell us what you see"})
	if err != nil {
		t.Fatal(err)
	}
	reply := "/en/communications/" + strconv.FormatInt(c.ID, 10) + "/reply"
	form := url.Values{"urgency": {"routine"}, "description": {"We see it too."}, "time_zone": {"Mars/Olympus"}, "reply_by": {"2026-03-04T10:00"}}
	bk := newSignedIn(t, e, ken)
	res := expect(t, "bad time zone", bk.postMultipart(reply, form, "", nil), 422)
	mustContain(t, res.Body, `href="#field-time_zone"`, "We see it too.", secret, `action="`+reply+`"`)
	bb := newSignedIn(t, e, bra)
	res = expect(t, "third State", bb.postMultipart(reply, form, "", nil), 404)
	mustNotContain(t, res.Body, secret)
}
