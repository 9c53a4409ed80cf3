#!/usr/bin/env bash
# check.sh: the whole test suite (`make check`): build and test normally,
# build and test again under ASan+UBSan, run the threads test under
# ThreadSanitizer, run the fuzzers briefly, check the
# formatting, and print one line `N passed, N failed` counting every test.
set -u
cd "$(dirname "$0")/.."
extra=""
record() { extra="$extra $1=$2"; }

# One throwaway PostgreSQL cluster (socket only, in a temporary folder) for
# every PostgreSQL run of the suite (the tests named *-pg), stopped at the
# end. Without PostgreSQL installed those tests say skipped.
if pgdir=$(bash tests/pg/cluster.sh start 2>build-pg.log); then
	export MUSTER_TEST_PG_DIR=$pgdir
	trap 'bash tests/pg/cluster.sh stop "$pgdir"' EXIT
else
	echo "PostgreSQL: no test cluster ($(tail -n 1 build-pg.log 2>/dev/null)); the PostgreSQL runs are skipped"
fi
rm -f build-pg.log

setup() { # setup DIR [meson options...]
	local dir=$1; shift
	[ -f "$dir/build.ninja" ] || meson setup "$dir" "$@" >/dev/null || return 1
	ninja -C "$dir" >"$dir/ninja.log" 2>&1 || { tail -n 40 "$dir/ninja.log"; return 1; }
}

# The browser test's playwright-core (tests/web/package-lock.json). Without
# npm the test says skipped; npm there but `npm ci` failing is a failure.
if command -v npm >/dev/null 2>&1 && [ -f tests/web/package-lock.json ]; then
	if ! (cd tests/web && npm ci --no-audit --no-fund >"${TMPDIR:-/tmp}/muster-npm-ci.$$.log" 2>&1); then
		tail -n 20 "${TMPDIR:-/tmp}/muster-npm-ci.$$.log"
		record npm-ci fail
	fi
else
	echo "npm missing: the browser test (tests/web) will be skipped"
fi

if setup build; then
	meson test -C build --print-errorlogs --num-processes 2 >build/check.log 2>&1
	tail -n 12 build/check.log
else
	record build fail
fi

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
# Under ASan the PostgreSQL runs are cut to the store's own tests and the
# scripts that exercise the backend hardest (ASAN_PG below): the normal build
# above ran every one of them, and the sanitizers check the C code, which
# the SQLite runs reach as well. That keeps CI well within its time.
ASAN_PG=" store-pg records-pg users-pg cli-records-pg cli-pg-pg cli-migrate-pg cli-concurrency-pg server-servers-pg server-restart-pg server-kill-pg "
asan_tests() { # every test's name, less the -pg runs not in ASAN_PG
	meson test -C build-asan --list 2>/dev/null | sed -n 's/^[^ ]* \/ //p' | while read -r t; do
		case "$t" in *-pg) case "$ASAN_PG" in *" $t "*) echo "$t" ;; esac ;; *) echo "$t" ;; esac
	done
}
if setup build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug; then
	# shellcheck disable=SC2046
	meson test -C build-asan --print-errorlogs --num-processes 2 --timeout-multiplier 3 \
		$(asan_tests) >build-asan/check.log 2>&1
	tail -n 12 build-asan/check.log
else
	record build-asan fail
fi

# ThreadSanitizer: the library called from several threads at once, each on
# handles of its own (tests/unit/test_threads.c); any data race fails it.
# Only the library and that test are built: the other tests are
# single-threaded and already run twice above.
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
if { [ -f build-tsan/build.ninja ] ||
	meson setup build-tsan -Db_sanitize=thread -Db_lundef=false -Dbuildtype=debug >/dev/null; } &&
	ninja -C build-tsan tests/unit/test_threads >build-tsan/ninja.log 2>&1; then
	meson test -C build-tsan --print-errorlogs --no-rebuild --timeout-multiplier 3 threads \
		>build-tsan/check.log 2>&1
	tail -n 12 build-tsan/check.log
else
	[ -f build-tsan/ninja.log ] && tail -n 40 build-tsan/ninja.log
	record build-tsan fail
fi

if [ -x tests/fuzz/run.sh ]; then
	if bash tests/fuzz/run.sh; then record fuzz pass; else record fuzz fail; fi
fi

# static analysis: cppcheck's warnings and portability checks on every C file
if cppcheck --quiet --enable=warning,portability --error-exitcode=1 --inline-suppr \
	-I include -I src/lib -I src/cli -I src/server -D_GNU_SOURCE \
	--suppress=missingIncludeSystem src/lib src/cli src/server; then
	record cppcheck pass
else
	record cppcheck fail
fi

files=$(git ls-files 'include/*.h' 'src/*.c' 'src/*.h' 'tests/*.c' 2>/dev/null)
if [ -n "$files" ] && clang-format --dry-run -Werror $files 2>build/format.log; then
	record clang-format pass
else
	echo "clang-format: these files need 'make format':"; grep -o '^[^:]*' build/format.log | sort -u
	record clang-format fail
fi

MUSTER_EXTRA_RESULTS="$extra" python3 tools/test-summary.py build build-asan build-tsan
