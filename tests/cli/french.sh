#!/usr/bin/env bash
# french.sh: the CLI speaks French with --lang fr, LANG, LC_MESSAGES or
# LC_ALL starting "fr"; English otherwise; --lang de is a usage error.
. "$(dirname "$0")/lib.sh"
S="$MUSTER_SRC/tests/source"
en() { out=$(env -u LANG -u LC_ALL -u LC_MESSAGES -u LANGUAGE "$MUSTER" "$@" 2>"$T/.stderr"); rc=$?; err=$(cat "$T/.stderr"); }
NB=$'\u00a0'

run --lang fr --help
check_rc "--lang fr --help" 0
check_contains "--help lists commands in French" "$out" "afficher l’aide de muster ou d’une commande"
check_contains "--help ends in French" "$out" "«${NB}muster help COMMANDE${NB}»"
en --help
check_contains "English --help unchanged" "$out" "show help for muster or one command"

run --lang fr nosuch
check_rc "unknown command in French: usage exit" 2
check_eq "unknown command: French error with its hint" "$err" "muster${NB}: «${NB}nosuch${NB}» n’est pas une commande${NB}; voir «${NB}muster --help${NB}»"
out=$(env -u LC_ALL -u LC_MESSAGES LANG=fr_FR.UTF-8 "$MUSTER" nosuch 2>&1)
check_contains "LANG=fr_FR.UTF-8 gives French" "$out" "n’est pas une commande"
out=$(env -u LC_ALL -u LANG LC_MESSAGES=fr_FR.UTF-8 "$MUSTER" nosuch 2>&1)
check_contains "LC_MESSAGES=fr_FR.UTF-8 gives French" "$out" "n’est pas une commande"
out=$(env LC_ALL=fr_FR.UTF-8 "$MUSTER" --lang en nosuch 2>&1)
check_contains "--lang en wins over LC_ALL" "$out" "is not a command; see 'muster --help'"
en nosuch
check_eq "English error unchanged" "$err" "muster: 'nosuch' is not a command; see 'muster --help'"

run --lang de --help
check_rc "--lang de is a usage error" 2
check_contains "--lang de says what is accepted" "$err" "--lang takes en or fr, not 'de'"

run import "$S/basic"
check_rc "import" 0
run --lang fr runs --base
check_eq "no runs of the base, said wholly in French" "$out" "aucun calcul d’affectation du scénario de base${NB}; lancer «${NB}muster source${NB}» pour en faire un"
run --lang fr source --exact
check_rc "source in French" 0
check_contains "source summary in French" "$out" "solveur"
check_contains "source fill line in French" "$out" "couverture"
check_contains "source counts: French plural for 2" "$out" "substituts  2 affectations"
check_contains "source counts: French singular for 1, each count its own form" "$out" "levées      1 restriction levable (ita-notasks) dans 1 affectation"
en source --exact
check_contains "source counts in English: plural" "$out" "substitutes 2 assignments"
check_contains "source counts in English: singular" "$out" "overridden  1 soft caveat (ita-notasks) in 1 assignment"
run --lang fr posture --check
check_contains "posture --check scope in French, singulars and « et »" "$out" "vérifié${NB}: 1 plafond, 1 échéance et les plafonds de phase de 1 mission${NB}: aucun dépassement"
en posture --check
check_contains "posture --check scope in English unchanged" "$out" "checked 1 cap, 1 deadline and the phase ceilings of 1 mission: no breach"
run --lang fr posture
check_contains "posture table header in French" "$out" "nation  effectifs  dans le pays hôte  hors pays hôte  permanent  par rotation  autre"
en posture
check_contains "posture table header in English unchanged" "$out" "nation  personnel  in_host  out_of_host  permanent  rotational  other"
run --lang fr posture --format csv
check_contains "posture CSV header stays the contract's in French" "$out" "nation,personnel,in_host,out_of_host,permanent,rotational,other"
run --lang fr source --exact
check_contains "source table header in French" "$out" "priorité  lignes  jours-personne requis  jours-personne couverts  couverture %"
check_contains "source gaps header in French, aligned to the French words" "$out" "mission  ligne  du          au          unités manquantes  personnels manquants  raison     détail"
run --lang fr posture --wide --from 2021-01-01 --to 2021-03-01 --every month
check_contains "a header that is data (a date) is printed as it is" "$out" "2021-02-01"
run --lang fr source
check_contains "the fast solver and all missions in French" "$out" "solveur rapide, toutes missions, 5 affectations, 9 lacunes"
run --lang fr runs --format csv
check_contains "the solver's code stays 'fast' in French CSV" "$out" ",base,all,fast,"
run --lang fr check
check_contains "check names the solver in French" "$out" "(rapide, "
en source
check_contains "the fast solver in English unchanged" "$out" "fast solver, all missions, 5 assignments, 9 gaps"
# --locale-numbers: numbers of table cells in the language's format, only when asked
en source --exact
check_contains "without --locale-numbers: plain numbers" "$out" "11800"
en --locale-numbers source --exact
check_contains "--locale-numbers in English: 11,800" "$out" "        11,800               9,900    83.9"
check_contains "--locale-numbers in English: decimal point kept" "$out" "    60.4"
run --lang fr --locale-numbers source --exact
check_contains "--locale-numbers in French: no-break space and decimal comma" "$out" "11${NB}800                    9${NB}900          83,9"
run --lang fr source --exact
check_contains "French without --locale-numbers: plain numbers" "$out" "11800                     9900          83.9"
en --locale-numbers runs
check_contains "--locale-numbers groups the objective in runs" "$out" "2,863,680"
en --locale-numbers source --exact --format json
check_contains "--locale-numbers never touches JSON" "$out" '"required_person_days":11800'
en --locale-numbers posture --format csv
check_contains "--locale-numbers never touches CSV" "$out" "USA,600,500,0,100,0,500"
run --lang fr --help
check_contains "--help documents --locale-numbers in French" "$out" "--locale-numbers   les nombres des tableaux"
en --help
check_contains "--help documents --locale-numbers" "$out" "--locale-numbers   numbers in tables for people"
run --lang fr fairshare --mission M1 --total 100 --key equal --participants USA
check_contains "fairshare: 1 participant, singular in French" "$out" "entre 1 participant (USA)"
run --lang fr fairshare --mission M1 --total 100 --key equal --participants USA,FRA
check_contains "fairshare: 2 participants, plural in French" "$out" "entre 2 participants (FRA;USA)"
en fairshare --mission M1 --total 100 --key equal --participants USA
check_contains "fairshare: 1 participant, singular in English" "$out" "among 1 participant (USA)"
run --lang fr migrate --from "$MUSTER_DB" --to "$(pg_target copy)"
check_rc "migrate in French" 0
check_contains "migrate counts in French: 0 is singular, each count its own form" "$out" ", 0 simulation, "
check_contains "migrate counts in French: plural" "$out" " lignes d’audit, 0 utilisateur"
printf 'nation,country,personnel,from\nUSA,IRQ,10,2021-01-01\n' >public.csv
run --lang fr --db "$(pg_target public)" import --format deployments public.csv
check_contains "a public import's summary in French: singulars, an open end" "$out" "${NB}: 1 ligne lue, 1 déploiement écrit, à partir du 2021-01-01, 1 nation dans 1 pays"
run --lang fr import --format deployments
check_contains "import's usage error in French, whole, 0 singular (P_)" "$err" "un fichier attendu, reçu 0 argument
"
run --lang fr import --format deployments a b
check_contains "import's usage error in French: 2 plural" "$err" "un fichier attendu, reçu 2 arguments
"
run --lang fr history --verify
check_contains "history --verify: French plural" "$out" "journal d’audit intact${NB}: "
check_contains "history --verify: French plural noun" "$out" " lignes, chaîne de hachage vérifiée"
en history --verify
check_contains "history --verify: English plural" "$out" " rows, hash chain verified"
run --lang fr check
check_rc "check in French" 0
check_contains "check in French" "$out" "au regard des plafonds"
check_contains "check counts in French, each with its own plural (ngettext)" "$out" "1 plafond, 1 échéance, plafonds de phase de 1 mission vérifiés, 0 dépassement"
check_contains "zero violations is singular in French" "$out" "affectations, 0 violation

posture"
en check
check_contains "check in English unchanged" "$out" "against caps, deadlines and ceilings: 1 cap, 1 deadline, 1 mission's phase ceilings checked, 0 breaches"
run --lang fr runs
check_rc "runs in French" 0
run --lang fr show
check_rc "a usage error in French: usage exit" 2
check_contains "a command's usage error in French (cli_usage_error's text is translated)" "$err" "que montrer${NB}? missions"
check_contains "its hint in French" "$err" "voir «${NB}muster show --help${NB}»"
run --lang fr posture --on 2021-13-01
check_contains "a located option error in French" "$err" "option «${NB}--on${NB}»${NB}: une date AAAA-MM-JJ attendue, reçu «${NB}2021-13-01${NB}»"
en show
check_contains "the same usage error in English unchanged" "$err" "what to show? missions"
done_testing
