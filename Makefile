# defuse: de-escalation training in the terminal.
#   make run      set up, build (release) and start defuse on the bundled trees
#   make test     set up, then run the whole test suite
#   make bench    release benchmarks (start-up, load, step, memory)
#   make install  PREFIX=/usr/local (and DESTDIR): the binary, the trees, the
#                 man page and the bash, zsh and fish completions
#   make uninstall the same PREFIX and DESTDIR: removes exactly those
SHELL := /bin/bash
PREFIX ?= /usr/local
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# The shipped binary links the Swift runtime statically: fewer shared
# libraries for the loader to map and relocate, so the first prompt comes
# sooner (see README "Performance"). It has its own scratch folder, so the
# debug and benchmark builds never rebuild it with other flags.
RELEASE_FLAGS ?= -Xswiftc -static-stdlib
RELEASE_SCRATCH ?= .build-release
RELEASE_BIN = $(RELEASE_SCRATCH)/release/defuse

.PHONY: run test build release bench install install-files uninstall clean setup setup-test fuzz check-sanitizers

# libedit-dev and pkg-config are the only system packages defuse needs.
setup:
	@if ! pkg-config --exists libedit 2>/dev/null || [ ! -f /usr/include/histedit.h ]; then \
	  echo "Installing libedit-dev and pkg-config (apt-get)..."; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libedit-dev pkg-config >/dev/null; \
	fi
	@command -v $(SWIFT) >/dev/null || { echo "swift not found: install the Swift 6 toolchain (https://swift.org/install)"; exit 1; }

# What the tests need besides: the shells that run the completion scripts
# and groff, which checks the man page; installed only when missing.
setup-test: setup
	@missing=""; \
	for p in bash zsh fish groff; do command -v $$p >/dev/null || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing$$missing for the tests (apt-get)..."; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $${missing/groff/groff-base} >/dev/null; \
	fi

build: setup
	$(SWIFT) build

release: setup
	$(SWIFT) build -c release --product defuse --scratch-path $(RELEASE_SCRATCH) $(RELEASE_FLAGS)

run: release
	@$(RELEASE_BIN) --trees Trees

test: setup-test
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: release
	$(SWIFT) build -c release --product minimal-swift
	$(SWIFT) build -c release --product defuse-bench
	.build/release/defuse-bench --defuse $(RELEASE_BIN)

# Installing: the binary, the bundled trees (an installed defuse finds them
# from its own place, PREFIX/bin/../share/defuse/Trees), and the man page and
# completion scripts, which the binary writes from its own tables.
# 'install-files' installs an already built BIN (the tests use it).
BIN ?= $(RELEASE_BIN)
BINDIR = $(DESTDIR)$(PREFIX)/bin
TREEDIR = $(DESTDIR)$(PREFIX)/share/defuse
MAN1DIR = $(DESTDIR)$(PREFIX)/share/man/man1
BASHDIR = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSHDIR = $(DESTDIR)$(PREFIX)/share/zsh/site-functions
FISHDIR = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
# $(call generate,ARGUMENTS,FILE): FILE is what 'defuse ARGUMENTS' prints,
# whole or not at all.
generate = $(BIN) $(1) > $(2).tmp && chmod 644 $(2).tmp && mv -f $(2).tmp $(2)

install: release
	@$(MAKE) --no-print-directory install-files BIN=$(RELEASE_BIN)

install-files:
	@test -x "$(BIN)" || { echo "no defuse binary at $(BIN) ('make install' builds one)"; exit 1; }
	install -d $(BINDIR) $(TREEDIR) $(MAN1DIR) $(BASHDIR) $(ZSHDIR) $(FISHDIR)
	install -m 755 $(BIN) $(BINDIR)/defuse
	rm -rf $(TREEDIR)/Trees
	cp -R Trees $(TREEDIR)/Trees
	$(call generate,help --man,$(MAN1DIR)/defuse.1)
	$(call generate,completion bash,$(BASHDIR)/defuse)
	$(call generate,completion zsh,$(ZSHDIR)/_defuse)
	$(call generate,completion fish,$(FISHDIR)/defuse.fish)

# Removes exactly what install put there (and share/defuse, when empty).
uninstall:
	rm -f $(BINDIR)/defuse $(MAN1DIR)/defuse.1 $(BASHDIR)/defuse $(ZSHDIR)/_defuse $(FISHDIR)/defuse.fish
	rm -rf $(TREEDIR)/Trees
	@if [ -d $(TREEDIR) ]; then rmdir $(TREEDIR) 2>/dev/null || echo "kept $(TREEDIR): it holds more than defuse put there"; fi

clean:
	rm -rf .build .build-*

# Fuzzing (libFuzzer): each target runs FUZZ_SECONDS on a copy of its
# committed seed corpus (Tests/Fuzz/<target>/), with the format's dictionary.
# New crashes land in fuzz-out/<target>/; minimize them into
# Tests/Fuzz/crashes/<target>/, where 'swift test' replays them.
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?= FuzzParse FuzzSession FuzzRender FuzzPathImport FuzzJournal
FUZZ_SCRATCH = .build-fuzz

fuzz: setup
	@for t in $(FUZZ_TARGETS); do \
	  $(SWIFT) build --product $$t --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address --scratch-path $(FUZZ_SCRATCH) || exit 1; \
	done
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p fuzz-out/$$t/corpus && cp -n Tests/Fuzz/$$t/* fuzz-out/$$t/corpus/ 2>/dev/null; \
	  echo "== $$t ($(FUZZ_SECONDS)s)"; \
	  SWIFT_BACKTRACE=enable=no DEFUSE_TREES=$(CURDIR)/Trees $(FUZZ_SCRATCH)/debug/$$t $(CURDIR)/fuzz-out/$$t/corpus \
	    -dict=$(CURDIR)/Tests/Fuzz/tree.dict -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 -rss_limit_mb=4096 \
	    -artifact_prefix=$(CURDIR)/fuzz-out/$$t/ -print_final_stats=1 2>&1 | tee fuzz-out/$$t.log | grep -E '^(#[0-9]+[[:space:]]+(INITED|DONE)|==|stat::|SUMMARY|artifact)' ; \
	  test $${PIPESTATUS[0]} -eq 0 || exit 1; \
	done

# The test suite under AddressSanitizer (leaks checked; libXCTest's own
# leaks suppressed in Tests/lsan.supp) and ThreadSanitizer.
check-sanitizers: setup
	DEFUSE_SANITIZER=address LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/lsan.supp:print_suppressions=0 \
	  $(SWIFT) test --sanitize=address --scratch-path .build-asan
	DEFUSE_SANITIZER=thread TSAN_OPTIONS=suppressions=$(CURDIR)/Tests/tsan.supp \
	  $(SWIFT) test --sanitize=thread --scratch-path .build-tsan
