package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/accreditation"
	"github.com/plenary-platform/plenary/internal/organization"
)

type accRulesFormPage struct {
	accPage
	Policy       accreditation.Policy
	EligibleOpts []Option
	RuleOpts     []Option
	AudienceOpts []Option
	ReasonOpts   []Option
	ValidityOpts []Option
	HourOpts     []Option
}

func (h *Handler) accRulesFormPage(w http.ResponseWriter, r *http.Request) (accRulesFormPage, error) {
	ap, err := h.accPage(w, r, "acc.rules_edit_title")
	if err != nil {
		return accRulesFormPage{}, err
	}
	if err := h.svc.Accreditation.MayManage(ap.Actor); err != nil {
		return accRulesFormPage{}, err
	}
	p := accRulesFormPage{accPage: ap}
	if p.Policy, err = h.svc.Accreditation.CurrentPolicy(r.Context(), p.Actor, p.Body.ID); err != nil {
		return p, err
	}
	p.Form = newForm(r)
	for _, t := range organization.Types {
		if !t.Intergovernmental() {
			p.EligibleOpts = append(p.EligibleOpts, Option{Value: string(t), Label: p.TypeName(t)})
		}
	}
	p.RuleOpts = choices(accreditation.Rules, p.RuleName)
	p.AudienceOpts = choices(accreditation.Audiences, p.AudienceName)
	for _, x := range accreditation.ReasonModes {
		p.ReasonOpts = append(p.ReasonOpts, Option{Value: string(x), Label: p.T("acc.reason_mode." + string(x))})
	}
	for _, x := range []accreditation.Validity{accreditation.ForMandate, accreditation.UntilDate} {
		p.ValidityOpts = append(p.ValidityOpts, Option{Value: string(x), Label: p.T("acc.validity." + string(x))})
	}
	for hr := 0; hr < 24; hr++ {
		p.HourOpts = append(p.HourOpts, Option{Value: strconv.Itoa(hr), Label: time.Date(2000, 1, 1, hr, 0, 0, 0, time.UTC).Format("15:04")})
	}
	return p, nil
}

func (h *Handler) accRulesEdit(w http.ResponseWriter, r *http.Request) error {
	p, err := h.accRulesFormPage(w, r)
	if err != nil {
		return err
	}
	v, pol := p.Form.Values, p.Policy
	for _, t := range pol.Eligible {
		v.Add("eligible", string(t))
	}
	for _, a := range pol.ObjectorsSeenBy {
		v.Add("objectors_seen_by", string(a))
	}
	for _, a := range pol.ReasonsSeenBy {
		v.Add("reasons_seen_by", string(a))
	}
	if pol.FastTrack {
		v.Set("fast_track", "on")
	}
	if pol.ReapplyAfterReject {
		v.Set("reapply", "on")
	}
	v.Set("rule", string(pol.Rule))
	v.Set("threshold", strconv.Itoa(max(pol.Threshold, 1)))
	v.Set("application_days", strconv.Itoa(pol.ApplicationDays))
	v.Set("circulation_days", strconv.Itoa(pol.CirculationDays))
	v.Set("deadline_hour", strconv.Itoa(pol.DeadlineHour))
	v.Set("reason_mode", string(pol.ReasonMode))
	v.Set("validity", string(pol.Validity))
	if !pol.ValidUntil.IsZero() {
		v.Set("valid_until", pol.ValidUntil.Format("2006-01-02"))
	}
	h.render(w, r, http.StatusOK, "acc-rules-edit", &p)
	return nil
}

func (h *Handler) accRulesSave(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	b, err := h.bodyOf(r)
	if err != nil {
		return err
	}
	f := r.PostForm
	num := func(k string) int { n, _ := strconv.Atoi(f.Get(k)); return n }
	in := accreditation.PolicyInput{
		FastTrack: f.Get("fast_track") != "", Rule: accreditation.Rule(f.Get("rule")), Threshold: num("threshold"),
		ApplicationDays: num("application_days"), CirculationDays: num("circulation_days"), DeadlineHour: num("deadline_hour"),
		ReasonMode: accreditation.ReasonMode(f.Get("reason_mode")), Validity: accreditation.Validity(f.Get("validity")),
		ReapplyAfterReject: f.Get("reapply") != "",
	}
	for _, t := range f["eligible"] {
		in.Eligible = append(in.Eligible, organization.Type(t))
	}
	for _, a := range f["objectors_seen_by"] {
		in.ObjectorsSeenBy = append(in.ObjectorsSeenBy, accreditation.Audience(a))
	}
	for _, a := range f["reasons_seen_by"] {
		in.ReasonsSeenBy = append(in.ReasonsSeenBy, accreditation.Audience(a))
	}
	var dateErr plenary.Problems
	in.ValidUntil = formDate(f, "valid_until", &dateErr)
	err = dateErr.Err()
	if err == nil {
		_, err = h.svc.Accreditation.SetPolicy(r.Context(), actorOf(r.Context()), b.ID, in)
	}
	if err != nil {
		return h.formAgain(w, r, err, "acc-rules-edit", func() (pageData, error) {
			p, err := h.accRulesFormPage(w, r)
			return &p, err
		})
	}
	h.redirect(w, r, "/accreditation/"+b.Code+"/rules", "flash.rules_saved")
	return nil
}

func (h *Handler) accOpenRound(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	b, err := h.bodyOf(r)
	if err != nil {
		return err
	}
	again := func(err error) error {
		return h.formAgain(w, r, err, "acc-rounds", func() (pageData, error) {
			p, err := h.accRoundsPage(w, r)
			return &p, err
		})
	}
	in := accreditation.OpenInput{}
	if d := r.PostForm.Get("applications_close"); d != "" {
		// A date in the form is the last day, at the policy's hour, in the body's zone:
		// reading it takes the policy, and only that.
		day, err := time.ParseInLocation("2006-01-02", d, b.Location())
		if err != nil {
			var p plenary.Problems
			p.Add("applications_close", "field.date", nil)
			return again(p.Err())
		}
		pol, err := h.svc.Accreditation.CurrentPolicy(r.Context(), actorOf(r.Context()), b.ID)
		if err != nil {
			return err
		}
		in.ApplicationsClose = accreditation.Deadline(day, 0, pol.DeadlineHour, b.Location())
	}
	round, err := h.svc.Accreditation.OpenRound(r.Context(), actorOf(r.Context()), b.ID, in)
	if err != nil {
		return again(err)
	}
	h.redirect(w, r, "/accreditation/"+b.Code+"/rounds/"+strconv.Itoa(round.Number), "flash.round_opened")
	return nil
}

// accCloseApplications closes a round to new applications.
func (h *Handler) accCloseApplications(r *http.Request, a plenary.Actor, roundID int64) error {
	return h.svc.Accreditation.CloseApplications(r.Context(), a, roundID)
}

// accCirculate circulates a round's screened applications to the Member States.
func (h *Handler) accCirculate(r *http.Request, a plenary.Actor, roundID int64) error {
	_, err := h.svc.Accreditation.Circulate(r.Context(), a, roundID)
	return err
}

// accRoundAction runs a Secretariat action on a round (close, circulate).
func (h *Handler) accRoundAction(do func(r *http.Request, actor plenary.Actor, roundID int64) error, flash string) http.Handler {
	return h.handle(func(w http.ResponseWriter, r *http.Request) error {
		b, err := h.bodyOf(r)
		if err != nil {
			return err
		}
		n, err := strconv.Atoi(r.PathValue("n"))
		if err != nil {
			return plenary.NotFound()
		}
		actor := actorOf(r.Context())
		round, err := h.svc.Accreditation.RoundNumbered(r.Context(), actor, b.ID, n)
		if err != nil {
			return err
		}
		if err := do(r, actor, round.ID); err != nil {
			return err
		}
		h.redirect(w, r, "/accreditation/"+b.Code+"/rounds/"+strconv.Itoa(n), flash)
		return nil
	})
}

type accWithdrawPage struct {
	accPage
	Listing accreditation.Listing
}

func (h *Handler) accWithdrawPage(w http.ResponseWriter, r *http.Request) (accWithdrawPage, error) {
	ap, err := h.accPage(w, r, "acc.withdraw_title")
	if err != nil {
		return accWithdrawPage{}, err
	}
	if err := h.svc.Accreditation.MayManage(ap.Actor); err != nil {
		return accWithdrawPage{}, err
	}
	id, ok := parseID(r.PathValue("id"))
	if !ok {
		return accWithdrawPage{}, plenary.NotFound()
	}
	p := accWithdrawPage{accPage: ap}
	if p.Listing, err = h.svc.Accreditation.Listed(r.Context(), p.Actor, id); err != nil {
		return accWithdrawPage{}, err
	}
	if p.Listing.BodyID != p.Body.ID {
		return accWithdrawPage{}, plenary.NotFound()
	}
	p.Form = newForm(r)
	return p, nil
}

func (h *Handler) accWithdrawAccreditation(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	id, ok := parseID(r.PathValue("id"))
	if !ok {
		return plenary.NotFound()
	}
	err := h.svc.Accreditation.WithdrawAccreditation(r.Context(), actorOf(r.Context()), id, r.PostForm.Get("reason"))
	if err != nil {
		return h.formAgain(w, r, err, "acc-withdraw", func() (pageData, error) {
			p, err := h.accWithdrawPage(w, r)
			return &p, err
		})
	}
	h.redirect(w, r, "/accreditation/"+r.PathValue("body")+"/organizations", "flash.accreditation_withdrawn")
	return nil
}

// accScreen records the Secretariat's screening: complete, or incomplete with what is
// missing.
func (h *Handler) accScreen(r *http.Request, actor plenary.Actor, id int64) error {
	outcome := r.PostForm.Get("outcome")
	if outcome != "complete" && outcome != "incomplete" {
		var p plenary.Problems
		p.Add("outcome", "field.choice", nil)
		return p.Err()
	}
	_, err := h.svc.Accreditation.Screen(r.Context(), actor, id, outcome == "complete", r.PostForm.Get("note"))
	return err
}

// accDecide records the Secretariat's decision, under a policy that leaves it to them.
func (h *Handler) accDecide(r *http.Request, actor plenary.Actor, id int64) error {
	decision := r.PostForm.Get("decision")
	if decision != "accredit" && decision != "reject" {
		var p plenary.Problems
		p.Add("decision", "field.choice", nil)
		return p.Err()
	}
	return h.svc.Accreditation.DecideByDecision(r.Context(), actor, id, decision == "accredit")
}
