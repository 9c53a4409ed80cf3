// i18n.js: the page in English and French. t("English text", {name: value})
// returns the text in the page's language, with {name} replaced. The
// dictionary maps the English text to the French; the English text is the
// key (tests/web/i18n_keys.mjs checks every t() string of web/*.js has a
// French entry and that no entry is unused). The language follows the
// browser (navigator.languages, fr* -> French) until the user picks one with
// the EN | FR switch, kept in localStorage. Codes, ISO dates and numbers are
// never translated; the API's problem documents stay English (machine): in
// French the page says its own sentence, chosen from the problem's status
// and the field it names (problemText), with the server's detail beneath it
// (serverDetail: "Détail du serveur : ..."), so nothing the server said is
// hidden. The API's codes shown to people (statuses, kinds, gap reasons,
// solvers) get a label (codeLabel), the code kept beside it or in a title.

const NB = "\u00a0"; // no-break space before : ; ! ? and inside « »

export const FR = {
	"muster: force generation": `muster${NB}: génération de force`,
	"Skip to content": "Aller au contenu",
	"views": "vues",
	"Board": "Tableau de bord",
	"Posture": "Posture",
	"Fair share": "Part équitable",
	"Requirements": "Besoins",
	"Phases": "Phases",
	"Offers": "Offres",
	"Caveats": "Restrictions nationales",
	"Mission": "Mission",
	"event stream": "flux d'événements",
	"connecting": "connexion",
	"Print": "Imprimer",
	"Sign out": "Se déconnecter",
	"Loading…": "Chargement…",
	"Language": "Langue",
	"Sign in to muster": "Se connecter à muster",
	"User": "Utilisateur",
	"Password": "Mot de passe",
	"Sign in": "Se connecter",
	"Wrong user name or password.": "Nom d'utilisateur ou mot de passe incorrect.",
	"Error {status}": "Erreur {status}",
	"Error": "Erreur",
	"Edit": "Modifier",
	"Mission {mission}: fill by line": `Mission {mission}${NB}: taux de couverture par ligne`,
	"Mission {mission}: requirements": `Mission {mission}${NB}: état des besoins`,
	"Mission {mission}: phases": `Mission {mission}${NB}: phases`,
	"Mission {mission}: fair share and contribution": `Mission {mission}${NB}: part équitable et contribution`,
	"Mission {mission}: posture": `Mission {mission}${NB}: posture`,
	"Statement of requirements": "État des besoins",
	"Where they are": "Où elles sont",
	"Ceiling headroom": "Marge sous les plafonds de phase",
	"Cap headroom": "Marge sous les plafonds nationaux",
	"Line {mission}:{line}": "Ligne {mission}:{line}",
	"History of {entity} '{key}'": `Historique de «${NB}{key}${NB}» ({entity})`,
	"Someone else changed this record": "Quelqu'un d'autre a modifié cet enregistrement",
	"Edit {entity} '{key}'": `Modifier «${NB}{key}${NB}» ({entity})`,
	"Your session has ended: sign in again.": `Votre session a pris fin${NB}: reconnectez-vous.`,
	"live": "en direct",
	"offline": "hors ligne",
	"reconnecting": "reconnexion",
	// table headers (tables.js translates each column's label)
	"Line": "Ligne",
	"Capability": "Capacité",
	"Units": "Unités",
	"People per unit": "Effectifs par unité",
	"Location": "Lieu",
	"From": "Du",
	"To": "Au",
	"Priority": "Priorité",
	"Phase": "Phase",
	"Ceiling": "Plafond",
	"Scope": "Portée",
	"Status": "Statut",
	"Offer": "Offre",
	"Nation": "Nation",
	"Readiness": "Délai de disponibilité",
	"Caveat": "Restriction nationale",
	"Kind": "Type",
	"Value": "Valeur",
	"Hard": "Impérative",
	"Fair (people)": "Part équitable (personnel)",
	"Offered peak": "Pic offert",
	"Sourced peak": "Pic affecté",
	"Sourced share": "Part affectée",
	"Burden": "Charge",
	"Period": "Période",
	"Peak sampled": "Pic relevé",
	"Headroom": "Marge",
	"Cap": "Plafond national",
	"Country": "Pays",
	"Limit": "Limite",
	"People": "Personnel",
	"In the host country": "Dans la nation hôte",
	"Who": "Qui",
	"Person-days": "Jours-personne",
	"Fits the line": "Convient à la ligne",
	"Actions": "Actions",
	"no records": "aucun enregistrement",
	"sourcing progress": "progression de l'affectation des forces",
	"Run sourcing": "Lancer le calcul d'affectation",
	"Cancel": "Annuler",
	"live (revision {max})": "en direct (révision {max})",
	"as of revision {cur} of {max}": "à la date de la révision {cur} sur {max}",
	"as of {moment}": "à la date du {moment}",
	"Back to live": "Revenir au direct",
	"Time": "Temps",
	"or a moment": "ou un instant",
	"The board as it stood at {moment}: changes since are not shown.": `Le tableau de bord tel qu'il était ({moment})${NB}: les modifications ultérieures ne sont pas affichées.`,
	"No sourcing run of this mission yet: the fill is not known.": `Aucun calcul d'affectation pour cette mission${NB}: le taux de couverture n'est pas connu.`,
	"Run the sourcing to see it.": "Lancez le calcul d'affectation pour le voir.",
	"Run {id} ({solver}, {created}): {fill}% of the required person-days filled; {gaps} of {lines} lines have gaps.": `Calcul {id} ({solver}, {created})${NB}: {fill}${NB}% des jours-personne requis couverts${NB}; {gaps} lignes sur {lines} ont des lacunes.`,
	"Run the sourcing again.": "Relancez le calcul d'affectation.",
	// fair share
	"Shares by {key} ({method}, {who}) of {total} people;": `Parts selon {key} ({method}, {who}) de {total} personnes${NB};`,
	"offering nations": "nations contributrices",
	"members of {org}": "membres de {org}",
	"hamilton": "méthode de Hamilton",
	"webster": "méthode de Webster",
	"dhondt": "méthode D'Hondt",
	"contributions from run {id}:": `contributions du calcul {id}${NB}:`,
	"no sourcing run: contributions are not known;": `aucun calcul d'affectation${NB}: les contributions ne sont pas connues${NB};`,
	"{sourced} of {demand} person-days sourced, {excess} above fair shares.": "{sourced} jours-personne affectés sur {demand}, {excess} au-delà des parts équitables.",
	"Your role (viewer) reads the totals above only: no nation's share is sent to this page.": `Votre rôle (lecteur) ne lit que les totaux ci-dessus${NB}: aucune part nationale n'est envoyée à cette page.`,
	"No nation takes part: there is no share to show.": `Aucune nation ne participe${NB}: il n'y a pas de part à afficher.`,
	"Fair share (blue) against the share of the mission's sourced person-days (green), per nation.": "Part équitable (bleu) comparée à la part des jours-personne affectés de la mission (vert), par nation.",
	"Fair share per nation": "Part équitable par nation",
	"Fair share and sourced share per nation (percent of the mission)": "Part équitable et part affectée par nation (pourcentage de la mission)",
	"fair share": "part équitable",
	"sourced (latest run)": "affecté (dernier calcul)",
	"{name}: {people} people": `{name}${NB}: {people} personnes`,
	// forms and history
	"Not saved ({status}):": `Non enregistré ({status})${NB}:`,
	"error": "erreur",
	"Save": "Enregistrer",
	"Reason (kept in the history)": "Motif (conservé dans l'historique)",
	"Nothing changed.": "Rien n'a changé.",
	"Saved: version {version}.": `Enregistré${NB}: version {version}.`,
	"No change of this record that your role may read.": "Aucune modification de cet enregistrement que votre rôle peut lire.",
	"by {actor} at {at} (revision {rev})": "par {actor} le {at} (révision {rev})",
	": “{reason}”": `${NB}: «${NB}{reason}${NB}»`,
	"changes of revision {rev}": "modifications de la révision {rev}",
	"comma-separated": "séparés par des virgules",
	"editing version {version}": "modification de la version {version}",
	"Back to the list": "Retour à la liste",
	"History of this record": "Historique de cet enregistrement",
	"Field": "Champ",
	"Before": "Avant",
	"After": "Après",
	// the board
	"{units} unit ({people} people)": "{units} unité ({people} personnes)",
	"{units} units ({people} people)": "{units} unités ({people} personnes)",
	"{people} people": "{people} personnes",
	"{from} to {to}": "du {from} au {to}",
	"{reason} (details not shown to your role)": "{reason} (détails non communiqués à votre rôle)",
	"{what} missing {when}: {why}": `lacune de {what} {when}${NB}: {why}`,
	"fill by line": "taux de couverture par ligne",
	"line {line}: detail": `ligne {line}${NB}: détail`,
	"priority {priority}": "priorité {priority}",
	"required {units} × {people} people": "besoin {units} × {people} personnes",
	"{filled} person-days filled (open-ended line)": "{filled} jours-personne couverts (ligne sans fin)",
	"{pct}% filled ({filled} of {required} person-days)": `{pct}${NB}% couvert ({filled} sur {required} jours-personne)`,
	"gaps of {line}": "lacunes de {line}",
	"not full: the line changed after this run (no gap recorded)": `incomplète${NB}: la ligne a changé après ce calcul (aucune lacune enregistrée)`,
	"not full (no gap recorded)": "incomplète (aucune lacune enregistrée)",
	"no gap": "aucune lacune",
	// the page's own sentences for the API's common statuses
	"You are not signed in, or your session has expired.": "Vous n'êtes pas connecté, ou votre session a expiré.",
	"Your role may not do this.": "Votre rôle ne permet pas cette action.",
	"Not found.": "Introuvable.",
	"This conflicts with a record that exists already.": "Ceci entre en conflit avec un enregistrement existant.",
	"Someone else changed this record since you opened it.": "Quelqu'un d'autre a modifié cet enregistrement depuis que vous l'avez ouvert.",
	"The upload is too large.": "Le fichier envoyé est trop volumineux.",
	"Too many requests: wait a moment and try again.": `Trop de requêtes${NB}: patientez un instant puis réessayez.`,	// links, roles, the job's progress
	"history of {key}": "historique de {key}",
	"History": "Historique",
	"detail of {key}": "détail de {key}",
	"Detail": "Détail",
	"admin": "administrateur",
	"planner": "planificateur",
	"liaison": "officier de liaison",
	"viewer": "lecteur",
	"{user} ({role} of {nation})": "{user} ({role}, {nation})",
	"run {id} is stale: computed on another revision of the scenario ({n} apart)": `Le calcul {id} est périmé${NB}: il a été fait sur une autre révision du scénario ({n} d'écart)`,
	"sourcing (fast)": "affectation des forces (solveur rapide)",
	"sourcing: pairs of lines": `affectation des forces${NB}: paires de lignes`,
	"sourcing: explaining gaps": `affectation des forces${NB}: explication des lacunes`,
	"storing": "enregistrement",
	"run {run} done": "calcul {run} terminé",
	"failed: {why}": `échec${NB}: {why}`,
	"unknown error": "erreur inconnue",
	"cancelled; nothing was stored": `annulé${NB}; rien n'a été enregistré`,
	"queued": "en attente",
	"running": "en cours",
	"revision {rev}": "révision {rev}",
	"{moment} (your time)": "{moment}, heure locale",
	"Your role (viewer) reads aggregates only: no offers are sent to this page. The board, the posture and the fair share show their totals.": `Votre rôle (lecteur) ne lit que des totaux${NB}: aucune offre n'est envoyée à cette page. Le tableau de bord, la posture et la part équitable en montrent les totaux.`,
	"Your role (viewer) reads aggregates only: no caveats are sent to this page. The board, the posture and the fair share show their totals.": `Votre rôle (lecteur) ne lit que des totaux${NB}: aucune restriction nationale n'est envoyée à cette page. Le tableau de bord, la posture et la part équitable en montrent les totaux.`,
	"Your role sees its own nation's offers here; other nations' contributions appear only as totals on the board.": `Votre rôle voit ici les offres de sa propre nation${NB}; les contributions des autres nations n'apparaissent que comme totaux sur le tableau de bord.`,
	"unknown": "inconnu",
	// the posture
	"The mission has no dated lines or phases: no posture to draw.": `La mission n'a ni ligne ni phase datée${NB}: pas de posture à tracer.`,
	"The deployments that count against caps and ceilings plus run {id}, sampled on the 1st of each month.": "Les déploiements comptés dans les plafonds, plus le calcul {id}, relevés le 1er de chaque mois.",
	"The deployments that count against caps and ceilings (no sourcing run), sampled on the 1st of each month.": "Les déploiements comptés dans les plafonds (aucun calcul d'affectation), relevés le 1er de chaque mois.",
	"no sample": "aucun relevé",
	"Headroom under the phases' ceilings (monthly samples)": "Marge sous les plafonds de phase (relevés mensuels)",
	"Your role (viewer) may not read caps.": "Votre rôle (lecteur) ne permet pas de lire les plafonds nationaux.",
	"Headroom under the nations' caps (monthly samples)": "Marge sous les plafonds nationaux (relevés mensuels)",
	"no cap your role may read": "aucun plafond national que votre rôle peut lire",
	"Exact check (muster check): no cap or deadline is breached.": `Vérification exacte (muster check)${NB}: aucun plafond ni aucune échéance n'est dépassé.`,
	"Exact check (muster check): {count} breach of caps or deadlines.": `Vérification exacte (muster check)${NB}: {count} dépassement de plafond ou d'échéance.`,
	"Exact check (muster check): {count} breaches of caps or deadlines.": `Vérification exacte (muster check)${NB}: {count} dépassements de plafonds ou d'échéances.`,
	"{check}: {subject}, {from} to {to}: {detail}": `{check}${NB}: {subject}, du {from} au {to}${NB}: {detail}`,
	"No exact check of caps and deadlines: {why}.": `Pas de vérification exacte des plafonds et des échéances${NB}: {why}.`,
	"the latest run is stale, it cannot be checked against a scenario it was not solved on": "le dernier calcul est périmé et ne peut pas être vérifié sur un scénario sur lequel il n'a pas été fait",
	"No exact check of caps and deadlines: {why}": `Pas de vérification exacte des plafonds et des échéances${NB}: {why}`,
	"On": "Le",
	"Personnel of {mission} per country on {date} (darker: more; deployments plus the run).": `Personnel de {mission} par pays le {date} (plus foncé${NB}: plus nombreux${NB}; déploiements plus le calcul).`,
	"Personnel per country": "Personnel par pays",
	"nobody on that day": "personne ce jour-là",
	"{nation}: fair {fair}%, sourced {sourced}": `{nation}${NB}: part équitable {fair}${NB}%, affecté {sourced}`,
	"Personnel of {label} over time, with the phases' ceilings": "Personnel de {label} dans le temps, avec les plafonds de phase",
	"requested": "demandée",
	"Filled: personnel (step between samples). Solid line: an approved phase's ceiling; dashed: a ceiling not yet approved.": `Surface${NB}: personnel (en paliers entre les relevés). Trait plein${NB}: plafond d'une phase approuvée${NB}; tirets${NB}: plafond pas encore approuvé.`,
	"Personnel per country on {date}": "Personnel par pays le {date}",
	"no personnel": "aucun personnel",
	// the edit page and the event stream
	"saved {entity} '{key}', version {version}": `«${NB}{key}${NB}» ({entity}) enregistré, version {version}`,
	"{actor} changed {entity} '{key}'": `{actor} a modifié «${NB}{key}${NB}» ({entity})`,
	"{actor} deleted this record: saving will show both versions.": `{actor} a supprimé cet enregistrement${NB}: l'enregistrement montrera les deux versions.`,
	"{actor} changed this record (now version {version}): saving will show both versions.": `{actor} a modifié cet enregistrement (version {version} désormais)${NB}: l'enregistrement montrera les deux versions.`,
	"sourcing run {id} stored": "calcul d'affectation {id} enregistré",
	// a line's detail
	"Required": "Besoin",
	"{units} × {people} people": "{units} × {people} personnes",
	"Minimum readiness": "Délai de disponibilité minimal",
	"any": "quelconque",
	"Tasks": "Tâches",
	"none stated": "aucune indiquée",
	"History of this line": "Historique de cette ligne",
	"Edit this line": "Modifier cette ligne",
	"No sourcing run of this mission: who fills the line is not known.": `Aucun calcul d'affectation pour cette mission${NB}: on ne sait pas qui pourvoit la ligne.`,
	"other nations ({rows} assignment, totals)": "autres nations ({rows} affectation, totaux)",
	"other nations ({rows} assignments, totals)": "autres nations ({rows} affectations, totaux)",
	"Who fills it, when (run {id})": "Qui la pourvoit, et quand (calcul {id})",
	"Assignments to this line": "Affectations à cette ligne",
	"nobody: the run assigns nothing to this line": `personne${NB}: le calcul n'affecte rien à cette ligne`,
	"Gaps": "Lacunes",
	"What could: offers of {capability}": `Qui le pourrait${NB}: offres de {capability}`,
	"Only the offers your role may read are listed; other nations' offers count on the board as totals.": `Seules les offres que votre rôle peut lire sont listées${NB}; celles des autres nations comptent sur le tableau de bord comme totaux.`,
	"Offers of this capability": "Offres de cette capacité",
	"none your role may read": "aucune que votre rôle peut lire",
	"no offer of this capability": "aucune offre de cette capacité",
	"offered to {mission}": "offerte à {mission}",
	"ends before the line starts": "finit avant le début de la ligne",
	"starts after the line ends": "commence après la fin de la ligne",
	"readiness {readiness} below the line's {min}": "délai de disponibilité {readiness} inférieur aux {min} de la ligne",
	"units too small": "unités trop petites",
	"withdrawn": "retirée",
	"yes, on its face": "oui, à première vue",
	"{units} unit, {people} people missing": "{units} unité, {people} personnes manquantes",
	"{units} units, {people} people missing": "{units} unités, {people} personnes manquantes",
	"{people} people missing": "{people} personnes manquantes",
	"{what} {when}: {why}": `{what} {when}${NB}: {why}`,
	"{from} to open end": "à partir du {from}, sans fin",
	"{n} samples from {from} to {to}; peak {peak} people": `{n} relevés du {from} au {to}${NB}; pic de {peak} personnes`,
	// the history
	"insert": "création",
	"update": "modification",
	"delete": "suppression",
	"(empty)": "(vide)",
	// the edit form and its conflict panel (a 412)
	"yes": "oui",
	"no": "non",
	" (key)": " (clé)",
	", key": ", clé",
	"Code": "Code",
	"Name": "Nom",
	"Region": "Région",
	"Memberships": "Appartenances",
	"Key": "Clé",
	"Organization": "Organisation",
	"Host nation": "Nation hôte",
	"Substitutes": "Capacités de substitution",
	"Id": "Identifiant",
	"Pool": "Réserve de relève",
	"Note": "Note",
	"Counts against caps": "Compté dans les plafonds",
	"Source": "Source",
	"Category": "Catégorie",
	" by {actor} at {at}": " par {actor} le {at}",
	"Redo my edit on the new version": "Refaire ma modification sur la nouvelle version",
	"Discard mine, keep theirs": "Abandonner la mienne, garder l'autre",
	"You edited version {mine}; it is now version {now} (changed{by}). Nothing of yours was saved.": `Vous avez modifié la version {mine}${NB}; c'est maintenant la version {now} (modifiée{by}). Rien de votre modification n'a été enregistré.`,
	"Your edit and the other change": "Votre modification et l'autre",
	"Version {version}": "Version {version}",
	"Yours": "La vôtre",
	"Now (version {version})": "Maintenant (version {version})",
	"Your edit is on version {version} now: check it and save again.": `Votre modification porte maintenant sur la version {version}${NB}: vérifiez-la et enregistrez de nouveau.`,
	"Showing version {version}.": "Affichage de la version {version}.",
	// the page's sentences for the API's problems (the server's detail beneath)
	"The server refused the request: a value is not valid.": `Le serveur a refusé la requête${NB}: une valeur n'est pas valable.`,
	"The server does not allow this here.": "Le serveur ne permet pas cette opération ici.",
	"The address of the request is too long.": "L'adresse de la requête est trop longue.",
	"The sourcing has no solution with these constraints.": "L'affectation des forces n'a pas de solution avec ces contraintes.",
	"The record's version was not sent: open the record again.": `La version de l'enregistrement n'a pas été envoyée${NB}: rouvrez l'enregistrement.`,
	"The request's headers are too large.": "Les en-têtes de la requête sont trop volumineux.",
	"The server met an internal error.": "Le serveur a rencontré une erreur interne.",
	"The server is busy or a service is not available: try again later.": `Le serveur est occupé ou un service n'est pas disponible${NB}: réessayez plus tard.`,
	"The server took too long to answer.": "Le serveur a mis trop de temps à répondre.",
	"The operation failed.": "L'opération a échoué.",
	"The server refused {n} values ({field}).": "Le serveur a refusé {n} valeurs ({field}).",
	"The server refused the value of {field}.": `Le serveur a refusé la valeur du champ «${NB}{field}${NB}».`,
	"The server refused a value.": "Le serveur a refusé une valeur.",
	"The server answered with an error (HTTP {status}).": "Le serveur a répondu par une erreur (HTTP {status}).",
	"The server sent no JSON (HTTP {status}).": "Le serveur n'a pas envoyé de JSON (HTTP {status}).",
	"Server detail: {detail}": `Détail du serveur${NB}: {detail}`,
	"Detail: {detail}": `Détail${NB}: {detail}`,
	// the API's codes shown to people (the code kept in a title or beneath)
	"offered": "offerte",
	"accepted": "acceptée",
	"approved": "approuvée",
	"only-countries": "pays autorisés seulement",
	"not-countries": "pays exclus",
	"no-tasks": "tâches exclues",
	"only-missions": "missions autorisées seulement",
	"max-days": "durée maximale (jours)",
	"no-offer": "aucune offre de cette capacité",
	"readiness": "délai de disponibilité",
	"window": "périodes des offres incompatibles",
	"caveat": "restriction nationale",
	"cap": "plafond national",
	"ceiling": "plafond de phase",
	"taken": "offres prises par des lignes prioritaires",
	"undersize": "unités trop petites",
	"budget": "budget",
	"posture-cap": "plafond national dépassé",
	"posture-deadline": "échéance dépassée",
	"posture-ceiling": "plafond de phase dépassé",
	"fast": "solveur rapide",
	"exact": "solveur exact",
	"nations": "nations",
	"keys": "clés de répartition",
	"missions": "missions",
	"phases": "phases",
	"capabilities": "capacités",
	"requirements": "état des besoins",
	"offers": "offres",
	"caveats": "restrictions nationales",
	"caps": "plafonds nationaux",
	"deployments": "déploiements",
	"{check}: {subject}, {from} to {to}": `{check}${NB}: {subject}, du {from} au {to}`,
	"{nation} in {country}": "{nation} en {country}",
	"{mission}, phase {phase}": "{mission}, phase {phase}",
	// the job's steps
	"sourcing (fast): polishing the bound, % of budget": `affectation des forces (solveur rapide)${NB}: affinage de la borne, % du budget`,
	"exact solver: best {best}, bound {bound}, nodes": `solveur exact${NB}: meilleure valeur {best}, borne {bound}, nœuds`,
	"step “{what}” (the server's words)": `étape «${NB}{what}${NB}» (termes du serveur)`,
};

const KEY = "muster.lang";

function browserLang() {
	const langs = (typeof navigator !== "undefined" && (navigator.languages || [navigator.language])) || [];
	return langs.some((l) => l && l.toLowerCase().startsWith("fr")) && !langs.slice(0, 1).some((l) => l && l.toLowerCase().startsWith("en")) ? "fr" : "en";
}

function stored() {
	try {
		const v = localStorage.getItem(KEY);
		return v === "fr" || v === "en" ? v : null;
	} catch {
		return null;
	}
}

let lang = stored() || browserLang();

export const getLang = () => lang;

export function setLang(l) {
	lang = l === "fr" ? "fr" : "en";
	try {
		localStorage.setItem(KEY, lang);
	} catch {
		/* private mode: the choice lasts for this page */
	}
	document.documentElement.lang = lang;
}

// a number for people, in the page's language (12,345 / 12 345), with at
// most `digits` and at least `min` decimals
export function num(v, digits = 3, min = 0) {
	return new Intl.NumberFormat(lang === "fr" ? "fr-FR" : "en-GB", { maximumFractionDigits: digits, minimumFractionDigits: min }).format(v);
}

// a percentage for people: 12.5% / 12,5 % (a no-break space in French)
export function percent(v, digits = 1) {
	return `${num(v, digits)}${lang === "fr" ? NB : ""}%`;
}

// who takes part in a fair share (the API's participants): the nations
// that offer, the members of an organisation, or the nations listed
export function participantsText(p) {
	if (!p || p === "offering") return t("offering nations");
	const m = /^members:(.+)$/.exec(p);
	return m ? t("members of {org}", { org: m[1] }) : p;
}

// a period: "FROM to TO", or "FROM to open end" for a period with no end
export function span(from, to) {
	return to ? t("{from} to {to}", { from, to }) : t("{from} to open end", { from });
}

export function t(text, args) {
	let s = lang === "fr" && Object.prototype.hasOwnProperty.call(FR, text) ? FR[text] : text;
	if (args) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in args ? String(args[k]) : m));
	return s;
}

// The page's sentence for each HTTP status of the API's problem documents
// (RFC 9457: the server's `type` is about:blank, so the status says what
// kind of problem it is); the server's own `detail` is shown beneath it.
const STATUS = {
	400: "The server refused the request: a value is not valid.",
	401: "You are not signed in, or your session has expired.",
	403: "Your role may not do this.",
	404: "Not found.",
	405: "The server does not allow this here.",
	409: "This conflicts with a record that exists already.",
	412: "Someone else changed this record since you opened it.",
	413: "The upload is too large.",
	414: "The address of the request is too long.",
	422: "The sourcing has no solution with these constraints.",
	428: "The record's version was not sent: open the record again.",
	429: "Too many requests: wait a moment and try again.",
	431: "The request's headers are too large.",
	500: "The server met an internal error.",
	503: "The server is busy or a service is not available: try again later.",
	504: "The server took too long to answer.",
};

// The field (column, query parameter) a problem names, as its code: the
// columns of its errors[], else the first one its detail names.
export function problemField(e) {
	const p = (e && e.problem) || {};
	const cols = [...new Set((p.errors || []).map((x) => x && x.column).filter(Boolean))];
	if (cols.length) return cols.join(", ");
	const m = /(?:column|field|query parameter) '([A-Za-z_][A-Za-z0-9_-]*)'/.exec(p.detail || "");
	return m ? m[1] : null;
}

// The page's sentence for an error: in English the server's detail (the
// server speaks English); in French the page's own, chosen from the status
// (and the field it names), the server's detail then given by serverDetail.
export function problemText(e) {
	if (lang !== "fr") return e.message;
	const p = e.problem || {};
	if (p.nojson) return e.message; // the page's own words already
	if (!e.status) return t("The operation failed.");
	if (e.status === 400) {
		const n = (p.errors || []).length;
		const field = problemField(e);
		if (n > 1) return t("The server refused {n} values ({field}).", { n, field: field || "?" });
		if (field) return t("The server refused the value of {field}.", { field });
	}
	return STATUS[e.status] ? t(STATUS[e.status]) : t("The server answered with an error (HTTP {status}).", { status: e.status });
}

// In French, the server's own words beneath the page's sentence, so that
// nothing the server said is hidden ("" in English, where problemText is
// the server's detail itself).
export function serverDetail(e) {
	if (lang !== "fr") return "";
	const p = e.problem || {};
	if (p.nojson) return "";
	if (p.detail) return t("Server detail: {detail}", { detail: p.detail });
	if (!e.status && e.message) return t("Detail: {detail}", { detail: e.message });
	return "";
}

// One item of a problem's errors[] (a field's error): the page's sentence
// and the server's message beneath (in English the message alone).
export function problemItem(x) {
	if (lang !== "fr") return { text: x.message || "", detail: "" };
	return {
		text: x.column ? t("The server refused the value of {field}.", { field: x.column }) : t("The server refused a value."),
		detail: x.message ? t("Server detail: {detail}", { detail: x.message }) : "",
	};
}

// A record's field in a form, a conflict or a history: its code (the API's,
// the one the server's messages name) and, in French, its name before it,
// "Unités (units)", so the code the server names is always in sight.
const fieldNames = () => ({
	code: t("Code"),
	name: t("Name"),
	region: t("Region"),
	memberships: t("Memberships"),
	key: t("Key"),
	nation: t("Nation"),
	value: t("Value"),
	organization: t("Organization"),
	host: t("Host nation"),
	from: t("From"),
	to: t("To"),
	mission: t("Mission"),
	phase: t("Phase"),
	ceiling: t("Ceiling"),
	scope: t("Scope"),
	status: t("Status"),
	capability: t("Capability"),
	substitutes: t("Substitutes"),
	line: t("Line"),
	units: t("Units"),
	personnel: t("People per unit"),
	location: t("Location"),
	priority: t("Priority"),
	min_readiness: t("Minimum readiness"),
	tasks: t("Tasks"),
	id: t("Id"),
	readiness: t("Readiness"),
	caveats: t("Caveats"),
	pool: t("Pool"),
	kind: t("Kind"),
	hard: t("Hard"),
	country: t("Country"),
	limit: t("Limit"),
	note: t("Note"),
	counts_against_cap: t("Counts against caps"),
	source: t("Source"),
	category: t("Category"),
});

export function fieldLabel(entity, name, isKey = false) {
	const names = lang === "fr" ? fieldNames() : {};
	// a deployment's personnel is its whole strength, not people per unit
	const label = entity === "deployments" && name === "personnel" ? names.personnel && t("People") : names[name];
	if (!Object.hasOwn(names, name) || !label) return name + (isKey ? t(" (key)") : "");
	return `${label} (${name}${isKey ? t(", key") : ""})`;
}

// A stale run's sentence: the server's stale_text (English) or the page's
// own in French, with staleProblem(run) giving the server's words to show
// beneath it (serverDetail).
export function staleText(run) {
	return lang === "fr" ? t("run {id} is stale: computed on another revision of the scenario ({n} apart)", { id: run.id, n: Math.abs(run.stale_by || 0) }) : run.stale_text;
}
export const staleProblem = (run) => ({ status: 200, message: run.stale_text, problem: { detail: run.stale_text } });

// A code of the API shown to people (a status, a kind, a reason, a check):
// its label in the page's language; the code itself is kept in a title or
// beside it where the page shows it. Unknown codes show as they are.
const codeLabels = () => ({
	// offers, phases
	offered: t("offered"),
	accepted: t("accepted"),
	withdrawn: t("withdrawn"),
	approved: t("approved"),
	requested: t("requested"),
	// caveats' kinds
	"only-countries": t("only-countries"),
	"not-countries": t("not-countries"),
	"no-tasks": t("no-tasks"),
	"only-missions": t("only-missions"),
	"max-days": t("max-days"),
	// a gap's reason
	"no-offer": t("no-offer"),
	readiness: t("readiness"),
	window: t("window"),
	caveat: t("caveat"),
	cap: t("cap"),
	ceiling: t("ceiling"),
	taken: t("taken"),
	undersize: t("undersize"),
	budget: t("budget"),
	// the exact check's breaches
	"posture-cap": t("posture-cap"),
	"posture-deadline": t("posture-deadline"),
	"posture-ceiling": t("posture-ceiling"),
	// a run's solver
	fast: t("fast"),
	exact: t("exact"),
	// a fair share's apportionment method
	hamilton: t("hamilton"),
	webster: t("webster"),
	dhondt: t("dhondt"),
	// the entities (section 11 of the design), named in headings and notices
	nations: t("nations"),
	keys: t("keys"),
	missions: t("missions"),
	phases: t("phases"),
	capabilities: t("capabilities"),
	requirements: t("requirements"),
	offers: t("offers"),
	caveats: t("caveats"),
	caps: t("caps"),
	deployments: t("deployments"),
});

export function codeLabel(v) {
	if (typeof v === "boolean") return v ? t("yes") : t("no");
	const m = codeLabels();
	return typeof v === "string" && Object.hasOwn(m, v) ? m[v] : v;
}

// A gap's why: its reason for people and the server's words. In English
// "reason: detail" as the API gives them (detail ""); in French the
// reason's label, the code and the detail beneath as the server's.
export function gapWhy(g) {
	const raw = g.detail ? `${g.reason}: ${g.detail}` : g.reason;
	if (lang !== "fr") return { why: g.detail_hidden && !g.detail ? t("{reason} (details not shown to your role)", { reason: g.reason }) : raw, detail: "" };
	const label = codeLabel(g.reason);
	return {
		why: g.detail_hidden && !g.detail ? t("{reason} (details not shown to your role)", { reason: label }) : label,
		detail: t("Server detail: {detail}", { detail: raw }),
	};
}

// the static text of index.html: elements with data-i18n (text),
// data-i18n-aria (aria-label) and the title
export function translateStatic(root) {
	for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
	for (const el of root.querySelectorAll("[data-i18n-aria]")) el.setAttribute("aria-label", t(el.dataset.i18nAria));
	document.title = t("muster: force generation");
	document.documentElement.lang = lang;
}
