package demo

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/accreditation"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/i18n"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/services"
	"github.com/plenary-platform/plenary/internal/store"
)

// pastClock is the demo's own clock for accreditation: rounds take weeks, so the demo
// plays the first round out in the past, moving this clock from step to step, while the
// second is left under way today.
type pastClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *pastClock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *pastClock) set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.now = t }

// applicant is a demo organization and what it says of itself.
type applicant struct {
	in                    organization.Input
	purpose, programmes   string
	contact, contactEmail string
}

var (
	// Accredited in the first round.
	round1 = []applicant{
		{in: organization.Input{Type: organization.Business, HQState: "KEN", Website: "https://securenet.example.com",
			Names: plenary.Localized{"en": "SecureNet East Africa Ltd"}},
			purpose: "Managed security services for public institutions in East Africa.", programmes: "Incident response exercises with national CERTs; training of government ICT staff.",
			contact: "Achieng Otieno", contactEmail: "a.otieno@securenet.example.com"},
		{in: organization.Input{Type: organization.Academia, HQState: "BRA",
			Names: plenary.Localized{"es": "Centro de Derecho Cibernético", "en": "Centre for Cyber Law", "pt": ""}},
			purpose: "Research and teaching on international law applicable to cyberspace.", programmes: "Annual summer school on norms of responsible State behaviour; commentary on the application of international law.",
			contact: "Ana Souza", contactEmail: "ana.souza@cyberlaw.example.edu"},
		{in: organization.Input{Type: organization.TechnicalCommunity, HQState: "SGP", Acronym: "APIX",
			Names: plenary.Localized{"en": "Asia-Pacific Internet Exchange Association", "zh": "亚太互联网交换协会"}},
			purpose: "Association of Internet exchange point operators in Asia and the Pacific.", programmes: "Routing security (RPKI) deployment; resilience of critical Internet infrastructure.",
			contact: "Tan Wei Ling", contactEmail: "secretariat@apix.example.org"},
	}
	// Blocked in the first round by one objection.
	blocked = applicant{in: organization.Input{Type: organization.NGO, HQState: "NLD", Website: "https://openwire.example.org",
		Names: plenary.Localized{"en": "Open Wire Collective"}},
		purpose: "Advocacy for an open Internet.", programmes: "Public campaigns on encryption.",
		contact: "Joris de Vries", contactEmail: "joris@openwire.example.org"}
	// With the Member States today.
	round2 = []applicant{
		{in: organization.Input{Type: organization.NGO, HQState: "EGY", Acronym: "ADSN",
			Names: plenary.Localized{"ar": "الشبكة العربية للأمن الرقمي", "en": "Arab Digital Security Network"}},
			purpose: "Strengthening digital security capacity in the Arab region.", programmes: "Capacity-building for Points of Contact; translation of guidance into Arabic.",
			contact: "Layla Mansour", contactEmail: "layla@adsn.example.org"},
		{in: organization.Input{Type: organization.Academia, HQState: "FRA",
			Names: plenary.Localized{"fr": "Observatoire de la cyberstabilité", "en": "Cyber Stability Observatory"}},
			purpose: "Independent research on stability in cyberspace.", programmes: "Survey of national implementation of the norms; open datasets.",
			contact: "Élise Bernard", contactEmail: "e.bernard@observatoire.example.fr"},
	}
)

// seedAccreditation creates the Global Mechanism, a decided first round and a second one
// with the Member States, through the accreditation service on a clock of its own.
func seedAccreditation(ctx context.Context, d Deps, actors map[string]plenary.Actor, institute organization.Organization) error {
	sys := plenary.System("demo")
	gm, err := d.Bodies.Create(ctx, sys, body.Input{Code: "gm", TimeZone: "America/New_York", Names: plenary.Localized{
		"en": "Global Mechanism on ICT security",
		"fr": "Mécanisme mondial sur la sécurité des TIC",
		"es": "Mecanismo Mundial sobre la seguridad de las TIC",
		"ru": "Глобальный механизм по безопасности ИКТ",
		"zh": "信息和通信技术安全问题全球机制",
		"ar": "الآلية العالمية المعنية بأمن تكنولوجيا المعلومات والاتصالات",
	}})
	if err != nil {
		return err
	}
	now := d.Clock.Now().UTC()
	clock := &pastClock{now: now.AddDate(0, 0, -80)}
	acc := accreditation.NewService(d.DB.Accreditation(), clock, nil, d.BaseURL)
	secretariat := actors["secretariat@example.org"]

	// Round 1: opened 80 days ago, decided 38 days ago.
	r1, err := acc.OpenRound(ctx, secretariat, gm.ID, accreditation.OpenInput{})
	if err != nil {
		return err
	}
	var circulate []accreditation.Application
	for _, ap := range append(round1, blocked) {
		a, err := apply(ctx, d, acc, clock, gm.ID, ap)
		if err != nil {
			return err
		}
		circulate = append(circulate, a)
	}
	// The Institute, in ECOSOC status, notifies its interest.
	focal := actors["focal@example.org"]
	n, err := acc.Start(ctx, focal, gm.ID, institute.ID)
	if err != nil {
		return err
	}
	if _, err := acc.Update(ctx, focal, n.ID, accreditation.DossierInput{ContactName: "Sofia Rossi", ContactEmail: "focal@example.org"}); err != nil {
		return err
	}
	if _, err := acc.Submit(ctx, focal, n.ID); err != nil {
		return err
	}
	clock.set(r1.ApplicationsClose.Add(time.Hour))
	for _, id := range append([]int64{n.ID}, ids(circulate)...) {
		if _, err := acc.Screen(ctx, secretariat, id, true, ""); err != nil {
			return err
		}
	}
	if r1, err = acc.Circulate(ctx, secretariat, r1.ID); err != nil {
		return err
	}
	clock.set(r1.CirculatedAt.AddDate(0, 0, 3))
	if _, err := acc.TakePosition(ctx, actors["delegate.egy@example.org"], circulate[len(circulate)-1].ID, accreditation.PositionInput{
		State: "EGY", Stance: accreditation.Object, Reason: "The organization's activities are not relevant to the mandate."}); err != nil {
		return err
	}
	clock.set(r1.ObjectionsClose)
	if err := acc.DecideDue(ctx, accreditation.DecideJob{}); err != nil {
		return err
	}

	// Round 2: opened 30 days ago, circulated 4 days ago; objections close in 10 days.
	clock.set(now.AddDate(0, 0, -30))
	r2, err := acc.OpenRound(ctx, secretariat, gm.ID, accreditation.OpenInput{
		ApplicationsClose: accreditation.Deadline(now.AddDate(0, 0, -5), 0, 18, gm.Location())})
	if err != nil {
		return err
	}
	var second []accreditation.Application
	for _, ap := range round2 {
		a, err := apply(ctx, d, acc, clock, gm.ID, ap)
		if err != nil {
			return err
		}
		second = append(second, a)
	}
	clock.set(r2.ApplicationsClose.Add(time.Hour))
	for _, a := range second {
		if _, err := acc.Screen(ctx, secretariat, a.ID, true, ""); err != nil {
			return err
		}
	}
	clock.set(now.AddDate(0, 0, -4))
	if _, err := acc.Circulate(ctx, secretariat, r2.ID); err != nil {
		return err
	}
	clock.set(now.AddDate(0, 0, -1))
	_, err = acc.TakePosition(ctx, actors["delegate.fra@example.org"], second[0].ID, accreditation.PositionInput{
		State: "FRA", Stance: accreditation.Object, Reason: "We ask for more information on the organization's funding."})
	return err
}

// apply records an organization with its own focal point, who applies with a letter.
func apply(ctx context.Context, d Deps, acc *accreditation.Service, clock *pastClock, bodyID int64, ap applicant) (accreditation.Application, error) {
	sys := plenary.System("demo")
	names := plenary.Localized{}
	for l, n := range ap.in.Names {
		if plenary.ValidLanguage(l) && n != "" {
			names[l] = n
		}
	}
	ap.in.Names = names
	o, err := d.Organizations.Create(ctx, sys, ap.in)
	if err != nil {
		return accreditation.Application{}, err
	}
	u, err := d.Accounts.Create(ctx, sys, account.CreateInput{Email: ap.contactEmail, Name: ap.contact, Lang: "en", Password: Password,
		Grants: []plenary.Grant{{Role: plenary.RoleFocalPoint, OrganizationID: o.ID}}})
	if err != nil {
		return accreditation.Application{}, err
	}
	actor := u.Actor("")
	a, err := acc.Start(ctx, actor, bodyID, o.ID)
	if err != nil {
		return a, err
	}
	if _, err := acc.Update(ctx, actor, a.ID, accreditation.DossierInput{Purpose: ap.purpose, Programmes: ap.programmes,
		UNInteractions: "Written contribution to the Open-ended Working Group 2021–2025.", ContactName: ap.contact, ContactEmail: ap.contactEmail}); err != nil {
		return a, err
	}
	if _, err := acc.AttachLetter(ctx, actor, a.ID, files.Upload{Name: "letter-of-interest.pdf", Data: letterPDF(o.Name("en"))}); err != nil {
		return a, err
	}
	clock.set(clock.Now().Add(26 * time.Hour))
	return acc.Submit(ctx, actor, a.ID)
}

func ids(apps []accreditation.Application) []int64 {
	out := make([]int64, len(apps))
	for i, a := range apps {
		out[i] = a.ID
	}
	return out
}

// letterPDF writes a one-page PDF letter of interest: small, but a real document that a
// PDF reader opens.
func letterPDF(org string) []byte {
	return pdfLetter(org, "Letter of interest in the work of the Global Mechanism on ICT security.")
}

// pdfLetter writes a one-page PDF with a heading and a line of text.
func pdfLetter(heading, line string) []byte {
	text := fmt.Sprintf("BT /F1 14 Tf 72 720 Td (%s) Tj 0 -28 Td /F1 11 Tf (%s) Tj ET", pdfString(heading), pdfString(line))
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(text), text),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}

// pdfString keeps the ASCII of a name and escapes what a PDF string must.
func pdfString(s string) string {
	var b bytes.Buffer
	for _, r := range s {
		switch {
		case r == '(' || r == ')' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r >= 32 && r < 127:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Deps are what the demo seeds through: the instance's services (it also makes a few of
// its own, on clocks set in the past, to leave a history) and its database.
type Deps struct {
	DB    *store.DB
	Clock plenary.Clock
	services.Services
	// Catalog gives the words of the documents the demo generates (a national submission).
	Catalog *i18n.Catalog
	BaseURL string
}
