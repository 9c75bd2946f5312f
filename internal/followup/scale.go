package followup

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/csv"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/audit"
)

// The scale a body starts with, as data: the codes, what the figures read them as, and
// their labels in the six languages.
//
//go:embed data/default-scale.csv
var defaultScaleCSV []byte

var defaultScale = mustParseScale(defaultScaleCSV)

// DefaultScale is the scale a body's follow-up starts with (until the Secretariat sets
// another): not started, planned, under way, implemented, not applicable.
func DefaultScale() []Status { return cloneScale(defaultScale) }

func mustParseScale(b []byte) []Status {
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil || len(rows) < 2 {
		panic(fmt.Sprintf("followup: the default scale: %v", err))
	}
	var out []Status
	for _, row := range rows[1:] {
		st := Status{Code: row[0], Meaning: Meaning(row[1]), Labels: plenary.Localized{}}
		for i, col := range rows[0][2:] {
			st.Labels[strings.TrimPrefix(col, "label_")] = row[i+2]
		}
		out = append(out, st)
	}
	if err := checkScale(out); err != nil {
		panic(fmt.Sprintf("followup: the default scale: %v", err))
	}
	return out
}

func cloneScale(in []Status) []Status {
	out := make([]Status, len(in))
	for i, st := range in {
		out[i] = st
		out[i].Labels = plenary.Localized{}
		for l, t := range st.Labels {
			out[i].Labels[l] = t
		}
	}
	return out
}

// checkScale checks a scale; problems are named after the status's place
// ("statuses.2.code").
func checkScale(scale []Status) error {
	var p plenary.Problems
	if len(scale) == 0 || len(scale) > MaxStatuses {
		p.Add("statuses", "followup.scale_size", map[string]any{"Max": MaxStatuses})
	}
	seen := map[string]bool{}
	for i, st := range scale {
		f := "statuses." + strconv.Itoa(i) + "."
		switch {
		case !ValidStatusCode(st.Code):
			p.Add(f+"code", "followup.status_code", nil)
		case seen[st.Code]:
			p.Add(f+"code", "followup.status_duplicate", nil)
		}
		seen[st.Code] = true
		if !slices.Contains(Meanings, st.Meaning) {
			p.Add(f+"meaning", "field.choice", nil)
		}
		if len(st.Labels) == 0 {
			p.Add(f+"labels", "followup.label_required", nil)
		}
		for l, t := range st.Labels {
			if p.Line(f+"label_"+l, t) {
				p.MaxLength(f+"label_"+l, t, MaxLabel)
			}
		}
	}
	return p.Err()
}

// Scale is a body's scale of statuses, in order: the default one until the Secretariat
// sets another. It is public.
func (s *Service) Scale(ctx context.Context, _ plenary.Actor, bodyID int64) ([]Status, error) {
	return s.scale(ctx, bodyID)
}

func (s *Service) scale(ctx context.Context, bodyID int64) ([]Status, error) {
	scale, err := s.storedScale(ctx, bodyID)
	if err != nil || len(scale) > 0 {
		return scale, err
	}
	return DefaultScale(), nil
}

// scaleIn reads a body's scale in a transaction, recording the default one there when
// the body has none yet: from a body's first commitment on, its scale is its own, and a
// later change of the default changes nothing already reported.
func scaleIn(ctx context.Context, tx Tx, bodyID int64) ([]Status, error) {
	scale, err := tx.Scale(ctx, bodyID)
	if err != nil || len(scale) > 0 {
		return scale, err
	}
	scale = DefaultScale()
	return scale, tx.ReplaceScale(ctx, bodyID, scale)
}

// SetScale replaces a body's scale. A code a report uses stays (a report's status keeps
// its meaning); the order given is the order of the figures.
func (s *Service) SetScale(ctx context.Context, actor plenary.Actor, bodyID int64, scale []Status) ([]Status, error) {
	if err := s.MayManage(actor); err != nil {
		return nil, err
	}
	clean := make([]Status, len(scale))
	for i, st := range scale {
		clean[i] = Status{Code: strings.TrimSpace(st.Code), Meaning: st.Meaning, Labels: trimmed(st.Labels)}
		for l, t := range clean[i].Labels {
			clean[i].Labels[l] = strings.Join(strings.Fields(t), " ")
		}
	}
	if err := checkScale(clean); err != nil {
		return nil, err
	}
	if _, err := s.store.Body(ctx, bodyID); err != nil {
		return nil, err
	}
	now := s.now()
	err := s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.LockBody(ctx, bodyID); err != nil {
			return err
		}
		reports, err := tx.BodyReports(ctx, bodyID)
		if err != nil {
			return err
		}
		used := map[string]bool{}
		for _, sr := range reports {
			r, err := s.open(sr)
			if err != nil {
				return err
			}
			used[r.Status] = true
		}
		for code := range used {
			if !slices.ContainsFunc(clean, func(st Status) bool { return st.Code == code }) {
				return plenary.Conflict("followup.status_in_use", map[string]any{"Code": code})
			}
		}
		if err := tx.ReplaceScale(ctx, bodyID, clean); err != nil {
			return err
		}
		codes := make([]string, len(clean))
		for i, st := range clean {
			codes[i] = st.Code
		}
		return tx.Audit(ctx, audit.New(actor, now, "followup.scale_set", "body", bodyID, map[string]string{"codes": strings.Join(codes, " ")}))
	})
	if err != nil {
		return nil, err
	}
	s.cache.changed()
	return clean, nil
}
