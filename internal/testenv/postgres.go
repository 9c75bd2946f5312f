package testenv

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// EnvPostgres turns the PostgreSQL run on: "1" starts a throwaway cluster with the
// machine's PostgreSQL binaries; a postgres:// URL uses that server instead (its user
// must be allowed to create databases).
const EnvPostgres = "PLENARY_TEST_POSTGRES"

// Postgres reports whether this run's tests use PostgreSQL.
func Postgres() bool { return os.Getenv(EnvPostgres) != "" }

// cluster is the PostgreSQL server of this test process.
var cluster struct {
	adminURL string // a superuser connection to the "postgres" database
	baseURL  string // the same server, database name to be appended
	stop     func()
	counter  atomic.Int64
}

// Main runs a package's tests. Call it from TestMain in every package that uses a
// database. With PLENARY_TEST_POSTGRES it starts (and afterwards stops) the cluster.
func Main(m *testing.M) {
	code := func() int {
		if Postgres() {
			if err := startPostgres(); err != nil {
				fmt.Fprintln(os.Stderr, "testenv: PostgreSQL:", err)
				return 1
			}
			defer cluster.stop()
		}
		defer cleanupTemplates()
		return m.Run()
	}()
	os.Exit(code)
}

func startPostgres() error {
	v := os.Getenv(EnvPostgres)
	if strings.HasPrefix(v, "postgres://") || strings.HasPrefix(v, "postgresql://") {
		cluster.adminURL = v
		i := strings.LastIndex(v, "/")
		cluster.baseURL = v[:i+1]
		cluster.stop = func() {}
		return nil
	}
	bin, err := pgBinDir()
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "plenary-pg-")
	if err != nil {
		return err
	}
	data, sock := filepath.Join(dir, "data"), filepath.Join(dir, "sock")
	if err := os.Mkdir(sock, 0o777); err != nil {
		return err
	}
	// PostgreSQL refuses to run as root, and CI runs as root: then the cluster belongs
	// to the "postgres" user that Debian's package creates.
	asUser := func(name string, args ...string) *exec.Cmd { return exec.Command(name, args...) }
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return errors.New("running as root needs a postgres user (apt-get install postgresql)")
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		for _, p := range []string{dir, sock} {
			if err := os.Chown(p, uid, gid); err != nil {
				return err
			}
		}
		if err := os.Chmod(dir, 0o755); err != nil {
			return err
		}
		asUser = func(name string, args ...string) *exec.Cmd {
			return exec.Command("runuser", append([]string{"-u", "postgres", "--", name}, args...)...)
		}
	}
	out, err := asUser(filepath.Join(bin, "initdb"), "-D", data, "-U", "plenary", "--auth=trust",
		"-E", "UTF8", "--locale=C.UTF-8", "--no-sync").CombinedOutput()
	if err != nil {
		return fmt.Errorf("initdb: %v: %s", err, out)
	}
	port, err := freePort()
	if err != nil {
		return err
	}
	opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=off -c synchronous_commit=off "+
		"-c full_page_writes=off -c max_connections=300 -c shared_buffers=64MB", port, sock)
	out, err = asUser(filepath.Join(bin, "pg_ctl"), "-D", data, "-w", "-t", "60", "-o", opts,
		"-l", filepath.Join(dir, "postgres.log"), "start").CombinedOutput()
	if err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "postgres.log"))
		return fmt.Errorf("pg_ctl start: %v: %s\n%s", err, out, log)
	}
	cluster.baseURL = fmt.Sprintf("postgres://plenary@127.0.0.1:%d/", port)
	cluster.adminURL = cluster.baseURL + "postgres?sslmode=disable"
	cluster.stop = func() {
		_ = asUser(filepath.Join(bin, "pg_ctl"), "-D", data, "-m", "immediate", "stop").Run()
		_ = os.RemoveAll(dir)
	}
	return nil
}

// pgBinDir finds initdb: on PATH, or in Debian's /usr/lib/postgresql/N/bin (newest N).
func pgBinDir() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Dir(real), nil
		}
		return filepath.Dir(p), nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool {
		vi, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[i])))
		vj, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[j])))
		return vi > vj
	})
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	return "", errors.New("no initdb found: apt-get install postgresql")
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

func adminExec(ctx context.Context, stmt string) error {
	db, err := sql.Open("pgx", cluster.adminURL)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, stmt)
	return err
}

// pgTemplate is a migrated database that each test copies.
var pgTemplate struct {
	once sync.Once
	name string
	err  error
}

func pgDatabase(t testing.TB, migrate func(url string) error) string {
	t.Helper()
	pgTemplate.once.Do(func() {
		pgTemplate.name = fmt.Sprintf("plenary_tmpl_%d", os.Getpid())
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if pgTemplate.err = adminExec(ctx, "CREATE DATABASE "+pgTemplate.name); pgTemplate.err != nil {
			return
		}
		pgTemplate.err = migrate(cluster.baseURL + pgTemplate.name + "?sslmode=disable")
	})
	if pgTemplate.err != nil {
		t.Fatalf("testenv: PostgreSQL template: %v", pgTemplate.err)
	}
	name := fmt.Sprintf("plenary_t_%d_%d", os.Getpid(), cluster.counter.Add(1))
	ctx := context.Background()
	if err := adminExec(ctx, "CREATE DATABASE "+name+" TEMPLATE "+pgTemplate.name+" STRATEGY FILE_COPY"); err != nil {
		t.Fatalf("testenv: create database: %v", err)
	}
	t.Cleanup(func() { _ = adminExec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") })
	return cluster.baseURL + name + "?sslmode=disable"
}

func cleanupTemplates() {
	if sqliteTemplate.dir != "" {
		_ = os.RemoveAll(sqliteTemplate.dir)
	}
	if pgTemplate.name != "" && cluster.adminURL != "" {
		_ = adminExec(context.Background(), "DROP DATABASE IF EXISTS "+pgTemplate.name+" WITH (FORCE)")
	}
}
