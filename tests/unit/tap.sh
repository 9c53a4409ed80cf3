#!/usr/bin/env bash
# tap.sh TEST [ARGS...]: run a cmocka test binary (CMOCKA_MESSAGE_OUTPUT=TAP)
# and pass its TAP on, with cmocka's "not ok N # SKIP" written as the TAP
# standard's "ok N # SKIP": a skipped test (e.g. one that needs the shared
# data folder, absent in a clone outside the workspace) is not a failure.
# The exit status is the test's.
"$@" | sed -E 's/^not ok ([0-9]+)( -)? # SKIP/ok \1 # SKIP/'
exit "${PIPESTATUS[0]}"
