// Package body holds the bodies whose work plenary runs: the Global Mechanism, its
// plenary and its thematic groups, or any similar body. A body has names in the six
// languages, a short code used in URLs and tracking numbers, and the time zone its
// deadlines are counted in (the Headquarters', usually).
package body

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"
	_ "time/tzdata" // deadlines need the time-zone database even on a machine without one

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/audit"
)

// Body is a body of the process.
type Body struct {
	ID          int64
	Code        string // lower-case, in URLs: "gm"
	ParentID    int64
	Names       plenary.Localized
	TimeZone    string    // IANA name, e.g. America/New_York
	MandateEnds time.Time // zero if open-ended
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Name returns the name in lang.
func (b Body) Name(lang string) string { return b.Names.Text(lang) }

// Location is the body's time zone (UTC if its name is unknown, which validation prevents).
func (b Body) Location() *time.Location { return plenary.ZoneOrUTC(b.TimeZone) }

// Input is what the Secretariat sets for a body.
type Input struct {
	Code        string
	ParentID    int64
	Names       plenary.Localized
	TimeZone    string
	MandateEnds time.Time
}

// MaxCode bounds a body's code, which names it in addresses and tracking numbers.
const MaxCode = 20

var codeRE = regexp.MustCompile(fmt.Sprintf(`^[a-z][a-z0-9-]{1,%d}$`, MaxCode-1))

func (in *Input) normalize() {
	in.Code = strings.ToLower(strings.TrimSpace(in.Code))
	in.TimeZone = strings.TrimSpace(in.TimeZone)
	names := plenary.Localized{}
	for l, n := range in.Names {
		if n = strings.Join(strings.Fields(n), " "); n != "" {
			names[l] = n
		}
	}
	in.Names = names
}

func (in Input) check(p *plenary.Problems) {
	if p.Required("code", in.Code) && !codeRE.MatchString(in.Code) {
		p.Add("code", "body.code_format", nil)
	}
	if len(in.Names) == 0 {
		p.Add("names", "body.name_required", nil)
	}
	for l, n := range in.Names {
		if !plenary.ValidLanguage(l) {
			p.Add("names", "field.choice", nil)
		} else if p.Line("name_"+l, n) {
			p.MaxLength("name_"+l, n, 300)
		}
	}
	if p.Required("time_zone", in.TimeZone) {
		if _, err := plenary.Zone(in.TimeZone); err != nil {
			p.Add("time_zone", "body.time_zone", nil)
		}
	}
}

// Store is what body needs from the database.
type Store interface {
	Bodies(ctx context.Context) ([]Body, error)
	Body(ctx context.Context, id int64) (Body, error)
	BodyByCode(ctx context.Context, code string) (Body, error)
	InTx(ctx context.Context, fn func(Tx) error) error
}

// Tx is what body changes in one transaction.
type Tx interface {
	CreateBody(ctx context.Context, b Body) (Body, error)
	UpdateBody(ctx context.Context, b Body) error
	Audit(ctx context.Context, e audit.Event) error
}

// Service is the body domain.
type Service struct {
	store Store
	clock plenary.Clock
}

func NewService(s Store, c plenary.Clock) *Service { return &Service{store: s, clock: c} }

// List returns every body; bodies are public.
func (s *Service) List(ctx context.Context, _ plenary.Actor) ([]Body, error) {
	return s.store.Bodies(ctx)
}

// Get returns a body by id.
func (s *Service) Get(ctx context.Context, _ plenary.Actor, id int64) (Body, error) {
	return s.store.Body(ctx, id)
}

// ByCode returns a body by its code.
func (s *Service) ByCode(ctx context.Context, _ plenary.Actor, code string) (Body, error) {
	return s.store.BodyByCode(ctx, strings.ToLower(code))
}

// MayManage tells a page whether to offer changing bodies: the Secretariat's.
func (s *Service) MayManage(actor plenary.Actor) error {
	if !actor.IsSecretariat() || !actor.CanWrite() {
		return plenary.Deny(actor)
	}
	return nil
}

// Create makes a body.
func (s *Service) Create(ctx context.Context, actor plenary.Actor, in Input) (Body, error) {
	if err := s.MayManage(actor); err != nil {
		return Body{}, err
	}
	in.normalize()
	var p plenary.Problems
	in.check(&p)
	if in.ParentID != 0 {
		// One level: the Global Mechanism and its plenary and thematic groups.
		if parent, err := s.store.Body(ctx, in.ParentID); err != nil || parent.ParentID != 0 {
			if err != nil && plenary.ErrorKind(err) != plenary.KindNotFound {
				return Body{}, err
			}
			p.Add("parent", "field.choice", nil)
		}
	}
	if !p.Has("code") {
		if _, err := s.store.BodyByCode(ctx, in.Code); err == nil {
			p.Add("code", "body.code_taken", nil)
		} else if plenary.ErrorKind(err) != plenary.KindNotFound {
			return Body{}, err
		}
	}
	if err := p.Err(); err != nil {
		return Body{}, err
	}
	now := s.clock.Now().UTC()
	b := Body{Code: in.Code, ParentID: in.ParentID, Names: in.Names, TimeZone: in.TimeZone, MandateEnds: in.MandateEnds, CreatedAt: now, UpdatedAt: now}
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if b, err = tx.CreateBody(ctx, b); err != nil {
			return err
		}
		return tx.Audit(ctx, audit.New(actor, now, "body.created", "body", b.ID, map[string]string{"code": b.Code, "time_zone": b.TimeZone}))
	})
	return b, err
}

// Update changes a body's names, time zone and mandate; its code stays (it is in URLs and
// tracking numbers already given out).
func (s *Service) Update(ctx context.Context, actor plenary.Actor, id int64, in Input) (Body, error) {
	if err := s.MayManage(actor); err != nil {
		return Body{}, err
	}
	b, err := s.store.Body(ctx, id)
	if err != nil {
		return Body{}, err
	}
	in.Code = b.Code
	in.normalize()
	var p plenary.Problems
	in.check(&p)
	if err := p.Err(); err != nil {
		return Body{}, err
	}
	now := s.clock.Now().UTC()
	b.Names, b.TimeZone, b.MandateEnds, b.UpdatedAt = in.Names, in.TimeZone, in.MandateEnds, now
	err = s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.UpdateBody(ctx, b); err != nil {
			return err
		}
		return tx.Audit(ctx, audit.New(actor, now, "body.updated", "body", b.ID, map[string]string{"time_zone": b.TimeZone}))
	})
	return b, err
}
