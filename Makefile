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

.PHONY: run test setup check-rust system-packages tauri-driver build demo-db lint \
	windows windows-packages test-windows windows-installer

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

# Windows from this machine (README "Windows"): Debian's Rust 1.96 with its standard library's
# source builds std for x86_64-pc-windows-gnu (rustup's Windows targets cannot be downloaded
# here), mingw-w64 links, wine runs the console program for the CLI tests, NSIS packs the
# installer. Its own target folder: the Linux build is untouched.
WIN_PACKAGES := rustc-web cargo-web rust-web-src gcc-mingw-w64-x86-64 wine64 nsis
WIN_TARGET := x86_64-pc-windows-gnu
WIN_DIR := $(CURDIR)/target/windows
WIN_PROFILE ?= debug
WIN_EXE := $(WIN_DIR)/$(WIN_TARGET)/$(WIN_PROFILE)/alumni-desk.exe
WIN_CARGO := RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR=$(WIN_DIR) /usr/bin/cargo
WIN_TESTS := --test cli --test members_cli --test documents_cli --test refusals --test windows_cli

windows-packages:
	@$(MAKE) --no-print-directory system-packages APT_PACKAGES="$(WIN_PACKAGES)"

# alumni-desk.exe (WIN_PROFILE=release for the shipped one: no console window, -O).
windows: windows-packages
	$(WIN_CARGO) build -Zbuild-std=std,panic_abort --target $(WIN_TARGET) -p alumni-desk \
		$(if $(filter release,$(WIN_PROFILE)),--release)
	@ls -l $(WIN_EXE)

# The CLI contract tests against the .exe under wine (the tests themselves are built natively).
# wine 8 lacks ProcessPrng, which Rust's std calls: a stand-in DLL goes beside the .exe.
test-windows: windows
	x86_64-w64-mingw32-gcc -O2 -shared -o $(dir $(WIN_EXE))bcryptprimitives.dll \
		tests/windows/bcryptprimitives.c tests/windows/bcryptprimitives.def -ladvapi32
	ALUMNI_DESK_EXE=$(WIN_EXE) ALUMNI_DESK_BIN=$(CURDIR)/tests/windows/alumni-desk-wine \
		$(CARGO) test -p alumni-desk-tests $(WIN_TESTS)
	@echo "make test-windows: the CLI tests passed under wine"

# The installer (NSIS, per user, no administrator): the release .exe and WebView2Loader.dll, a
# Start-menu shortcut, an uninstaller; written to target/windows/alumni-desk-setup-VERSION.exe.
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
WIN_SETUP := $(WIN_DIR)/alumni-desk-setup-$(VERSION).exe
windows-installer:
	$(MAKE) --no-print-directory windows WIN_PROFILE=release
	makensis -V2 -DEXE=$(WIN_DIR)/$(WIN_TARGET)/release/alumni-desk.exe \
		-DLOADER=$(WIN_DIR)/$(WIN_TARGET)/release/WebView2Loader.dll \
		-DICON=$(CURDIR)/src-tauri/icons/icon.ico -DVERSION=$(VERSION) -DOUT=$(WIN_SETUP) \
		src-tauri/windows/installer.nsi
	@ls -l $(WIN_SETUP)
