# Alumni Desk — the two commands: `make run` and `make test`.
# Both install what is missing on Debian 12 / Ubuntu 22.04+ (system packages with sudo when
# not root, tauri-driver through cargo), then build.

SHELL := /bin/bash
CARGO ?= cargo
RUST_MIN := 1.90
DEMO_DB := target/demo.sqlite3
XVFB := xvfb-run -a -s "-screen 0 1280x800x24"

# Build, run and WebDriver-test a Tauri 2 app on Linux; fonts for Chinese (HanaMin from
# fonts-hanazono prints the CJK Extension characters documents fall back to); PDF tools for checks;
# Chromium and its driver for the door station's tests (a station is an ordinary browser).
APT_PACKAGES := libwebkit2gtk-4.1-dev build-essential pkg-config xvfb webkit2gtk-driver \
	fonts-wqy-microhei fonts-hanazono poppler-utils chromium chromium-driver
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test setup check-rust system-packages tauri-driver build demo-db lint

run: setup demo-db
	ALUMNI_DESK_DB=$(CURDIR)/$(DEMO_DB) ./target/debug/alumni-desk

# Benchmarks are built by clippy (--all-targets) but never run here: they time release builds.
test: setup tauri-driver lint build
	$(XVFB) $(CARGO) test --workspace
	@echo "make test: all checks passed"

setup: check-rust system-packages

check-rust:
	@command -v $(CARGO) >/dev/null || { echo "Rust is missing: install it with rustup (https://rustup.rs), then run make again."; exit 1; }
	@rustc --version >/dev/null 2>&1 || { echo "rustc does not run (no default toolchain?). Run: rustup default stable"; exit 1; }
	@have=$$(rustc --version | cut -d' ' -f2); \
	if [ "$$(printf '%s\n%s\n' "$(RUST_MIN)" "$$have" | sort -V | head -1)" != "$(RUST_MIN)" ]; then \
	  echo "Rust $$have is too old: Alumni Desk needs $(RUST_MIN) or newer. Run: rustup update stable"; exit 1; fi

system-packages:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing: $$missing"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) apt-get install -y -qq -o DPkg::Lock::Timeout=900 --no-install-recommends $$missing; \
	fi

tauri-driver:
	@command -v tauri-driver >/dev/null || [ -x "$${CARGO_HOME:-$$HOME/.cargo}/bin/tauri-driver" ] || \
	  $(CARGO) install tauri-driver --locked --version '^2'

build:
	$(CARGO) build -p alumni-desk

demo-db: build
	@[ -f $(DEMO_DB) ] || ./target/debug/alumni-desk --db $(DEMO_DB) demo

lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
