package demo

import (
	"context"
	"fmt"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/directory"
)

// seedDirectory fills the Points of Contact directory: five participating States with
// verified diplomatic and technical contacts (fictional people at example.org addresses),
// the demo Point of Contact (Japan) among them, one nomination waiting for the
// Secretariat's verification and one change to a verified entry waiting beside it.
func seedDirectory(ctx context.Context, d Deps, actors map[string]plenary.Actor) error {
	dir := d.Directory
	sec := actors["secretariat@example.org"]
	nominator := actors["nominator.jpn@example.org"]
	for _, st := range []struct{ iso3, note string }{
		{"JPN", "Note verbale of 12 May 2024"}, {"FRA", "Note verbale of 14 May 2024"}, {"KEN", "Note verbale of 3 June 2024"},
		{"BRA", "Note verbale of 20 June 2024"}, {"EGY", "Note verbale of 9 September 2024"},
	} {
		if _, err := dir.SetParticipation(ctx, sec, st.iso3, directory.Participating, st.note); err != nil {
			return fmt.Errorf("%s: %w", st.iso3, err)
		}
	}
	type entry struct {
		state    string
		function directory.Function
		details  directory.Details
		verify   bool
	}
	entries := []entry{
		{"JPN", directory.Diplomatic, directory.Details{Name: "Yuki Tanaka", Title: "Director, Cyber Policy Division",
			Organisation: "Ministry of Foreign Affairs", Emails: []string{"poc.jpn@example.org"}, Phones: []string{"+81 3 5501 8000"},
			Languages: []string{"Japanese", "en"}, Lang: "en", TimeZone: "Asia/Tokyo", Hours: "Monday to Friday, 9:00–18:00"}, true},
		{"JPN", directory.Technical, directory.Details{Name: "Takeshi Mori", Title: "Incident response coordinator",
			Organisation: "National CSIRT", Emails: []string{"csirt.jpn@example.org", "t.mori@example.org"}, Phones: []string{"+81 3 3581 4111"},
			Languages: []string{"Japanese", "en"}, Lang: "en", TimeZone: "Asia/Tokyo", Always: true}, true},
		{"FRA", directory.Diplomatic, directory.Details{Name: "Camille Laurent", Title: "Cheffe du pôle cyber",
			Organisation: "Ministère de l’Europe et des Affaires étrangères", Emails: []string{"camille.laurent@example.org"},
			Phones: []string{"+33 1 43 17 53 53"}, Languages: []string{"fr", "en"}, Lang: "fr", TimeZone: "Europe/Paris",
			Hours: "Du lundi au vendredi, 9 h – 18 h"}, true},
		{"FRA", directory.Technical, directory.Details{Name: "Julien Moreau", Title: "Officier de permanence",
			Organisation: "Agence nationale de la cybersécurité", Emails: []string{"permanence.fra@example.org"},
			Phones: []string{"+33 1 71 75 84 68"}, Languages: []string{"fr", "en"}, Lang: "fr", TimeZone: "Europe/Paris", Always: true}, true},
		{"KEN", directory.Diplomatic, directory.Details{Name: "David Mwangi", Title: "Counsellor, ICT security",
			Organisation: "Ministry of Foreign and Diaspora Affairs", Emails: []string{"david.mwangi@example.org"},
			Phones: []string{"+254 20 318 888"}, Languages: []string{"en", "Swahili"}, Lang: "en", TimeZone: "Africa/Nairobi",
			Hours: "Monday to Friday, 8:00–17:00"}, true},
		{"KEN", directory.Technical, directory.Details{Name: "Achieng Otieno", Title: "Head of incident handling",
			Organisation: "National KE-CIRT/CC", Emails: []string{"kecirt.duty@example.org"}, Phones: []string{"+254 703 042 700"},
			Languages: []string{"en", "Swahili"}, Lang: "en", TimeZone: "Africa/Nairobi", Always: true}, true},
		{"BRA", directory.Diplomatic, directory.Details{Name: "Mariana Costa", Title: "Conselheira, Divisão de Segurança Cibernética",
			Organisation: "Ministério das Relações Exteriores", Emails: []string{"mariana.costa@example.org"},
			Phones: []string{"+55 61 2030 8000"}, Languages: []string{"Portuguese", "es", "en"}, Lang: "es", TimeZone: "America/Sao_Paulo",
			Hours: "De lunes a viernes, 9:00–18:00"}, true},
		{"EGY", directory.Technical, directory.Details{Name: "يوسف فاروق", Title: "مدير مركز الاستجابة لطوارئ الحاسب",
			Organisation: "الجهاز القومي لتنظيم الاتصالات", Emails: []string{"egcert.duty@example.org"}, Phones: []string{"+20 2 3534 4000"},
			Languages: []string{"ar", "en"}, Lang: "ar", TimeZone: "Africa/Cairo", Always: true}, true},
		// A second technical contact for Japan, nominated and waiting for the Secretariat.
		{"JPN", directory.Technical, directory.Details{Name: "Sakura Ito", Title: "Deputy incident response coordinator",
			Organisation: "National CSIRT", Emails: []string{"sakura.ito@example.org"}, Phones: []string{"+81 3 3581 4112"},
			Languages: []string{"Japanese", "en"}, Lang: "en", TimeZone: "Asia/Tokyo", Hours: "Monday to Friday, 10:00–19:00"}, false},
	}
	var kenya directory.Contact
	for _, x := range entries {
		by := sec
		if x.state == "JPN" {
			by = nominator
		}
		c, err := dir.Nominate(ctx, by, directory.NominationInput{State: x.state, Function: x.function, Details: x.details})
		if err != nil {
			return fmt.Errorf("%s %s: %w", x.state, x.details.Name, err)
		}
		if !x.verify {
			continue
		}
		if c, err = dir.Verify(ctx, sec, c.ID); err != nil {
			return fmt.Errorf("%s %s: %w", x.state, x.details.Name, err)
		}
		if x.state == "KEN" && x.function == directory.Technical {
			kenya = c
		}
	}
	// Kenya's CIRT has a new duty number: the change waits beside the verified entry.
	change := kenya.Details
	change.Phones = []string{"+254 703 042 799", "+254 20 444 0000"}
	_, err := dir.Update(ctx, sec, kenya.ID, change)
	return err
}
