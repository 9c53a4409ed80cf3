#!/bin/bash
# The README's tour reproduces on a fresh database, in the order shown (issue 9,
# item 24): every `$ muster ...` command of README.md's code blocks runs in a
# temporary folder and its output must match the one shown (timestamps and
# times masked; a `...` line leaves lines out). UPDATE_README=1 rewrites the
# shown outputs from the real run: rerun it after a change of any output.
: "${MUSTER:?set MUSTER to the muster binary}"
: "${MUSTER_SRC:?set MUSTER_SRC to the source tree}"
exec python3 "$MUSTER_SRC/tests/cli/readme_tour.py"
