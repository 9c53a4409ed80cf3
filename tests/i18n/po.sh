#!/bin/sh
# po completeness (TAP): the template regenerated from the current sources
# (xgettext over po/POTFILES with the build's keywords), po/fr.po merged into
# it, must have no untranslated and no fuzzy message, and msgfmt --check must
# pass; po/POTFILES must list every .c file of src/cli and src/lib with a _( call.
# Usage: po.sh SOURCE_ROOT
root=${1:?usage: po.sh SOURCE_ROOT}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
echo 1..4
fails=0
ok() { echo "ok $1 - $2"; }
notok() { echo "not ok $1 - $2"; fails=$((fails + 1)); }

cd "$root" || exit 1
missing=
for f in src/cli/*.c src/lib/*.c; do
	grep -q '\b_(' "$f" || grep -q '\bN_(' "$f" || continue
	grep -qx "$f" po/POTFILES || missing="$missing $f"
done
if [ -z "$missing" ]; then ok 1 "po/POTFILES lists every file with _( or N_("
else notok 1 "po/POTFILES misses:$missing"; fi

# the keywords are po/meson.build's own, so the two cannot drift
keywords=$(grep -o -- "--keyword=[^']*" po/meson.build)
# shellcheck disable=SC2086
if xgettext $keywords --from-code=UTF-8 --add-comments=TRANSLATORS: \
	--package-name=muster -o "$tmp/muster.pot" -f po/POTFILES 2>"$tmp/xg.err"; then
	ok 2 "xgettext over po/POTFILES"
else
	sed 's/^/# /' "$tmp/xg.err"; notok 2 "xgettext over po/POTFILES"
fi

msgmerge -q --no-fuzzy-matching -o "$tmp/fr.po" po/fr.po "$tmp/muster.pot" 2>"$tmp/mm.err" || sed 's/^/# /' "$tmp/mm.err"
untr=$(msgattrib --untranslated --no-obsolete "$tmp/fr.po" 2>/dev/null | grep -c '^msgid "' )
fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$tmp/fr.po" 2>/dev/null | grep -c '^msgid "')
stats=$(msgfmt --statistics -o /dev/null "$tmp/fr.po" 2>&1)
echo "# $stats"
# msgattrib prints the header's msgid "" too when it prints anything
if [ "$untr" -le 1 ] && [ "$fuzzy" -le 1 ]; then
	ok 3 "po/fr.po: 0 untranslated, 0 fuzzy"
else
	echo "# untranslated or fuzzy messages of po/fr.po:"
	# each msgid in full (the header's empty msgid left out)
	ids='/^msgid/ { inid = 1; buf = $0; next }
	     /^"/ && inid { buf = buf "\n" $0; next }
	     /^msgstr/ { if (inid && buf != "msgid \"\"") print buf; inid = 0 }'
	msgattrib --untranslated --no-obsolete "$tmp/fr.po" | awk "$ids" | sed 's/^/#   /' | head -400
	msgattrib --only-fuzzy --no-obsolete "$tmp/fr.po" | awk "$ids" | sed 's/^/#   fuzzy /' | head -200
	notok 3 "po/fr.po: $stats"
fi

if msgfmt --check -o /dev/null "$tmp/fr.po" 2>"$tmp/fmt.err"; then
	ok 4 "msgfmt --check (format strings match)"
else
	sed 's/^/# /' "$tmp/fmt.err"
	# the msgid at each line msgfmt names
	for n in $(grep -v warning "$tmp/fmt.err" | sed -n 's/^[^:]*fr\.po:\([0-9]*\):.*/\1/p' | sort -un); do
		awk -v n="$n" 'NR > n { exit } /^msgid/ { buf = $0; inid = 1; next }
			/^"/ && inid { buf = buf "\n" $0; next } { inid = 0 } END { print buf }' "$tmp/fr.po" | sed 's/^/#   /'
	done
	notok 4 "msgfmt --check (format strings match)"
fi
[ "$fails" -eq 0 ]
