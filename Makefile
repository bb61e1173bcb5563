# policy-advisor: `make run` and `make test` do all the set-up on a fresh Debian machine with Swift.
SWIFT ?= swift
PREFIX ?= /usr/local
BIN_DIR := $(PREFIX)/bin
SHARE_DIR := $(PREFIX)/share/policy-advisor
RELEASE_BIN := .build/release/policy-advisor
DEBUG_BIN := .build/debug/policy-advisor

.PHONY: all deps build release run test lint check install uninstall clean coverage-table eval-routing bench fuzz

all: build

# Installs libedit-dev and pkg-config with apt-get when they are missing.
deps:
	@sh scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product policy-advisor

# Builds a release binary and starts the advisor.
run: release
	@$(RELEASE_BIN) $(ARGS)

# Unit and end-to-end tests, then the shipped trees through lint and the regression suite.
test: deps
	@sh scripts/install-deps.sh graphviz
	@sh scripts/build-no-warnings.sh
	$(SWIFT) format lint --strict -r Sources Tests
	$(SWIFT) test
	$(DEBUG_BIN) lint trees
	$(DEBUG_BIN) check --trees trees scenarios/*.txt

lint: build
	$(DEBUG_BIN) lint trees

check: build
	$(DEBUG_BIN) check --trees trees scenarios/*.txt

# The table of every topic's outcomes with each school's verdict and clause (docs/coverage.md).
coverage-table: build
	$(DEBUG_BIN) table --trees trees > docs/coverage.md

# The router measured on the corpus's held-out test part (docs/routing.md; make test guards its top-1 figure).
eval-routing: build
	$(DEBUG_BIN) route --eval --trees trees > docs/routing.md
	printf '\n' >> docs/routing.md
	$(DEBUG_BIN) route --eval --trees trees --questions docs/unseen-questions >> docs/routing.md

install: release
	install -d $(BIN_DIR) $(SHARE_DIR)/trees/policies/sources $(SHARE_DIR)/trees/training
	install -m 0755 $(RELEASE_BIN) $(BIN_DIR)/policy-advisor
	install -m 0644 trees/*.json $(SHARE_DIR)/trees/
	install -m 0644 trees/policies/*.json $(SHARE_DIR)/trees/policies/
	install -m 0644 trees/policies/sources/*.txt $(SHARE_DIR)/trees/policies/sources/
	install -m 0644 trees/training/*.txt $(SHARE_DIR)/trees/training/
	install -d $(SHARE_DIR)/trees/questions
	install -m 0644 trees/questions/*.txt $(SHARE_DIR)/trees/questions/

uninstall:
	rm -f $(BIN_DIR)/policy-advisor
	rm -rf $(SHARE_DIR)

clean:
	rm -rf .build

# Benchmarks (release build; not part of make test): writes docs/benchmarks.md.
bench: deps
	sh scripts/bench.sh

# Fuzzing the real file and line readers (libFuzzer, bounded: FUZZ_SECONDS per target, default 300;
# needs swiftc -sanitize=fuzzer); crashing inputs become regression tests.
fuzz: deps
	sh scripts/fuzz.sh
