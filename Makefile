# fonds — see README.md. Two commands matter on a fresh machine:
#   make dist   build the default sources (sources/) into dist/
#   make test   run every test
GO      ?= go
FONDS   := bin/fonds
FUZZTIME ?= 10s

.PHONY: all fonds dist test check vet fmt race golden fuzz bench clean

all: fonds

fonds:
	$(GO) build -trimpath -o $(FONDS) ./cmd/fonds

dist: fonds
	./$(FONDS) build -o dist sources

test:
	$(GO) test -count=1 ./...

check: vet fmt race

vet:
	$(GO) vet ./...

fmt:
	@out=$$(gofmt -l cmd pkg schema templates 2>/dev/null); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

race:
	$(GO) test -count=1 -race ./...

golden:
	UPDATE_GOLDEN=1 $(GO) test -count=1 ./...

clean:
	rm -rf bin
