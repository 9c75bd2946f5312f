package followup_test

import (
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/followup"
)

// TestViewPerRole: what each role reads of France's three reports on a commitment (the
// first public, the second for States only, the third private): the latest it may read,
// who reported only for France's team and the Secretariat, and for the Secretariat alone
// that a later private report exists, without what it says.
func TestViewPerRole(t *testing.T) {
	const reporter = 7
	at := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	reports := []followup.Report{ // newest first, as the service gives them
		{ID: 3, CommitmentID: 1, State: "FRA", Number: 3, Status: "implemented", Note: "Private: the law passed its second reading",
			Level: followup.Private, ReportedBy: reporter, ReportedAt: at.AddDate(0, 2, 0)},
		{ID: 2, CommitmentID: 1, State: "FRA", Number: 2, Status: "under_way", Note: "For States: the bill is tabled",
			Evidence: followup.Evidence{URL: "https://example.org/bill"}, Level: followup.StatesOnly, ReportedBy: reporter, ReportedAt: at.AddDate(0, 1, 0)},
		{ID: 1, CommitmentID: 1, State: "FRA", Number: 1, Status: "planned", Note: "Public: a bill is planned",
			Level: followup.Public, ReportedBy: reporter, ReportedAt: at},
	}
	team := func(r plenary.Role) plenary.Actor {
		return plenary.Actor{UserID: 20, Grants: []plenary.Grant{{Role: r, State: "FRA"}}}
	}
	for _, tc := range []struct {
		who      string
		actor    plenary.Actor
		report   int  // the number of the report read (0: none)
		named    bool // who reported is named
		withheld int  // the number of a later report known without being read
		known    int  // reports known of
	}{
		{"public", plenary.Public("en"), 1, false, 0, 1},
		{"signed in with no role", plenary.Actor{UserID: 30}, 1, false, 0, 1},
		{"delegate of another State", plenary.Actor{UserID: 31, Grants: []plenary.Grant{{Role: plenary.RoleDelegate, State: "DEU"}}}, 2, false, 0, 2},
		{"France's delegate (not on its team)", plenary.Actor{UserID: 32, Grants: []plenary.Grant{{Role: plenary.RoleDelegate, State: "FRA"}}}, 2, false, 0, 2},
		{"France's editor", team(plenary.RoleTeamEditor), 3, true, 0, 3},
		{"France's reviewer", team(plenary.RoleTeamReviewer), 3, true, 0, 3},
		{"France's submitter", team(plenary.RoleTeamSubmitter), 3, true, 0, 3},
		{"France's submitter through a read-only token", plenary.Actor{UserID: 20, Scopes: []plenary.Scope{plenary.ScopeRead},
			Grants: []plenary.Grant{{Role: plenary.RoleTeamSubmitter, State: "FRA"}}}, 3, true, 0, 3},
		{"Kenya's submitter", plenary.Actor{UserID: 33, Grants: []plenary.Grant{{Role: plenary.RoleTeamSubmitter, State: "KEN"}}}, 2, false, 0, 2},
		{"Secretariat", plenary.Actor{UserID: 1, Grants: []plenary.Grant{{Role: plenary.RoleSecretariat}}}, 2, true, 3, 3},
		{"Chair", plenary.Actor{UserID: 2, Grants: []plenary.Grant{{Role: plenary.RoleChair}}}, 1, false, 0, 1},
		{"organization's focal point", plenary.Actor{UserID: 3, Grants: []plenary.Grant{{Role: plenary.RoleFocalPoint, OrganizationID: 4}}}, 1, false, 0, 1},
		{"organization's observer", plenary.Actor{UserID: 5, Grants: []plenary.Grant{{Role: plenary.RoleObserver, OrganizationID: 6}}}, 1, false, 0, 1},
		{"Point of Contact of Japan", plenary.Actor{UserID: 8, Grants: []plenary.Grant{{Role: plenary.RolePointOfContact, State: "JPN"}}}, 2, false, 0, 2},
		{"nominator of Japan", plenary.Actor{UserID: 9, Grants: []plenary.Grant{{Role: plenary.RoleNominator, State: "JPN"}}}, 2, false, 0, 2},
	} {
		t.Run(tc.who, func(t *testing.T) {
			st := followup.View(tc.actor, reports)
			if st.Report.Number != tc.report || st.Withheld.Number != tc.withheld || st.Reports != tc.known || st.State != "FRA" {
				t.Fatalf("standing %+v: want report %d, withheld %d, %d known", st, tc.report, tc.withheld, tc.known)
			}
			if want := reports[3-tc.report]; st.Report.Status != want.Status || st.Report.Note != want.Note || st.Report.Evidence != want.Evidence {
				t.Errorf("report read %+v, want %+v", st.Report, want)
			}
			if named := st.Report.ReportedBy == reporter; named != tc.named {
				t.Errorf("reporter named: %v", named)
			}
			if w := st.Withheld; w.ID != 0 && (w.Status != "" || w.Note != "" || !w.Evidence.Empty() || !w.Withheld || w.ReportedAt.IsZero()) {
				t.Errorf("withheld report says too much or too little: %+v", w)
			}
			// Report by report: nothing above what the role reads.
			for _, r := range reports {
				x, ok := followup.Read(tc.actor, r)
				switch {
				case ok && !x.Withheld && x.Number > tc.report:
					t.Errorf("reads report %d", r.Number)
				case ok && x.Withheld && tc.withheld == 0:
					t.Errorf("knows of report %d", r.Number)
				case ok && !tc.named && x.ReportedBy != 0:
					t.Errorf("report %d names its reporter", r.Number)
				}
			}
		})
	}
	// A State with only a private report: no report for everyone but its team, and the
	// Secretariat knows it reported.
	only := reports[:1]
	if st := followup.View(plenary.Public("en"), only); st.Reported() || st.Withheld.ID != 0 || st.Reports != 0 {
		t.Errorf("public: %+v", st)
	}
	if st := followup.View(plenary.Actor{UserID: 1, Grants: []plenary.Grant{{Role: plenary.RoleSecretariat}}}, only); st.Reported() || st.Withheld.Number != 3 {
		t.Errorf("Secretariat: %+v", st)
	}
	if st := followup.View(plenary.Actor{UserID: 31, Grants: []plenary.Grant{{Role: plenary.RoleDelegate, State: "DEU"}}}, only); st.Reports != 0 {
		t.Errorf("another State's delegate: %+v", st)
	}
}
