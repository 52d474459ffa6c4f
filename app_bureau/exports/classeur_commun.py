"""Ce que partagent les classeurs XLSX de l'application (openpyxl, sans Qt) : formats des
nombres (euros, pourcentages, dates), colonnes, et la feuille en tableau (en-tête figé et
filtré, colonnes à la mesure, hauteur des lignes à texte renvoyé).

Sécurité : un texte n'entre dans une cellule que par `ecrire_texte`, qui l'écrit en type
texte et, s'il commence comme une formule (« = », « + », « - », « @ », tabulation, retour
chariot), le marque du préfixe apostrophe d'Excel : aucune cellule ne contient de formule
venue d'un texte de l'utilisateur.

Le classeur PAI numérique (`exports.classeur`) et le classeur du suivi
(`exports.classeur_suivi`) s'en servent.
"""

import datetime
import math
from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass
from typing import Any, NamedTuple

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from app_bureau.champs_dossier import DefinitionChamp, Nature
from app_bureau.libelles import oui_non

# Codes de format (notation anglaise dans le fichier, affichés à la française par Excel).
EUROS = '#,##0.00 "€"'
POURCENT = "0.0 %"
DATE = "DD/MM/YYYY"
MOIS = "MM/YYYY"
"""Un mois, écrit comme une vraie date (son premier jour)."""
ENTIER = "0"

DEBUTS_DE_FORMULE = ("=", "+", "-", "@", "\t", "\r")
LARGEUR_MIN, LARGEUR_MAX = 8, 60
GRAS = Font(bold=True)
FOND_ENTETE = PatternFill("solid", start_color="DCE6F1", end_color="DCE6F1")
RENVOI = Alignment(wrap_text=True, vertical="top")
A_GAUCHE = Alignment(horizontal="left")
CENTRE = Alignment(horizontal="center")
HAUTEUR_LIGNE = 15  # points, une ligne de texte en Calibri 11


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


def ecrire_texte(cellule: Cell, texte: str) -> None:
    """Le seul chemin d'un texte vers une cellule : toujours du texte, jamais une formule."""
    propre = ILLEGAL_CHARACTERS_RE.sub("", texte)
    cellule.value = propre  # openpyxl en ferait une formule (« = ») ou une erreur (« #N/A »)…
    cellule.data_type = "s"  # … d'où le type texte forcé
    if propre.startswith(DEBUTS_DE_FORMULE):
        cellule.quotePrefix = True  # « ' » d'Excel : reste du texte si l'on édite la cellule


def longueur_affichee(valeur: Any, format_nombre: str | None) -> int:
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


class TableauFeuille:
    """Une feuille en tableau : ligne d'en-tête figée et filtrée, colonnes à la mesure."""

    def __init__(self, feuille: Worksheet, colonnes: Sequence[Colonne]) -> None:
        self.feuille = feuille
        self.colonnes = colonnes
        self.largeurs = [len(c.titre) for c in colonnes]
        self.nombre_lignes = 1
        self.textes_longs: list[tuple[int, int, int]] = []  # (ligne, colonne, longueur)
        for numero, colonne in enumerate(colonnes, start=1):
            cellule = feuille.cell(row=1, column=numero)
            ecrire_texte(cellule, colonne.titre)
            cellule.font = GRAS
            cellule.fill = FOND_ENTETE
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
                ecrire_texte(cellule, valeur)
            elif isinstance(valeur, datetime.date):
                cellule.value = valeur
                cellule.number_format = MOIS if format_nombre == MOIS else DATE
            else:
                cellule.value = valeur  # Decimal : écrit tel quel, au centime près
                if format_nombre:
                    cellule.number_format = format_nombre
            if colonne.renvoi:
                cellule.alignment = RENVOI
            elif colonne.alignement is not None:
                cellule.alignment = colonne.alignement
            if gras:
                cellule.font = GRAS
            largeur = longueur_affichee(valeur, format_nombre)
            if colonne.renvoi and largeur > LARGEUR_MAX - 2:
                self.textes_longs.append((rang, numero, largeur))
            if largeur > self.largeurs[numero - 1]:
                self.largeurs[numero - 1] = largeur

    def ajouter_en_bloc(self, lignes: Iterable[Sequence[Any]], echantillon: int = 200) -> None:
        """Beaucoup de lignes de nombres, de dates et de textes courts (une ligne par ESSMS et
        par mois : des milliers), ajoutées d'un coup par `Worksheet.append`, bien plus vite
        que case par case. Les mêmes garanties qu'avec `ligne` : un texte qui se lirait comme
        une formule ou une erreur (« = », « #N/A »…) est réécrit par `ecrire_texte` ; chaque
        colonne reçoit son format (sauf les entiers, pareils sans). Les largeurs sont mesurées sur les `echantillon` premières
        lignes."""
        # Le style de chaque colonne (son format de nombre) est calculé une fois, puis copié
        # dans chaque cellule : le régler case par case coûte une recherche par cellule.
        # Un entier s'affiche de même sans format : la colonne ENTIER n'en a pas besoin.
        styles = []
        for colonne in self.colonnes:
            modele = Cell(self.feuille)
            if colonne.format not in (None, ENTIER):
                modele.number_format = colonne.format
                styles.append(modele._style)
            else:
                styles.append(None)
        feuille = self.feuille
        for valeurs in lignes:
            cellules = []
            for valeur, style in zip(valeurs, styles, strict=True):
                cellule = Cell(feuille, value=valeur)
                if isinstance(valeur, str):
                    if cellule.data_type != "s" or valeur.startswith(DEBUTS_DE_FORMULE):
                        ecrire_texte(cellule, valeur)
                elif style is not None and valeur is not None:
                    cellule._style = copy(style)
                cellules.append(cellule)
            feuille.append(cellules)
            self.nombre_lignes += 1
            rang = self.nombre_lignes
            if rang <= echantillon + 1:
                for numero, (colonne, valeur) in enumerate(
                    zip(self.colonnes, valeurs, strict=True), start=1
                ):
                    largeur = longueur_affichee(valeur, colonne.format)
                    self.largeurs[numero - 1] = max(self.largeurs[numero - 1], largeur)

    def terminer(self) -> None:
        feuille = self.feuille
        derniere = get_column_letter(len(self.colonnes))
        feuille.freeze_panes = "A2"
        feuille.auto_filter.ref = f"A1:{derniere}{self.nombre_lignes}"
        feuille.print_title_rows = "1:1"
        feuille.page_setup.orientation = "landscape"
        feuille.page_setup.fitToHeight = 0
        feuille.sheet_properties.pageSetUpPr.fitToPage = True
        largeurs = [min(max(n + 2, LARGEUR_MIN), LARGEUR_MAX) for n in self.largeurs]
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
            feuille.row_dimensions[rang].height = lignes * HAUTEUR_LIGNE
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


FORMATS = {Nature.MONTANT: EUROS, Nature.PART: POURCENT, Nature.ENTIER: ENTIER}


def colonne_du_champ(d: DefinitionChamp) -> Colonne:
    """La colonne d'un champ du dossier : son libellé, et le format de sa nature."""
    alignement = CENTRE if d.nature is Nature.ENTIER else None
    return Colonne(d.libelle_long, FORMATS.get(d.nature), alignement=alignement)


def valeur_du_champ(d: DefinitionChamp, valeur: Any) -> Any:
    """La valeur d'un champ dans une cellule : un nombre reste un nombre, un choix prend son
    libellé, un texte absent reste vide."""
    if d.nature is Nature.CHOIX:
        return d.afficher(valeur)
    if d.nature in FORMATS or d.nature is Nature.BOOLEEN:
        return valeur
    return valeur or ""
