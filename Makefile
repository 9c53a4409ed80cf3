# The two commands: `make run` (set up, import and source the NATO Mission
# Iraq example, print its reports) and `make check` (every test, then the
# whole suite again under AddressSanitizer + UndefinedBehaviorSanitizer, and
# the threads test under ThreadSanitizer).
# Both install missing Debian packages first (apt-get, as root or via sudo).
# `make install PREFIX=DIR` builds and installs muster into DIR/bin (default
# /usr/local) with `meson install`.

DEB_PKGS = gcc make pkg-config meson ninja-build python3 sqlite3 libsqlite3-dev \
	libjansson-dev libsodium-dev libcsv-dev libglpk-dev libcmocka-dev libpq-dev postgresql libmicrohttpd-dev curl \
	clang libclang-rt-14-dev clang-format cppcheck libxml2-utils glpk-utils coinor-cbc \
	libxlsxwriter-dev chromium nodejs gettext
BUILD = build
MUSTER = $(BUILD)/src/cli/muster
SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)
OUT = out
PREFIX ?= /usr/local

.PHONY: all deps build install run check test asan fuzz format bench clean

all: build

deps:
	@missing=""; for p in $(DEB_PKGS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

$(BUILD)/build.ninja:
	meson setup $(BUILD) >/dev/null

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

# meson wants an absolute prefix; `meson configure` keeps it in the build folder.
install: build
	meson configure $(BUILD) --prefix=$(abspath $(PREFIX)) >/dev/null
	meson install -C $(BUILD)

run: build
	@bash tools/run-example.sh $(MUSTER) $(OUT)

# Each step records its result; the last line counts every test of every step.
check: deps
	@bash tools/check.sh

bench: build
	@bash bench/run.sh

format:
	clang-format -i include/*.h src/*/*.c src/*/*.h tests/*/*.c

clean:
	rm -rf $(BUILD) $(BUILD)-asan $(BUILD)-tsan $(BUILD)-fuzz $(OUT)
