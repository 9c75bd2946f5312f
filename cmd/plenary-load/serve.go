package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"runtime/pprof"
	"time"

	"github.com/plenary-platform/plenary/internal/app"
	"github.com/plenary-platform/plenary/internal/config"
	"github.com/plenary-platform/plenary/internal/server"
)

// serve runs the server as `plenary serve` does (the same app.Open, the same handler,
// the same options), with a CPU profile of the whole run written when it stops. It
// exists so that the server itself carries no profiling endpoint: profile a burst with
//
//	plenary-load serve --cpuprofile cpu.out --data DIR &   # then burst, then kill -INT
//	go tool pprof -top cpu.out
func serve(ctx context.Context, args []string) error {
	cfg := config.Default()
	fs := flag.NewFlagSet("plenary-load serve", flag.ContinueOnError)
	cfg.Flags(fs, os.Getenv)
	profile := fs.String("cpuprofile", "", "write a CPU profile of the run to this file")
	stats := fs.Bool("batch-stats", false, "print the group-commit writer's counters every second (SQLite)")
	noJobs := fs.Bool("no-jobs", false, "work no jobs (no receipts, no e-mail): what intake costs without them, for diagnosis only")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	log := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	a, err := app.Open(ctx, cfg, app.Options{Version: "load", InsertOnly: *noJobs}, log)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.Migrate(ctx); err != nil {
		return err
	}
	if !*noJobs {
		if err := a.Start(context.WithoutCancel(ctx)); err != nil {
			return err
		}
	}
	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if *stats {
		go printBatchStats(ctx, a)
	}
	fmt.Printf("plenary-load serving on http://%s/\n", ln.Addr())
	srv := server.New(a.Handler, log)
	srv.RegisterOnShutdown(a.Pages.StopLive)
	err = server.Serve(ctx, srv, ln, 20*time.Second)
	stopCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_ = a.Stop(stopCtx)
	return err
}

// printBatchStats shows how the writer groups commits: transactions and functions per
// second, their ratio (the mean batch), and the callers waiting. Items without batches
// mean the writer is starved (of CPU, or of its connection, which River shares).
func printBatchStats(ctx context.Context, a *app.App) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	prev := a.DB.BatchStats()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		s := a.DB.BatchStats()
		batches, items := s.Batches-prev.Batches, s.Items-prev.Items
		if items > 0 {
			fmt.Fprintf(os.Stderr, "batch: %d transactions/s, %d writes/s, %.1f per transaction, %d waiting, largest %d\n",
				batches, items, float64(items)/float64(max(batches, 1)), s.Waiting, s.MaxBatch)
		}
		prev = s
	}
}
