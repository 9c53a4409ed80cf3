#!/usr/bin/env bash
# run.sh: build the libFuzzer harnesses with clang (ASan + UBSan) into
# build-fuzz/ and run each on a copy of its seed corpus: the scenario reader
# for 30 seconds (FUZZ_SECONDS), the server's request intake for 15
# (FUZZ_REQUEST_SECONDS). Exits non-zero on a crash; the crashing input is left
# in build-fuzz/ (add it to tests/fuzz/seeds/ as a regression seed).
set -eu
cd "$(dirname "$0")/../.."
out=build-fuzz
seconds=${FUZZ_SECONDS:-30}
if ! command -v clang >/dev/null; then
	echo "fuzz: clang is not installed (make deps installs it)" >&2
	exit 1
fi
mkdir -p "$out"
python3 tools/embed.py "$out/embedded_data.c" data/countries.csv data/nato.csv data/gdp.csv
lib="util model reference csv_read scenario_read scenario_write validate"
srcs=()
for f in $lib; do srcs+=("src/lib/$f.c"); done
clang -g -O1 -std=c17 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -Iinclude -Isrc/lib \
	tests/fuzz/fuzz_scenario.c "${srcs[@]}" "$out/embedded_data.c" \
	-lcsv -lm -lpthread -o "$out/fuzz_scenario"
rm -rf "$out/corpus"
cp -r tests/fuzz/seeds "$out/corpus"
# Seeds first (each must pass as is), then fuzz.
if ! "$out/fuzz_scenario" -runs=0 "$out/corpus" >"$out/seeds.log" 2>&1; then
	tail -n 40 "$out/seeds.log"
	echo "fuzz: a seed fails" >&2
	exit 1
fi
if "$out/fuzz_scenario" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
	-max_len=8192 -dict=tests/fuzz/scenario.dict -artifact_prefix="$out/" \
	"$out/corpus" >"$out/fuzz.log" 2>&1; then
	echo "fuzz: no crash in ${seconds}s ($(grep -o 'Done [0-9]* runs' "$out/fuzz.log" || echo 'no runs'))"
else
	tail -n 60 "$out/fuzz.log"
	echo "fuzz: crash; the input is in $out/" >&2
	exit 1
fi

# The server's request intake (src/server/intake.c): paths, cursors, bodies.
rseconds=${FUZZ_REQUEST_SECONDS:-15}
clang -g -O1 -std=c17 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -Iinclude -Isrc/lib -Isrc/server \
	tests/fuzz/fuzz_request.c src/server/intake.c src/lib/util.c \
	-ljansson -lm -lpthread -o "$out/fuzz_request"
rm -rf "$out/request-corpus"
cp -r tests/fuzz/request-seeds "$out/request-corpus"
if ! "$out/fuzz_request" -runs=0 "$out/request-corpus" >"$out/request-seeds.log" 2>&1; then
	tail -n 40 "$out/request-seeds.log"
	echo "fuzz: a request seed fails" >&2
	exit 1
fi
if "$out/fuzz_request" -max_total_time="$rseconds" -timeout=10 -rss_limit_mb=2048 \
	-max_len=65536 -artifact_prefix="$out/request-" "$out/request-corpus" \
	>"$out/request-fuzz.log" 2>&1; then
	echo "fuzz: request intake: no crash in ${rseconds}s ($(grep -o 'Done [0-9]* runs' "$out/request-fuzz.log" || echo 'no runs'))"
else
	tail -n 60 "$out/request-fuzz.log"
	echo "fuzz: request intake crashed; the input is in $out/" >&2
	exit 1
fi
