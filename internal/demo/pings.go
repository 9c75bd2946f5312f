package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/communication"
	"github.com/plenary-platform/plenary/internal/directory"
	"github.com/plenary-platform/plenary/internal/ping"
)

// seedPings gives the directory a history of ping tests: two past rounds, closed, the
// first with its figures published, whose answers are written as they were recorded
// (a round cannot be started in the past); and a round under way now, which the demo
// Point of Contact (Japan) has yet to acknowledge while Kenya and France have.
func seedPings(ctx context.Context, d Deps, actors map[string]plenary.Actor) error {
	sec := actors["secretariat@example.org"]
	contacts, err := d.Directory.Reachable(ctx, nil)
	if err != nil {
		return err
	}
	now := d.Clock.Now().UTC()
	past := []struct {
		title     string
		ago       time.Duration
		published bool
		silent    map[string]bool // the States whose contacts did not answer
		took      time.Duration   // the first answer's time; each next contact takes longer
	}{
		{"First ping of the directory", 160 * 24 * time.Hour, true, map[string]bool{"EGY": true}, 40 * time.Minute},
		{"Second ping", 70 * 24 * time.Hour, false, map[string]bool{"BRA": true}, 25 * time.Minute},
	}
	for _, p := range past {
		start := now.Add(-p.ago).Truncate(time.Hour)
		err := d.DB.Pings().InTx(ctx, func(tx ping.Tx) error {
			r := ping.Round{Title: p.title, Scope: ping.ScopeAll, StartsAt: start, RemindAt: start.Add(24 * time.Hour),
				EscalateAt: start.Add(36 * time.Hour), Deadline: start.Add(48 * time.Hour), Status: ping.Closed, Published: p.published,
				CreatedBy: sec.UserID, CreatedAt: start, SentAt: start, ClosedAt: start.Add(48 * time.Hour)}
			id, err := tx.CreateRound(ctx, r)
			if err != nil {
				return err
			}
			for i, c := range contacts {
				q, err := tx.CreateRequest(ctx, ping.Request{RoundID: id, ContactID: c.ContactID, State: c.State, Nonce: fmt.Sprintf("demo-%d-%d", id, i)})
				if err != nil {
					return err
				}
				if err := tx.MarkSent(ctx, q, start.Add(time.Minute)); err != nil {
					return err
				}
				if p.silent[c.State] {
					continue
				}
				took := p.took * time.Duration(i+1)
				if _, err := tx.Acknowledge(ctx, q, start.Add(time.Minute+took), []ping.Via{ping.ViaLink, ping.ViaApp}[i%2], c.UserID); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("%s: %w", p.title, err)
		}
	}
	// A round now: Kenya and France answer in the application; Japan has not yet.
	if _, err := d.Pings.CreateRound(ctx, sec, ping.RoundInput{Title: "Ping of " + now.Format("January 2006"), Scope: ping.ScopeAll}); err != nil {
		return err
	}
	for _, c := range contacts {
		if c.State != "KEN" && c.State != "FRA" {
			continue
		}
		who, err := contactActor(ctx, d, c)
		if err != nil {
			return err
		}
		pending, err := d.Pings.Pending(ctx, who)
		if err != nil {
			return err
		}
		for _, p := range pending {
			if _, err := d.Pings.AcknowledgeInApp(ctx, who, p.Request.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// contactActor acts as a verified contact: the Secretariat made their account when it
// verified them.
func contactActor(ctx context.Context, d Deps, c directory.Reachable) (plenary.Actor, error) {
	u, err := d.Accounts.Get(ctx, plenary.System("demo"), c.UserID)
	if err != nil {
		return plenary.Actor{}, err
	}
	return u.Actor("192.0.2.10"), nil
}

// seedCommunications puts a thread in the demo Point of Contact's inbox and sent box:
// Japan notifies Kenya of an incident, Kenya answers; and a request from France to
// Japan waits for Japan's acknowledgement.
func seedCommunications(ctx context.Context, d Deps, actors map[string]plenary.Actor) error {
	japan := actors["poc.jpn@example.org"]
	contacts, err := d.Directory.Reachable(ctx, []string{"KEN", "FRA"})
	if err != nil {
		return err
	}
	var kenya, france plenary.Actor
	for _, c := range contacts {
		a, err := contactActor(ctx, d, c)
		if err != nil {
			return err
		}
		if c.State == "KEN" && c.Function == directory.Technical {
			kenya = a
		}
		if c.State == "FRA" && c.Function == directory.Diplomatic {
			france = a
		}
	}
	first, err := d.Communications.Send(ctx, japan, communication.Input{From: "JPN", To: "KEN", Kind: communication.IncidentNotification,
		Urgency: communication.Priority,
		Description: "Our national CSIRT observes scanning of energy-sector control systems from addresses announced in Kenya " +
			"(203.0.113.0/24, documentation range) since 02:00 UTC today. No disruption so far.",
		RequestedAction: "Please check whether these addresses belong to compromised hosts and tell us of any mitigation."})
	if err != nil {
		return fmt.Errorf("communication JPN to KEN: %w", err)
	}
	if _, err := d.Communications.Reply(ctx, kenya, first.ID, communication.Input{Urgency: communication.Priority,
		Description: "KE-CIRT/CC has identified two compromised servers of a hosting provider in that range; both are isolated. " +
			"Could you share the time stamps of the first scans?"}); err != nil {
		return fmt.Errorf("reply KEN to JPN: %w", err)
	}
	if _, err := d.Communications.Send(ctx, france, communication.Input{From: "FRA", To: "JPN", Kind: communication.InformationRequest,
		Urgency: communication.Routine, Description: "Could your technical Point of Contact take part in a tabletop exercise on 12 March?",
		RequestedAction: "Confirm a participant's name.", ReplyBy: d.Clock.Now().Add(10 * 24 * time.Hour)}); err != nil {
		return fmt.Errorf("communication FRA to JPN: %w", err)
	}
	return nil
}
