// Package demo fills an empty instance with a small, realistic population, so that a
// newcomer who runs `plenary serve --demo` sees a living system and can sign in as each
// role. It goes through the domain services as the system actor, so demo data obeys the
// same rules and leaves the same audit trail as real data.
package demo

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/store"
)

// Password is every demo account's password. It is printed at start-up: demo data is
// for trying plenary, never for production.
const Password = "plenary-demo-2026"

// SignIn is one demo account.
type SignIn struct {
	Role          string
	Email         string
	Seed          string   // authenticator seed, for roles that require a second factor
	RecoveryCodes []string // a few of its recovery codes
}

type person struct {
	email, name, lang string
	grants            []plenary.Grant
	seed              string // base32 TOTP seed; set for roles that require a second factor
	label             string
}

// Seed creates the demo data if the instance has none yet and returns the sign-ins to
// print. seeded is false if demo data was there already.
func Seed(ctx context.Context, d Deps) (signIns []SignIn, seeded bool, err error) {
	db, clock, accounts, orgs := d.DB, d.Clock, d.Accounts, d.Organizations
	if _, done, err := db.Setting(ctx, "demo.seeded_at"); err != nil || done {
		return nil, false, err
	}
	sys := plenary.System("demo")

	institute, err := orgs.Create(ctx, sys, organization.Input{
		Type: organization.NGO, Acronym: "IDP", HQState: "CHE", Website: "https://idp.example.org", ECOSOC: organization.SpecialStatus,
		Names: plenary.Localized{"en": "Institute for Digital Peace", "fr": "Institut pour la paix numérique", "es": "Instituto para la Paz Digital"},
	})
	if err != nil {
		return nil, false, err
	}
	if _, err = orgs.Create(ctx, sys, organization.Input{
		Type: organization.Business, HQState: "KEN", Website: "https://securenet.example.com",
		Names: plenary.Localized{"en": "SecureNet East Africa Ltd"},
	}); err != nil {
		return nil, false, err
	}
	if _, err = orgs.Create(ctx, sys, organization.Input{
		Type: organization.Academia, HQState: "BRA",
		Names: plenary.Localized{"es": "Centro de Derecho Cibernético", "en": "Centre for Cyber Law"},
	}); err != nil {
		return nil, false, err
	}
	regional, err := orgs.Create(ctx, sys, organization.Input{
		Type: organization.Intergovernmental, Acronym: "RCCO", HQState: "SGP",
		Names: plenary.Localized{"en": "Regional Cyber Cooperation Organization", "zh": "区域网络合作组织", "fr": "Organisation régionale de coopération cybernétique"},
	})
	if err != nil {
		return nil, false, err
	}

	people := []person{
		{email: "secretariat@example.org", name: "Amina Diallo", lang: "fr", label: "Secretariat",
			grants: []plenary.Grant{{Role: plenary.RoleSecretariat}}, seed: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"},
		{email: "chair@example.org", name: "Carlos Mendes", lang: "es", label: "Chair",
			grants: []plenary.Grant{{Role: plenary.RoleChair}}},
		{email: "delegate.fra@example.org", name: "Claire Martin", lang: "fr", label: "State delegate (France)",
			grants: []plenary.Grant{{Role: plenary.RoleDelegate, State: "FRA"}}},
		{email: "delegate.ken@example.org", name: "Wanjiru Kamau", lang: "en", label: "State delegate (Kenya)",
			grants: []plenary.Grant{{Role: plenary.RoleDelegate, State: "KEN"}}},
		{email: "delegate.egy@example.org", name: "Omar Hassan", lang: "ar", label: "State delegate (Egypt)",
			grants: []plenary.Grant{{Role: plenary.RoleDelegate, State: "EGY"}}},
		{email: "poc.jpn@example.org", name: "Yuki Tanaka", lang: "en", label: "Point of Contact (Japan)",
			grants: []plenary.Grant{{Role: plenary.RolePointOfContact, State: "JPN"}}, seed: "KRUGKIDROVUWG2ZAMJZG653OEBTG66BA"},
		{email: "nominator.jpn@example.org", name: "Haruto Nakamura", lang: "en", label: "Points of Contact nominator (Japan)",
			grants: []plenary.Grant{{Role: plenary.RoleNominator, State: "JPN"}}},
		{email: "focal@example.org", name: "Sofia Rossi", lang: "en", label: "Focal point (Institute for Digital Peace)",
			grants: []plenary.Grant{{Role: plenary.RoleFocalPoint, OrganizationID: institute.ID}}},
		{email: "representative@example.org", name: "Li Wei", lang: "zh", label: "Representative (Institute for Digital Peace)",
			grants: []plenary.Grant{{Role: plenary.RoleRepresentative, OrganizationID: institute.ID}}},
		{email: "observer@example.org", name: "Dmitri Volkov", lang: "ru", label: "Observer (Regional Cyber Cooperation Organization)",
			grants: []plenary.Grant{{Role: plenary.RoleObserver, OrganizationID: regional.ID}}},
	}
	actors := map[string]plenary.Actor{}
	for _, p := range people {
		u, err := accounts.Create(ctx, sys, account.CreateInput{Email: p.email, Name: p.name, Lang: p.lang, Password: Password, Grants: p.grants})
		if err != nil {
			return nil, false, fmt.Errorf("demo: %s: %w", p.email, err)
		}
		si := SignIn{Role: p.label, Email: p.email, Seed: p.seed}
		if p.seed != "" {
			codes, err := accounts.SetUpSecondFactor(ctx, sys, u.ID, p.seed)
			if err != nil {
				return nil, false, err
			}
			si.RecoveryCodes = codes[:3]
		}
		signIns = append(signIns, si)
		actors[p.email] = u.Actor("")
	}
	if err := seedAccreditation(ctx, d, actors, institute); err != nil {
		return nil, false, fmt.Errorf("demo: accreditation: %w", err)
	}
	if err := seedMeetings(ctx, d, actors["secretariat@example.org"]); err != nil {
		return nil, false, fmt.Errorf("demo: meetings: %w", err)
	}
	if err := seedRegistration(ctx, d, actors, institute, regional); err != nil {
		return nil, false, fmt.Errorf("demo: registration: %w", err)
	}
	if err := seedFloor(ctx, d, actors, institute); err != nil {
		return nil, false, fmt.Errorf("demo: floor: %w", err)
	}
	if err := seedDocuments(ctx, d, actors); err != nil {
		return nil, false, fmt.Errorf("demo: documents: %w", err)
	}
	if err := seedDirectory(ctx, d, actors); err != nil {
		return nil, false, fmt.Errorf("demo: directory: %w", err)
	}
	if err := seedPings(ctx, d, actors); err != nil {
		return nil, false, fmt.Errorf("demo: pings: %w", err)
	}
	if err := seedCommunications(ctx, d, actors); err != nil {
		return nil, false, fmt.Errorf("demo: communications: %w", err)
	}
	more, teams, err := seedSurvey(ctx, d, actors)
	if err != nil {
		return nil, false, fmt.Errorf("demo: survey: %w", err)
	}
	signIns = append(signIns, more...)
	if err := seedFollowUp(ctx, d, teams); err != nil {
		return nil, false, fmt.Errorf("demo: follow-up: %w", err)
	}
	// An applicant whose application is with the Member States now.
	signIns = append(signIns, SignIn{Role: "Focal point (Arab Digital Security Network)", Email: round2[0].contactEmail})
	err = db.Transact(ctx, func(tx *store.Tx) error {
		now := clock.Now()
		return tx.PutSetting(ctx, "demo.seeded_at", now.UTC().Format("2006-01-02T15:04:05Z"), now)
	})
	return signIns, true, err
}

// Print writes the demo sign-ins.
func Print(w io.Writer, baseURL string, signIns []SignIn) {
	fmt.Fprintf(w, "\nplenary demo is running at %s/\n\n", baseURL)
	fmt.Fprintf(w, "Every demo account's password is %q.\n", Password)
	fmt.Fprintf(w, "The Secretariat and Points of Contact also need a second factor: add the seed to an\n")
	fmt.Fprintf(w, "authenticator app (or run `oathtool --totp -b SEED`), or use one of the recovery codes.\n\n")
	for _, s := range signIns {
		fmt.Fprintf(w, "  %-52s %s\n", s.Role, s.Email)
		if s.Seed != "" {
			fmt.Fprintf(w, "  %-52s seed %s\n", "", s.Seed)
			if len(s.RecoveryCodes) > 0 {
				fmt.Fprintf(w, "  %-52s recovery codes %s\n", "", strings.Join(s.RecoveryCodes, " "))
			}
		}
	}
	fmt.Fprintln(w)
}

// SaveSignIns keeps the printed sign-ins in the data directory (mode 0600), because the
// recovery codes are stored hashed and cannot be printed again on the next start.
func SaveSignIns(dir, baseURL string, signIns []SignIn) error {
	var b strings.Builder
	Print(&b, baseURL, signIns)
	return os.WriteFile(filepath.Join(dir, "demo-sign-ins.txt"), []byte(b.String()), 0o600)
}

// LoadSignIns reads what SaveSignIns wrote, for printing on later starts.
func LoadSignIns(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, "demo-sign-ins.txt"))
	return string(b), err
}
