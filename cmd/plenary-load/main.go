// Command plenary-load measures the intake of consultation input (issue 5): how many
// submissions per second a plenary server acknowledges, how long a burst of 75,000 (the
// FCC's peak second) takes to absorb, that every acknowledged submission survives a
// kill -9, and how fast the public pages read meanwhile. It reports figures; it asserts
// none, because timings depend on the machine (scripts/bench-intake.sh runs it).
//
//	plenary-load seed   [--documents N] [plenary's --data/--database-url]   prepare a database
//	plenary-load burst  --url URL --consultation ID -n N -c C --acks FILE    fire submissions
//	plenary-load verify --acks FILE [--data DIR | --database-url URL]        check after a crash
//	plenary-load read   --url URL -c C -d DURATION                           hammer one page
//	plenary-load serve  --cpuprofile FILE [plenary's serve options]          plenary serve, profiled
//
// It talks to the server only over HTTP, as any client would, except seed and verify,
// which open the database themselves: seed before the server starts (faster than
// thousands of API calls, and the same services), verify after the crash (the database
// is the only witness of what was saved).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	args := os.Args[2:]
	switch os.Args[1] {
	case "seed":
		err = seed(ctx, args)
	case "burst":
		err = burst(ctx, args)
	case "verify":
		err = verify(ctx, args)
	case "read":
		err = read(ctx, args)
	case "serve":
		err = serve(ctx, args)
	default:
		usage()
	}
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "plenary-load:", err)
		}
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: plenary-load seed|burst|verify|read|serve [options] (-h for each)")
	os.Exit(2)
}

// percentiles returns the p-th percentiles (0–100) of ds, which it sorts.
func percentiles(ds []time.Duration, ps ...float64) []time.Duration {
	out := make([]time.Duration, len(ps))
	if len(ds) == 0 {
		return out
	}
	slices.Sort(ds)
	for i, p := range ps {
		k := int(p / 100 * float64(len(ds)-1))
		out[i] = ds[k]
	}
	return out
}

// ms writes a duration in milliseconds with one decimal, the unit of every latency here.
func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000) }
