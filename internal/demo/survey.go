package demo

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/framework"
	"github.com/plenary-platform/plenary/internal/survey"
)

// The framework and the questionnaire the Secretariat imports: files, as the Secretariat
// would have them, not code (docs/operations.md says how to import them).
//
//go:embed data/framework-ict-security.csv data/questionnaire-national-survey.csv
var surveyFiles embed.FS

// surveyState is how one State answers in the demo: in its language, at a level.
type surveyState struct {
	iso3, lang string
	level      survey.Level // "" leaves the version unpublished (private)
	// statuses are the answers to the norms' status questions, (a) to (k), as letters:
	// y yes, p partly, n no, a not applicable.
	statuses string
	measures string // the measures taken, in the State's language
	gaps     string // the capacity gaps, in the State's language
}

var surveyStates = []surveyState{
	{"FRA", "fr", survey.Public, "yypyyyyppyy", "Stratégie nationale de cybersécurité (2015), ANSSI, coopération avec les CERT européens.",
		"Formation de spécialistes en criminalistique numérique pour les partenaires."},
	{"EGY", "ar", survey.Public, "ypyppyyppyy", "الاستراتيجية الوطنية للأمن السيبراني 2023-2027 وفريق الاستجابة لطوارئ الحاسب الآلي.",
		"تدريب الدبلوماسيين على تطبيق القانون الدولي في الفضاء السيبراني."},
	{"BRA", "es", survey.Public, "yypypyypnyy", "Estrategia Nacional de Ciberseguridad (E-Ciber) y la red de CSIRT gubernamentales.",
		"Capacitación técnica en protección de infraestructuras críticas."},
	{"MEX", "es", survey.Public, "ypppyyppnyy", "Lineamientos de ciberseguridad de la Administración Pública Federal y el CERT-MX.",
		"Apoyo para la legislación sobre ciberdelincuencia."},
	{"CHN", "zh", survey.Public, "yyyyyyyyyyy", "《网络安全法》及国家计算机网络应急技术处理协调中心的工作。",
		"希望就关键信息基础设施保护开展交流。"},
	{"KEN", "en", survey.StatesOnly, "ypppyypnnyy", "The Computer Misuse and Cybercrimes Act 2018 and the National KE-CIRT/CC.",
		"Forensic laboratory capacity and training for prosecutors."},
	{"JPN", "en", "", "yypyyyyyyyy", "Cybersecurity Basic Act, NISC and JPCERT/CC cooperation with regional CERTs.",
		"None identified at present."},
}

// seedSurvey publishes the framework and the 2025 and 2026 questionnaires of the Global
// Mechanism, and has seven States answer the 2026 one in five languages at every level
// of publication: France also answered in 2025, and its 2026 draft goes further than
// what it submitted; its reviewer left a comment. Teams: France's and Egypt's delegates
// edit and submit for their States, and France has a reviewer. It returns each State's
// team member who edits and submits, by ISO code.
func seedSurvey(ctx context.Context, d Deps, actors map[string]plenary.Actor) ([]SignIn, map[string]plenary.Actor, error) {
	sys := plenary.System("demo")
	sec := actors["secretariat@example.org"]
	gm, err := d.Bodies.ByCode(ctx, sec, "gm")
	if err != nil {
		return nil, nil, err
	}
	f, err := d.Frameworks.Create(ctx, sec, framework.Input{Code: "ict-security", Names: plenary.Localized{
		"en": "Framework of responsible State behaviour in the use of ICTs",
		"fr": "Cadre de comportement responsable des États dans l'utilisation des TIC",
		"es": "Marco para el comportamiento responsable de los Estados en el uso de las TIC"}})
	if err != nil {
		return nil, nil, err
	}
	v, err := d.Frameworks.StartDraft(ctx, sec, f.ID)
	if err != nil {
		return nil, nil, err
	}
	file, _ := surveyFiles.ReadFile("data/framework-ict-security.csv")
	if _, err := d.Frameworks.Import(ctx, sec, v.ID, bytes.NewReader(file)); err != nil {
		return nil, nil, err
	}
	if v, err = d.Frameworks.Publish(ctx, sec, v.ID, "First version: the eleven norms (A/70/174), the eight CBMs as reconstructed, "+
		"the capacity-building principles (A/75/816, para. 56); the checklist's actions are placeholders."); err != nil {
		return nil, nil, err
	}

	// The teams: each State's answers are drafted by its editor and submitted by its
	// submitter; the demo's delegates of France and Egypt are both for their States.
	team := func(email, name, lang, iso3 string, roles ...plenary.Role) (plenary.Actor, error) {
		var userID int64
		for _, r := range roles {
			g, err := d.Accounts.Grant(ctx, sys, account.GrantInput{Email: email, Name: name, Lang: lang, Grant: plenary.Grant{Role: r, State: iso3}})
			if err != nil {
				return plenary.Actor{}, fmt.Errorf("%s: %w", email, err)
			}
			userID = g.UserID
		}
		u, err := d.Accounts.Get(ctx, sys, userID)
		return u.Actor(""), err
	}
	editors := map[string]plenary.Actor{}
	for _, st := range surveyStates {
		email := "team." + strings.ToLower(st.iso3) + "@example.org"
		switch st.iso3 {
		case "FRA":
			email = "delegate.fra@example.org"
		case "EGY":
			email = "delegate.egy@example.org"
		}
		a, err := team(email, "Team of "+st.iso3, st.lang, st.iso3, plenary.RoleTeamEditor, plenary.RoleTeamSubmitter)
		if err != nil {
			return nil, nil, err
		}
		editors[st.iso3] = a
	}
	if err := createUser(ctx, d, "reviewer.fra@example.org", "Marie Dubois", "fr"); err != nil {
		return nil, nil, err
	}
	reviewer, err := team("reviewer.fra@example.org", "Marie Dubois", "fr", "FRA", plenary.RoleTeamReviewer)
	if err != nil {
		return nil, nil, err
	}

	// 2025: France answered, and published.
	q25, err := openQuestionnaire(ctx, d, sec, gm.ID, v.ID, "2025", time.Time{})
	if err != nil {
		return nil, nil, err
	}
	fra := surveyStates[0]
	fra.measures = "Stratégie nationale de cybersécurité (2015) et ANSSI."
	if err := answerSurvey(ctx, d, editors["FRA"], q25, fra, 6); err != nil {
		return nil, nil, err
	}
	if _, err := d.Survey.SetStatus(ctx, sec, q25.ID, survey.Closed); err != nil {
		return nil, nil, err
	}

	// 2026, open for six more weeks.
	q26, err := openQuestionnaire(ctx, d, sec, gm.ID, v.ID, "2026", d.Clock.Now().Add(42*24*time.Hour))
	if err != nil {
		return nil, nil, err
	}
	for _, st := range surveyStates {
		if err := answerSurvey(ctx, d, editors[st.iso3], q26, st, 11); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", st.iso3, err)
		}
	}
	// France's draft goes on after its submission; its reviewer comments.
	ws, err := d.Survey.Workspace(ctx, editors["FRA"], q26.ID, "FRA")
	if err != nil {
		return nil, nil, err
	}
	if _, err := d.Survey.Save(ctx, editors["FRA"], q26.ID, "FRA", []survey.AnswerInput{{Question: "law.position", Language: "fr",
		Value:    survey.Value{Text: "Position française sur le droit international appliqué aux opérations dans le cyberespace (2019), mise à jour en cours."},
		Revision: ws.Answers["law.position"].Revision}}); err != nil {
		return nil, nil, err
	}
	if _, err := d.Survey.Comment(ctx, reviewer, q26.ID, "FRA", "norm.c.status", "Citer la loi de programmation militaire pour la norme c)."); err != nil {
		return nil, nil, err
	}
	// France issued its published version as its national submission, in French: the
	// registry lists it beside the Secretariat's documents.
	fr := d.Catalog.In("fr")
	if _, err := d.Survey.Issue(ctx, editors["FRA"], ws.Versions[0].ID, survey.IssueInput{Language: "fr",
		Title:     "Contribution nationale de la France : enquête 2026",
		StateName: fr.StateName, Labels: survey.LabelsIn(fr, "")}); err != nil {
		return nil, nil, err
	}
	return []SignIn{{Role: "State team reviewer (France)", Email: "reviewer.fra@example.org"}}, editors, nil
}

func createUser(ctx context.Context, d Deps, email, name, lang string) error {
	_, err := d.Accounts.Create(ctx, plenary.System("demo"), account.CreateInput{Email: email, Name: name, Lang: lang, Password: Password})
	return err
}

func openQuestionnaire(ctx context.Context, d Deps, sec plenary.Actor, bodyID, versionID int64, cycle string, deadline time.Time) (survey.Questionnaire, error) {
	q, err := d.Survey.CreateQuestionnaire(ctx, sec, survey.QuestionnaireInput{BodyID: bodyID, Cycle: cycle, FrameworkVersionID: versionID, Deadline: deadline,
		Titles: plenary.Localized{
			"en": cycle + " National Survey of Implementation",
			"fr": "Enquête nationale sur la mise en œuvre, " + cycle,
			"es": "Encuesta nacional sobre la aplicación, " + cycle,
			"ru": "Национальное обследование хода осуществления, " + cycle,
			"zh": cycle + " 年国家执行情况调查",
			"ar": "الاستقصاء الوطني بشأن التنفيذ لعام " + cycle}})
	if err != nil {
		return survey.Questionnaire{}, err
	}
	file, _ := surveyFiles.ReadFile("data/questionnaire-national-survey.csv")
	if _, err := d.Survey.ImportQuestions(ctx, sec, q.ID, bytes.NewReader(file)); err != nil {
		return survey.Questionnaire{}, err
	}
	return d.Survey.SetStatus(ctx, sec, q.ID, survey.Open)
}

// answerSurvey has a State's team answer the law part, the first norms norms and the
// capacity part, submit, and publish at the State's level.
func answerSurvey(ctx context.Context, d Deps, team plenary.Actor, q survey.Questionnaire, st surveyState, norms int) error {
	statuses := map[byte]string{'y': survey.Yes, 'p': survey.Partly, 'n': survey.No, 'a': survey.NotApplicable}
	in := []survey.AnswerInput{{Question: "law.status", Value: survey.Value{Choice: survey.Yes}, Language: st.lang}}
	ws, err := d.Survey.Workspace(ctx, team, q.ID, st.iso3)
	if err != nil {
		return err
	}
	for i := 0; i < norms && i < len(st.statuses); i++ {
		n := "norm." + string(rune('a'+i))
		in = append(in, survey.AnswerInput{Question: n + ".status", Value: survey.Value{Choice: statuses[st.statuses[i]]}, Language: st.lang})
		if i == 2 || i == 6 {
			in = append(in, survey.AnswerInput{Question: n + ".measures", Value: survey.Value{Text: st.measures}, Language: st.lang},
				survey.AnswerInput{Question: n + ".gaps", Value: survey.Value{Text: st.gaps}, Language: st.lang})
		}
	}
	in = append(in, survey.AnswerInput{Question: "capacity.areas", Value: survey.Value{Choices: []string{"incident", "infrastructure"}}, Language: st.lang})
	for i := range in {
		in[i].Revision = ws.Answers[in[i].Question].Revision
	}
	if _, err := d.Survey.Save(ctx, team, q.ID, st.iso3, in); err != nil {
		return err
	}
	v, err := d.Survey.Submit(ctx, team, q.ID, st.iso3)
	if err != nil || st.level == "" {
		return err
	}
	_, err = d.Survey.SetLevel(ctx, team, v.ID, st.level)
	return err
}
