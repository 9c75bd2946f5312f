package followup

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/audit"
	"github.com/plenary-platform/plenary/internal/document"
	"github.com/plenary-platform/plenary/internal/draft"
	"github.com/plenary-platform/plenary/internal/framework"
)

// Commitments are a body's commitments, in their order. They are public (and shared
// between readers: callers copy what they change).
func (s *Service) Commitments(ctx context.Context, _ plenary.Actor, bodyID int64) ([]Commitment, error) {
	return s.commitments(ctx, bodyID)
}

// Commitment is one commitment. It is public.
func (s *Service) Commitment(ctx context.Context, _ plenary.Actor, id int64) (Commitment, error) {
	return s.commitment(ctx, id)
}

// texts are a commitment's titles, texts and links as the Secretariat gives them.
type texts struct {
	Titles plenary.Localized
	Texts  plenary.Localized
	Links  []Link
}

// normalize trims the titles (to one line), texts and links.
func (in *texts) normalize() {
	in.Titles = trimmed(in.Titles)
	for l, t := range in.Titles {
		in.Titles[l] = strings.Join(strings.Fields(t), " ")
	}
	in.Texts = trimmed(in.Texts)
	var links []Link
	for _, l := range in.Links {
		l = Link{Framework: strings.ToLower(strings.TrimSpace(l.Framework)), Element: strings.ToLower(strings.TrimSpace(l.Element))}
		if l != (Link{}) && !slices.Contains(links, l) {
			links = append(links, l)
		}
	}
	in.Links = links
}

func (in texts) check(p *plenary.Problems) {
	for l, t := range in.Titles {
		if p.Line("title_"+l, t) {
			p.MaxLength("title_"+l, t, MaxTitle)
		}
	}
	for l, t := range in.Texts {
		if !utf8.ValidString(t) || strings.ContainsRune(t, 0) {
			p.Add("text_"+l, "followup.text_invalid", nil)
		}
		p.MaxLength("text_"+l, t, MaxText)
	}
	if len(in.Titles) == 0 && len(in.Texts) == 0 {
		p.Add("texts", "followup.text_required", nil)
	}
	if len(in.Links) > MaxLinks {
		p.Add("links", "followup.too_many_links", map[string]any{"Max": MaxLinks})
	}
}

// checkLinks checks that each link names an element of the current version of a
// framework.
func (s *Service) checkLinks(ctx context.Context, actor plenary.Actor, links []Link, p *plenary.Problems) error {
	for _, l := range links {
		f, err := s.frameworks.ByCode(ctx, actor, l.Framework)
		if plenary.ErrorKind(err) == plenary.KindNotFound {
			p.Add("links", "followup.no_element", map[string]any{"Code": l.Framework + "/" + l.Element})
			continue
		}
		if err != nil {
			return err
		}
		_, es, err := s.frameworks.Current(ctx, actor, f.ID)
		if err != nil && plenary.ErrorKind(err) != plenary.KindNotFound {
			return err
		}
		if !slices.ContainsFunc(es, func(e framework.Element) bool { return e.Code == l.Element }) {
			p.Add("links", "followup.no_element", map[string]any{"Code": l.Framework + "/" + l.Element})
		}
	}
	return nil
}

// checkCode checks a new commitment's code and that the body has no commitment with it.
func (s *Service) checkCode(ctx context.Context, bodyID int64, code string, p *plenary.Problems) error {
	if !p.Required("code", code) {
		return nil
	}
	if !framework.ValidCode(code) {
		p.Add("code", "followup.code_format", nil)
		return nil
	}
	cs, err := s.store.Commitments(ctx, bodyID)
	if err != nil {
		return err
	}
	if slices.ContainsFunc(cs, func(c Commitment) bool { return c.Code == code }) {
		return plenary.Conflict("followup.code_taken", map[string]any{"Code": code})
	}
	return nil
}

// MarkInput marks a paragraph of a document of the registry as a commitment.
type MarkInput struct {
	BodyID       int64
	DocumentID   int64
	ParagraphKey string // draft.Paragraph.Key, as document.Service.Paragraphs gives it
	Kind         Kind
	Code         string // "rec.30": unique in the body, for good
	Titles       plenary.Localized
	// Texts are the commitment's text in the other languages: in the document's original
	// language it is the paragraph's.
	Texts plenary.Localized
	Links []Link
}

// paragraphNumberRE is a paragraph's own number at its start ("30. "), which the
// commitment keeps apart from its text.
var paragraphNumberRE = regexp.MustCompile(`^\s*(\d{1,4})\.\s+`)

// MarkParagraph makes a commitment of a paragraph of an adopted report: a final document
// of the body published to everyone (a commitment is public). Its text in the document's
// original language is the paragraph's, without its number; the other languages are
// those given, and a language not given stays missing.
func (s *Service) MarkParagraph(ctx context.Context, actor plenary.Actor, in MarkInput) (Commitment, error) {
	if err := s.MayManage(actor); err != nil {
		return Commitment{}, err
	}
	in.Code = strings.ToLower(strings.TrimSpace(in.Code))
	t := texts{Titles: in.Titles, Texts: in.Texts, Links: in.Links}
	t.normalize()
	var p plenary.Problems
	if !slices.Contains(Kinds, in.Kind) {
		p.Add("kind", "field.choice", nil)
	}
	if _, err := s.store.Body(ctx, in.BodyID); err != nil {
		if plenary.ErrorKind(err) != plenary.KindNotFound {
			return Commitment{}, err
		}
		p.Add("body", "field.choice", nil)
	}
	c := Commitment{BodyID: in.BodyID, Code: in.Code, Kind: in.Kind, Titles: t.Titles, Links: t.Links}
	d, ps, err := s.registry.Paragraphs(ctx, actor, in.DocumentID)
	switch {
	case plenary.ErrorKind(err) == plenary.KindNotFound || (err == nil && d.BodyID != in.BodyID):
		p.Add("document", "field.choice", nil)
	case err != nil:
		return Commitment{}, err
	case d.Status != document.StatusFinal || d.Access != document.AccessPublic || !d.Published(s.now()):
		p.Add("document", "followup.document_not_adopted", nil)
	default:
		at := slices.IndexFunc(ps, func(x draft.Paragraph) bool { return x.Key == in.ParagraphKey })
		if at < 0 {
			p.Add("paragraph", "followup.no_paragraph", nil)
			break
		}
		text, number := ps[at].Text, strconv.Itoa(ps[at].Number)
		if m := paragraphNumberRE.FindStringSubmatch(text); m != nil {
			number, text = m[1], text[len(m[0]):]
		}
		if t.Texts == nil {
			t.Texts = plenary.Localized{}
		}
		t.Texts[d.OriginalLanguage] = strings.TrimSpace(text)
		c.Source = Source{DocumentID: d.ID, Symbol: d.Symbol, ParagraphKey: ps[at].Key, ParagraphNumber: number}
	}
	c.Texts = t.Texts
	t.check(&p)
	if err := s.checkLinks(ctx, actor, t.Links, &p); err != nil {
		return Commitment{}, err
	}
	if err := s.checkCode(ctx, in.BodyID, in.Code, &p); err != nil {
		return Commitment{}, err
	}
	if err := p.Err(); err != nil {
		return Commitment{}, err
	}
	out, err := s.create(ctx, actor, []Commitment{c})
	if err != nil {
		return Commitment{}, err
	}
	return out[0], nil
}

// create records commitments of one body, after those it has.
func (s *Service) create(ctx context.Context, actor plenary.Actor, cs []Commitment) ([]Commitment, error) {
	now := s.now()
	out := make([]Commitment, 0, len(cs))
	err := s.store.InTx(ctx, func(tx Tx) error {
		out = out[:0]
		bodyID := cs[0].BodyID
		if err := tx.LockBody(ctx, bodyID); err != nil {
			return err
		}
		if _, err := scaleIn(ctx, tx, bodyID); err != nil {
			return err
		}
		n, err := tx.CountCommitments(ctx, bodyID)
		if err != nil {
			return err
		}
		for i, c := range cs {
			c.Position, c.CreatedAt, c.CreatedBy, c.UpdatedAt = n+i, now, actor.UserID, now
			if c, err = tx.CreateCommitment(ctx, c); err != nil {
				if plenary.ErrorKind(err) == plenary.KindConflict {
					return plenary.Conflict("followup.code_taken", map[string]any{"Code": cs[i].Code})
				}
				return err
			}
			out = append(out, c)
			details := map[string]string{"body": strconv.FormatInt(c.BodyID, 10), "code": c.Code, "kind": string(c.Kind)}
			if c.Source.DocumentID != 0 {
				details["document"], details["paragraph"] = strconv.FormatInt(c.Source.DocumentID, 10), c.Source.ParagraphKey
				if err := tx.Audit(ctx, audit.New(actor, now, "followup.commitment_marked", "commitment", c.ID, details)); err != nil {
					return err
				}
				continue
			}
			details["framework_version"], details["element"] = strconv.FormatInt(c.Source.FrameworkVersionID, 10), c.Source.ElementCode
			if err := tx.Audit(ctx, audit.New(actor, now, "followup.commitment_followed", "commitment", c.ID, details)); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		s.cache.changed()
	}
	return out, err
}

// FollowInput makes commitments of elements of a published framework version: the
// global CBMs of a framework, or a regional organization's own set loaded as a
// framework of its own.
type FollowInput struct {
	BodyID             int64
	FrameworkVersionID int64
	Kind               Kind
	Elements           []string // the elements' codes
	// CodePrefix goes before each element's code to make the commitment's ("osce." for
	// "osce.cbm.3"): codes are unique in a body, whatever framework they come from.
	CodePrefix string
}

// FollowElements makes a commitment of each element, with its titles and texts in the
// languages the framework has them, its source and its mark (a reconstructed text stays
// marked as such). Nothing is made unless every element can be.
func (s *Service) FollowElements(ctx context.Context, actor plenary.Actor, in FollowInput) ([]Commitment, error) {
	if err := s.MayManage(actor); err != nil {
		return nil, err
	}
	var p plenary.Problems
	if !slices.Contains(Kinds, in.Kind) {
		p.Add("kind", "field.choice", nil)
	}
	if len(in.Elements) == 0 || len(in.Elements) > MaxElements {
		p.Add("elements", "followup.elements_count", map[string]any{"Max": MaxElements})
	}
	if _, err := s.store.Body(ctx, in.BodyID); err != nil {
		if plenary.ErrorKind(err) != plenary.KindNotFound {
			return nil, err
		}
		p.Add("body", "field.choice", nil)
	}
	v, es, err := s.frameworks.Version(ctx, actor, in.FrameworkVersionID)
	if err != nil && plenary.ErrorKind(err) != plenary.KindNotFound {
		return nil, err
	}
	if err != nil || v.Status != framework.Published {
		p.Add("framework_version", "followup.framework_version", nil)
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	existing, err := s.store.Commitments(ctx, in.BodyID)
	if err != nil {
		return nil, err
	}
	prefix := strings.ToLower(strings.TrimSpace(in.CodePrefix))
	var cs []Commitment
	for _, code := range in.Elements {
		code = strings.ToLower(strings.TrimSpace(code))
		at := slices.IndexFunc(es, func(e framework.Element) bool { return e.Code == code })
		if at < 0 {
			p.Add("elements", "followup.no_element", map[string]any{"Code": code})
			continue
		}
		e := es[at]
		c := Commitment{BodyID: in.BodyID, Code: prefix + e.Code, Kind: in.Kind, Titles: trimmed(e.Titles), Texts: trimmed(e.Texts),
			Source: Source{Symbol: e.SourceSymbol, ParagraphNumber: e.SourceParagraph, FrameworkID: v.FrameworkID, FrameworkVersionID: v.ID,
				ElementCode: e.Code, Mark: e.Mark}}
		if !framework.ValidCode(c.Code) {
			p.Add("code_prefix", "followup.code_format", nil)
			continue
		}
		if slices.ContainsFunc(existing, func(x Commitment) bool { return x.Code == c.Code }) ||
			slices.ContainsFunc(cs, func(x Commitment) bool { return x.Code == c.Code }) {
			return nil, plenary.Conflict("followup.code_taken", map[string]any{"Code": c.Code})
		}
		cs = append(cs, c)
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return s.create(ctx, actor, cs)
}

// UpdateInput is a commitment's titles, texts and links as the Secretariat corrects
// them: each replaces what was there (a language left out is removed). Its code, kind and
// source stay.
type UpdateInput struct {
	Titles plenary.Localized
	Texts  plenary.Localized
	Links  []Link
}

// Update changes a commitment's titles, texts and links.
func (s *Service) Update(ctx context.Context, actor plenary.Actor, id int64, in UpdateInput) (Commitment, error) {
	if err := s.MayManage(actor); err != nil {
		return Commitment{}, err
	}
	c, err := s.store.Commitment(ctx, id)
	if err != nil {
		return Commitment{}, err
	}
	t := texts(in)
	t.normalize()
	var p plenary.Problems
	t.check(&p)
	if err := s.checkLinks(ctx, actor, t.Links, &p); err != nil {
		return Commitment{}, err
	}
	if err := p.Err(); err != nil {
		return Commitment{}, err
	}
	now := s.now()
	c.Titles, c.Texts, c.Links, c.UpdatedAt = t.Titles, t.Texts, t.Links, now
	err = s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.UpdateCommitment(ctx, c); err != nil {
			return err
		}
		return tx.Audit(ctx, audit.New(actor, now, "followup.commitment_updated", "commitment", c.ID, map[string]string{"code": c.Code}))
	})
	if err == nil {
		s.cache.changed()
	}
	return c, err
}

// Remove deletes a commitment on which no State has reported (what a State reported
// stays, and with it what it reported on).
func (s *Service) Remove(ctx context.Context, actor plenary.Actor, id int64) error {
	if err := s.MayManage(actor); err != nil {
		return err
	}
	c, err := s.store.Commitment(ctx, id)
	if err != nil {
		return err
	}
	now := s.now()
	defer s.cache.changed()
	return s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.LockBody(ctx, c.BodyID); err != nil {
			return err
		}
		n, err := tx.CountReports(ctx, c.ID)
		if err != nil {
			return err
		}
		if n > 0 {
			return plenary.Conflict("followup.has_reports", nil)
		}
		if err := tx.DeleteCommitment(ctx, c.ID); err != nil {
			return err
		}
		return tx.Audit(ctx, audit.New(actor, now, "followup.commitment_removed", "commitment", c.ID, map[string]string{"code": c.Code}))
	})
}
