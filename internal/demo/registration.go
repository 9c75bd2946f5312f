package demo

import (
	"context"
	"fmt"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/meeting"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/registration"
)

// seedRegistration registers participants for the coming substantive session, so that
// its list of participants and figures are alive: France's and Kenya's delegations
// approved, Egypt's waiting for the Secretariat, the Institute's representatives (one
// asking for travel funding) and an observer of the regional organization.
func seedRegistration(ctx context.Context, d Deps, actors map[string]plenary.Actor, institute, regional organization.Organization) error {
	sys := plenary.System("demo")
	gm, err := d.Bodies.ByCode(ctx, sys, "gm")
	if err != nil {
		return err
	}
	sessions, err := meeting.NewService(d.DB.Meetings(), d.Clock, nil).BodySessions(ctx, sys, gm.ID)
	if err != nil {
		return err
	}
	var next meeting.Session
	today := d.Clock.Now()
	for _, s := range sessions {
		if s.BodyID == gm.ID && s.Kind == meeting.Substantive && s.StartsOn.After(today) {
			next = s
		}
	}
	if next.ID == 0 {
		return fmt.Errorf("no coming substantive session")
	}
	reg := registration.NewService(d.DB.Registration(), d.Clock, nil, d.BaseURL)
	secretariat := actors["secretariat@example.org"]

	type member struct {
		name     string
		function registration.Function
		gender   registration.Gender
		consent  bool
		self     bool
	}
	delegations := []struct {
		iso3, delegate, mission string
		approve                 bool
		members                 []member
	}{
		{"FRA", "delegate.fra@example.org", "Permanent Mission of France to the United Nations", true, []member{
			{"Claire Martin", registration.HeadOfDelegation, registration.Female, true, true},
			{"Jean Lefèvre", registration.DeputyHead, registration.Male, true, false},
			{"Sophie Bernard", registration.Adviser, registration.Female, false, false},
		}},
		{"KEN", "delegate.ken@example.org", "Permanent Mission of the Republic of Kenya to the United Nations", true, []member{
			{"Wanjiru Kamau", registration.HeadOfDelegation, registration.Female, true, true},
			{"Peter Otieno", registration.Delegate, registration.Male, true, false},
		}},
		{"EGY", "delegate.egy@example.org", "Permanent Mission of the Arab Republic of Egypt to the United Nations", false, []member{
			{"Omar Hassan", registration.HeadOfDelegation, registration.Male, true, true},
		}},
	}
	for _, dl := range delegations {
		delegate := actors[dl.delegate]
		del, err := reg.RegisterDelegation(ctx, delegate, next.ID, dl.iso3)
		if err != nil {
			return err
		}
		note := pdfLetter(dl.mission, "Note verbale: composition of the delegation to the substantive session of the Global Mechanism.")
		if _, err := reg.AttachCredentials(ctx, delegate, del.ID, files.Upload{Name: "note-verbale-" + dl.iso3 + ".pdf", Data: note}); err != nil {
			return err
		}
		for _, m := range dl.members {
			in := registration.PersonInput{Name: m.name, Function: m.function, Gender: m.gender, Consent: m.consent}
			if m.self {
				in.UserID = delegate.UserID
			}
			if _, err := reg.AddMember(ctx, delegate, del.ID, in); err != nil {
				return err
			}
		}
		if dl.approve {
			if _, err := reg.DecideDelegation(ctx, secretariat, del.ID, true, ""); err != nil {
				return err
			}
		}
	}

	focal := actors["focal@example.org"]
	li, err := reg.RegisterRepresentative(ctx, focal, next.ID, institute.ID, registration.PersonInput{Name: "Li Wei",
		Gender: registration.Male, Email: "representative@example.org", UserID: actors["representative@example.org"].UserID, Consent: true})
	if err != nil {
		return err
	}
	if _, err := reg.Decide(ctx, secretariat, li.ID, true, ""); err != nil {
		return err
	}
	amani, err := reg.RegisterRepresentative(ctx, focal, next.ID, institute.ID, registration.PersonInput{Name: "Amani Njoroge",
		Gender: registration.Female, Consent: true})
	if err != nil {
		return err
	}
	if _, err := reg.RequestSponsorship(ctx, focal, amani.ID, "A researcher based in Nairobi; the Institute has no travel budget for her."); err != nil {
		return err
	}
	// The regional organization has no focal point in the demo: the Secretariat registers
	// its observer, as it does for organizations that write in.
	obs, err := reg.RegisterObserver(ctx, secretariat, next.ID, regional.ID, registration.PersonInput{Name: "Dmitri Volkov",
		Gender: registration.Male, Email: "observer@example.org", UserID: actors["observer@example.org"].UserID, Consent: true})
	if err != nil {
		return err
	}
	_, err = reg.Decide(ctx, secretariat, obs.ID, true, "")
	return err
}
