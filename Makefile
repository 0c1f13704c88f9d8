GO ?= go
export CGO_ENABLED = 0

.PHONY: build run test test-postgres lint cross fuzz bench

build:
	$(GO) build -o bin/govshare ./cmd/govshare

# Build and start the platform on the embedded store with the demo data.
run: build
	./bin/govshare serve --data ./data --demo

# Runs every test. Store and API tests also run on PostgreSQL when GOVSHARE_TEST_POSTGRES is set,
# and the bus test on an external NATS when GOVSHARE_TEST_NATS is set; .ci/run sets both.
test:
	$(GO) test -count=1 -timeout 30m ./...

lint:
	gofmt -l . | (! grep .)
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

# Check that the binary builds for every server architecture we ship.
cross:
	GOOS=linux GOARCH=amd64 $(GO) build -o /dev/null ./cmd/govshare
	GOOS=linux GOARCH=arm64 $(GO) build -o /dev/null ./cmd/govshare
	GOOS=linux GOARCH=loong64 $(GO) build -o /dev/null ./cmd/govshare
