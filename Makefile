# defuse: de-escalation training in the terminal.
#   make run      set up, build (release) and start defuse on the bundled trees
#   make test     set up, then run the whole test suite
#   make bench    release benchmarks (start-up, load, step, memory)
#   make install  PREFIX=/usr/local
SHELL := /bin/bash
PREFIX ?= /usr/local
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
RELEASE_BIN = .build/release/defuse

.PHONY: run test build release bench install uninstall clean setup fuzz check-sanitizers

# libedit-dev and pkg-config are the only system packages defuse needs.
setup:
	@if ! pkg-config --exists libedit 2>/dev/null || [ ! -f /usr/include/histedit.h ]; then \
	  echo "Installing libedit-dev and pkg-config (apt-get)..."; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libedit-dev pkg-config >/dev/null; \
	fi
	@command -v $(SWIFT) >/dev/null || { echo "swift not found: install the Swift 6 toolchain (https://swift.org/install)"; exit 1; }

build: setup
	$(SWIFT) build

release: setup
	$(SWIFT) build -c release --product defuse

run: release
	@$(RELEASE_BIN) --trees Trees

test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: setup
	$(SWIFT) build -c release --product defuse
	$(SWIFT) build -c release --product minimal-swift
	$(SWIFT) build -c release --product defuse-bench
	.build/release/defuse-bench

install: release
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/defuse
	install -m 755 $(RELEASE_BIN) $(DESTDIR)$(PREFIX)/bin/defuse
	rm -rf $(DESTDIR)$(PREFIX)/share/defuse/Trees
	cp -R Trees $(DESTDIR)$(PREFIX)/share/defuse/Trees

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/defuse
	rm -rf $(DESTDIR)$(PREFIX)/share/defuse

clean:
	rm -rf .build .build-*
