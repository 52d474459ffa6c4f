"""Le classeur XLSX à recopier dans PAI numérique, l'outil de dépôt de la CNSA (openpyxl, sans Qt).

Une feuille par écran de saisie : porteur et solution, organismes gestionnaires,
établissements, plan de financement, puis les contrôles et les paramètres appliqués.
Tout vient de l'`Evaluation` : aucune somme n'est refaite ici et aucune cellule ne
contient de formule. Les montants sont des nombres au format euro, les parts des
pourcentages, les dates de vraies dates ; les numéros (SIRET, FINESS, codes INSEE)
restent du texte pour garder leurs zéros de tête.

Sécurité : un texte saisi n'est jamais lu comme une formule. Toute chaîne passe par
`_texte`, qui l'écrit en type texte et, si elle commence comme une formule (« = », « + »,
« - », « @ », tabulation, retour chariot), la marque du préfixe apostrophe d'Excel, pour
qu'elle reste du texte même si l'on modifie la cellule ensuite.
"""

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from app_bureau import champs_dossier
from app_bureau.champs_dossier import DefinitionChamp, Nature
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
    oui_non,
)
from app_bureau.modele import Dossier, Etablissement, Gravite
from app_bureau.referentiel.categories_finess import categorie
from app_bureau.referentiel.territoires import nom_ars, nom_region, territoire
from app_bureau.regles.parametres import Parametre, Unite
from app_bureau.regles.resultats import Evaluation, Explication

# Codes de format (notation anglaise dans le fichier, affichés à la française par Excel).
EUROS = '#,##0.00 "€"'
POURCENT = "0.0 %"
DATE = "DD/MM/YYYY"
ENTIER = "0"

FEUILLES = (
    "Porteur",
    "Organismes",
    "Établissements",
    "Plan de financement",
    "Contrôles",
    "Paramètres",
)
FEUILLE_LISTES = "Listes"

_DEBUTS_DE_FORMULE = ("=", "+", "-", "@", "\t", "\r")
_LARGEUR_MIN, _LARGEUR_MAX = 8, 60
_GRAS = Font(bold=True)
_FOND_ENTETE = PatternFill("solid", start_color="DCE6F1", end_color="DCE6F1")
_RENVOI = Alignment(wrap_text=True, vertical="top")
_A_GAUCHE = Alignment(horizontal="left")
_CENTRE = Alignment(horizontal="center")
_HAUTEUR_LIGNE = 15  # points, une ligne de texte en Calibri 11


class Formate(NamedTuple):
    """Une valeur avec son format propre (colonne aux formats mêlés, comme « Valeur »)."""

    valeur: Any
    format: str


@dataclass(frozen=True)
class Colonne:
    titre: str
    format: str | None = None
    renvoi: bool = False
    """Texte long : retour à la ligne dans la cellule, largeur plafonnée."""
    alignement: Alignment | None = None

    def alignement_entete(self) -> Alignment:
        """L'en-tête s'aligne sur ses valeurs : à droite au-dessus des nombres."""
        if self.alignement is not None:
            horizontal = self.alignement.horizontal
        elif self.format in (EUROS, POURCENT, ENTIER):
            horizontal = "right"
        else:
            horizontal = None
        return Alignment(horizontal=horizontal, vertical="top", wrap_text=True)


def _texte(cellule: Cell, texte: str) -> None:
    """Le seul chemin d'un texte vers une cellule : toujours du texte, jamais une formule."""
    propre = ILLEGAL_CHARACTERS_RE.sub("", texte)
    cellule.value = propre  # openpyxl en ferait une formule (« = ») ou une erreur (« #N/A »)…
    cellule.data_type = "s"  # … d'où le type texte forcé
    if propre.startswith(_DEBUTS_DE_FORMULE):
        cellule.quotePrefix = True  # « ' » d'Excel : reste du texte si l'on édite la cellule


def _longueur(valeur: Any, format_nombre: str | None) -> int:
    """Largeur affichée approximative, pour régler les colonnes sans relire les cellules."""
    if isinstance(valeur, str):
        return max((len(ligne) for ligne in valeur.split("\n")), default=0)
    if isinstance(valeur, datetime.date):
        return 10
    if format_nombre == EUROS:
        return len(f"{valeur:,.2f}") + 2
    if format_nombre == POURCENT:
        return 7
    return len(str(valeur))


class _Tableau:
    """Une feuille en tableau : ligne d'en-tête figée et filtrée, colonnes à la mesure."""

    def __init__(self, feuille: Worksheet, colonnes: Sequence[Colonne]) -> None:
        self.feuille = feuille
        self.colonnes = colonnes
        self.largeurs = [len(c.titre) for c in colonnes]
        self.nombre_lignes = 1
        self.textes_longs: list[tuple[int, int, int]] = []  # (ligne, colonne, longueur)
        for numero, colonne in enumerate(colonnes, start=1):
            cellule = feuille.cell(row=1, column=numero)
            _texte(cellule, colonne.titre)
            cellule.font = _GRAS
            cellule.fill = _FOND_ENTETE
            cellule.alignment = colonne.alignement_entete()

    def ligne(self, valeurs: Sequence[Any], gras: bool = False) -> None:
        self.nombre_lignes += 1
        rang = self.nombre_lignes
        for numero, (colonne, valeur) in enumerate(zip(self.colonnes, valeurs, strict=True), 1):
            if valeur is None or valeur == "":
                continue
            format_nombre = colonne.format
            if isinstance(valeur, Formate):
                valeur, format_nombre = valeur
            cellule = self.feuille.cell(row=rang, column=numero)
            if isinstance(valeur, bool):
                valeur = oui_non(valeur)
            if isinstance(valeur, str):
                _texte(cellule, valeur)
            elif isinstance(valeur, datetime.date):
                cellule.value = valeur
                cellule.number_format = DATE
            else:
                cellule.value = valeur  # Decimal : écrit tel quel, au centime près
                if format_nombre:
                    cellule.number_format = format_nombre
            if colonne.renvoi:
                cellule.alignment = _RENVOI
            elif colonne.alignement is not None:
                cellule.alignment = colonne.alignement
            if gras:
                cellule.font = _GRAS
            largeur = _longueur(valeur, format_nombre)
            if colonne.renvoi and largeur > _LARGEUR_MAX - 2:
                self.textes_longs.append((rang, numero, largeur))
            if largeur > self.largeurs[numero - 1]:
                self.largeurs[numero - 1] = largeur

    def terminer(self) -> None:
        feuille = self.feuille
        derniere = get_column_letter(len(self.colonnes))
        feuille.freeze_panes = "A2"
        feuille.auto_filter.ref = f"A1:{derniere}{self.nombre_lignes}"
        feuille.print_title_rows = "1:1"
        feuille.page_setup.orientation = "landscape"
        feuille.page_setup.fitToHeight = 0
        feuille.sheet_properties.pageSetUpPr.fitToPage = True
        largeurs = [min(max(n + 2, _LARGEUR_MIN), _LARGEUR_MAX) for n in self.largeurs]
        for numero, largeur in enumerate(largeurs, start=1):
            feuille.column_dimensions[get_column_letter(numero)].width = largeur
        # Hauteur des lignes à texte renvoyé : ni Excel ni LibreOffice ne l'ajustent
        # toujours à l'ouverture d'un fichier produit par openpyxl.
        lignes_par_rangee: dict[int, int] = {}
        for rang, numero, longueur in self.textes_longs:
            # Une largeur de colonne compte des chiffres ; le texte courant est plus étroit.
            lignes = math.ceil(longueur / ((largeurs[numero - 1] - 2) * 1.15))
            lignes_par_rangee[rang] = max(lignes_par_rangee.get(rang, 1), lignes)
        for rang, lignes in lignes_par_rangee.items():
            feuille.row_dimensions[rang].height = lignes * _HAUTEUR_LIGNE
            for numero in range(1, len(self.colonnes) + 1):  # la ligne se lit depuis le haut
                cellule = feuille.cell(row=rang, column=numero)
                if cellule.alignment.vertical != "top":
                    cellule.alignment = Alignment(
                        horizontal=cellule.alignment.horizontal, vertical="top"
                    )

    def liste(self, colonne: str, formule: str, titre: str) -> None:
        """Liste de choix (validation des données) sur une colonne de `colonne` (« Champ »)."""
        numero = next(i for i, c in enumerate(self.colonnes, 1) if c.titre == colonne)
        lettre = get_column_letter(numero)
        validation = DataValidation(
            type="list",
            formula1=formule,
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=titre,
            error="Choisissez une valeur de la liste.",
        )
        validation.add(f"{lettre}2:{lettre}{max(self.nombre_lignes, 2)}")
        self.feuille.add_data_validation(validation)


_LISTE_OUI_NON = f'"{OUI},{NON}"'


def _explication(explication: Explication) -> str:
    return f"{texte_explication(explication)} ({explication.reference})"


_FORMATS = {Nature.MONTANT: EUROS, Nature.PART: POURCENT, Nature.ENTIER: ENTIER}


def _colonne(d: DefinitionChamp) -> Colonne:
    """La colonne d'un champ du dossier : son libellé, et le format de sa nature."""
    alignement = _CENTRE if d.nature is Nature.ENTIER else None
    return Colonne(d.libelle_long, _FORMATS.get(d.nature), alignement=alignement)


def _valeur(d: DefinitionChamp, valeur: Any) -> Any:
    """La valeur d'un champ dans une cellule : un nombre reste un nombre, un choix prend son
    libellé, un texte absent reste vide."""
    if d.nature is Nature.CHOIX:
        return d.afficher(valeur)
    if d.nature in _FORMATS or d.nature is Nature.BOOLEEN:
        return valeur
    return valeur or ""


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
