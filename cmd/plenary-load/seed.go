package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/app"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/config"
	"github.com/plenary-platform/plenary/internal/consultation"
	"github.com/plenary-platform/plenary/internal/document"
)

// seed prepares a fresh database for the benchmark through plenary's own services (the
// same rules, audit events and search index as in production), in-process, before the
// server starts: a body, a Secretariat account, a published draft of a few paragraphs
// with a consultation open to anyone, and optionally many public documents for the list.
// It prints the identifiers as shell assignments for the script to eval.
func seed(ctx context.Context, args []string) error {
	cfg := config.Default()
	fs := flag.NewFlagSet("plenary-load seed", flag.ContinueOnError)
	cfg.Flags(fs, os.Getenv) // the server's own --data, --database-url and PLENARY_* variables
	paragraphs := fs.Int("paragraphs", 20, "paragraphs of the draft under consultation")
	docs := fs.Int("documents", 0, "public documents to add, for the list benchmark")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	// NotDurable: seeding is preparation, not the measured path, and thousands of
	// documents each fsynced would take minutes. The server opens the same file durable.
	a, err := app.Open(ctx, cfg, app.Options{Version: "load", InsertOnly: true, NotDurable: true}, log)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.Migrate(ctx); err != nil {
		return err
	}
	sys := plenary.System("plenary-load")
	start := time.Now()

	gm, err := a.Bodies.Create(ctx, sys, body.Input{Code: "gm", TimeZone: "UTC",
		Names: plenary.Localized{"en": "Global Mechanism on ICT security"}})
	if err != nil {
		return fmt.Errorf("body (seed wants a fresh database): %w", err)
	}
	if _, err := a.Accounts.Create(ctx, sys, account.CreateInput{Email: "secretariat@load.example.org", Name: "Load Secretariat",
		Lang: "en", Password: "plenary-load-secretariat", Grants: []plenary.Grant{{Role: plenary.RoleSecretariat}}}); err != nil {
		return fmt.Errorf("secretariat: %w", err)
	}
	d, err := a.Documents.Register(ctx, sys, document.Input{BodyID: gm.ID, Symbol: "A/AC.292/2026/CRP.1",
		Kind: document.KindConferenceRoomPaper, Status: document.StatusDraft, Title: "Zero draft of the annual progress report"})
	if err != nil {
		return fmt.Errorf("draft: %w", err)
	}
	var text strings.Builder
	for i := 1; i <= *paragraphs; i++ {
		fmt.Fprintf(&text, "%d. States reaffirm commitment %d on responsible State behaviour in the use of ICTs, "+
			"and will continue to study how international law applies (paragraph %d).\n\n", i, i, i)
	}
	if _, err := a.Documents.SetText(ctx, sys, d.ID, document.TextInput{Language: "en",
		Title: "Zero draft of the annual progress report", Body: text.String()}); err != nil {
		return fmt.Errorf("draft text: %w", err)
	}
	if _, err := a.Documents.Publish(ctx, sys, d.ID, time.Time{}); err != nil {
		return fmt.Errorf("publish draft: %w", err)
	}
	// Open from an hour ago for a year: the run is well inside the window.
	now := time.Now().UTC()
	c, err := a.Consultations.Open(ctx, sys, d.ID, consultation.Input{OpensAt: now.Add(-time.Hour), ClosesAt: now.AddDate(1, 0, 0),
		LateRule: consultation.LateRefused, Eligibility: consultation.EligibleAnyone})
	if err != nil {
		return fmt.Errorf("consultation: %w", err)
	}

	for i := 1; i <= *docs; i++ {
		x, err := a.Documents.Register(ctx, sys, document.Input{BodyID: gm.ID, Symbol: fmt.Sprintf("A/AC.292/2026/INF/%d", i),
			Kind: document.KindInformationNote, Title: fmt.Sprintf("Information note %d on the programme of work", i)})
		if err != nil {
			return fmt.Errorf("document %d: %w", i, err)
		}
		if _, err := a.Documents.Publish(ctx, sys, x.ID, time.Time{}); err != nil {
			return fmt.Errorf("publish document %d: %w", i, err)
		}
		if i%2000 == 0 {
			fmt.Fprintf(os.Stderr, "seed: %d documents\n", i)
		}
	}
	fmt.Fprintf(os.Stderr, "seed: done in %s\n", time.Since(start).Round(time.Millisecond))
	fmt.Printf("BODY=%s\nDOCUMENT=%d\nCONSULTATION=%d\n", gm.Code, d.ID, c.ID)
	return nil
}
