// Command plenary runs the platform of the UN Global Mechanism on ICT security.
//
//	plenary serve [--addr HOST:PORT] [--data DIR] [--database-url URL] [--demo]
//	plenary migrate
//	plenary user create --email ADDRESS --name NAME [--role ROLE …]
//	plenary user reset-second-factor --email ADDRESS
//	plenary audit verify
//	plenary version
//
// Every option is also a PLENARY_* environment variable; `plenary COMMAND -h` lists them.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if err != errUsage {
			fmt.Fprintln(os.Stderr, "plenary:", err)
		}
		os.Exit(exitCode(err))
	}
}

const usage = `plenary runs the platform of the UN Global Mechanism on ICT security.

Usage:
  plenary serve [options]                  run the web server (migrates the database first)
  plenary migrate [options]                bring the database schema up to date
  plenary user create [options]            create an account (the first Secretariat, say)
  plenary user reset-second-factor [opts]  remove a person's authenticator (a lost telephone)
  plenary audit verify [options]           check the audit trail's hash chain
  plenary version                          print the version

Run "plenary COMMAND -h" for a command's options. Every option is also an environment
variable: --database-url is PLENARY_DATABASE_URL.
`

// run is the whole program, with its environment passed in, so that tests run it.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return serve(ctx, rest, getenv, stdout, stderr)
	case "migrate":
		return migrate(ctx, rest, getenv, stdout, stderr)
	case "user":
		if len(rest) > 0 {
			switch rest[0] {
			case "create":
				return userCreate(ctx, rest[1:], getenv, stdin, stdout, stderr)
			case "reset-second-factor":
				return userResetSecondFactor(ctx, rest[1:], getenv, stdout, stderr)
			}
		}
		fmt.Fprint(stderr, "usage: plenary user create|reset-second-factor [options]\n")
		return errUsage
	case "audit":
		if len(rest) > 0 && rest[0] == "verify" {
			return auditVerify(ctx, rest[1:], getenv, stdout, stderr)
		}
		fmt.Fprint(stderr, "usage: plenary audit verify [options]\n")
		return errUsage
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, "plenary", version())
		return nil
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprintf(stderr, "plenary: unknown command %q\n\n%s", cmd, usage)
	return errUsage
}
