"""La commande `app-bureau` : sans argument, ouvre l'application ; sinon une sous-commande.

Aucun import de Qt ici : les sous-commandes démarrent vite et tournent sans écran.
Codes de sortie : 0 si le dossier a pu être évalué (recevable ou non), 2 pour une entrée
invalide (chaque problème sur la sortie d'erreur, par chemin de champ) et pour toute erreur :
base occupée ou endommagée, disque plein, fichier protégé… Le message est toujours en
français (`app_bureau.erreurs`), jamais une pile d'appels : celle d'une erreur inattendue va
dans le journal (`app_bureau.journal`), dont le message donne le chemin. 130 : interrompu
(Ctrl+C).
"""

import argparse
import datetime
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from app_bureau import __version__
from app_bureau.libelles import accorder

if TYPE_CHECKING:
    from app_bureau.modele import Dossier
    from app_bureau.regles.resultats import Evaluation
    from app_bureau.regles.suivi import ResultatSuivi
    from app_bureau.stockage.depot import DepotDossiers

    Sortie = Callable[[Dossier, Evaluation], str]

# Les messages d'argparse, en français (argparse lit sa fonction `_` à chaque appel).
_ARGPARSE_FR = {
    "usage: ": "usage : ",
    "positional arguments": "arguments",
    "options": "options",
    "show this help message and exit": "affiche cette aide et quitte",
    "show program's version number and exit": "affiche la version et quitte",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix invalide : %(value)r (possibles : %(choices)s)",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "expected one argument": "une valeur est attendue",
    "ambiguous option: %(option)s could match %(matches)s": "option ambiguë : %(option)s (%(matches)s)",
    "invalid %(type)s value: %(value)r": "valeur invalide : %(value)r",
    "not allowed with argument %s": "incompatible avec l'argument %s",
    "one of the arguments %s is required": "l'un des arguments %s est obligatoire",
}


@contextmanager
def _argparse_en_francais() -> Iterator[None]:
    anciens = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = lambda message: _ARGPARSE_FR.get(message, message)  # type: ignore[attr-defined]
    argparse.ngettext = lambda s, p, n: _ARGPARSE_FR.get(s if n == 1 else p, s if n == 1 else p)
    try:
        yield
    finally:
        argparse._, argparse.ngettext = anciens  # type: ignore[attr-defined]


def _chemin(texte: str) -> Path:
    """Un chemin de fichier donné en argument ; vide, il est refusé (et non pris pour « . »)."""
    if not texte.strip():
        raise argparse.ArgumentTypeError("chemin vide : indiquez un nom de fichier")
    return Path(texte)


def _numero(texte: str) -> int:
    """Un n° de dossier de la base : chiffres ASCII, de 1 à la borne de SQLite."""
    from app_bureau.bornes import NUMERO_DOSSIER_MAX, citer

    if not re.fullmatch(r"[0-9]+", texte.strip()):
        raise argparse.ArgumentTypeError(
            f"n° de dossier attendu (chiffres), pas « {citer(texte)} »"
        )
    if len(texte.strip()) > 19 or not 1 <= int(texte) <= NUMERO_DOSSIER_MAX:
        raise argparse.ArgumentTypeError(
            f"n° de dossier hors bornes : « {citer(texte)} » (de 1 à {NUMERO_DOSSIER_MAX})"
        )
    return int(texte)


def _cible(texte: str) -> int | Path:
    """`exporter` : un n° de dossier (que des chiffres) ou un fichier dossier."""
    if re.fullmatch(r"\s*[0-9]+\s*", texte):
        return _numero(texte)
    return _chemin(texte)


def _date(texte: str) -> datetime.date:
    """`--date AAAA-MM-JJ` : le jour auquel comparer les dates de la campagne."""
    from app_bureau.regles.calendrier import DateInvalide, lire_date

    try:
        return lire_date(texte, "--date")
    except DateInvalide as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("--date : ")) from None


def _analyseur() -> argparse.ArgumentParser:
    analyseur = argparse.ArgumentParser(
        prog="app-bureau",
        description="Assistant Grappe : dossier de financement ESMS numérique. "
        "Sans argument, ouvre l'application.",
    )
    analyseur.add_argument(
        "--version",
        action="version",
        version=f"app-bureau {__version__}",
        help="affiche la version et quitte",
    )
    sous = analyseur.add_subparsers(dest="commande", title="commandes", metavar="COMMANDE")
    jour = argparse.ArgumentParser(add_help=False)
    jour.add_argument(
        "--date",
        type=_date,
        metavar="AAAA-MM-JJ",
        help="le jour auquel comparer les dates de la campagne (sinon $APP_BUREAU_DATE, "
        "sinon aujourd'hui)",
    )
    verifier = sous.add_parser(
        "verifier", parents=[jour], help="ESSMS retenus, orientation et contrôles d'un dossier"
    )
    verifier.add_argument("dossier", type=_chemin, metavar="DOSSIER.json")
    estimer = sous.add_parser(
        "estimer", parents=[jour], help="le financement estimé, chaque euro expliqué"
    )
    estimer.add_argument("dossier", type=_chemin, metavar="DOSSIER.json")
    estimer.add_argument("--json", action="store_true", help="sortie JSON (format stable)")

    base = argparse.ArgumentParser(add_help=False)
    base.add_argument(
        "--base",
        metavar="B",
        help="fichier de la base (sinon $APP_BUREAU_BASE, sinon le dossier de l'utilisateur)",
    )
    remplacer = argparse.ArgumentParser(add_help=False)
    remplacer.add_argument(
        "--remplacer", action="store_true", help="remplacer le fichier de sortie s'il existe"
    )
    dossiers = sous.add_parser("dossiers", parents=[base], help="les dossiers de la base")
    dossiers.add_argument(
        "--tous", action="store_true", help="y compris les archives et la corbeille"
    )
    importer = sous.add_parser("importer", parents=[base], help="importe un fichier dossier")
    importer.add_argument("fichier", type=_chemin, metavar="FICHIER.json")
    exporter = sous.add_parser(
        "exporter",
        parents=[base, remplacer, jour],
        help="écrit le PDF, le classeur ou le fichier d'un dossier (de la base ou d'un fichier)",
    )
    exporter.add_argument(
        "cible",
        type=_cible,
        metavar="ID|DOSSIER.json",
        help="n° d'un dossier de la base, ou un fichier dossier",
    )
    exporter.add_argument("--pdf", type=_chemin, metavar="SORTIE.pdf", help="synthèse PDF")
    exporter.add_argument(
        "--xlsx", type=_chemin, metavar="SORTIE.xlsx", help="classeur PAI numérique"
    )
    exporter.add_argument("--json", type=_chemin, metavar="SORTIE.json", help="fichier dossier")
    sauvegarder = sous.add_parser(
        "sauvegarder", parents=[base, remplacer], help="copie toute la base dans un fichier"
    )
    sauvegarder.add_argument("sortie", type=_chemin, metavar="SORTIE")
    restaurer = sous.add_parser(
        "restaurer", parents=[base], help="remplace la base par une sauvegarde"
    )
    restaurer.add_argument("sauvegarde", type=_chemin, metavar="SAUVEGARDE")
    suivi = sous.add_parser(
        "suivi",
        parents=[base, remplacer, jour],
        help="le suivi d'un projet financé : importer des mesures, l'état, le bilan pour l'ARS",
        description="Le suivi d'un projet financé jusqu'au solde. Importe les mesures d'usage "
        "d'un fichier CSV ou XLSX (une ligne par ESSMS et par mois : FINESS, mois, puis les "
        "six comptes ; tout ou rien), écrit le bilan d'usage (PDF) et le classeur du suivi "
        "(XLSX) pour l'ARS, puis dit où en est la grappe (texte, ou JSON avec --json).",
    )
    suivi.add_argument(
        "cible",
        type=_cible,
        metavar="ID|DOSSIER.json",
        help="n° d'un dossier de la base, ou un fichier dossier (sans --importer)",
    )
    suivi.add_argument(
        "--importer",
        type=_chemin,
        metavar="MESURES",
        help="ajoute au dossier de la base les mesures d'un fichier CSV ou XLSX ; si une "
        "ligne est en erreur, chaque problème est listé et rien n'est ajouté",
    )
    suivi.add_argument("--json", action="store_true", help="l'état en JSON (format stable)")
    suivi.add_argument("--pdf", type=_chemin, metavar="BILAN.pdf", help="bilan d'usage (PDF)")
    suivi.add_argument(
        "--xlsx",
        type=_chemin,
        metavar="SUIVI.xlsx",
        help="classeur du suivi (une ligne par ESSMS et par mois)",
    )
    etablissements = sous.add_parser(
        "importer-etablissements",
        parents=[base],
        help="ajoute à un dossier de la base les établissements d'un fichier CSV ou XLSX",
        description="Ajoute à un dossier de la base les établissements d'un fichier CSV "
        "(séparé par ; , ou tabulation, UTF-8 ou Windows-1252) ou XLSX, en une transaction. "
        "Si une ligne est en erreur, chaque problème est listé et rien n'est ajouté.",
    )
    etablissements.add_argument("dossier", type=_numero, metavar="ID", help="n° du dossier")
    etablissements.add_argument("fichier", type=_chemin, metavar="FICHIER", help="CSV ou XLSX")
    etablissements.add_argument(
        "--colonnes",
        metavar="CHAMP=COLONNE,…",
        help="les colonnes à lire, par lettre, numéro ou titre (finess=A,nom=C,categorie=D), "
        "ou un champ par colonne dans l'ordre (finess,nom,,categorie) ; sans cette option, "
        "devinées d'après les titres",
    )
    etablissements.add_argument(
        "--organisme",
        metavar="OG_ID",
        help="l'organisme gestionnaire des établissements ajoutés (obligatoire si le dossier "
        "en a plusieurs)",
    )
    return analyseur


def _ecrire(texte: str) -> None:
    sys.stdout.write(texte)
    sys.stdout.flush()


def _evaluer_fichier(chemin: Path, sortie: "Sortie", jour: datetime.date | None) -> int:
    from app_bureau.fichier.dossier import DossierInvalide, charger
    from app_bureau.regles.evaluation import evaluer

    try:
        dossier = charger(chemin)
    except DossierInvalide as exc:
        return _erreurs(f"dossier {chemin} invalide :", exc.erreurs)
    _ecrire(sortie(dossier, evaluer(dossier, jour)))
    return 0


def _json(dossier: "Dossier", evaluation: "Evaluation") -> str:
    from app_bureau.cli.sortie_json import evaluation_en_json

    return json.dumps(evaluation_en_json(evaluation), ensure_ascii=False, indent=2) + "\n"


def _erreur(message: str) -> int:
    print(f"app-bureau : {message}", file=sys.stderr)
    return 2


def _erreurs(entete: str, problemes: Iterable[object]) -> int:
    """Un en-tête puis chaque problème sur sa ligne, en retrait ; code de sortie 2."""
    return _erreur("\n  ".join([entete, *map(str, problemes)]))


def _commande_base(options: argparse.Namespace) -> int:
    """Les autres erreurs remontent à `main`, qui les dit en français."""
    from app_bureau.fichier.dossier import DossierInvalide
    from app_bureau.operations.depot import ouvrir_depot

    depot = ouvrir_depot(options.base)
    try:
        return _executer_sur_la_base(options, depot)
    except DossierInvalide as exc:
        return _erreurs(f"dossier {options.fichier} invalide, rien n'a été importé :", exc.erreurs)
    finally:
        depot.db.close()


def _executer_sur_la_base(options: argparse.Namespace, depot: "DepotDossiers") -> int:
    from app_bureau.formats import euros, moment_court
    from app_bureau.libelles import etat_suivi_garde
    from app_bureau.stockage.emplacement import chemin_base
    from app_bureau.stockage.sauvegarde import restaurer, sauvegarder

    if options.commande == "dossiers":
        resumes = depot.lister()
        if options.tous:
            resumes += depot.lister(archives=True) + depot.lister(corbeille=True)
        for r in resumes:
            etat = " (corbeille)" if r.supprime_le else " (archivé)" if r.archive else ""
            total = euros(r.total_estime) if r.total_estime is not None else "—"
            suivi = etat_suivi_garde(r.etat_suivi)
            finance = f" — projet financé : {suivi.libelle}" if suivi else ""
            _ecrire(
                f"{r.id:>5}  {r.nom}{etat} — {r.porteur or 'porteur à indiquer'} — "
                f"{r.nombre_essms} ESSMS — {total}{finance} — modifié le "
                f"{moment_court(r.modifie_le)}\n"
            )
        if not resumes:
            _ecrire("Aucun dossier dans la base.\n")
    elif options.commande == "importer":
        _ecrire(f"{depot.importer(options.fichier)}\n")
    elif options.commande == "importer-etablissements":
        return _importer_etablissements(options, depot)
    elif options.commande == "sauvegarder":
        sauvegarder(depot.db, options.sortie, options.remplacer)
    elif options.commande == "restaurer":
        copie = restaurer(depot.db, chemin_base(options.base), options.sauvegarde)
        _ecrire(f"Base restaurée ; l'état précédent est gardé dans {copie}\n")
    return 0


def _importer_etablissements(options: argparse.Namespace, depot: "DepotDossiers") -> int:
    """Tout est vérifié avant d'écrire : au moindre problème, chacun est listé et rien
    n'est ajouté ; sinon les établissements valides sont ajoutés en un enregistrement."""
    from app_bureau.saisie.import_fichier import (
        DispositionInvalide,
        FichierIllisible,
        deviner,
        disposition_imposee,
        lire_etablissements,
        lire_fichier,
        problemes,
    )

    enregistre = depot.charger(options.dossier)
    dossier = enregistre.dossier
    nom = options.fichier.name
    try:
        tableau = lire_fichier(options.fichier)
    except FichierIllisible as exc:
        return _erreur(f"{nom} : {exc}")

    erreurs: list[str] = []
    identifiants = [og.id for og in dossier.organismes]
    organisme = options.organisme or (identifiants[0] if len(identifiants) == 1 else "")
    if not identifiants:
        erreurs.append(
            f"le dossier {options.dossier} n'a aucun organisme gestionnaire : ajoutez-en un "
            "d'abord (page « Organismes gestionnaires »)"
        )
    elif organisme not in identifiants:
        quoi = f"« {organisme} » n'est pas" if organisme else "indiquez avec --organisme"
        erreurs.append(
            f"--organisme : {quoi} l'un des organismes gestionnaires du dossier "
            f"{options.dossier} : {', '.join(identifiants)}"
        )
    try:
        disposition = (
            disposition_imposee(options.colonnes, tableau) if options.colonnes else deviner(tableau)
        )
    except DispositionInvalide as exc:
        erreurs += exc.problemes
        return _erreurs(f"{nom} : rien n'a été importé :", erreurs)
    erreurs += problemes(disposition)
    collage = lire_etablissements(
        tableau, disposition, organisme, (e.finess for e in dossier.etablissements)
    )
    for remarque in collage.remarques[1:]:
        print(f"app-bureau : {nom} : {remarque}", file=sys.stderr)
    for ligne in collage.lignes:
        quoi = f"ligne {ligne.numero}" + (f" (FINESS {ligne.finess})" if ligne.finess else "")
        erreurs += [f"{quoi} : {e}" for e in ligne.erreurs]
        for avertissement in ligne.avertissements:
            print(f"app-bureau : {nom}, {quoi}, à vérifier : {avertissement}", file=sys.stderr)
    if not collage.lignes and not erreurs:
        erreurs.append("aucune ligne d'établissement à importer")
    if erreurs:
        return _erreurs(f"{nom} : rien n'a été importé :", erreurs)

    dossier.etablissements.extend(collage.valides)
    depot.enregistrer(options.dossier, dossier, enregistre.revision)
    _ecrire(
        f"{accorder(len(collage.valides), 'établissement ajouté')} au dossier {options.dossier} "
        f"(organisme « {organisme} ») depuis {nom} : {tableau.description}.\n"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if not arguments or arguments == ["--smoke"]:
        return _main(arguments)  # l'application : son crochet d'exceptions dit les erreurs
    try:
        return _main(arguments)
    except KeyboardInterrupt:
        print("app-bureau : interrompu ; rien n'a été enregistré de plus", file=sys.stderr)
        return 130
    except Exception as exc:
        return _erreur_quelconque(exc)


def _erreur_quelconque(exc: BaseException) -> int:
    """Toute erreur, dite en français (code 2) ; une erreur inattendue va au journal."""
    from app_bureau.erreurs import est_attendue, message_erreur

    message = message_erreur(exc)
    if not est_attendue(exc):
        from app_bureau.journal import consigner

        journal = consigner(exc, "app-bureau " + " ".join(sys.argv[1:2]))
        if journal is not None:
            message += f" (détail dans le journal {journal})"
    return _erreur(message)


def _main(arguments: list[str]) -> int:
    # L'exécutable Windows sans console n'a ni sortie ni erreur standard.
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
    if not arguments:
        from app_bureau.ecrans.application import lancer

        return lancer()
    if arguments == ["--smoke"]:  # essai de démarrage (paquet, CI) : fenêtre sur base temporaire
        from app_bureau.ecrans.application import fumee

        return fumee()
    with _argparse_en_francais():
        options = _analyseur().parse_args(arguments)
    if options.commande == "verifier":
        from app_bureau.cli.sortie_texte import texte_verification

        return _evaluer_fichier(options.dossier, texte_verification, options.date)
    if options.commande == "estimer":
        from app_bureau.cli.sortie_texte import texte_estimation

        sortie = _json if options.json else texte_estimation
        return _evaluer_fichier(options.dossier, sortie, options.date)
    if options.commande is None:
        return _erreur("commande manquante (app-bureau --help pour la liste)")
    if options.commande == "exporter":
        return _exporter(options)
    if options.commande == "suivi":
        return _suivi(options)
    return _commande_base(options)


def _exporter(options: argparse.Namespace) -> int:
    """Depuis la base (une version est gardée) ou depuis un fichier dossier (base non ouverte)."""
    from app_bureau.fichier.dossier import DossierInvalide, charger
    from app_bureau.operations.depot import ouvrir_depot
    from app_bureau.operations.documents import Sorties, ecrire_documents
    from app_bureau.operations.exporter import exporter_et_garder_version
    from app_bureau.regles.evaluation import evaluer

    sorties = Sorties(options.pdf, options.xlsx, options.json)
    if not sorties.chemins():
        return _erreur("indiquez au moins une sortie : --pdf, --xlsx ou --json")
    if isinstance(options.cible, Path):
        try:
            dossier = charger(options.cible)
        except DossierInvalide as exc:
            entete = f"dossier {options.cible} invalide, rien n'a été exporté :"
            return _erreurs(entete, exc.erreurs)
        ecrire_documents(dossier, evaluer(dossier, options.date), sorties, options.remplacer)
        return 0
    depot = ouvrir_depot(options.base)
    try:
        exporter_et_garder_version(depot, options.cible, sorties, options.remplacer, options.date)
    finally:
        depot.db.close()
    return 0


def _suivi(options: argparse.Namespace) -> int:
    """Importer des mesures (base seulement, tout ou rien), écrire le bilan (tout ou rien ;
    depuis la base, une version est gardée), puis dire où en est la grappe."""
    from app_bureau.fichier.dossier import DossierInvalide, charger
    from app_bureau.operations.bilan import SortiesBilan, ecrire_bilan, evaluer_pour_le_bilan
    from app_bureau.operations.depot import ouvrir_depot

    sorties = SortiesBilan(options.pdf, options.xlsx)
    note = _note_sur_erreur if options.json else _ecrire_ligne
    if isinstance(options.cible, Path):
        if options.importer:
            return _erreur(
                "--importer : indiquez le n° d'un dossier de la base (app-bureau dossiers) ; un "
                "fichier dossier n'est pas modifié"
            )
        try:
            dossier = charger(options.cible)
        except DossierInvalide as exc:
            return _erreurs(f"dossier {options.cible} invalide :", exc.erreurs)
        evaluation, resultat = evaluer_pour_le_bilan(dossier, options.date)
        if resultat is None:
            return _erreur(
                f"le dossier {options.cible} n'est pas suivi (pas de clé « suivi ») : ouvrez-le "
                "dans l'application, étape Documents, « Le projet est financé : suivre l'usage… »"
            )
        for chemin in ecrire_bilan(dossier, evaluation, resultat, sorties, options.remplacer):
            note(f"Écrit : {chemin}")
        return _dire_le_suivi(options, dossier, evaluation, resultat)
    depot = ouvrir_depot(options.base)
    try:
        enregistre = depot.charger(options.cible)
        dossier = enregistre.dossier
        if dossier.suivi is None:
            return _erreur(
                f"le dossier n° {options.cible} n'est pas suivi : dans l'application, étape "
                "Documents, « Le projet est financé : suivre l'usage… »"
            )
        if options.importer:
            code = _importer_mesures(options, depot, enregistre.revision, note)
            if code:
                return code
            dossier = depot.charger(options.cible).dossier
        evaluation, resultat = evaluer_pour_le_bilan(dossier, options.date)
        assert resultat is not None
        if sorties.chemins():
            from app_bureau.operations.bilan import preparer_bilan
            from app_bureau.operations.exporter import placer_et_garder_version

            ensemble = preparer_bilan(dossier, evaluation, resultat, sorties, options.remplacer)
            try:
                for chemin in placer_et_garder_version(depot, options.cible, ensemble):
                    note(f"Écrit : {chemin}")
            finally:
                ensemble.abandonner()
        return _dire_le_suivi(options, dossier, evaluation, resultat)
    finally:
        depot.db.close()


def _ecrire_ligne(texte: str) -> None:
    _ecrire(texte + "\n")


def _note_sur_erreur(texte: str) -> None:
    """Avec --json, la sortie standard ne porte que le JSON : les notes vont à côté."""
    print(f"app-bureau : {texte}", file=sys.stderr)


def _importer_mesures(
    options: argparse.Namespace,
    depot: "DepotDossiers",
    revision: int,
    note: Callable[[str], None],
) -> int:
    from app_bureau.saisie.import_fichier import FichierIllisible, lire_fichier
    from app_bureau.saisie.mesures import lire_tableau_mesures

    nom = options.importer.name
    try:
        tableau = lire_fichier(options.importer)
    except FichierIllisible as exc:
        return _erreur(f"{nom} : {exc}")
    dossier = depot.charger(options.cible).dossier
    lecture = lire_tableau_mesures(tableau.lignes, tableau.description, tableau.remarques, dossier)
    for remarque in lecture.remarques[1:]:
        print(f"app-bureau : {nom} : {remarque}", file=sys.stderr)
    if not lecture.acceptable:
        return _erreurs(f"{nom} : rien n'a été importé :", lecture.problemes())
    for ligne in lecture.lignes:
        for avertissement in ligne.avertissements:
            print(f"app-bureau : {nom}, ligne {ligne.numero}, à vérifier : {avertissement}",
                  file=sys.stderr)  # fmt: skip
    assert dossier.suivi is not None
    dossier.suivi.mesures.extend(lecture.valides)
    depot.enregistrer(options.cible, dossier, revision)
    note(
        f"{accorder(len(lecture.valides), 'mesure ajoutée')} au dossier {options.cible} depuis "
        f"{nom} : "
        f"{tableau.description}."
    )
    return 0


def _dire_le_suivi(
    options: argparse.Namespace,
    dossier: "Dossier",
    evaluation: "Evaluation",
    resultat: "ResultatSuivi",
) -> int:
    if options.json:
        from app_bureau.cli.sortie_json import suivi_en_json

        _ecrire(json.dumps(suivi_en_json(resultat), ensure_ascii=False, indent=2) + "\n")
    else:
        from app_bureau.cli.sortie_texte import texte_suivi

        _ecrire(texte_suivi(dossier, resultat, evaluation))
    return 0
