"""La synthèse PDF du dossier, pour le conseil d'administration et l'ARS (reportlab, sans Qt).

`ecrire_pdf(dossier, evaluation, chemin)` écrit un A4 en français : couverture, synthèse
(chiffres clés, graphique par rubrique, versements, part de chaque ARS), composition de la
grappe (OG puis un ESSMS par ligne), éligibilité, autodiagnostic, pièces à joindre, et en
annexe l'explication de chaque montant et les paramètres de la campagne.

Le document lit la même `Evaluation` que l'écran : il ne calcule aucun euro, il les met en
page. Les polices sont les DejaVu de `ressources/polices/`, incorporées : les montants
français contiennent des espaces fines insécables (U+202F) que les polices standard du PDF
(Helvetica) ne savent pas dessiner.
"""

import datetime
import re
from bisect import bisect_right
from collections.abc import Iterable
from decimal import Decimal
from functools import cache, lru_cache
from importlib.resources import as_file
from itertools import accumulate
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    FrameBreak,
    KeepTogether,
    LongTable,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError

from app_bureau import champs_dossier, libelles
from app_bureau.exports.radar_pdf import radar
from app_bureau.fichier.ecriture import ErreurEcriture, ecrire_atomiquement
from app_bureau.formats import date_courte, euros, pourcentage, texte_explication, valeur_parametre
from app_bureau.libelles import (
    CHAMPS,
    GRAVITES,
    MODES_ACHAT,
    ORIENTATIONS,
    PROJETS,
    RUBRIQUES,
    RUBRIQUES_ESSMS,
    SOLDE_MAXIMAL,
    STATUTS,
    TOTAL,
    TYPES_PORTEUR,
    compte_gravite,
    essms_retenus,
)
from app_bureau.modele import Dossier, Gravite, Orientation
from app_bureau.referentiel.categories_finess import categorie
from app_bureau.referentiel.ressources import ressource
from app_bureau.referentiel.territoires import nom_region
from app_bureau.regles.autodiagnostic.scores import avancement_texte, commence, resume_maturite
from app_bureau.regles.pieces import pieces_a_joindre
from app_bureau.regles.resultats import Evaluation, Explication

POLICE = "DejaVuSans"
POLICE_GRASSE = "DejaVuSans-Bold"
POLICE_ITALIQUE = "DejaVuSans-Oblique"

BLEU = colors.HexColor(libelles.BLEU)
GRIS = colors.HexColor(libelles.GRIS)
GRIS_CLAIR = colors.HexColor("#d0d7de")
FOND_ENTETE = colors.HexColor("#e8eef5")
FOND_ALTERNE = colors.HexColor("#f6f8fa")
VERT = colors.HexColor(libelles.VERT)
COULEURS_GRAVITE = {g: colors.HexColor(p.couleur) for g, p in GRAVITES.items()}

MARGE = 15 * mm
HAUT_DE_PAGE = 20 * mm  # place de l'en-tête
BAS_DE_PAGE = 18 * mm  # place du pied de page
TAILLE_TABLEAU = 7.5
INTERLIGNE_TABLEAU = 9.5
MINIMUM_SOUS_TITRE = 30 * mm  # un sous-titre et quelques lignes, sinon page suivante
MAX_LIGNES_CELLULE = 36  # 36 × 9,5 pt : une ligne de grand tableau tient dans une page
LIGNE_COUPABLE = 300  # points : au-delà, une ligne de petit tableau peut être coupée

TITRE_DOCUMENT = "Demande de financement ESMS numérique"

ESPACE_FINE = "\u202f"
ESPACE_INSECABLE = "\u00a0"
_TRAITS_D_UNION = re.compile(r"[^-]+-?|-")  # « Hauts-de-France » → Hauts-, de-, France
_AVANT_PONCTUATION = re.compile(r" (?=[:;!?»])")
_APRES_GUILLEMET = re.compile(r"« ")


# ---------------------------------------------------------------- polices et styles


@cache
def enregistrer_polices() -> None:
    """Déclare les DejaVu à reportlab (une fois) ; <b> et <i> des paragraphes s'en servent."""
    for nom in (POLICE, POLICE_GRASSE, POLICE_ITALIQUE):
        with as_file(ressource("polices", f"{nom}.ttf")) as fichier:  # type: ignore[arg-type]
            pdfmetrics.registerFont(TTFont(nom, str(fichier)))
    pdfmetrics.registerFontFamily(
        POLICE, normal=POLICE, bold=POLICE_GRASSE, italic=POLICE_ITALIQUE, boldItalic=POLICE_GRASSE
    )


@cache
def _styles() -> dict[str, ParagraphStyle]:
    enregistrer_polices()
    base = ParagraphStyle("Normal", fontName=POLICE, fontSize=9, leading=12.5)
    s = {"Normal": base}
    s["Petit"] = ParagraphStyle("Petit", base, fontSize=TAILLE_TABLEAU, leading=INTERLIGNE_TABLEAU)
    s["PetitGras"] = ParagraphStyle("PetitGras", s["Petit"], fontName=POLICE_GRASSE)
    s["Note"] = ParagraphStyle("Note", s["Petit"], textColor=GRIS, spaceBefore=3)
    s["Titre1"] = ParagraphStyle(
        "Titre1",
        base,
        fontName=POLICE_GRASSE,
        fontSize=15,
        leading=19,
        textColor=BLEU,
        spaceBefore=16,
        spaceAfter=8,
    )
    s["Titre2"] = ParagraphStyle(
        "Titre2",
        base,
        fontName=POLICE_GRASSE,
        fontSize=10.5,
        leading=14,
        textColor=BLEU,
        spaceBefore=10,
        spaceAfter=4,
    )
    s["Surtitre"] = ParagraphStyle(
        "Surtitre", base, fontSize=11, leading=14, textColor=GRIS, spaceAfter=6
    )
    s["Couverture"] = ParagraphStyle(
        "Couverture",
        base,
        fontName=POLICE_GRASSE,
        fontSize=22,
        leading=28,
        textColor=BLEU,
        spaceAfter=14,
    )
    s["Ligne"] = ParagraphStyle("Ligne", base, fontSize=11.5, leading=16)
    s["Montant"] = ParagraphStyle(
        "Montant", base, fontName=POLICE_GRASSE, fontSize=28, leading=34, alignment=TA_CENTER
    )
    s["Centre"] = ParagraphStyle("Centre", base, fontSize=10, leading=13, alignment=TA_CENTER)
    s["Verdict"] = ParagraphStyle(
        "Verdict", base, fontName=POLICE_GRASSE, fontSize=14, leading=18, alignment=TA_CENTER
    )
    return s


def _p(texte: str, style: str = "Normal") -> Paragraph:
    """Un paragraphe ; `texte` est déjà du balisage (échapper le texte de l'utilisateur)."""
    return Paragraph(texte, _styles()[style])


def _t(texte: str) -> str:
    """Texte de l'utilisateur ou des règles → balisage de paragraphe (&, <, > échappés).

    Un Paragraph coupe les lignes à U+202F (l'espace fine des milliers) et la remplace par
    une espace ordinaire : « 5 706 | 008,00 € ». U+00A0, lui, reste insécable.
    """
    return _typographie(escape(_couper(texte))).replace(ESPACE_FINE, ESPACE_INSECABLE)


MOT_MAX = 60
"""Caractères d'un mot sans espace au-delà desquels il est coupé (une URL, un nom collé) :
reportlab cherche où couper un mot trop long en le remesurant à chaque caractère, en temps
quadratique (un nom de 40 000 caractères : 3,5 s). Coupé d'avance, le temps reste linéaire."""
LONGUEUR_MAX_PDF = 2000
"""Caractères d'un texte de l'utilisateur montré dans la synthèse ; au-delà, « […] »."""
_MOT_LONG = re.compile(rf"[^\s]{{{MOT_MAX + 1},}}")


def _couper(texte: str) -> str:
    """Le texte borné pour la mise en page : écourté au-delà de `LONGUEUR_MAX_PDF`, et les
    mots de plus de `MOT_MAX` caractères coupés par une espace sans chasse (U+200B), où
    reportlab peut passer à la ligne."""
    if len(texte) > LONGUEUR_MAX_PDF:
        texte = texte[:LONGUEUR_MAX_PDF] + " […]"
    if len(texte) <= MOT_MAX:
        return texte
    return _MOT_LONG.sub(
        lambda m: "\u200b".join(
            m.group()[i : i + MOT_MAX] for i in range(0, len(m.group()), MOT_MAX)
        ),
        texte,
    )


def _typographie(texte: str) -> str:
    """Pas de retour à la ligne avant « : ; ! ? » » ni après « « » (espaces insécables)."""
    return _AVANT_PONCTUATION.sub(
        ESPACE_INSECABLE, _APRES_GUILLEMET.sub("«" + ESPACE_INSECABLE, texte)
    )


def _ref(reference: str) -> str:
    return f'<font color="{libelles.GRIS}">{_t(reference)}</font>'


@lru_cache(maxsize=16384)  # références, catégories, montants : les mêmes textes reviennent
def _coupe(texte: str, largeur: float, police: str = POLICE) -> str:
    """Texte brut replié à la largeur d'une cellule, bien plus vite qu'avec un Paragraph.

    Coupe aux espaces ordinaires et après les traits d'union (« Hauts-de- / France ») : les
    montants (« 13 200,00 € », espaces insécables) ne sont jamais coupés ; un mot plus large
    que la cellule est tranché ; au-delà de `MAX_LIGNES_CELLULE` lignes, le texte est écourté.
    """
    place = largeur - 6  # marges intérieures de la cellule
    if len(texte) > LONGUEUR_MAX_PDF:  # la cellule serait écourtée bien avant
        texte = texte[:LONGUEUR_MAX_PDF] + " […]"
    texte = _typographie(texte)
    if "\n" not in texte and pdfmetrics.stringWidth(texte, police, TAILLE_TABLEAU) <= place:
        return texte  # le cas courant : tient sur une ligne
    lignes: list[str] = []
    for paragraphe in texte.split("\n"):
        lignes += _replier(paragraphe, place, police)
        if len(lignes) > MAX_LIGNES_CELLULE:  # une ligne de tableau doit tenir sur une page
            return "\n".join([*lignes[: MAX_LIGNES_CELLULE - 1], "[…]"])
    return "\n".join(lignes)


def _replier(paragraphe: str, place: float, police: str) -> list[str]:
    """Les lignes d'un paragraphe sans retour à la ligne (voir `_coupe`)."""

    def largeur_de(texte: str) -> float:
        return pdfmetrics.stringWidth(texte, police, TAILLE_TABLEAU)

    espace = largeur_de(" ")
    lignes: list[str] = []
    ligne, occupe = "", 0.0
    for mot in paragraphe.split(" "):
        for rang, morceau in enumerate(_TRAITS_D_UNION.findall(mot) or [""]):
            taille = largeur_de(morceau)
            if taille > place:  # plus large que la cellule : tranché
                if ligne:
                    lignes.append(ligne)
                *pleins, morceau = _trancher(morceau, place, police, TAILLE_TABLEAU)
                lignes += pleins
                ligne, occupe, taille = "", 0.0, largeur_de(morceau)
            separateur = " " if rang == 0 and ligne else ""
            ajout = (espace if separateur else 0.0) + taille
            if ligne and occupe + ajout > place:
                lignes.append(ligne)
                ligne, occupe = morceau, taille
            else:
                ligne, occupe = ligne + separateur + morceau, occupe + ajout
            if len(lignes) > MAX_LIGNES_CELLULE:
                return lignes  # la suite serait écourtée de toute façon
    lignes.append(ligne)
    return lignes


def _trancher(mot: str, place: float, police: str, taille: float) -> list[str]:
    """Un mot en morceaux d'au plus `place` points (au moins un caractère chacun)."""
    cumul = list(accumulate(pdfmetrics.stringWidth(c, police, taille) for c in mot))
    morceaux: list[str] = []
    debut, avant = 0, 0.0
    while debut < len(mot):
        fin = max(debut + 1, bisect_right(cumul, avant + place))
        morceaux.append(mot[debut:fin])
        debut, avant = fin, cumul[fin - 1]
    return morceaux


def _elide(texte: str, largeur: float, police: str, taille: float) -> str:
    """Le texte écourté par « … » pour tenir dans `largeur` points."""
    texte = texte[:LONGUEUR_MAX_PDF]  # bien plus qu'une ligne : le reste serait écourté
    if pdfmetrics.stringWidth(texte, police, taille) <= largeur:
        return texte
    place = largeur - pdfmetrics.stringWidth("…", police, taille)
    return _trancher(texte, place, police, taille)[0].rstrip() + "…"


def _style_tableau(
    droite: Iterable[int] = (), entete: bool = True, zebre: bool = True
) -> list[tuple[Any, ...]]:
    commandes: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), POLICE),
        ("FONTSIZE", (0, 0), (-1, -1), TAILLE_TABLEAU),
        ("LEADING", (0, 0), (-1, -1), INTERLIGNE_TABLEAU),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, GRIS_CLAIR),
    ]
    for colonne in droite:
        commandes.append(("ALIGN", (colonne, 0), (colonne, -1), "RIGHT"))
    if entete:
        commandes += [
            ("FONTNAME", (0, 0), (-1, 0), POLICE_GRASSE),
            ("BACKGROUND", (0, 0), (-1, 0), FOND_ENTETE),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, BLEU),
            ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ]
        if zebre:
            commandes.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, FOND_ALTERNE]))
    return commandes


Commande = tuple[Any, ...]


class _Tableau(Table):
    """Un Table dont une ligne n'est coupée entre deux pages que si elle est très haute.

    Une ligne ordinaire passe entière à la page suivante ; une ligne plus haute que
    `LIGNE_COUPABLE` (une explication qui nomme des centaines d'OG, un nom démesuré) ne
    tiendrait sur aucune page : reportlab la coupe (`splitInRow`) plutôt que d'échouer.
    Jamais une ligne seule en haut d'une page, sous l'en-tête répété : sa voisine la suit.
    """

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self._calc(availWidth, availHeight)
        self.splitInRow = int(max(self._rowHeights, default=0) > LIGNE_COUPABLE)
        parties = super().split(availWidth, availHeight)
        entete = self.repeatRows if isinstance(self.repeatRows, int) else len(self.repeatRows)
        if len(parties) == 2 and not self.splitInRow and parties[1]._nrows - entete == 1:
            gardees = parties[0]._nrows
            if gardees - entete >= 2:  # la dernière ligne de la page rejoint la suivante
                hauteur = sum(self._rowHeights[: gardees - 1]) + 0.01
                autres = super().split(availWidth, hauteur)
                if len(autres) == 2:  # la suite commence la page suivante, pas la place libérée
                    parties = [autres[0], FrameBreak(), autres[1]]
        return parties


class _GrandTableau(Flowable):
    """Un long tableau (2 000 lignes et plus) que reportlab ne mesure que page par page.

    `Table.split` remesure toutes les lignes restantes à chaque saut de page : sur 8 000
    lignes, le temps devient quadratique. Ici chaque page ne voit qu'un morceau de quelques
    dizaines de lignes (un `LongTable` ordinaire, en-tête répété) ; le reste attend la page
    suivante. Les commandes de style d'une seule ligne sont renumérotées pour chaque morceau.
    """

    def __init__(
        self,
        lignes: list[list[Any]],
        largeurs: list[float],
        communes: list[Commande],
        par_ligne: dict[int, list[Commande]],
        debut: int = 1,
        pas: int = 60,
        groupes: tuple[int, ...] = (),
    ) -> None:
        super().__init__()
        self.hAlign = "LEFT"
        self._lignes, self._largeurs = lignes, largeurs
        self._groupes = groupes
        """Les lignes qui ouvrent un groupe (un ESSMS et ses explications), croissantes : une
        page ne commence qu'à l'une d'elles, sauf pour un groupe plus haut qu'une page."""
        self._communes, self._par_ligne, self._debut = communes, par_ligne, debut
        self._pas = pas  # lignes par morceau : un peu plus qu'une page n'en tient
        self._morceau: Table | None = None
        self._mesure: tuple[float, float, float, float] | None = None

    def _construire(self, nombre: int) -> Table:
        debut, decalage = self._debut, self._debut - 1
        commandes: list[Commande] = []
        for commande in self._communes:
            nom, (c0, r0), fin, *arguments = commande
            if nom == "ROWBACKGROUNDS" and r0 >= 1:  # garder l'alternance d'un morceau à l'autre
                couleurs = arguments[0]
                rang = decalage % len(couleurs)
                commande = (nom, (c0, r0), fin, couleurs[rang:] + couleurs[:rang])
            commandes.append(commande)
        for rang in range(debut, debut + nombre):
            for nom, (c0, _), (c1, _), *arguments in self._par_ligne.get(rang, ()):
                commandes.append((nom, (c0, rang - decalage), (c1, rang - decalage), *arguments))
        return LongTable(
            [self._lignes[0], *self._lignes[debut : debut + nombre]],
            colWidths=self._largeurs,
            repeatRows=1,
            style=TableStyle(commandes),
            hAlign="LEFT",
        )

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        if self._mesure and self._mesure[:2] == (aW, aH):
            return self._mesure[2:]
        reste = len(self._lignes) - self._debut
        nombre = min(reste, self._pas)
        while True:
            self._morceau = self._construire(nombre)
            largeur, hauteur = self._morceau.wrap(aW, aH)
            if nombre == reste or hauteur > aH:
                break
            nombre = min(reste, 2 * nombre)  # tout tient : un morceau plus grand
        if nombre < reste:
            hauteur = max(hauteur, aH + 1)  # la suite ne tiendra pas sur cette page
        self.width, self.height = largeur, hauteur
        self._mesure = (aW, aH, largeur, hauteur)
        return largeur, hauteur

    def split(self, aW: float, aH: float) -> list[Flowable]:
        self.wrap(aW, aH)
        assert self._morceau is not None
        parties = self._morceau.split(aW, aH)
        if not parties:
            return []
        placees = parties[0]._nrows - 1  # lignes de données tenues sur cette page
        if placees <= 0:
            return []
        suite = self._debut + placees
        if suite >= len(self._lignes):
            return [parties[0]]
        gardees = self._placees_sans_orpheline(placees)
        saut: list[Flowable] = []
        if gardees != placees:
            parties[0] = self._construire(gardees)
            parties[0].wrap(aW, aH)
            suite = self._debut + gardees
            saut = [FrameBreak()]  # la suite commence la page suivante, pas la place libérée
        reste = _GrandTableau(
            self._lignes,
            self._largeurs,
            self._communes,
            self._par_ligne,
            suite,
            placees + 8,
            self._groupes,
        )
        return [parties[0], *saut, reste]

    def _placees_sans_orpheline(self, placees: int) -> int:
        """Les lignes à garder sur cette page pour que la suivante ne commence ni par une
        ligne seule, ni au milieu d'un groupe : la ligne ou le groupe coupé passe entier à la
        page suivante, s'il reste au moins une ligne sur celle-ci."""
        gardees = placees
        if len(self._lignes) - (self._debut + gardees) == 1 and gardees >= 2:
            gardees -= 1
        suite = self._debut + gardees
        rang = bisect_right(self._groupes, suite) - 1
        if rang >= 0 and self._debut < self._groupes[rang] < suite:
            gardees = self._groupes[rang] - self._debut
        return gardees

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        assert self._morceau is not None
        self._morceau.drawOn(canvas, x, y, _sW)


def _tableau(
    lignes: list[list[Any]],
    largeurs: list[float],
    droite: Iterable[int] = (),
    entete: bool = True,
    longue: bool = False,
    style: list[Commande] | None = None,
    zebre: bool = True,
    groupes: tuple[int, ...] = (),
) -> Flowable:
    """Un tableau au style de la maison ; l'en-tête se répète sur chaque page.

    `groupes` (tableau `longue`) : les lignes qui ouvrent un groupe à ne pas couper entre
    deux pages (un ESSMS et ses explications).

    Les cellules de texte brut sont repliées à la largeur de leur colonne (`_coupe`). Un
    tableau `longue` (qui peut compter des milliers de lignes) ne doit contenir que du texte
    brut : un Paragraph coûte cent fois plus cher à mesurer.
    """
    lignes = [
        [
            _coupe(cellule, largeurs[c], POLICE_GRASSE if entete and n == 0 else POLICE)
            if isinstance(cellule, str)
            else cellule
            for c, cellule in enumerate(ligne)
        ]
        for n, ligne in enumerate(lignes)
    ]
    commandes = _style_tableau(droite, entete, zebre) + (style or [])
    if longue and entete:
        communes: list[Commande] = []
        par_ligne: dict[int, list[Commande]] = {}
        for commande in commandes:
            (_, r0), (_, r1) = commande[1], commande[2]
            if r0 == r1 and r0 >= 1:
                par_ligne.setdefault(r0, []).append(commande)
            else:
                communes.append(commande)
        return _GrandTableau(lignes, largeurs, communes, par_ligne, groupes=groupes)
    return _Tableau(
        lignes,
        colWidths=largeurs,
        repeatRows=1 if entete else 0,
        style=TableStyle(commandes),
        hAlign="LEFT",
    )


def _explications(explications: Iterable[Explication], largeur: float) -> Flowable:
    """Explications d'un montant : texte et référence, sans en-tête."""
    lignes = [
        [_p(_t(texte_explication(x)), "Petit"), _p(_ref(x.reference), "Petit")]
        for x in explications
    ]
    return _tableau(lignes or [["—", ""]], [largeur * 0.62, largeur * 0.38], entete=False)


# ---------------------------------------------------------------- pages et numérotation


class _CanevasNumerote(Canvas):
    """Garde les pages jusqu'à la fin pour écrire « Page X sur Y » (Y connu au `save`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def bookmarkPage(self, key: str, **kwargs: Any) -> None:
        # Les pages ne sont émises qu'au `save` : le signet doit viser la page en cours.
        compteur = self._doc.pageCounter
        self._doc.pageCounter = len(self._pages) + 1
        try:
            super().bookmarkPage(key, **kwargs)
        finally:
            self._doc.pageCounter = compteur

    def save(self) -> None:
        total = len(self._pages)
        for numero, etat in enumerate(self._pages, start=1):
            self.__dict__.update(etat)
            largeur = self._pagesize[0]
            self.setFont(POLICE, 7.5)
            self.setFillColor(GRIS)
            self.drawRightString(largeur - MARGE, 10 * mm, f"Page {numero} sur {total}")
            super().showPage()
        super().save()


class _Document(BaseDocTemplate):
    """A4 portrait, et paysage pour le tableau des ESSMS ; en-tête, pied et signets."""

    def __init__(self, fichier: Path, titre: str, auteur: str, sujet: str, pied: str) -> None:
        super().__init__(
            str(fichier),
            pagesize=A4,
            title=titre,
            author=auteur,
            subject=sujet,
            creator="Assistant Grappe",
            keywords=["ESMS numérique", "DUI", "Ségur"],
            lang="fr-FR",
            initialFontName=POLICE,
            leftMargin=MARGE,
            rightMargin=MARGE,
            topMargin=HAUT_DE_PAGE,
            bottomMargin=BAS_DE_PAGE,
        )
        self._pied = pied
        self._signets = 0
        paysage = landscape(A4)
        self.addPageTemplates(
            [
                PageTemplate("portrait", [self._cadre(A4)], self._habiller, pagesize=A4),
                PageTemplate("paysage", [self._cadre(paysage)], self._habiller, pagesize=paysage),
            ]
        )

    @staticmethod
    def _cadre(taille: tuple[float, float]) -> Frame:
        largeur, hauteur = taille
        return Frame(
            MARGE,
            BAS_DE_PAGE,
            largeur - 2 * MARGE,
            hauteur - HAUT_DE_PAGE - BAS_DE_PAGE,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )

    def _habiller(self, canevas: Canvas, document: BaseDocTemplate) -> None:
        """En-tête (titre du document) et pied (date), dessinés sur chaque page."""
        largeur, hauteur = canevas._pagesize
        canevas.saveState()
        canevas.setFillColor(GRIS)
        canevas.setFont(POLICE_GRASSE, 8)
        y = hauteur - 12 * mm
        place = largeur - 2 * MARGE - 70 * mm  # le titre du document, à droite
        canevas.drawString(MARGE, y, _elide(self.title, place, POLICE_GRASSE, 8))
        canevas.setFont(POLICE, 8)
        canevas.drawRightString(largeur - MARGE, y, TITRE_DOCUMENT)
        canevas.setStrokeColor(GRIS_CLAIR)
        canevas.setLineWidth(0.5)
        canevas.line(MARGE, y - 2.5 * mm, largeur - MARGE, y - 2.5 * mm)
        canevas.line(MARGE, 14 * mm, largeur - MARGE, 14 * mm)
        canevas.setFont(POLICE, 7.5)
        canevas.drawString(MARGE, 10 * mm, self._pied)
        canevas.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:
        """Chaque titre de section devient un signet du lecteur PDF."""
        if isinstance(flowable, Paragraph) and flowable.style.name in ("Titre1", "Titre2"):
            self._signets += 1
            cle = f"section-{self._signets}"
            self.canv.bookmarkPage(cle)
            niveau = 0 if flowable.style.name == "Titre1" else 1
            self.canv.addOutlineEntry(flowable.getPlainText(), cle, level=niveau)


# ---------------------------------------------------------------- sections


def _recevabilite(evaluation: Evaluation) -> str:
    """« Recevable — Campagne 2022, close » : jamais sans la campagne et son statut."""
    etat = evaluation.campagne_etat
    campagne = f"{evaluation.parametres.campagne.libelle}, {etat.statut}"
    if evaluation.recevable:
        return f"Recevable — {campagne}"
    bloquants = compte_gravite(Gravite.BLOQUANT, evaluation.nombre(Gravite.BLOQUANT))
    return f"Non recevable : {bloquants} — {campagne}"


def _ars_pivot(evaluation: Evaluation) -> str:
    """« ARS Bretagne » (le code de la région n'est que dans le classeur)."""
    return evaluation.ars_pivot_explication.libelle


def _section_couverture(
    dossier: Dossier, evaluation: Evaluation, jour: datetime.date
) -> list[Flowable]:
    largeur = A4[0] - 2 * MARGE
    etat = evaluation.campagne_etat
    if not evaluation.recevable:
        couleur = COULEURS_GRAVITE[Gravite.BLOQUANT]
    elif etat.dates_passees:
        couleur = COULEURS_GRAVITE[Gravite.AVERTISSEMENT]
    else:
        couleur = VERT
    verdict = f'<font color="#{couleur.hexval()[2:]}">{_t(_recevabilite(evaluation))}</font>'
    encadre = Table(
        [
            [_p("Total de la subvention demandée", "Centre")],
            [_p(_t(euros(evaluation.totaux.total)), "Montant")],
            [_p(verdict, "Verdict")],
            [_p(_t(etat.texte), "Centre")],
        ],
        colWidths=[largeur],
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), POLICE),  # sinon Helvetica, même vide
                ("BOX", (0, 0), (-1, -1), 1, BLEU),
                ("BACKGROUND", (0, 0), (-1, 1), FOND_ENTETE),
                ("TOPPADDING", (0, 0), (-1, 0), 12),
                ("BOTTOMPADDING", (0, 1), (-1, 1), 14),
                ("TOPPADDING", (0, 2), (-1, 2), 10),
                ("BOTTOMPADDING", (0, 3), (-1, 3), 10),
                ("LINEABOVE", (0, 2), (-1, 2), 1, BLEU),
            ]
        ),
    )
    retenus = f"{essms_retenus(evaluation.nombre_essms_retenus)} sur {len(dossier.etablissements)}"
    resume = " · ".join(
        [
            retenus,
            ORIENTATIONS[evaluation.orientation],
            f"{evaluation.mention_pivot} : {_ars_pivot(evaluation)}",
        ]
    )
    porteur = dossier.porteur.raison_sociale or "(porteur à indiquer)"
    return [
        Spacer(1, 30 * mm),
        _p("Programme ESMS numérique — dossier usager informatisé (DUI)", "Surtitre"),
        _p(_t(dossier.nom or "Dossier sans nom"), "Couverture"),
        _p(f"Porteur : <b>{_t(porteur)}</b>", "Ligne"),
        _p(_t(evaluation.parametres.campagne.libelle), "Ligne"),
        _p(f"Établi le {date_courte(jour)}", "Ligne"),
        Spacer(1, 18 * mm),
        encadre,
        Spacer(1, 6 * mm),
        _p(_t(resume), "Centre"),
        *_alertes_calendrier(evaluation),
        Spacer(1, 40 * mm if not etat.dates_passees else 16 * mm),
        _p(
            "Montants estimés par l'Assistant Grappe d'après l'instruction n° 2022/34 et la FAQ "
            "de la CNSA ; chaque montant est expliqué, avec son paragraphe, en annexe. "
            "Seule l'ARS décide du financement.",
            "Note",
        ),
    ]


def _alertes_calendrier(evaluation: Evaluation) -> list[Flowable]:
    """Les dates passées de la campagne, en couleur d'avertissement, sous le verdict."""
    couleur = GRAVITES[Gravite.AVERTISSEMENT].couleur
    return [
        _p(f'<font color="{couleur}"><b>Attention</b> : {_t(a.message)}</font>', "Centre")
        for a in evaluation.campagne_etat.alertes
    ]


def _graphique_rubriques(evaluation: Evaluation, largeur: float) -> Drawing:
    """Barres horizontales : une par rubrique, son libellé à gauche et son montant au bout."""
    montants = [(r.court, getattr(evaluation.totaux, r.cle)) for r in RUBRIQUES]
    hauteur_barre, pas, taille = 13.0, 20.0, 8.5
    hauteur = pas * len(montants) + 6
    dessin = Drawing(largeur, hauteur, initialFontName=POLICE)  # pas de Helvetica
    marge_libelles = max(pdfmetrics.stringWidth(x, POLICE, taille) for x, _ in montants) + 8
    marge_montants = max(pdfmetrics.stringWidth(euros(m), POLICE, taille) for _, m in montants)
    place = largeur - marge_libelles - marge_montants - 10
    plus_grand = max((m for _, m in montants), default=Decimal(0)) or Decimal(1)
    for i, (libelle, montant) in enumerate(montants):
        y = hauteur - (i + 1) * pas
        dessin.add(
            String(
                marge_libelles - 8,
                y + 3.5,
                libelle,
                fontName=POLICE,
                fontSize=taille,
                textAnchor="end",
            )
        )
        longueur = float(montant / plus_grand) * place
        dessin.add(
            Rect(
                marge_libelles,
                y,
                max(longueur, 0.5),
                hauteur_barre,
                fillColor=BLEU,
                strokeColor=None,
            )
        )
        dessin.add(
            String(
                marge_libelles + longueur + 5,
                y + 3.5,
                euros(montant),
                fontName=POLICE,
                fontSize=taille,
                fillColor=colors.black,
            )
        )
    return dessin


def _section_synthese(dossier: Dossier, evaluation: Evaluation) -> list[Flowable]:
    largeur = A4[0] - 2 * MARGE
    petits = sum(1 for og in evaluation.organismes if og.petite_taille)
    orientation = evaluation.orientation_explication
    controles = ", ".join(compte_gravite(g, evaluation.nombre(g)) for g in Gravite)
    chiffres = [
        [
            "ESSMS retenus",
            f"{evaluation.nombre_essms_retenus} sur {len(dossier.etablissements)} ESSMS du dossier",
        ],
        ["OG de petite taille", f"{petits} sur {len(evaluation.organismes)}"],
        [
            "Orientation",
            f"<b>{ORIENTATIONS[evaluation.orientation]}</b> — "
            f"{_t(orientation.libelle)}<br/>{_ref(orientation.reference)}",
        ],
        [
            "ARS pivot",
            f"{_t(_ars_pivot(evaluation))}<br/>{_ref(evaluation.ars_pivot_explication.reference)}",
        ],
        ["Total demandé", f"<b>{_t(euros(evaluation.totaux.total))}</b>"],
        ["Recevabilité", f"<b>{_t(_recevabilite(evaluation))}</b> — {controles}"],
    ]
    table_chiffres = _tableau(
        [[_p(c, "PetitGras"), _p(v, "Petit")] for c, v in chiffres],
        [45 * mm, largeur - 45 * mm],
        entete=False,
    )

    rubriques = [["Rubrique", "Montant"]]
    rubriques += [[r.court, euros(getattr(evaluation.totaux, r.cle))] for r in RUBRIQUES]
    rubriques.append([TOTAL, euros(evaluation.totaux.total)])
    table_rubriques = _tableau(
        rubriques,
        [70 * mm, 35 * mm],
        droite=[1],
        style=[
            ("FONTNAME", (0, -1), (-1, -1), POLICE_GRASSE),
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, BLEU),
            ("BACKGROUND", (0, -1), (-1, -1), FOND_ENTETE),
        ],
    )

    versements = [["Versement", "Quand", "Part", "Montant"]]
    for libelle, cle, quand in (
        ("Avance", "avance", "à la signature de la convention"),
        ("Solde, au plus", "solde", "sur atteinte des cibles d'usage"),
    ):
        parametre = evaluation.parametres.get(f"versements.{cle}")
        part = pourcentage(parametre.valeur) if parametre else "—"
        versements.append([libelle, quand, part, euros(getattr(evaluation.versements, cle))])
    table_versements = _tableau(versements, [28 * mm, 70 * mm, 20 * mm, 35 * mm], droite=[2, 3])

    ars = [["ARS", "ESSMS retenus", "Part de la subvention"]]
    for code, montant in evaluation.repartition_ars.items():
        nombre = str(evaluation.essms_par_ars[code])
        ars.append([evaluation.libelle_ars(code), nombre, euros(montant)])
    table_ars = _tableau(ars, [85 * mm, 28 * mm, 40 * mm], droite=[1, 2])

    return [
        _p("Synthèse", "Titre1"),
        _p("Chiffres clés", "Titre2"),
        table_chiffres,
        _p("Financement par rubrique", "Titre2"),
        KeepTogether([_graphique_rubriques(evaluation, largeur), Spacer(1, 4 * mm)]),
        table_rubriques,
        KeepTogether(
            [
                _p("Versements", "Titre2"),
                table_versements,
                _p(
                    _t(
                        "Le solde est versé quand chaque ESSMS atteint les cibles d'usage du DUI "
                        f"(voir les paramètres en annexe). {SOLDE_MAXIMAL} "
                        f"({_reference_solde(evaluation)})."
                    ),
                    "Note",
                ),
            ]
        ),
        KeepTogether([_p("Répartition entre ARS", "Titre2"), table_ars]),
        _p(_t(_note_repartition(evaluation)), "Note"),
    ]


def _reference_solde(evaluation: Evaluation) -> str:
    parametre = evaluation.parametres.get("versements.solde")
    return parametre.reference if parametre else "annexe 2 F"


def _note_repartition(evaluation: Evaluation) -> str:
    if evaluation.orientation is Orientation.NATIONALE and evaluation.repartition_explications:
        [national] = evaluation.repartition_explications
        return f"{national.libelle} — {national.reference}."
    return (
        "Chaque ARS finance la part de ses ESSMS retenus ; le dossier est déposé auprès de l'ARS "
        "pivot."
    )


_ETABLISSEMENT = {d.attribut: d for d in champs_dossier.ETABLISSEMENT}
_ORGANISME = {d.attribut: d for d in champs_dossier.ORGANISME}
# Colonnes du tableau des ESSMS, en paysage : (titre, largeur en mm).
COLONNES_ESSMS = (
    (_ETABLISSEMENT["finess"].libelle, 18),
    (_ETABLISSEMENT["nom"].libelle, 38),
    (_ETABLISSEMENT["categorie"].libelle, 26),
    (_ETABLISSEMENT["champ"].libelle, 26),
    ("Région", 26),
    (_ETABLISSEMENT["projet"].libelle, 19),
    ("Retenu\u202f?", 36),
    *(
        (rubrique.court, largeur)
        for rubrique, largeur in zip(RUBRIQUES_ESSMS, (18, 18, 22), strict=True)
    ),
    ("Total", 20),
)


def _sigle(libelle: str) -> str:
    """« Établissement d'hébergement … (EHPAD) » → « EHPAD » : le tableau reste lisible."""
    if libelle.endswith(")") and "(" in libelle:
        sigle = libelle[libelle.rindex("(") + 1 : -1]
        if sigle.isupper() and " " not in sigle:
            return sigle
    return libelle


def _ligne_essms(dossier: Dossier, evaluation: Evaluation, i: int) -> list[str]:
    e, r = dossier.etablissements[i], evaluation.etablissements[i]
    cat = categorie(e.categorie) if e.categorie else None
    categorie_texte = f"{cat.code} — {_sigle(cat.libelle)}" if cat else (e.categorie or "—")
    if r.retenu:
        statut = f"Oui, rang {r.rang}"
        montants = [euros(r.moa), euros(r.editeur), euros(r.equipement), euros(r.total)]
    else:
        statut = "Non : " + " ; ".join(m.libelle for m in r.motifs_non_retenu)
        montants = ["—"] * 4
    return [
        r.finess or "—",
        r.nom or "(sans nom)",
        categorie_texte,
        CHAMPS.get(e.champ, str(e.champ)),
        nom_region(r.region) if r.region else "—",
        PROJETS.get(e.projet, str(e.projet)),
        statut,
        *montants,
    ]


def _section_composition(dossier: Dossier, evaluation: Evaluation) -> list[Flowable]:
    largeur = landscape(A4)[0] - 2 * MARGE
    porteur, solution = dossier.porteur, dossier.solution
    contact = " — ".join(x for x in (porteur.contact.nom, porteur.contact.email) if x)
    logiciel = " — ".join(x for x in (solution.logiciel, solution.editeur) if x) or "(à indiquer)"
    referencement = [
        "référencée Ségur" if solution.referencee_segur else "non référencée Ségur",
        "au SAD" if solution.referencee_sad else "hors SAD",
    ]
    identite = [
        [
            "Porteur",
            f"<b>{_t(porteur.raison_sociale or '(à indiquer)')}</b>"
            + (f" — SIRET {_t(porteur.siret)}" if porteur.siret else ""),
        ],
        ["Statut et type", f"{STATUTS[porteur.statut]} — {TYPES_PORTEUR[porteur.type]}"],
        ["Contact", _t(contact or "(à indiquer)")],
        ["Solution DUI", f"{_t(logiciel)} ({', '.join(referencement)})"],
        ["Achat", _t(MODES_ACHAT[solution.mode_achat])],
    ]
    table_identite = _tableau(
        [[_p(c, "PetitGras"), _p(v, "Petit")] for c, v in identite],
        [40 * mm, 150 * mm],
        entete=False,
    )

    og_dossier = {og.id: og for og in dossier.organismes}
    organismes: list[list[Any]] = [
        [
            "Organisme gestionnaire",
            "Dépt",
            _ORGANISME["nombre_essms_geres"].libelle,
            "ESSMS retenus",
            "Petite taille",
            "Pourquoi",
            "Référence",
        ]
    ]
    for og in evaluation.organismes:
        source = og_dossier.get(og.id)
        organismes.append(
            [
                og.raison_sociale or og.id,
                source.departement if source and source.departement else "—",
                str(source.nombre_essms_geres) if source else "—",
                str(og.nombre_essms_retenus),
                "Oui" if og.petite_taille else "Non",
                og.explication.libelle,
                og.explication.reference,
            ]
        )
    table_og = _tableau(
        organismes,
        [62 * mm, 12 * mm, 17 * mm, 17 * mm, 17 * mm, largeur - 175 * mm, 50 * mm],
        droite=[2, 3],
        longue=True,
        style=[("TEXTCOLOR", (6, 1), (6, -1), GRIS)],
    )

    lignes: list[list[Any]] = [[titre for titre, _ in COLONNES_ESSMS]]
    style: list[tuple[Any, ...]] = [("FONTNAME", (10, 1), (10, -1), POLICE_GRASSE)]
    for i, r in enumerate(evaluation.etablissements):
        lignes.append(_ligne_essms(dossier, evaluation, i))
        if not r.retenu:
            couleur = COULEURS_GRAVITE[Gravite.AVERTISSEMENT]
            style.append(("TEXTCOLOR", (6, i + 1), (6, i + 1), couleur))
    table_essms = _tableau(
        lignes,
        [x * mm for _, x in COLONNES_ESSMS],
        droite=[7, 8, 9, 10],
        longue=True,
        style=style,
    )
    return [
        _p("Composition de la grappe", "Titre1"),
        table_identite,
        CondPageBreak(MINIMUM_SOUS_TITRE),
        _p("Organismes gestionnaires", "Titre2"),
        table_og,
        CondPageBreak(MINIMUM_SOUS_TITRE),
        _p(
            f"Établissements et services ({essms_retenus(evaluation.nombre_essms_retenus)} "
            f"sur {len(dossier.etablissements)})",
            "Titre2",
        ),
        table_essms,
    ]


def _section_eligibilite(dossier: Dossier, evaluation: Evaluation) -> list[Flowable]:
    largeur = A4[0] - 2 * MARGE
    comptes = ", ".join(compte_gravite(g, evaluation.nombre(g)) for g in Gravite)
    lignes: list[list[Any]] = [["Gravité", "Constat", "Référence"]]
    style: list[tuple[Any, ...]] = [("TEXTCOLOR", (2, 1), (2, -1), GRIS)]
    for i, a in enumerate(evaluation.anomalies, start=1):
        couleur = COULEURS_GRAVITE[a.gravite]
        concerne = champs_dossier.libelle_chemin(dossier, a.champ)
        message = a.message + (f"\nChamp concerné : {concerne}" if concerne else "")
        lignes.append([GRAVITES[a.gravite].titre, message, a.reference])
        style += [
            ("TEXTCOLOR", (0, i), (0, i), couleur),
            ("FONTNAME", (0, i), (0, i), POLICE_GRASSE),
            ("LINEBEFORE", (0, i), (0, i), 3, couleur),
        ]
    if len(lignes) == 1:
        lignes.append(["—", "Aucun constat.", ""])
    table = _tableau(lignes, [30 * mm, largeur - 80 * mm, 50 * mm], longue=True, style=style)
    return [
        _p("Éligibilité et recevabilité", "Titre1"),
        _p(f"<b>{_t(_recevabilite(evaluation))}</b>. Contrôles : {_t(comptes)}."),
        Spacer(1, 3 * mm),
        table,
    ]


def _section_autodiagnostic(dossier: Dossier, evaluation: Evaluation) -> list[Flowable]:
    """La section « Autodiagnostic de maturité SI », entre l'éligibilité et les pièces à
    joindre : pour chaque OG, son avancement, son radar, ses forces, ses faiblesses et les
    recommandations des règles. Absente si aucun OG ne l'a commencé dans l'application."""
    if not commence(evaluation.autodiagnostics):
        return []
    elements: list[Flowable] = [_p("Autodiagnostic de maturité SI", "Titre1")]
    for resultat in evaluation.autodiagnostics:
        elements.append(_p(escape(_couper(resultat.nom)), "Titre2"))
        elements.append(_p(escape(f"{resume_maturite(resultat)} — {avancement_texte(resultat)}")))
        if resultat.commence:
            elements.append(radar(resultat.scores_par_dimension(), police=POLICE))
        for titre, lignes in (("Forces", resultat.forces), ("Faiblesses", resultat.faiblesses)):
            if lignes:
                elements.append(_p(f"<b>{titre}</b> : " + escape(" ; ".join(lignes))))
        for recommandation in resultat.recommandations:
            texte = f"{recommandation.texte} — {recommandation.reference}"
            elements.append(_p("• " + escape(texte)))
    return elements


def _section_pieces(dossier: Dossier, evaluation: Evaluation) -> list[Flowable]:
    largeur = A4[0] - 2 * MARGE
    pieces = pieces_a_joindre(dossier, evaluation)
    lignes: list[list[Any]] = [["", "Pièce", "Concerne", "Référence"]]
    for piece in pieces:
        lignes.append(["☐", piece.libelle, piece.concerne or "Tout le projet", piece.reference])
    if not pieces:
        lignes.append(["", "Aucune pièce particulière.", "", ""])
    style = [("FONTSIZE", (0, 1), (0, -1), 10), ("TEXTCOLOR", (3, 1), (3, -1), GRIS)]
    return [
        _p("Pièces à joindre", "Titre1"),
        _p("À cocher au fur et à mesure de la préparation du dépôt.", "Note"),
        Spacer(1, 2 * mm),
        _tableau(lignes, [7 * mm, largeur - 107 * mm, 50 * mm, 50 * mm], longue=True, style=style),
    ]


def _section_annexe_montants(dossier: Dossier, evaluation: Evaluation) -> list[Flowable]:
    largeur = A4[0] - 2 * MARGE
    colonnes = [largeur - 62 * mm, 62 * mm]
    lignes: list[list[Any]] = [["Explication", "Référence"]]
    style: list[tuple[Any, ...]] = [("TEXTCOLOR", (1, 1), (1, -1), GRIS)]
    titres: list[int] = []
    for r in evaluation.etablissements:
        if not r.retenu:
            continue
        # Une ligne de titre par ESSMS (en gras, sur fond), puis ses explications.
        titre = f"{r.rang}. {r.finess} — {r.nom or '(sans nom)'}"
        titres.append(len(lignes))
        lignes.append([_coupe(titre, colonnes[0], POLICE_GRASSE), f"Total : {euros(r.total)}"])
        n = len(lignes) - 1
        style += [
            ("FONTNAME", (0, n), (-1, n), POLICE_GRASSE),
            ("BACKGROUND", (0, n), (-1, n), FOND_ENTETE),
            ("TEXTCOLOR", (1, n), (1, n), colors.black),
        ]
        lignes += [[texte_explication(x), x.reference] for x in r.explications]
    if len(lignes) == 1:
        lignes.append(["Aucun ESSMS retenu.", ""])
    par_essms = _tableau(
        lignes, colonnes, longue=True, style=style, zebre=False, groupes=tuple(titres)
    )
    return [
        _p("Annexe A — Explication des montants", "Titre1"),
        _p(
            "Chaque montant vient d'un paramètre daté de la campagne (annexe B) et du "
            "paragraphe cité. Les rangs sont ceux des ESSMS retenus, dans l'ordre du dossier.",
            "Note",
        ),
        CondPageBreak(MINIMUM_SOUS_TITRE),
        _p("Par ESSMS retenu", "Titre2"),
        par_essms,
        *[
            KeepTogether([_p(titre, "Titre2"), _explications(explications, largeur)])
            for titre, explications in (
                ("Totaux", evaluation.totaux.explications),
                ("Versements", evaluation.versements.explications),
                ("Répartition entre ARS", evaluation.repartition_explications),
            )
        ],
    ]


def _section_annexe_parametres(evaluation: Evaluation) -> list[Flowable]:
    largeur = A4[0] - 2 * MARGE
    jeu = evaluation.parametres
    lignes: list[list[Any]] = [
        [_p(t, "PetitGras") for t in ("Paramètre", "Valeur", "Référence", "Vérifié le")]
    ]
    for parametre in jeu.tous():
        valeur = _t(valeur_parametre(parametre)).replace("\n", "<br/>")
        lignes.append(
            [
                _p(_t(parametre.description), "Petit"),
                _p(valeur, "Petit"),
                _p(_ref(parametre.reference), "Petit"),
                date_courte(parametre.verifie_le),
            ]
        )
    textes = "".join(f"<br/>— {_t(texte)}" for texte in jeu.campagne.textes)
    return [
        _p("Annexe B — Paramètres de la campagne", "Titre1"),
        _p(f"<b>{_t(jeu.campagne.libelle)}</b>, textes appliqués :{textes}", "Petit"),
        Spacer(1, 3 * mm),
        _tableau(lignes, [largeur - 115 * mm, 42 * mm, 53 * mm, 20 * mm]),
    ]


# ---------------------------------------------------------------- le document


def _elements(dossier: Dossier, evaluation: Evaluation, jour: datetime.date) -> list[Flowable]:
    # Chaque section commence une page, sauf l'autodiagnostic et les pièces, qui suivent
    # l'éligibilité s'il reste de la place. La composition est en paysage (11 colonnes).
    autodiagnostic = _section_autodiagnostic(dossier, evaluation)
    return [
        *_section_couverture(dossier, evaluation, jour),
        PageBreak(),
        *_section_synthese(dossier, evaluation),
        NextPageTemplate("paysage"),
        PageBreak(),
        *_section_composition(dossier, evaluation),
        NextPageTemplate("portrait"),
        PageBreak(),
        *_section_eligibilite(dossier, evaluation),
        *([CondPageBreak(60 * mm), *autodiagnostic] if autodiagnostic else []),
        CondPageBreak(60 * mm),
        *_section_pieces(dossier, evaluation),
        PageBreak(),
        *_section_annexe_montants(dossier, evaluation),
        PageBreak(),
        *_section_annexe_parametres(evaluation),
    ]


def ecrire_pdf(
    dossier: Dossier,
    evaluation: Evaluation,
    chemin: Path,
    remplacer: bool = False,
    auteur: str = "",
) -> None:
    """Écrit la synthèse PDF du dossier dans `chemin`, d'un coup (fichier temporaire renommé).

    Un fichier existant n'est remplacé qu'avec `remplacer=True` ; sinon, ou si l'écriture
    échoue, `ErreurEcriture` dit pourquoi en français et rien n'est laissé à moitié écrit.
    `auteur` (par défaut le porteur) va dans les propriétés du PDF.
    """
    ecrire_atomiquement(chemin, lambda t: pdf_dans(dossier, evaluation, t, auteur), remplacer)


def pdf_dans(dossier: Dossier, evaluation: Evaluation, fichier: Path, auteur: str = "") -> None:
    """Met en page la synthèse dans `fichier` (un temporaire : voir `ecrire_pdf`). Une mise
    en page impossible (élément plus grand qu'une page) lève `ErreurEcriture`, en français."""
    enregistrer_polices()
    jour = evaluation.campagne_etat.aujourd_hui
    titre = dossier.nom or "Dossier sans nom"
    campagne = evaluation.parametres.campagne.libelle
    auteur = auteur or dossier.porteur.raison_sociale or "Assistant Grappe"
    sujet = f"{TITRE_DOCUMENT} — {campagne}"
    pied = f"{campagne} — établi le {date_courte(jour)} avec l'Assistant Grappe"
    document = _Document(fichier, titre, auteur, sujet, pied)
    try:
        document.build(_elements(dossier, evaluation, jour), canvasmaker=_CanevasNumerote)
    except LayoutError:
        raise ErreurEcriture(
            "la synthèse PDF n'a pas pu être mise en page : un élément du dossier (texte très "
            "long, tableau) ne tient pas sur une page. Raccourcissez les textes les plus longs "
            "(noms, éditeur, logiciel) puis réessayez ; rien n'a été écrit."
        ) from None
