"""Le radar de maturité d'un organisme gestionnaire pour le PDF (reportlab, sans Qt).

Le même dessin que `ecrans.graphique_radar`, en objets reportlab : un axe par dimension, de 0
(centre) à 4 (bord), le premier en haut puis dans le sens des aiguilles d'une montre. Il ne
calcule rien : il dessine les scores reçus, par exemple
`radar(resultat.scores_par_dimension())` pour un `ResultatAutodiagnostic`.
"""

import math
from collections.abc import Mapping
from decimal import Decimal

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from app_bureau.libelles import BLEU, GRIS_CLAIR, GRIS_MOYEN
from app_bureau.regles.autodiagnostic.questionnaire import NIVEAU_MAX
from app_bureau.regles.autodiagnostic.scores import nombre

COULEUR_SCORE = colors.HexColor(BLEU)
COULEUR_GRILLE = colors.HexColor(GRIS_CLAIR)
COULEUR_SANS_REPONSE = colors.HexColor(GRIS_MOYEN)

Score = Decimal | float | None


def _texte(score: Score) -> str:
    return "sans réponse" if score is None else f"{nombre(Decimal(str(score)))} sur 4"


def _lignes(texte: str, largeur: float, police: str, taille: float) -> list[str]:
    """Coupe le texte aux espaces pour qu'aucune ligne ne dépasse `largeur` (si possible)."""
    lignes: list[str] = []
    for mot in texte.split():
        if lignes and stringWidth(f"{lignes[-1]} {mot}", police, taille) <= largeur:
            lignes[-1] = f"{lignes[-1]} {mot}"
        else:
            lignes.append(mot)
    return lignes or [""]


def radar(
    scores_par_dimension: Mapping[str, Score],
    largeur: float = 110 * mm,
    hauteur: float = 80 * mm,
    police: str = "Helvetica",
    taille: float = 7.5,
) -> Drawing:
    """Le radar : libellé → score sur 4 (None : sans réponse, tracé à 0 et grisé).

    `police` doit être connue de reportlab (le PDF de l'application passe sa DejaVu)."""
    dessin = Drawing(largeur, hauteur, initialFontName=police)
    scores = list(scores_par_dimension.items())
    n = len(scores)
    if n < 3:
        return dessin
    interligne = taille * 1.2
    largeur_libelle = min(32 * mm, largeur / 4)

    def direction(axe: int) -> tuple[float, float]:
        # reportlab : l'axe des y monte ; le premier axe pointe vers le haut.
        angle = math.pi / 2 - 2 * math.pi * axe / n
        return math.cos(angle), math.sin(angle)

    libelles = []
    for axe, (libelle, score) in enumerate(scores):
        dx, _ = direction(axe)
        place = 2 * largeur_libelle if abs(dx) < 0.3 else largeur_libelle
        lignes = [*_lignes(libelle, place, police, taille), _texte(score)]
        large = max(stringWidth(ligne, police, taille) for ligne in lignes)
        libelles.append((lignes, large, len(lignes) * interligne))

    centre_x, centre_y = largeur / 2, hauteur / 2

    def boites(rayon: float) -> list[tuple[float, float, float, float]]:
        """(gauche, bas, largeur, hauteur) de chaque libellé, au-delà du bout de son axe."""
        resultat = []
        for axe, (_, large, haut) in enumerate(libelles):
            dx, dy = direction(axe)
            bout_x, bout_y = centre_x + dx * (rayon + 4), centre_y + dy * (rayon + 4)
            gauche = bout_x - large / 2 + dx * large / 2
            bas = bout_y - haut / 2 + dy * haut / 2
            resultat.append((gauche, bas, large, haut))
        return resultat

    def tiennent(rayon: float) -> bool:
        return all(
            g >= 0 and b >= 0 and g + la <= largeur and b + h <= hauteur
            for g, b, la, h in boites(rayon)
        )

    petit, grand = 5.0, min(largeur, hauteur) / 2
    for _ in range(20):
        milieu = (petit + grand) / 2
        petit, grand = (milieu, grand) if tiennent(milieu) else (petit, milieu)
    rayon = petit

    def point(axe: int, valeur: float) -> tuple[float, float]:
        dx, dy = direction(axe)
        distance = rayon * valeur / NIVEAU_MAX
        return centre_x + dx * distance, centre_y + dy * distance

    def sommets(valeurs: list[float]) -> list[float]:
        return [c for axe, v in enumerate(valeurs) for c in point(axe, v)]

    for niveau in range(1, NIVEAU_MAX + 1):
        dessin.add(
            Polygon(
                sommets([niveau] * n),
                strokeColor=COULEUR_GRILLE,
                strokeWidth=0.5,
                fillColor=None,
            )
        )
        x, y = point(0, niveau)
        dessin.add(
            String(x + 2, y - taille / 3, str(niveau), fontName=police, fontSize=taille - 1.5,
                   fillColor=COULEUR_SANS_REPONSE)
        )  # fmt: skip
    for axe in range(n):
        dessin.add(Line(centre_x, centre_y, *point(axe, NIVEAU_MAX), strokeColor=COULEUR_GRILLE,
                        strokeWidth=0.5))  # fmt: skip

    if any(score is not None for _, score in scores):
        valeurs = [float(score) if score is not None else 0.0 for _, score in scores]
        dessin.add(
            Polygon(
                sommets(valeurs),
                strokeColor=COULEUR_SCORE,
                strokeWidth=1.2,
                fillColor=COULEUR_SCORE,
                fillOpacity=0.25,
            )
        )
        for axe, (_, score) in enumerate(scores):
            if score is not None:
                x, y = point(axe, float(score))
                dessin.add(Circle(x, y, 1.6, fillColor=COULEUR_SCORE, strokeColor=None))

    for axe, ((lignes, large, haut), (g, b, _, _), (_, score)) in enumerate(
        zip(libelles, boites(rayon), scores, strict=True)
    ):
        dx, _ = direction(axe)
        if abs(dx) < 0.3:
            ancre, x = "middle", g + large / 2
        elif dx > 0:
            ancre, x = "start", g
        else:
            ancre, x = "end", g + large
        couleur = colors.black if score is not None else COULEUR_SANS_REPONSE
        for rang, ligne in enumerate(lignes):
            y = b + haut - (rang + 1) * interligne + (interligne - taille) / 2
            dessin.add(
                String(x, y, ligne, fontName=police, fontSize=taille, fillColor=couleur,
                       textAnchor=ancre)
            )  # fmt: skip
    return dessin
