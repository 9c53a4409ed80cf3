#!/usr/bin/env bash
# french-report.sh: `muster --lang fr report --html` on the NMI 2021 example:
# the page says lang="fr", its headings are French and no English heading is
# left, while every number, ISO date and code is the same as in the English
# page (in the same order); a library error in French ("did you mean").
. "$(dirname "$0")/lib.sh"

run import "$MUSTER_SRC/examples/nmi-2021"
check_rc "import the NMI example" 0
run source
check_rc "a sourcing run" 0
printf 'date,published\n2021-01-31,4000\n2021-03-31,7000\n' >"$T/ref.csv"
run --lang en report --html "$T/en.html" --on 2021-06-01 --reference "$T/ref.csv:published"
check_rc "the English report" 0
run --lang fr report --html "$T/fr.html" --on 2021-06-01 --reference "$T/ref.csv:published"
check_rc "the French report" 0
en=$(cat "$T/en.html")
fr=$(cat "$T/fr.html")
check_contains "English page: lang=\"en\"" "$en" '<html lang="en">'
check_contains "French page: lang=\"fr\"" "$fr" '<html lang="fr">'

# the French headings, captions and headers, each present
while IFS= read -r want; do
	check_contains "French: $want" "$fr" "$want"
done <<'LIST'
<h1>rapport de posture muster</h1>
<h2>Posture dans le temps, par nation</h2>
<h2>Par mission, à la date du 2021-06-01</h2>
<h2>Comparaison avec published</h2>
<h2>Où, à la date du 2021-06-01</h2>
<h3>Par nation</h3>
<h3>Par pays</h3>
<h2>Plafonds, échéances et plafonds de phase</h2>
<h2>Génération de force</h2>
<h3>Taux de couverture par ligne et par phase
<h3>Lacunes par motif
<h3>Restrictions levables levées par le calcul</h3>
<h2>Les chiffres dans le temps, par pas de 12 jours</h2>
<th class="n">effectifs</th><th class="n">dans la nation hôte</th>
<th class="n">écart</th>
Effectifs déployés, empilés
<p class="meta">Période du 20
janv. 2021</text>
(marge minimale de
font-weight="600">effectifs le 2021-06-01</text>
plafond USA dans IRQ
<th>motif</th><th class="n">lacunes</th>
LIST

nb=$(printf '\302\240')
check_contains "a no-break space before ; and :" "$fr" "empilés$nb; survolez une bande"
check_contains "... and before : in the meta line" "$fr" "(pas$nb: "

# no English heading, caption or header left in the French page
while IFS= read -r gone; do
	check_contains "English has: $gone" "$en" "$gone"
	case "$fr" in *"$gone"*) not_ok "French has no: $gone" ;; *) ok "French has no: $gone" ;; esac
done <<'LIST'
<h1>muster posture report</h1>
<h2>Posture over time
<h2>By mission, on
<h2>Against
<h2>Where, on
<h3>By nation</h3>
<h3>By country</h3>
<h2>Caps, deadlines and ceilings</h2>
<h2>Force generation</h2>
<h3>Fill by line and phase
<h3>Gaps by reason
<h3>Soft caveats overridden
<h2>The numbers over time
<th class="n">personnel</th>
<th class="n">in host</th>
<th class="n">difference</th>
Personnel deployed, stacked
hover a country
to scale with the largest
<p class="meta">Period
Made by muster
Jan 2021</text>
(least headroom
font-weight="600">personnel on 2021-06-01</text>
cap USA in IRQ
<th>reason</th><th class="n">gaps</th>
LIST

# the same numbers, ISO dates and codes, in the same order
# (HTML character references such as &#39; are not figures: the English
# quotes 'x' of a message are « x » in French)
figures() { sed 's/&#[0-9]*;//g' "$1" | grep -oE '[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9][0-9,.]*'; }
figures "$T/en.html" >"$T/en.num"
figures "$T/fr.html" >"$T/fr.num"
if cmp -s "$T/en.num" "$T/fr.num"; then ok "same numbers and dates ($(wc -l <"$T/en.num") of them)"; else
	not_ok "same numbers and dates" "$(diff "$T/en.num" "$T/fr.num" | head -20)"
fi
cells() { grep -oE '<td( class="n")?>[^<]*</td>' "$1" | grep -vE '<td>[a-z( ]'; }
cells "$T/en.html" >"$T/en.td"
cells "$T/fr.html" >"$T/fr.td"
if [ -s "$T/en.td" ] && cmp -s "$T/en.td" "$T/fr.td"; then ok "same table cells of codes and figures ($(wc -l <"$T/en.td"))"; else
	not_ok "same table cells of codes and figures" "$(diff "$T/en.td" "$T/fr.td" | head -20)"
fi
if grep -q '[0-9]\.[0-9]\{3\}\|[0-9] [0-9]\{3\}' <(grep -oE '<td class="n">[^<]*' "$T/fr.html"); then
	not_ok "French figures keep the English grouping (no --locale-numbers)"
else ok "French figures keep the English grouping (no --locale-numbers)"; fi

# a library error, in French and in English
run --lang fr show lines --mission nmx
check_rc "unknown mission: exit 1" 1
check_eq "unknown mission, in French, with its suggestion" "$err" \
	"muster$nb: mission inconnue$nb: «${nb}nmx$nb»$nb; vouliez-vous dire «${nb}NMI$nb»$nb?"
run show lines --mission nmx
check_eq "... and in English by default" "$err" "muster: unknown mission 'nmx'; did you mean 'NMI'?"
run --lang fr posture --on 2021-06-01 --country IRK
check_contains "unknown country, in French" "$err" "pays inconnu$nb: «${nb}IRK$nb»$nb; vouliez-vous dire «${nb}IRQ$nb»$nb?"
printf 'date,published\n2021-03-31,1\n2021-01-31,2\n' >"$T/desc.csv"
run --lang fr report --html "$T/x.html" --reference "$T/desc.csv:published"
check_rc "a reference series out of order fails in French too" 1
check_contains "... in French" "$err" "les dates doivent être croissantes, une ligne chacune$nb; la ligne 2 ne suit pas la précédente"
run report --html "$T/x.html" --reference "$T/desc.csv:published"
check_contains "... and in English" "$err" "the dates must ascend, one row each; row 2 is not after the one before"
if [ ! -e "$T/x.html" ]; then ok "nothing written"; else not_ok "nothing written"; fi
run --lang fr source --mission NMI --fair-weight 1 --fair-key gni-2020
check_eq "an unknown fair share key, in French" "$rc:$err" \
	"1:muster$nb: clé inconnue$nb: «${nb}gni-2020$nb»$nb; vouliez-vous dire «${nb}gdp-2020$nb»$nb?"

done_testing
