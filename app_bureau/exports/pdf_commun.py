"""Ce que partagent les documents PDF de l'application (reportlab, sans Qt) : polices DejaVu
incorporées, styles, texte de l'utilisateur mis en balisage sûr et borné, cellules repliées à
leur largeur, tableaux au style de la maison (y compris les très longs, mesurés page par
page), pages numérotées « Page X sur Y », gabarits portrait et paysage avec en-tête, pied et
signets.

La synthèse du dossier (`exports.pdf`) et le bilan d'usage du suivi (`exports.bilan_usage`)
s'en servent : une seule mise en page, un seul traitement des textes hostiles.
"""

import re
from bisect import bisect_right
from collections.abc import Iterable
from functools import cache, lru_cache
from importlib.resources import as_file
from itertools import accumulate
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

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
    Flowable,
    Frame,
    FrameBreak,
    LongTable,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from app_bureau import libelles
from app_bureau.libelles import GRAVITES
from app_bureau.referentiel.ressources import ressource

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
def styles() -> dict[str, ParagraphStyle]:
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


def paragraphe_pdf(texte: str, style: str = "Normal") -> Paragraph:
    """Un paragraphe ; `texte` est déjà du balisage (échapper le texte de l'utilisateur)."""
    return Paragraph(texte, styles()[style])


def texte_pdf(texte: str) -> str:
    """Texte de l'utilisateur ou des règles → balisage de paragraphe (&, <, > échappés).

    Un Paragraph coupe les lignes à U+202F (l'espace fine des milliers) et la remplace par
    une espace ordinaire : « 5 706 | 008,00 € ». U+00A0, lui, reste insécable.
    """
    return typographie(escape(couper(texte))).replace(ESPACE_FINE, ESPACE_INSECABLE)


MOT_MAX = 60
"""Caractères d'un mot sans espace au-delà desquels il est coupé (une URL, un nom collé) :
reportlab cherche où couper un mot trop long en le remesurant à chaque caractère, en temps
quadratique (un nom de 40 000 caractères : 3,5 s). Coupé d'avance, le temps reste linéaire."""
LONGUEUR_MAX_PDF = 2000
"""Caractères d'un texte de l'utilisateur montré dans la synthèse ; au-delà, « […] »."""
_MOT_LONG = re.compile(rf"[^\s]{{{MOT_MAX + 1},}}")


def couper(texte: str) -> str:
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


def typographie(texte: str) -> str:
    """Pas de retour à la ligne avant « : ; ! ? » » ni après « « » (espaces insécables)."""
    return _AVANT_PONCTUATION.sub(
        ESPACE_INSECABLE, _APRES_GUILLEMET.sub("«" + ESPACE_INSECABLE, texte)
    )


def reference_pdf(reference: str) -> str:
    return f'<font color="{libelles.GRIS}">{texte_pdf(reference)}</font>'


@lru_cache(maxsize=16384)  # références, catégories, montants : les mêmes textes reviennent
def coupe(texte: str, largeur: float, police: str = POLICE) -> str:
    """Texte brut replié à la largeur d'une cellule, bien plus vite qu'avec un Paragraph.

    Coupe aux espaces ordinaires et après les traits d'union (« Hauts-de- / France ») : les
    montants (« 13 200,00 € », espaces insécables) ne sont jamais coupés ; un mot plus large
    que la cellule est tranché ; au-delà de `MAX_LIGNES_CELLULE` lignes, le texte est écourté.
    """
    place = largeur - 6  # marges intérieures de la cellule
    if len(texte) > LONGUEUR_MAX_PDF:  # la cellule serait écourtée bien avant
        texte = texte[:LONGUEUR_MAX_PDF] + " […]"
    texte = typographie(texte)
    if "\n" not in texte and pdfmetrics.stringWidth(texte, police, TAILLE_TABLEAU) <= place:
        return texte  # le cas courant : tient sur une ligne
    lignes: list[str] = []
    for paragraphe in texte.split("\n"):
        lignes += replier(paragraphe, place, police)
        if len(lignes) > MAX_LIGNES_CELLULE:  # une ligne de tableau doit tenir sur une page
            return "\n".join([*lignes[: MAX_LIGNES_CELLULE - 1], "[…]"])
    return "\n".join(lignes)


def replier(paragraphe: str, place: float, police: str) -> list[str]:
    """Les lignes d'un paragraphe sans retour à la ligne (voir `coupe`)."""

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
                *pleins, morceau = trancher(morceau, place, police, TAILLE_TABLEAU)
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


def trancher(mot: str, place: float, police: str, taille: float) -> list[str]:
    """Un mot en morceaux d'au plus `place` points (au moins un caractère chacun)."""
    cumul = list(accumulate(pdfmetrics.stringWidth(c, police, taille) for c in mot))
    morceaux: list[str] = []
    debut, avant = 0, 0.0
    while debut < len(mot):
        fin = max(debut + 1, bisect_right(cumul, avant + place))
        morceaux.append(mot[debut:fin])
        debut, avant = fin, cumul[fin - 1]
    return morceaux


def elide(texte: str, largeur: float, police: str, taille: float) -> str:
    """Le texte écourté par « … » pour tenir dans `largeur` points."""
    texte = texte[:LONGUEUR_MAX_PDF]  # bien plus qu'une ligne : le reste serait écourté
    if pdfmetrics.stringWidth(texte, police, taille) <= largeur:
        return texte
    place = largeur - pdfmetrics.stringWidth("…", police, taille)
    return trancher(texte, place, police, taille)[0].rstrip() + "…"


def style_tableau(
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


class TableauPdf(Table):
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


class GrandTableau(Flowable):
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
        reste = GrandTableau(
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


def tableau(
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

    Les cellules de texte brut sont repliées à la largeur de leur colonne (`coupe`). Un
    tableau `longue` (qui peut compter des milliers de lignes) ne doit contenir que du texte
    brut : un Paragraph coûte cent fois plus cher à mesurer.
    """
    lignes = [
        [
            coupe(cellule, largeurs[c], POLICE_GRASSE if entete and n == 0 else POLICE)
            if isinstance(cellule, str)
            else cellule
            for c, cellule in enumerate(ligne)
        ]
        for n, ligne in enumerate(lignes)
    ]
    commandes = style_tableau(droite, entete, zebre) + (style or [])
    if longue and entete:
        communes: list[Commande] = []
        par_ligne: dict[int, list[Commande]] = {}
        for commande in commandes:
            (_, r0), (_, r1) = commande[1], commande[2]
            if r0 == r1 and r0 >= 1:
                par_ligne.setdefault(r0, []).append(commande)
            else:
                communes.append(commande)
        return GrandTableau(lignes, largeurs, communes, par_ligne, groupes=groupes)
    return TableauPdf(
        lignes,
        colWidths=largeurs,
        repeatRows=1 if entete else 0,
        style=TableStyle(commandes),
        hAlign="LEFT",
    )


# ---------------------------------------------------------------- pages et numérotation


class CanevasNumerote(Canvas):
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


class DocumentPdf(BaseDocTemplate):
    """A4 portrait, et paysage pour les grands tableaux ; en-tête (le titre du dossier à
    gauche, `entete` à droite), pied et signets."""

    def __init__(
        self, fichier: Path, titre: str, auteur: str, sujet: str, pied: str, entete: str
    ) -> None:
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
        self._entete = entete
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
        canevas.drawString(MARGE, y, elide(self.title, place, POLICE_GRASSE, 8))
        canevas.setFont(POLICE, 8)
        canevas.drawRightString(largeur - MARGE, y, self._entete)
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
