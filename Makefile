# plenary — the verbs everyone shares. `make check` is exactly what CI runs (.ci/run).
#
# go.mod asks for Go 1.26.9 (1.26.8 has an HTTP/2 server advisory, GO-2026-6617); with
# GOTOOLCHAIN=auto the go command fetches it through the module proxy when the installed
# Go is older.
export GOTOOLCHAIN := auto
GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
TOOL    := $(GO) tool -modfile=$(CURDIR)/tools/go.mod

.PHONY: help build run demo test test-race test-leaks test-postgres test-e2e lint generate check-generated bench bench-intake check clean

help: ## list the verbs
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

build: ## build bin/plenary (no CGO)
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "-s -w -X main.buildVersion=$(VERSION)" -o bin/plenary ./cmd/plenary

run: ## serve on 127.0.0.1:8080 with the data in ./data
	$(GO) run ./cmd/plenary serve --log-format text

demo: ## serve with demo data and print the demo sign-ins
	$(GO) run ./cmd/plenary serve --demo --log-format text

test: ## the whole suite on SQLite (PLENARY_TEST_POSTGRES=1 and PLENARY_TEST_BROWSER=1 add PostgreSQL and Chromium)
	$(GO) test -count=1 ./...

# The race detector makes the tests several times slower (internal/web's crawl of every
# page as every role most of all), past go test's default 10 minutes per package on a
# busy machine.
test-race: ## the whole suite on SQLite under the race detector (needs cgo: a C compiler, gcc and libc6-dev)
	CGO_ENABLED=1 $(GO) test -race -count=1 -timeout 20m ./...

test-leaks: ## the leak crawl on SQLite, which the race run skips (it checks what each role reads, not concurrency)
	$(GO) test -count=1 -run '^TestNothingConfidentialLeaks$$' ./internal/web

test-postgres: ## the whole suite on a throwaway PostgreSQL cluster
	PLENARY_TEST_POSTGRES=1 $(GO) test -count=1 ./...

test-e2e: ## the browser tests in Chromium (apt-get install chromium)
	PLENARY_TEST_BROWSER=1 $(GO) test -count=1 ./e2e/...

lint: check-generated ## go.mod tidy, formatting, vet, staticcheck, the OpenAPI document through an independent validator
	$(GO) mod tidy -diff
	cd tools && $(GO) mod tidy -diff
	@test -z "$$(gofmt -l .)" || (gofmt -l .; echo "gofmt would change the files above"; exit 1)
	$(GO) vet ./...
	$(TOOL) staticcheck ./...
	cd tools/openapi && npm ci --no-audit --no-fund --silent
	node tools/openapi/node_modules/.bin/validate-api internal/api/testdata/openapi.golden.json

generate: ## regenerate the query code (sqlc) and the golden OpenAPI document
	cd internal/store && $(TOOL) sqlc generate
	$(GO) test ./internal/api -run TestOpenAPIDocument -update

check-generated: ## fail if generated code is stale
	cd internal/store && $(TOOL) sqlc diff

bench: ## benchmarks (figures, not pass/fail): the Go benchmarks, then the intake load test
	$(GO) test -run '^$$' -bench . -benchmem -count=1 ./...
	$(MAKE) bench-intake

bench-intake: ## intake under load over HTTP: submissions/s, a 75,000 burst, kill -9 and verify, the document list (docs/operations/intake.md)
	GO="$(GO)" scripts/bench-intake.sh

check: lint ## what CI runs: lint, the suite on SQLite (race detector on), the leak crawl on SQLite, the suite on PostgreSQL; browser tests included
	PLENARY_TEST_BROWSER=1 $(MAKE) test-race
	$(MAKE) test-leaks
	PLENARY_TEST_BROWSER=1 PLENARY_TEST_POSTGRES=1 $(MAKE) test

clean:
	rm -rf bin
