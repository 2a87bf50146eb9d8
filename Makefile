# fonds — see README.md. Two commands matter on a fresh machine:
#   make dist   build the default sources (sources/) into dist/
#   make test   run every test
GO      ?= go
FONDS   := bin/fonds
FUZZTIME ?= 10s
# Minimizing each new interesting input is capped: uncapped (60 s), the large
# seed files stall the fuzzers for most of a short run.
FUZZMINIMIZE ?= 1s

.PHONY: all fonds dist test check vet fmt staticcheck golden fuzz bench bench-aspace clean

all: fonds

fonds:
	$(GO) build -trimpath -o $(FONDS) ./cmd/fonds

dist: fonds
	./$(FONDS) build -o dist sources

# Every test, under the race detector: concurrency bugs fail CI.
# gotestsum (pinned by the tool line of go.mod) prints go test's ok and FAIL
# lines, then every skipped test with the reason it gave (a tool that is
# not installed, -short) and the failed ones with their output; it exits
# non-zero when a test fails or a package does not build.
# Then the tests of size and memory that the race detector would distort
# (they skip under -race): a 20,000-item build's heap per item and the
# PDF of 100,000 items, without it.
test:
	$(GO) tool gotestsum --format standard-quiet -- -count=1 -race ./...
	$(GO) tool gotestsum --format standard-quiet -- -count=1 -run '^(TestBuildMemory|TestLarge)$$' ./pkg/cli ./pkg/pdf

# Static checks; CI fails on any finding. staticcheck is pinned by the tool
# line of go.mod.
check: vet fmt staticcheck

vet:
	$(GO) vet ./...

fmt:
	@out=$$(gofmt -l cmd internal pkg schema templates 2>/dev/null); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

staticcheck:
	$(GO) tool staticcheck ./...

# Each fuzz target runs for FUZZTIME (default 10s); CI runs them briefly.
# A crasher is saved under the package's testdata/fuzz and becomes a
# regression test that every later "make test" runs. A run that fails with
# Go's "context deadline exceeded" at the end of FUZZTIME and saves no
# crasher is Go's own race at that deadline (golang/go#75804, fixed in Go
# 1.27), not an input that fails: it is said and not counted.
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
	  dir=$$($(GO) list -f '{{.Dir}}' $$pkg); \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	    echo "== $$pkg $$f ($(FUZZTIME))"; \
	    before=$$(ls $$dir/testdata/fuzz/$$f 2>/dev/null | wc -l); \
	    if out=$$($(GO) test $$pkg -run='^$$' -fuzz="^$$f\$$" -fuzztime=$(FUZZTIME) -fuzzminimizetime=$(FUZZMINIMIZE) 2>&1); then \
	      echo "$$out" | tail -3; continue; \
	    fi; \
	    after=$$(ls $$dir/testdata/fuzz/$$f 2>/dev/null | wc -l); \
	    if [ "$$after" = "$$before" ] && echo "$$out" | grep -q 'context deadline exceeded'; then \
	      echo "$$out" | tail -4; echo "(no crasher saved: Go's fuzzing deadline race, golang/go#75804; not counted)"; continue; \
	    fi; \
	    echo "$$out"; exit 1; \
	  done; \
	done

# Benchmarks: Go benchmarks of the stages, then whole-process timings on
# synthetic finding aids (BENCHSIZES items; a corpus of 1,000 × 200 with
# rebuilds after a change) beside the YAML floor (cmd/yamlfloor); results
# and the targets met or missed in bench/RESULTS.md, with each stage's
# benchmark beside the previous run's (bench/stages.before.txt, the last
# bench/stages.txt; a run whose benchmarks fail keeps both as they were). About 20 minutes on 2
# cores, most of it the 1,000,000 items (generated once, 170 MB under
# /tmp/fonds-bench, and its build stopped at BENCHTIMEOUT or BENCHMAXRSS
# MiB); BENCHSIZES=1000,10000,100000 takes about 10.
BENCHCOUNT ?= 5
BENCHSIZES ?= 1000,10000,100000,1000000
BENCHTIMEOUT ?= 10m
BENCHMAXRSS ?= 8192
bench: fonds
	$(GO) build -o bin/fondsbench ./cmd/fondsbench
	$(GO) build -o bin/yamlfloor ./cmd/yamlfloor
	$(GO) test -run='^$$' -bench=. -benchtime=1x -count=$(BENCHCOUNT) ./pkg/... > bench/stages.new
	if [ -f bench/stages.txt ]; then mv bench/stages.txt bench/stages.before.txt; fi
	mv bench/stages.new bench/stages.txt
	./bin/fondsbench -fonds $(FONDS) -floor bin/yamlfloor -sizes $(BENCHSIZES) -timeout $(BENCHTIMEOUT) -max-rss $(BENCHMAXRSS) -stages bench/stages.txt -stages-before bench/stages.before.txt -o bench/RESULTS.md

# fonds beside ArchivesSpace's PDF pipeline (Saxon-HE and FOP installed;
# see bench/aspace.sh and the README): make bench-aspace ASPACE_EAD=…
# ASPACE_XSL=…/archivesspace/stylesheets
bench-aspace:
	bench/aspace.sh "$(ASPACE_EAD)" "$(ASPACE_XSL)"

golden:
	UPDATE_GOLDEN=1 $(GO) test -count=1 ./...

clean:
	rm -rf bin
