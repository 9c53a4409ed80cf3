#!/usr/bin/env bash
# french-errors.sh: the library's located errors about a bad scenario (a
# wrong type in a cell, an unknown code, a missing column, a validation
# error, broken quoting), and its other messages (posture, cost, the access
# policy's refusals, a PostgreSQL connection error, counted arguments) are
# French under --lang fr and the same English as before without; the file,
# line, column names and values stay as they are.
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
# a posture error (posture.c) and the note of a source with an open end
# (cmd-posture.c: one sentence, no English "open" in the French)
run --lang fr posture --by total,nation
check_contains "a posture error in French" "$err" "--by${NB}: $(q total) va seul, reçu $(q total,nation)"
en posture --by total,nation
check_contains "a posture error in English unchanged" "$err" "--by: 'total' goes alone, got 'total,nation'"
printf 'nation,country,personnel,from\nUSA,IRQ,10,2021-01-01\n' >"$T/pub.csv"
run import --format deployments "$T/pub.csv" --source pub
check_rc "a public file with an open end imported" 0
run --lang fr posture --on 2020-06-01 --source pub
check_contains "posture's note of an open source in French, whole" "$err" "muster${NB}: remarque${NB}: la source $(q pub) couvre la période à partir du 2021-01-01${NB}: le 2020-06-01 est en dehors"
en posture --on 2020-06-01 --source pub
check_contains "posture's note of an open source in English unchanged" "$err" "muster: note: source 'pub' covers 2021-01-01 to open: 2020-06-01 is outside it (no figure there is a 0)"

# a cost message (cost.c): a run, no cost rates
run source
check_rc "source" 0
run --lang fr cost
check_contains "a cost error in French" "$err" "le scénario n’a aucun taux de coût (costs.csv)${NB}: rien pour chiffrer les affectations"
en cost
check_contains "a cost error in English unchanged" "$err" "muster: the scenario has no cost rates (costs.csv): nothing to price the assignments with"

# an entity of a scenario described in one phrase (validate.c's describe)
run --lang fr add offers id=X nation=USA capability=nope units=1 personnel=10 from=2021-01-01
check_contains "a record described in French, whole" "$err" "offers.csv: offre $(q X): colonne $(q capability)"
en add offers id=X nation=USA capability=nope units=1 personnel=10 from=2021-01-01
check_contains "a record described in English unchanged" "$err" "offers.csv: offer 'X': column 'capability': unknown capability 'nope'"

# the access policy's refusals (policy.c): one sentence per action and role
echo password1 | "$MUSTER" user add ann --role liaison --nation USA >/dev/null 2>&1
echo password1 | "$MUSTER" user add vic --role viewer >/dev/null 2>&1
run --lang fr --as ann add offers id=X nation=FRA capability=mech units=1 personnel=10 from=2021-01-01
check_rc "a liaison adding another nation's offer: refused" 1
check_eq "... in French, whole" "$err" "muster${NB}: l’utilisateur $(q ann) (officier de liaison de USA) n’a pas le droit d’ajouter des offres de FRA"
en --as ann add offers id=X nation=FRA capability=mech units=1 personnel=10 from=2021-01-01
check_eq "... in English unchanged" "$err" "muster: user 'ann' (liaison of USA) may not add offers of FRA"
run --lang fr --as ann set missions M1 host=USA
check_eq "a liaison changing a mission, in French" "$err" "muster${NB}: l’utilisateur $(q ann) (officier de liaison de USA) ne peut pas modifier les missions"
en --as ann set missions M1 host=USA
check_eq "... in English unchanged" "$err" "muster: user 'ann' (liaison of USA) may not change missions"
run --lang fr --as vic user list
check_eq "a viewer managing users, in French" "$err" "muster${NB}: l’utilisateur $(q vic) (lecteur) ne peut pas gérer les utilisateurs"
en --as vic user list
check_eq "... in English unchanged" "$err" "muster: user 'vic' (viewer) may not manage users"
run --lang fr --as vic show caveats
check_eq "a viewer reading caveats, in French (the noun translated)" "$err" "muster${NB}: l’utilisateur $(q vic) (lecteur) ne peut pas lire les restrictions nationales"
en --as vic show caveats
check_eq "... in English unchanged" "$err" "muster: user 'vic' (viewer) may not read caveats"

# a counted argument (P_): French counts 0 and 1 as singular
run --lang fr rm offers
check_rc "rm with one argument: usage error" 2
check_contains "reçu 1 argument, singular" "$err" "ENTITÉ et CLÉ attendus, reçu 1 argument
"
run --lang fr rm a b c
check_contains "reçu 3 arguments, plural" "$err" "ENTITÉ et CLÉ attendus, reçu 3 arguments
"
en rm offers
check_contains "got 1 argument in English: singular now" "$err" "muster rm: expected ENTITY and KEY, got 1 argument
"
en rm a b c
check_contains "got 3 arguments in English unchanged" "$err" "muster rm: expected ENTITY and KEY, got 3 arguments
"

# messages once glued from English pieces, now one sentence each
run --lang fr posture --on 2019-01-01 --nation USA --no-run --counted
check_contains "posture with no people, in French: no English word in it" "$err" "
muster${NB}: aucun déploiement compté pour la nation $(q USA) le 2019-01-01"
en posture --on 2019-01-01 --nation USA --no-run --counted
check_contains "... in English unchanged" "$err" "
muster: no counted deployments for nation 'USA' on 2019-01-01"
run --lang fr history --actor nobody
check_eq "history with nothing that matches, in French" "$out" "aucune modification enregistrée correspondante"
run source
check_rc "a fresh run" 0
run set offers USA-INF units=3
check_rc "an edit after the run" 0
run --lang fr check
check_contains "a stale run in French, counted (1 singular)" "$err" "est périmé${NB}: fait sur la révision "
check_contains "... 1 révision, singular" "$err" "(1 révision plus tard)${NB}; il ne peut"
en check
check_contains "a stale run in English unchanged" "$err" "(1 revision later); it cannot be checked against a scenario it was not solved on"
run --lang fr whatif new w2 --base w1
check_eq "a what-if over another, in French" "$out" "simulation $(q w2) créée sur $(q w1)"
en whatif new w3
check_eq "a what-if over the base, English unchanged" "$out" "created what-if 'w3' over the base scenario"
# a public import's unknown name (import_public.c, crosswalk.c's suggestion)
printf 'nation,country,personnel,from\nFrance,Frnce,1,2020-01-01\n' >"$T/typo.csv"
run --lang fr import --format deployments "$T/typo.csv"
check_contains "an unknown country name in French, with its suggestion" "$err" "typo.csv:2: colonne $(q country)${NB}: attendu${NB}: un code de pays ou un nom que la table de correspondance connaît (l’ajouter avec --map FICHIER), reçu $(q Frnce)${NB}; noms connus les plus proches${NB}: 'France' (FRA)"
en import --format deployments "$T/typo.csv"
check_contains "... in English unchanged" "$err" "typo.csv:2: column 'country': expected a country code or a name the crosswalk knows (add it with --map FILE), got 'Frnce'; closest known names: 'France' (FRA)"

# the server answers in English whatever --lang says (its problem documents
# are machine text for now): a missing record, a body of the wrong type
"$MUSTER" --lang fr serve --listen 127.0.0.1:0 2>"$T/serve.log" &
spid=$!
port=
for _ in $(seq 100); do
	port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$T/serve.log" | head -1)
	[ -n "$port" ] && break
	sleep 0.1
done
if [ -z "$port" ]; then
	not_ok "muster --lang fr serve started" "$(cat "$T/serve.log")"
else
	details=$(python3 - "$port" <<'PY'
import http.client, json, sys
def req(method, path, body=None, token=None):
    c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=30)
    h = {"Content-Type": "application/json"}
    if token:
        h["Authorization"] = "Bearer " + token
    c.request(method, path, body=json.dumps(body) if body is not None else None, headers=h)
    r = c.getresponse()
    return json.loads(r.read().decode() or "null")
tok = req("POST", "/api/login", {"user": "ann", "password": "password1"})["token"]
print(req("GET", "/api/offers/NOPE", token=tok)["detail"])
print(req("POST", "/api/offers", {"units": "3"}, token=tok)["detail"])
PY
)
	check_contains "--lang fr serve: a missing record in English" "$details" "no offers 'NOPE'"
	check_contains "--lang fr serve: a JSON body error in English" "$details" "offers: field 'units': expected a whole number, got a string"
fi
kill "$spid" 2>/dev/null
wait "$spid" 2>/dev/null

# progress on a terminal (main.c translates the library's labels): a file
# over 8 MiB shows "reading FILE" while it is read, then "storing"
if command -v script >/dev/null; then
	rm -rf "$T/big" && cp -r "$S/basic" "$T/big"
	awk 'BEGIN { for (i = 0; i < 120000; i++) printf "x%06d,USA,IRQ,,10,2020-01-01,2021-06-01,permanent,yes,padding-padding-padding-padding\n", i }' >>"$T/big/deployments.csv"
	prog=$(MUSTER_DB=$(pg_target bigfr) script -qec "'$MUSTER' --lang fr import '$T/big'" /dev/null | tr '\r' '\n')
	check_contains "progress in French: reading" "$prog" "lecture de deployments.csv: "
	check_contains "progress in French: storing" "$prog" "
enregistrement: "
	prog=$(MUSTER_DB=$(pg_target bigen) script -qec "env -u LANG -u LC_ALL -u LC_MESSAGES '$MUSTER' import '$T/big'" /dev/null | tr '\r' '\n')
	check_contains "progress in English unchanged" "$prog" "reading deployments.csv: "
else
	echo "ok $((_n += 1)) # SKIP no script(1): progress needs a terminal"
fi

# a store error (store.c's phrases of what failed, store_sqlite.c's reason)
run --lang fr --db "$T/nodir/x.db" init
check_contains "a store error in French, whole" "$err" "muster${NB}: $T/nodir/x.db${NB}: impossible d’ouvrir la base de données${NB}: impossible de la créer${NB}; vérifier que son dossier existe"
en --db "$T/nodir/x.db" init
check_eq "a store error in English unchanged" "$err" "muster: $T/nodir/x.db: cannot open the database: cannot create it; check that its folder exists and is writable"

# a PostgreSQL connection error (store_pg.c): the sentence French, libpq's
# own words as libpq says them in English (read to tell the cases apart)
if on_pg; then
	run --lang fr --db "host=127.0.0.1 port=1 dbname=x connect_timeout=5" show offers
	check_rc "no server there: exit 1" 1
	check_eq "a connection error in French, with its hint" "$err" "muster${NB}: host=127.0.0.1 port=1 dbname=x connect_timeout=5${NB}: connexion au serveur PostgreSQL impossible${NB}: Connection refused (le serveur tourne-t-il et accepte-t-il des connexions à cette adresse${NB}?)"
	en --db "host=127.0.0.1 port=1 dbname=x connect_timeout=5" show offers
	check_eq "a connection error in English unchanged" "$err" "muster: host=127.0.0.1 port=1 dbname=x connect_timeout=5: cannot connect to the PostgreSQL server: Connection refused (is the server running and accepting connections there?)"
else
	echo "ok $((_n += 1)) # SKIP on SQLite: a PostgreSQL connection error"
fi
done_testing
