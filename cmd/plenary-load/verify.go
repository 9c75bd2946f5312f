package main

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // "pgx"
	_ "modernc.org/sqlite"             // "sqlite"

	"github.com/plenary-platform/plenary/internal/config"
)

// verify checks the database against the client's memory of acknowledgements, after a
// crash and a restart. It reads the database directly, not through the server: the
// question is what is on disk, and the server's answers are what is being checked.
//
// What must hold:
//   - every acknowledged tracking number is stored, under the key it was sent with, and
//     a key acknowledged twice (a retry answered 200) has one tracking number;
//   - no submission is half-saved: each has exactly the anchors its key says were sent,
//     at positions 0…N-1, whether or not its sender heard back;
//   - no anchor without its submission;
//   - no idempotency key twice for one submitter of one consultation.
//
// Submissions stored but never acknowledged (committed just before the kill, their
// answer lost with the connection) are legitimate: the client retries them with the
// same key and gets the stored one back. verify counts them.
func verify(ctx context.Context, args []string) error {
	cfg := config.Default()
	fs := flag.NewFlagSet("plenary-load verify", flag.ContinueOnError)
	cfg.Flags(fs, os.Getenv)
	acksPath := fs.String("acks", "", "the acknowledgements burst recorded")
	expect := fs.Int("expect", -1, "the number of plenary-load submissions that must be stored (after a resend of the whole burst)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	acked, err := readAcks(*acksPath)
	if err != nil {
		return err
	}
	var db *sql.DB
	if cfg.Postgres() {
		db, err = sql.Open("pgx", cfg.DatabaseURL)
	} else {
		// query_only: verify never writes, even by accident; busy_timeout: the restarted
		// server may be checkpointing.
		db, err = sql.Open("sqlite", "file:"+cfg.SQLitePath()+"?_pragma=query_only(1)&_pragma=busy_timeout(10000)")
	}
	if err != nil {
		return err
	}
	defer db.Close()

	var problems []string
	bad := func(format string, a ...any) {
		if len(problems) < 20 {
			problems = append(problems, fmt.Sprintf(format, a...))
		} else if len(problems) == 20 {
			problems = append(problems, "…")
		}
	}
	if !cfg.Postgres() {
		// After kill -9 SQLite recovers from its WAL; quick_check proves the file sane.
		var res string
		if err := db.QueryRowContext(ctx, "PRAGMA quick_check").Scan(&res); err != nil {
			return err
		}
		if res != "ok" {
			bad("quick_check: %s", res)
		}
	}

	// Every submission with its anchors' count and positions.
	rows, err := db.QueryContext(ctx, `SELECT s.tracking, s.idempotency_key, COUNT(a.submission_id),
	       COALESCE(MIN(a.position), -1), COALESCE(MAX(a.position), -1)
	FROM submissions s LEFT JOIN submission_anchors a ON a.submission_id = s.id
	GROUP BY s.id, s.tracking, s.idempotency_key`)
	if err != nil {
		return err
	}
	byTracking := map[string]stored{}
	var total, halfSaved, ours int
	for rows.Next() {
		var tracking string
		var s stored
		if err := rows.Scan(&tracking, &s.key, &s.anchors, &s.low, &s.high); err != nil {
			rows.Close()
			return err
		}
		total++
		byTracking[tracking] = s
		want, ok := anchorsInKey(s.key)
		if !ok {
			continue // not from plenary-load
		}
		ours++
		if s.anchors != want || (want > 0 && (s.low != 0 || s.high != want-1)) {
			halfSaved++
			bad("half-saved: %s (key %s) has %d anchors at positions %d…%d, %d were sent", tracking, s.key, s.anchors, s.low, s.high, want)
		}
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return err
	}

	missing := 0
	for key, tracking := range acked.tracking {
		s, ok := byTracking[tracking]
		switch {
		case !ok:
			missing++
			bad("lost: %s (key %s) was acknowledged and is not stored", tracking, key)
		case s.key != key:
			bad("mixed up: %s is stored under key %s, acknowledged for %s", tracking, s.key, key)
		}
	}
	unacked := ours - (len(acked.tracking) - missing)
	for _, c := range acked.conflicts {
		bad("%s", c)
	}

	var orphans, dupKeys, dupTracking int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM submission_anchors a
	WHERE NOT EXISTS (SELECT 1 FROM submissions s WHERE s.id = a.submission_id)`).Scan(&orphans); err != nil {
		return err
	}
	if orphans > 0 {
		bad("%d anchors without their submission", orphans)
	}
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM submissions
	GROUP BY consultation_id, submitter, idempotency_key HAVING COUNT(*) > 1) d`).Scan(&dupKeys); err != nil {
		return err
	}
	if dupKeys > 0 {
		bad("%d idempotency keys stored twice for one submitter", dupKeys)
	}
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM submissions GROUP BY tracking HAVING COUNT(*) > 1) d`).Scan(&dupTracking); err != nil {
		return err
	}
	if dupTracking > 0 {
		bad("%d tracking numbers given twice", dupTracking)
	}

	fmt.Printf("verify: %d submissions stored (%d from plenary-load); %d acknowledged to the client, %d of them missing\n",
		total, ours, len(acked.tracking), missing)
	fmt.Printf("  stored but never acknowledged (answer lost in the crash, or never sent back): %d\n", unacked)
	fmt.Printf("  half-saved: %d  anchors without submission: %d  duplicate keys: %d  duplicate tracking numbers: %d\n",
		halfSaved, orphans, dupKeys, dupTracking)
	if *expect >= 0 && ours != *expect {
		bad("%d submissions from plenary-load stored, want exactly %d", ours, *expect)
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Println("  FAIL", p)
		}
		return errors.New("verify failed")
	}
	fmt.Println("  OK: every acknowledged submission is stored whole, and nothing is stored in part or twice")
	return nil
}

// stored is a submission as verify finds it: its key, and its anchors' count and
// first and last positions.
type stored struct {
	key                string
	anchors, low, high int
}

// anchorsInKey reads the anchor count burst put at the end of a key: "run-i-aN".
func anchorsInKey(key string) (int, bool) {
	i := strings.LastIndex(key, "-a")
	if i < 0 {
		return 0, false
	}
	n, err := strconv.Atoi(key[i+2:])
	return n, err == nil
}

type ackFile struct {
	tracking  map[string]string // key → tracking number
	conflicts []string
}

// readAcks reads what burst recorded. A key acknowledged twice (the resend after a
// restart answers 200) must come back with the tracking number of the first time.
func readAcks(path string) (ackFile, error) {
	out := ackFile{tracking: map[string]string{}}
	if path == "" {
		return out, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return out, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		parts := strings.Split(sc.Text(), "\t")
		if len(parts) != 4 {
			// A line cut short: only possible if the client itself died mid-write.
			continue
		}
		tracking, key := parts[0], parts[1]
		if prev, ok := out.tracking[key]; ok && prev != tracking {
			out.conflicts = append(out.conflicts, fmt.Sprintf("key %s acknowledged as %s and as %s", key, prev, tracking))
			continue
		}
		out.tracking[key] = tracking
	}
	return out, sc.Err()
}
