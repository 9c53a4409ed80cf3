#!/usr/bin/env bash
# french-errors.sh: the library's located errors about a bad scenario (a
# wrong type in a cell, an unknown code, a missing column, a validation
# error, broken quoting) are French under --lang fr and the same English as
# before without; the file, line, column names and values stay as they are.
. "$(dirname "$0")/lib.sh"
S="$MUSTER_SRC/tests/source"
en() { out=$(env -u LANG -u LC_ALL -u LC_MESSAGES -u LANGUAGE "$MUSTER" "$@" 2>"$T/.stderr"); rc=$?; err=$(cat "$T/.stderr"); }
NB=$'\u00a0'
q() { printf '«%s%s%s»' "$NB" "$1" "$NB"; }

# bad SCENARIO SED-SCRIPT FILE: a copy of tests/source/basic with FILE edited
bad() {
	rm -rf "$T/$1" && cp -r "$S/basic" "$T/$1" && sed -i "$2" "$T/$1/$3"
}

# a wrong type in a cell (entity.c's description of the cell, csv_read.c's sentence)
bad type 's/^USA-INF,USA,inf,2,100/USA-INF,USA,inf,two,100/' offers.csv
run --lang fr validate type
check_rc "a bad cell in French: data error exit" 1
check_contains "a bad cell: French, located" "$err" "offers.csv:2: colonne $(q units)${NB}: attendu${NB}: un nombre entier ≥ 1, reçu $(q two)"
check_contains "the count of problems in French (ngettext)" "$err" "le scénario $(q type) a 1 problème"
en validate type
check_rc "a bad cell in English: data error exit" 1
check_eq "a bad cell: English unchanged" "$err" "muster: scenario 'type' has 1 problem
offers.csv:2: column 'units': expected a whole number >= 1, got 'two'"

# a bad date and a bad word: their descriptions too
bad words 's/^FRA-MECH,FRA,mech,1,100,2021-01-01,2021-06-01,2,,,fra-max,offered/FRA-MECH,FRA,mech,1,100,2021-13-01,2021-06-01,2,,,fra-max,maybe/' offers.csv
run --lang fr validate words
check_contains "a bad date in French" "$err" "offers.csv:3: colonne $(q from)${NB}: attendu${NB}: une date AAAA-MM-JJ, reçu $(q 2021-13-01)"
check_contains "a bad word in French, the words kept" "$err" "offers.csv:3: colonne $(q status)${NB}: attendu${NB}: offered, accepted ou withdrawn, reçu $(q maybe)"
check_contains "two problems: French plural" "$err" "a 2 problèmes"
en validate words
check_contains "a bad date in English unchanged" "$err" "offers.csv:3: column 'from': expected a date YYYY-MM-DD, got '2021-13-01'"
check_contains "a bad word in English unchanged" "$err" "offers.csv:3: column 'status': expected offered, accepted or withdrawn, got 'maybe'"
check_contains "two problems: English plural" "$err" "scenario 'words' has 2 problems"

# an unknown code (validate.c, with its suggestion)
bad code 's/^FRA-MECH,FRA,mech/FRA-MECH,FRA,mexh/' offers.csv
run --lang fr validate code
check_contains "an unknown code in French, with its suggestion" "$err" "offers.csv:3: colonne $(q capability)${NB}: capacité $(q mexh) introuvable (pas dans capabilities.csv)${NB}; vouliez-vous dire $(q mech)${NB}?"
en validate code
check_contains "an unknown code in English unchanged" "$err" "offers.csv:3: column 'capability': unknown capability 'mexh' (not in capabilities.csv); did you mean 'mech'?"

# a missing column (csv_read.c)
rm -rf "$T/col" && cp -r "$S/basic" "$T/col" && cut -d, -f1-3,5- "$S/basic/requirements.csv" >"$T/col/requirements.csv"
run --lang fr validate col
check_contains "a missing column in French" "$err" "requirements.csv:1: colonne $(q units) obligatoire absente"
en validate col
check_contains "a missing column in English unchanged" "$err" "requirements.csv:1: missing required column 'units'"

# a validation error across rows (validate.c: dates)
bad dates 's/^M1,INF-1,inf,2,100,,2021-01-01,2021-03-01/M1,INF-1,inf,2,100,,2021-03-01,2021-01-01/' requirements.csv
run --lang fr validate dates
check_contains "a date order error in French" "$err" "requirements.csv:2: colonne $(q to)${NB}: une date après $(q from) (2021-03-01) attendue, reçu $(q 2021-01-01)"
en validate dates
check_contains "a date order error in English unchanged" "$err" "requirements.csv:2: column 'to': expected a date after 'from' (2021-03-01), got '2021-01-01'"

# broken quoting (csv_read.c's whole sentence)
bad quote '2s/^USA-INF,USA,/USA-INF,US"A,/' offers.csv
run --lang fr validate quote
check_contains "broken quoting in French" "$err" "offers.csv:2: colonne $(q nation)${NB}: des guillemets selon la RFC 4180 attendus"
en validate quote
check_contains "broken quoting in English unchanged" "$err" "offers.csv:2: column 'nation': expected RFC 4180 quoting, got a quote inside an unquoted cell or text after a closing quote"

# the summary of a good scenario: each noun its own plural
run --lang fr validate "$S/basic"
check_rc "a good scenario in French" 0
check_contains "the summary in French, each noun its own plural" "$out" "2 missions, 3 phases, 5 capacités, 8 lignes, 6 offres, 3 restrictions, 2 plafonds, 2 déploiements"
en validate "$S/basic"
check_eq "the summary in English unchanged" "$out" "'$S/basic' is valid: 2 missions, 3 phases, 5 capabilities, 8 lines, 6 offers, 3 caveats, 2 caps, 2 deployments"

# a record edit (records.c) and a what-if change (whatif.c)
run import "$S/basic"
check_rc "import" 0
run --lang fr set offers USA-INF units=two
check_rc "a bad value in French: data error exit" 1
check_eq "a bad value: French, counted, located" "$err" "muster${NB}: offers${NB}: 1 valeur incorrecte${NB}; rien n’a été modifié
offers $(q USA-INF): colonne $(q units)${NB}: attendu${NB}: un nombre entier ≥ 1, reçu $(q two)"
en set offers USA-INF units=two
check_eq "a bad value: English unchanged" "$err" "muster: offers: 1 bad value; nothing was changed
offers 'USA-INF': column 'units': expected a whole number >= 1, got 'two'"
run whatif new w1
check_rc "whatif new" 0
run --lang fr whatif add w1 'withdraw nation=USA mision=M1 from=2021-02-01'
check_contains "a bad what-if change in French" "$err" "modification de simulation $(q 'withdraw nation=USA mision=M1 from=2021-02-01')${NB}: clé inconnue $(q mision) (connues${NB}: nation mission country from)"
en whatif add w1 'withdraw nation=USA mision=M1 from=2021-02-01'
check_contains "a bad what-if change in English unchanged" "$err" "what-if change 'withdraw nation=USA mision=M1 from=2021-02-01': unknown key 'mision' (known: nation mission country from)"
run --lang fr whatif add w1 'offer set id=NOPE units=2'
check_contains "an unknown offer in a what-if change, in French" "$err" "offre $(q NOPE) introuvable"
en whatif add w1 'offer set id=NOPE units=2'
check_contains "an unknown offer in English unchanged" "$err" "unknown offer 'NOPE'"
# other library messages: export into a file (scenario_write.c)
: >"$T/afile"
run --lang fr export "$T/afile"
check_contains "export into a file, in French" "$err" "impossible d’écrire dans $(q "$T/afile")${NB}: ce n’est pas un dossier"
en export "$T/afile"
check_contains "export into a file, English unchanged" "$err" "cannot write into '$T/afile': not a folder"
done_testing
