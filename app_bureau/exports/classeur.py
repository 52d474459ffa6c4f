"""Le classeur XLSX à recopier dans PAI numérique, l'outil de dépôt de la CNSA (openpyxl, sans Qt).

Une feuille par écran de saisie : porteur et solution, organismes gestionnaires,
établissements, plan de financement, puis les contrôles et les paramètres appliqués.
Tout vient de l'`Evaluation` : aucune somme n'est refaite ici et aucune cellule ne
contient de formule. Les montants sont des nombres au format euro, les parts des
pourcentages, les dates de vraies dates ; les numéros (SIRET, FINESS, codes INSEE)
restent du texte pour garder leurs zéros de tête.

Sécurité : un texte saisi n'est jamais lu comme une formule. Toute chaîne passe par
`_texte` (`classeur_commun.ecrire_texte`), qui l'écrit en type texte et, si elle commence comme une formule (« = », « + »,
« - », « @ », tabulation, retour chariot), la marque du préfixe apostrophe d'Excel, pour
qu'elle reste du texte même si l'on modifie la cellule ensuite.
"""

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app_bureau import champs_dossier
from app_bureau.champs_dossier import Nature
from app_bureau.exports.classeur_commun import A_GAUCHE as _A_GAUCHE
from app_bureau.exports.classeur_commun import CENTRE as _CENTRE
from app_bureau.exports.classeur_commun import (  # noms courts d'avant le partage
    DATE,
    ENTIER,
    EUROS,
    POURCENT,
    Colonne,
    Formate,
)
from app_bureau.exports.classeur_commun import TableauFeuille as _Tableau
from app_bureau.exports.classeur_commun import colonne_du_champ as _colonne
from app_bureau.exports.classeur_commun import ecrire_texte as _texte
from app_bureau.exports.classeur_commun import valeur_du_champ as _valeur
from app_bureau.fichier.ecriture import ecrire_atomiquement
from app_bureau.formats import texte_explication
from app_bureau.identifiants import code_territoire_finess
from app_bureau.libelles import (
    AVANCE,
    CHAMPS,
    GRAVITES,
    NON,
    ORIENTATIONS,
    OUI,
    RUBRIQUES,
    RUBRIQUES_ESSMS,
    SOLDE,
    SOLDE_MAXIMAL,
    TOTAL,
    compte_gravite,
)
from app_bureau.modele import Dossier, Etablissement, Gravite
from app_bureau.referentiel.categories_finess import categorie
from app_bureau.referentiel.territoires import nom_ars, nom_region, territoire
from app_bureau.regles.parametres import Parametre, Unite
from app_bureau.regles.resultats import Evaluation, Explication

# Codes de format (notation anglaise dans le fichier, affichés à la française par Excel).

FEUILLES = (
    "Porteur",
    "Organismes",
    "Établissements",
    "Plan de financement",
    "Contrôles",
    "Paramètres",
)
FEUILLE_LISTES = "Listes"


_LISTE_OUI_NON = f'"{OUI},{NON}"'


def _explication(explication: Explication) -> str:
    return f"{texte_explication(explication)} ({explication.reference})"


def _feuille_porteur(feuille: Worksheet, dossier: Dossier, evaluation: Evaluation) -> None:
    pivot = evaluation.ars_pivot
    bloquants = evaluation.nombre(Gravite.BLOQUANT)
    campagne = evaluation.parametres.campagne
    [nom] = champs_dossier.DOSSIER
    lignes: list[tuple[str, Any, str]] = [
        (nom.libelle_long, dossier.nom, ""),
        ("Campagne", campagne.libelle, " ; ".join(campagne.textes)),
        *(
            (d.libelle_long, _valeur(d, champs_dossier.valeur(dossier, d.chemin)), "")
            for d in (*champs_dossier.PORTEUR, *champs_dossier.SOLUTION)
        ),
        (
            "Orientation",
            ORIENTATIONS[evaluation.orientation],
            _explication(evaluation.orientation_explication),
        ),
        (
            evaluation.mention_pivot,
            nom_ars(pivot) if pivot else "Aucune",
            _explication(evaluation.ars_pivot_explication),
        ),
        ("Code INSEE de la région de l'ARS pivot", pivot or "", ""),
        (
            "ESSMS retenus",
            evaluation.nombre_essms_retenus,
            f"sur {len(dossier.etablissements)} ESSMS du dossier",
        ),
        ("Subvention demandée", Formate(evaluation.totaux.total, EUROS), ""),
        (
            "Recevable",
            evaluation.recevable,
            ""
            if evaluation.recevable
            else f"{compte_gravite(Gravite.BLOQUANT, bloquants)}, voir « Contrôles »",
        ),
    ]
    tableau = _Tableau(
        feuille,
        [
            Colonne("Rubrique"),
            Colonne("Valeur", ENTIER, alignement=_A_GAUCHE),
            Colonne("Précision", renvoi=True),
        ],
    )
    for rubrique, valeur, precision in lignes:
        tableau.ligne([rubrique, valeur, precision])
    tableau.terminer()


def _region_du_departement(code: str) -> str:
    lieu = territoire(code) if code else None
    return lieu.region.nom if lieu and lieu.region else ""


def _feuille_organismes(feuille: Worksheet, dossier: Dossier, evaluation: Evaluation) -> None:
    champs = champs_dossier.ORGANISME
    tableau = _Tableau(
        feuille,
        [
            Colonne("Identifiant"),
            *(_colonne(d) for d in champs),
            Colonne("Région"),
            Colonne("Petite taille"),
            Colonne("Justification", renvoi=True),
            Colonne("ESSMS retenus", ENTIER, alignement=_CENTRE),
        ],
    )
    for og, resultat in zip(dossier.organismes, evaluation.organismes, strict=True):
        tableau.ligne(
            [
                og.id,
                *(_valeur(d, getattr(og, d.attribut)) for d in champs),
                _region_du_departement(og.departement),
                resultat.petite_taille,
                _explication(resultat.explication),
                resultat.nombre_essms_retenus,
            ]
        )
    tableau.terminer()
    for d in champs:
        if d.nature is Nature.BOOLEEN:
            tableau.liste(d.libelle_long, _LISTE_OUI_NON, "Oui ou Non")
    tableau.liste("Petite taille", _LISTE_OUI_NON, "Oui ou Non")


def _departement(etablissement: Etablissement) -> str:
    if not etablissement.finess:
        return ""
    code = code_territoire_finess(etablissement.finess)
    return code if code and territoire(code) else ""


_ORDRE_ETABLISSEMENT = ("finess", "nom", "organisme", "categorie", "champ", "projet")
"""Les premières colonnes de la feuille, comme dans PAI numérique ; les autres champs suivent
dans l'ordre de leur définition."""


def _feuille_etablissements(
    feuille: Worksheet, dossier: Dossier, evaluation: Evaluation, listes: dict[str, str]
) -> None:
    champs = sorted(
        champs_dossier.ETABLISSEMENT,
        key=lambda d: (
            _ORDRE_ETABLISSEMENT.index(d.attribut)
            if d.attribut in _ORDRE_ETABLISSEMENT
            else len(_ORDRE_ETABLISSEMENT)
        ),
    )
    colonnes = [Colonne("Rang", ENTIER, alignement=_CENTRE)]
    for d in champs:
        colonnes.append(_colonne(d))
        if d.attribut == "categorie":
            colonnes.append(Colonne("Libellé de la catégorie"))
    colonnes += [
        Colonne("Département"),
        Colonne("Région"),
        Colonne("Retenu"),
        Colonne("Motif si non retenu", renvoi=True),
        *(Colonne(r.court, EUROS) for r in RUBRIQUES_ESSMS),
        Colonne("Total", EUROS),
    ]
    tableau = _Tableau(feuille, colonnes)
    raisons_sociales = {og.id: og.raison_sociale for og in dossier.organismes}
    for r in evaluation.etablissements:
        e = dossier.etablissements[r.index]
        valeurs: list[Any] = [r.rang]
        for d in champs:
            valeur = getattr(e, d.attribut)
            if d.nature is Nature.ORGANISME:
                valeurs.append(raisons_sociales.get(valeur, valeur))
            else:
                valeurs.append(_valeur(d, valeur))
            if d.attribut == "categorie":
                cat = categorie(e.categorie) if e.categorie else None
                valeurs.append(cat.libelle if cat else "")
        tableau.ligne(
            [
                *valeurs,
                _departement(e),
                nom_region(r.region) if r.region else "",
                r.retenu,
                " ; ".join(m.libelle for m in r.motifs_non_retenu),
                *(getattr(r, rubrique.cle) for rubrique in RUBRIQUES_ESSMS),
                r.total,
            ]
        )
    tableau.terminer()
    for d in champs:
        if d.nature is Nature.CHOIX:
            tableau.liste(d.libelle_long, listes[d.libelle_long], d.libelle_long)
        elif d.nature is Nature.BOOLEEN:
            tableau.liste(d.libelle_long, _LISTE_OUI_NON, "Oui ou Non")
    tableau.liste("Retenu", _LISTE_OUI_NON, "Oui ou Non")


def _feuille_plan(feuille: Worksheet, evaluation: Evaluation) -> None:
    t, v, jeu = evaluation.totaux, evaluation.versements, evaluation.parametres
    tableau = _Tableau(
        feuille,
        [
            Colonne("Rubrique"),
            Colonne("Libellé"),
            Colonne("Code INSEE de la région"),
            Colonne("ESSMS retenus", ENTIER, alignement=_CENTRE),
            Colonne("Part", POURCENT),
            Colonne("Montant", EUROS),
            Colonne("Précision", renvoi=True),
        ],
    )
    poste = "Financement par poste"
    for rubrique in RUBRIQUES:
        tableau.ligne([poste, rubrique.long, None, None, None, getattr(t, rubrique.cle), None])
    n = evaluation.nombre_essms_retenus
    tableau.ligne([poste, TOTAL, None, n, None, t.total, None], gras=True)

    ars = "Répartition entre ARS"
    for code, montant in evaluation.repartition_ars.items():
        nom = evaluation.libelle_ars(code)
        tableau.ligne([ars, nom, code, evaluation.essms_par_ars[code], None, montant, None])
    tableau.ligne([ars, "Total", None, n, None, t.total, None], gras=True)

    versements = "Versements"
    avance, solde = jeu.get("versements.avance"), jeu.get("versements.solde")
    maximal = f"{SOLDE_MAXIMAL} ({solde.reference})." if solde else f"{SOLDE_MAXIMAL}."
    for libelle, part, montant, precision in (
        (AVANCE, avance, v.avance, None),
        (SOLDE, solde, v.solde, maximal),
    ):
        valeur_part = part.valeur if part else None
        tableau.ligne([versements, libelle, None, None, valeur_part, montant, precision])
    tableau.ligne([versements, "Total", None, None, None, t.total, None], gras=True)
    tableau.terminer()


def _feuille_controles(feuille: Worksheet, dossier: Dossier, evaluation: Evaluation) -> None:
    tableau = _Tableau(
        feuille,
        [
            Colonne("Gravité"),
            Colonne("Message", renvoi=True),
            Colonne("Référence", renvoi=True),
            Colonne("Champ concerné"),
        ],
    )
    for a in evaluation.anomalies:
        concerne = champs_dossier.libelle_chemin(dossier, a.champ)
        tableau.ligne([GRAVITES[a.gravite].titre, a.message, a.reference, concerne])
    tableau.terminer()


def _valeurs_parametre(p: Parametre) -> list[tuple[str, Any]]:
    """(description, valeur) ; un barème par région donne une ligne par région. Le nom du
    paramètre (`versements.solde`) n'est pas pour le lecteur : sa description le dit."""
    if isinstance(p.valeur, dict):
        return [
            (f"{p.description} — {nom_region(code)}", valeur) for code, valeur in p.valeur.items()
        ]
    return [(p.description, p.valeur)]


def _valeur_parametre(valeur: Any, unite: Unite) -> Any:
    if isinstance(valeur, bool | str | datetime.date) or valeur is None:
        return valeur
    if isinstance(valeur, list):  # des champs : leurs libellés
        return " ; ".join(CHAMPS.get(v, str(v)) for v in valeur) or "aucun"
    if isinstance(valeur, Decimal | int):
        if unite in (Unite.EUROS, Unite.EUROS_PAR_REGION):
            return Formate(valeur, EUROS)
        if unite in (Unite.TAUX, Unite.PART):
            return Formate(valeur, POURCENT)
        return Formate(valeur, "General")
    return str(valeur)


def _feuille_parametres(feuille: Worksheet, evaluation: Evaluation) -> None:
    tableau = _Tableau(
        feuille,
        [
            Colonne("Paramètre", renvoi=True),
            Colonne("Valeur"),
            Colonne("Unité"),
            Colonne("Référence", renvoi=True),
            Colonne("Vérifié le", DATE),
            Colonne("Campagne de la valeur"),
        ],
    )
    for p in evaluation.parametres.tous():
        for description, valeur in _valeurs_parametre(p):
            tableau.ligne(
                [
                    description,
                    _valeur_parametre(valeur, p.unite),
                    p.unite,
                    p.reference,
                    p.verifie_le,
                    p.campagne_de_la_valeur,
                ]
            )
    tableau.terminer()


def _feuille_listes(feuille: Worksheet) -> dict[str, str]:
    """Les choix des listes (masqués) : une liste en ligne ne peut contenir de virgule,
    or « Accueil, hébergement, insertion » en a une."""
    formules: dict[str, str] = {}
    choix = [d for d in champs_dossier.ETABLISSEMENT if d.nature is Nature.CHOIX]
    for numero, (titre, valeurs) in enumerate(
        ((d.libelle_long, list(d.choix.values())) for d in choix), start=1
    ):
        lettre = get_column_letter(numero)
        _texte(feuille.cell(row=1, column=numero), titre)
        for rang, valeur in enumerate(valeurs, start=2):
            _texte(feuille.cell(row=rang, column=numero), valeur)
        formules[titre] = f"{FEUILLE_LISTES}!${lettre}$2:${lettre}${len(valeurs) + 1}"
    feuille.sheet_state = "hidden"
    return formules


def construire_classeur(dossier: Dossier, evaluation: Evaluation) -> Workbook:
    """Le classeur en mémoire (sans l'écrire)."""
    classeur = Workbook()
    feuilles = [classeur.active] + [classeur.create_sheet() for _ in FEUILLES[1:]]
    for feuille, titre in zip(feuilles, FEUILLES, strict=True):
        feuille.title = titre
    porteur, organismes, etablissements, plan, controles, parametres = feuilles
    listes = _feuille_listes(classeur.create_sheet(FEUILLE_LISTES))
    _feuille_porteur(porteur, dossier, evaluation)
    _feuille_organismes(organismes, dossier, evaluation)
    _feuille_etablissements(etablissements, dossier, evaluation, listes)
    _feuille_plan(plan, evaluation)
    _feuille_controles(controles, dossier, evaluation)
    _feuille_parametres(parametres, evaluation)

    proprietes = classeur.properties
    titre = ILLEGAL_CHARACTERS_RE.sub("", dossier.nom) or "sans nom"
    proprietes.title = f"Dossier ESMS numérique — {titre}"
    proprietes.subject = "Saisie dans PAI numérique (CNSA)"
    proprietes.creator = "Assistant Grappe"
    proprietes.language = "fr-FR"
    return classeur


def ecrire_classeur(
    dossier: Dossier, evaluation: Evaluation, chemin: Path, remplacer: bool = False
) -> None:
    """Écrit le classeur à `chemin` (fichier temporaire puis renommage) ; `ErreurEcriture`
    si le fichier existe sans `remplacer` ou si l'écriture échoue."""

    def ecrire(temporaire: Path) -> None:
        construire_classeur(dossier, evaluation).save(temporaire)

    ecrire_atomiquement(chemin, ecrire, remplacer)
