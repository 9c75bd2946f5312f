#!/usr/bin/env bash
# bench-intake.sh — the intake figures of issue 5, measured over loopback HTTP against a
# real `plenary serve` (durable: SQLite synchronous=FULL, PostgreSQL with fsync on), the
# load generator on the same machine. It reports figures; it asserts only what is not a
# timing: that every acknowledged submission survives kill -9, whole and once.
#
#   1. sustained intake: SUSTAINED_N submissions from CONC connections, acknowledged/s,
#      through the API; then, on a fresh database, FORM_N through the consultation's
#      HTML form as a browser without JavaScript sends it (the receipt page its answer);
#   2. on the same server, how fast the receipts of (1) go out; the draft's page and the
#      consultation's API read with no submissions arriving, then during a burst of
#      READ_BURST_N;
#   3. a burst of BURST_N (75,000: the FCC's peak second) on a fresh database;
#   4. the crash run: a burst of BURST_N on a fresh database, kill -9 of the server once
#      CRASH_AT are acknowledged, restart, verify; then the whole burst sent again with
#      the same keys, and verify that exactly BURST_N are stored;
#   5. the public document list with DOCS documents: the page and the API;
#   6. on PostgreSQL, the sustained intake (PLENARY_BENCH_POSTGRES: unset runs it when
#      initdb is found, 0 skips it, 1 requires it, a postgres:// URL uses that server).
#
# make bench-intake runs it; make bench runs it after the Go benchmarks. KEEP=1 keeps the
# working directory (databases, server logs, acknowledgements) for a look afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=auto
GO=${GO:-go}
SUSTAINED_N=${SUSTAINED_N:-30000}
FORM_N=${FORM_N:-10000}
BURST_N=${BURST_N:-75000}
READ_BURST_N=${READ_BURST_N:-20000}
CRASH_AT=${CRASH_AT:-30000}
CONC=${CONC:-256}
DOCS=${DOCS:-10000}
READ_FOR=${READ_FOR:-10s}
RECEIPTS_FOR=${RECEIPTS_FOR:-15}
LOG_LEVEL=${LOG_LEVEL:-info} # the default of production: one access-log line per request
# pgxpool's connections per instance. Its default, max(4, CPUs), is shared with the job
# runner's 10 workers: the receipts and their e-mails then starve the intake.
PG_POOL=${PG_POOL:-32}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/plenary-bench.XXXXXX")
SERVER_PID=""
PG_STOP=""
cleanup() {
	# Only what this script started, by its ID.
	if [[ -n $SERVER_PID ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
	if [[ -n $PG_STOP ]]; then eval "$PG_STOP" >/dev/null 2>&1 || true; fi
	if [[ ${KEEP:-} == 1 ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# The load average beside each heading: the machine may be shared, and the figures say
# nothing without it.
say() { printf '\n== %s  [load average %s]\n' "$*" "$(cut -d' ' -f1 /proc/loadavg)"; }

say "build"
CGO_ENABLED=0 $GO build -trimpath -o bin/plenary ./cmd/plenary
CGO_ENABLED=0 $GO build -trimpath -o bin/plenary-load ./cmd/plenary-load
echo "$(nproc) CPUs, $(uname -sr); load average now: $(cut -d' ' -f1-3 /proc/loadavg)"

# start_server DIR [DATABASE_URL]: runs bin/plenary serve on a free port, without demo
# data, mail written to DIR/mail; sets SERVER_PID and URL.
start_server() {
	local dir=$1 db=${2:-}
	: >"$dir/server.out"
	PLENARY_DATA=$dir PLENARY_DATABASE_URL=$db PLENARY_ADDR=127.0.0.1:0 PLENARY_DEMO=false \
		PLENARY_LOG_LEVEL=$LOG_LEVEL bin/plenary serve >>"$dir/server.out" 2>>"$dir/server.log" &
	SERVER_PID=$!
	for _ in $(seq 300); do
		URL=$(sed -n 's#^plenary listening on \(http://[^/]*\)/$#\1#p' "$dir/server.out")
		[[ -n $URL ]] && break
		kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$dir/server.log"; return 1; }
		sleep 0.1
	done
	[[ -n $URL ]] || { echo "the server did not start"; tail -20 "$dir/server.log"; return 1; }
	curl -fsS "$URL/readyz" >/dev/null
}

stop_server() {
	kill "$SERVER_PID"
	wait "$SERVER_PID" || true
	SERVER_PID=""
}

# seed DIR [DATABASE_URL] [seed options]: a fresh database; sets DOCUMENT and CONSULTATION.
seed() {
	local dir=$1 db=$2 out
	shift 2
	out=$(PLENARY_DATA=$dir PLENARY_DATABASE_URL=$db bin/plenary-load seed "$@")
	eval "$out"
}

# cpu PID: the CPU seconds (user and system) a process has used, from /proc.
cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$1/stat"; }

# sustained LABEL DIR [DATABASE_URL [VIA [N]]]: a fresh database, N submissions (SUSTAINED_N)
# through VIA (api, or form: the consultation's HTML form).
sustained() {
	local label=$1 dir=$2 db=${3:-} via=${4:-api} n=${5:-$SUSTAINED_N}
	say "$label: sustained intake through the $via, $n submissions from $CONC connections"
	seed "$dir" "$db"
	start_server "$dir" "$db"
	local before
	before=$(cpu "$SERVER_PID")
	bin/plenary-load burst --url "$URL" --consultation "$CONSULTATION" -n "$n" -c "$CONC" --via "$via" \
		--run "sustained-$via" --acks "$dir/acks-sustained-$via.tsv" 2>"$dir/progress-sustained-$via.txt"
	awk -v a="$before" -v b="$(cpu "$SERVER_PID")" -v n="$n" \
		'BEGIN {printf "  the server'"'"'s CPU meanwhile: %.1fs (%.0f µs per submission; the database server'"'"'s not included)\n", b - a, (b - a) * 1e6 / n}'
}

# receipts_rate DIR N: how fast the receipts of N submissions go out (written to DIR/mail,
# no SMTP server being configured), over RECEIPTS_FOR seconds; and the backlog left.
receipts_rate() {
	local dir=$1 n=$2 before after
	before=$(find "$dir/mail" -name '*.eml' | wc -l)
	sleep "$RECEIPTS_FOR"
	after=$(find "$dir/mail" -name '*.eml' | wc -l)
	echo "receipts: $(((after - before) / RECEIPTS_FOR))/s e-mailed over ${RECEIPTS_FOR}s after the last acknowledgement;" \
		"$after of $n sent, the rest due in ~$(((n - after) * RECEIPTS_FOR / (after - before + 1)))s at that rate"
}

# --- SQLite ---------------------------------------------------------------------------
A=$WORK/sqlite
mkdir -p "$A"
sustained "SQLite" "$A"
receipts_rate "$A" "$SUSTAINED_N"

say "SQLite: reading, no submissions arriving (receipts still going out), then during a burst of $READ_BURST_N (it holds $SUSTAINED_N)"
# Closed loops of a few connections: each waits for its answer, as readers do.
bin/plenary-load read --url "$URL/en/documents/$DOCUMENT" -c 2 -d 5s --label "the draft's page, no submissions arriving"
bin/plenary-load read --url "$URL/api/v1/consultations/$CONSULTATION" -c 2 -d 5s --label "the consultation (API), no submissions arriving"
bin/plenary-load read --url "$URL/en/documents/$DOCUMENT" -c 2 -d 0 --label "the draft's page, during the burst" >"$A/read-page.txt" &
R1=$!
bin/plenary-load read --url "$URL/api/v1/consultations/$CONSULTATION" -c 2 -d 0 --label "the consultation (API), during the burst" >"$A/read-api.txt" &
R2=$!
bin/plenary-load burst --url "$URL" --consultation "$CONSULTATION" -n "$READ_BURST_N" -c "$CONC" \
	--run reading --acks "$A/acks-reading.tsv" 2>"$A/progress-reading.txt"
kill -INT "$R1" "$R2"
wait "$R1" "$R2" || true
cat "$A/read-page.txt" "$A/read-api.txt"
stop_server

H=$WORK/form
mkdir -p "$H"
sustained "SQLite" "$H" "" form "$FORM_N"
stop_server

say "SQLite: a burst of $BURST_N on a fresh database: the time to absorb it"
F=$WORK/burst
mkdir -p "$F"
seed "$F" ""
start_server "$F"
bin/plenary-load burst --url "$URL" --consultation "$CONSULTATION" -n "$BURST_N" -c "$CONC" \
	--run burst --acks "$F/acks.tsv" 2>"$F/progress.txt"
stop_server

say "SQLite: crash run: kill -9 after $CRASH_AT of $BURST_N acknowledged, restart, verify"
B=$WORK/crash
mkdir -p "$B"
seed "$B" ""
start_server "$B"
bin/plenary-load burst --url "$URL" --consultation "$CONSULTATION" -n "$BURST_N" -c "$CONC" \
	--run crash --acks "$B/acks.tsv" >"$B/burst-1.txt" 2>"$B/progress-1.txt" &
CLIENT=$!
until [[ $(wc -l 2>/dev/null <"$B/acks.tsv" || echo 0) -ge $CRASH_AT ]]; do
	kill -0 "$CLIENT" 2>/dev/null || { echo "the burst ended before the crash"; exit 1; }
	sleep 0.05
done
kill -9 "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=""
echo "killed the server (kill -9) with $(wc -l <"$B/acks.tsv") acknowledgements recorded"
wait "$CLIENT" || true # it gives up once the server has been unreachable for 5s
cat "$B/burst-1.txt"
start_server "$B"
echo "restarted"
PLENARY_DATA=$B bin/plenary-load verify --acks "$B/acks.tsv"
echo "sending the whole burst again, with the same keys:"
bin/plenary-load burst --url "$URL" --consultation "$CONSULTATION" -n "$BURST_N" -c "$CONC" \
	--run crash --acks "$B/acks.tsv" 2>"$B/progress-2.txt"
PLENARY_DATA=$B bin/plenary-load verify --acks "$B/acks.tsv" --expect "$BURST_N"
stop_server

say "SQLite: the public document list with $DOCS documents"
C=$WORK/documents
mkdir -p "$C"
start=$(date +%s%N)
seed "$C" "" --documents "$DOCS"
echo "seeded $DOCS documents in $((($(date +%s%N) - start) / 1000000)) ms (through the services, not durable: preparation)"
start_server "$C"
bin/plenary-load read --url "$URL/en/bodies/gm/documents" -c 16 -d "$READ_FOR" --label "GET /en/bodies/gm/documents"
bin/plenary-load read --url "$URL/api/v1/documents" -c 16 -d "$READ_FOR" --label "GET /api/v1/documents"
stop_server

# --- PostgreSQL -----------------------------------------------------------------------
pg_bin() {
	if command -v initdb >/dev/null; then dirname "$(readlink -f "$(command -v initdb)")"; return; fi
	ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}
PGB=$(pg_bin || true)
case ${PLENARY_BENCH_POSTGRES:-} in
0)
	say "PostgreSQL: skipped (PLENARY_BENCH_POSTGRES=0)"
	;;
postgres://* | postgresql://*)
	P=$WORK/postgres
	mkdir -p "$P"
	sustained "PostgreSQL ($PLENARY_BENCH_POSTGRES)" "$P" "$PLENARY_BENCH_POSTGRES"
	stop_server
	;;
*)
	if [[ -z $PGB || ! -x $PGB/initdb ]]; then
		[[ ${PLENARY_BENCH_POSTGRES:-} == 1 ]] && { echo "PLENARY_BENCH_POSTGRES=1 but no initdb: apt-get install postgresql"; exit 1; }
		say "PostgreSQL: skipped (no initdb: apt-get install postgresql, or set PLENARY_BENCH_POSTGRES to a URL)"
	else
		# A throwaway cluster as durable as a real one (fsync, synchronous_commit and
		# full_page_writes at their defaults), unlike the test suite's. PostgreSQL refuses
		# to run as root: then it runs as the postgres user Debian's package creates.
		P=$WORK/postgres
		mkdir -p "$P/sock"
		as=()
		if [[ $(id -u) == 0 ]]; then
			chown -R postgres: "$P"
			chmod 755 "$WORK"
			as=(runuser -u postgres --)
		fi
		port=$((20000 + RANDOM % 40000))
		while (: </dev/tcp/127.0.0.1/$port) 2>/dev/null; do port=$((20000 + RANDOM % 40000)); done
		"${as[@]}" "$PGB/initdb" -D "$P/data" -U plenary --auth=trust -E UTF8 --locale=C.UTF-8 >"$P/initdb.log"
		"${as[@]}" "$PGB/pg_ctl" -D "$P/data" -w -l "$P/postgres.log" -o "-c listen_addresses=127.0.0.1 -p $port -k $P/sock -c max_connections=300 -c shared_buffers=256MB" start >/dev/null
		PG_STOP="${as[*]} $PGB/pg_ctl -D $P/data -m fast stop"
		"${as[@]}" "$PGB/createdb" -h 127.0.0.1 -p "$port" -U plenary plenary_bench
		DB="postgres://plenary@127.0.0.1:$port/plenary_bench?sslmode=disable${PG_POOL:+&pool_max_conns=$PG_POOL}"
		mkdir -p "$P/plenary"
		sustained "PostgreSQL $(basename "$(dirname "$PGB")") (throwaway cluster on this machine, pool_max_conns=${PG_POOL:-default})" "$P/plenary" "$DB"
		stop_server
	fi
	;;
esac
say "done"
