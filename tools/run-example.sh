#!/usr/bin/env bash
# run-example.sh MUSTER OUT: the main job (`make run`): a fresh database, the
# NATO Mission Iraq example imported, shown, sourced and reported.
set -eu
muster=$1 out=$2
mkdir -p "$out"
db="$out/nmi.db"
rm -f "$db" "$db-wal" "$db-shm"
step() { printf '\n\033[1m$ muster %s\033[0m\n' "$*"; "$muster" --db "$db" "$@"; }
step import examples/nmi-2021
step show missions
step show phases --mission NMI
step show caps
