"""Le radar de maturité d'un organisme gestionnaire, dessiné avec QPainter : un axe par
dimension, de 0 (centre) à 4 (bord). Il ne calcule rien : il dessine les scores reçus."""

import math
from collections.abc import Sequence
from decimal import Decimal

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from app_bureau.libelles import BLEU, GRIS_CLAIR, GRIS_MOYEN
from app_bureau.regles.autodiagnostic.questionnaire import NIVEAU_MAX
from app_bureau.regles.autodiagnostic.scores import nombre

COULEUR_SCORE = QColor(BLEU)
COULEUR_GRILLE = QColor(GRIS_CLAIR)
COULEUR_SANS_REPONSE = QColor(GRIS_MOYEN)
LARGEUR_LIBELLE = 112
MARGE = 8

Score = Decimal | float | None


class GraphiqueRadar(QWidget):
    """Les scores (libellé, score sur 4 ou None) dans l'ordre des axes, le premier en haut
    puis dans le sens des aiguilles d'une montre. Un axe sans score est marqué « sans
    réponse » et compté à 0 dans le tracé."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scores: list[tuple[str, Score]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Radar de maturité du système d'information")

    def definir_scores(self, scores: Sequence[tuple[str, Score]]) -> None:
        self.scores = list(scores)
        # Lecteurs d'écran et infobulle : les mêmes valeurs, en texte.
        resume = "\n".join(f"{libelle} : {_texte(score)}" for libelle, score in self.scores)
        self.setToolTip(resume)
        self.setAccessibleDescription(resume)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, 360)

    def minimumSizeHint(self) -> QSize:
        return QSize(300, 260)

    def _boite_libelle(self, texte: str, largeur: int) -> QRectF:
        """La boîte (à l'origine) d'un libellé coupé à `largeur`."""
        rect = self.fontMetrics().boundingRect(
            0, 0, largeur, 400, int(Qt.TextFlag.TextWordWrap), texte
        )
        return QRectF(0, 0, min(rect.width() + 2, largeur), rect.height())

    @staticmethod
    def _direction(axe: int, n: int) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * axe / n
        return math.cos(angle), math.sin(angle)

    def _placer(self, centre: QPointF, rayon: float, boites: list[QRectF], n: int) -> list[QRectF]:
        """Chaque libellé juste au-delà du bout de son axe, du côté où l'axe pointe."""
        placees = []
        for axe, boite in enumerate(boites):
            dx, dy = self._direction(axe, n)
            bout = QPointF(centre.x() + dx * (rayon + 6), centre.y() + dy * (rayon + 6))
            x = bout.x() - boite.width() / 2 + dx * boite.width() / 2
            y = bout.y() - boite.height() / 2 + dy * boite.height() / 2
            placees.append(QRectF(x, y, boite.width(), boite.height()))
        return placees

    def paintEvent(self, event: QPaintEvent) -> None:
        n = len(self.scores)
        if n < 3:
            return
        peintre = QPainter(self)
        peintre.setRenderHint(QPainter.RenderHint.Antialiasing)
        metriques = self.fontMetrics()
        zone = QRectF(self.rect()).adjusted(MARGE, MARGE, -MARGE, -MARGE)
        centre = zone.center()
        textes = [f"{libelle}\n{_texte(score)}" for libelle, score in self.scores]
        # En haut et en bas, un libellé a toute la largeur ; sur les côtés, il la prend au radar.
        boites = [
            self._boite_libelle(
                texte,
                2 * LARGEUR_LIBELLE if abs(self._direction(axe, n)[0]) < 0.3 else LARGEUR_LIBELLE,
            )
            for axe, texte in enumerate(textes)
        ]

        # Le plus grand rayon pour lequel tous les libellés tiennent dans le widget.
        petit, grand = 10.0, min(zone.width(), zone.height()) / 2
        for _ in range(20):
            milieu = (petit + grand) / 2
            if all(zone.contains(b) for b in self._placer(centre, milieu, boites, n)):
                petit = milieu
            else:
                grand = milieu
        rayon = petit
        placees = self._placer(centre, rayon, boites, n)

        def point(axe: int, valeur: float) -> QPointF:
            dx, dy = self._direction(axe, n)
            distance = rayon * valeur / NIVEAU_MAX
            return QPointF(centre.x() + distance * dx, centre.y() + distance * dy)

        # La grille : un polygone par niveau, les axes, l'échelle le long du premier axe.
        peintre.setPen(QPen(COULEUR_GRILLE, 1))
        peintre.setBrush(Qt.BrushStyle.NoBrush)
        for niveau in range(1, NIVEAU_MAX + 1):
            peintre.drawPolygon(QPolygonF([point(axe, niveau) for axe in range(n)]))
        for axe in range(n):
            peintre.drawLine(centre, point(axe, NIVEAU_MAX))
        peintre.setPen(COULEUR_SANS_REPONSE)
        for niveau in range(1, NIVEAU_MAX + 1):
            p = point(0, niveau)
            peintre.drawText(QPointF(p.x() + 4, p.y() + metriques.ascent() / 2), str(niveau))

        # Les scores.
        if any(score is not None for _, score in self.scores):
            valeurs = [float(score) if score is not None else 0.0 for _, score in self.scores]
            remplissage = QColor(COULEUR_SCORE)
            remplissage.setAlpha(70)
            peintre.setPen(QPen(COULEUR_SCORE, 2))
            peintre.setBrush(remplissage)
            peintre.drawPolygon(QPolygonF([point(axe, v) for axe, v in enumerate(valeurs)]))
            peintre.setBrush(COULEUR_SCORE)
            for axe, (_, score) in enumerate(self.scores):
                if score is not None:
                    peintre.drawEllipse(point(axe, float(score)), 3.5, 3.5)

        # Les libellés, avec leur score (grisés sans réponse).
        couleur_texte = self.palette().color(self.foregroundRole())
        for axe, ((_, score), texte, boite) in enumerate(
            zip(self.scores, textes, placees, strict=True)
        ):
            dx, _ = self._direction(axe, n)
            if abs(dx) < 0.3:
                horizontal = Qt.AlignmentFlag.AlignHCenter
            elif dx > 0:
                horizontal = Qt.AlignmentFlag.AlignLeft
            else:
                horizontal = Qt.AlignmentFlag.AlignRight
            peintre.setPen(couleur_texte if score is not None else COULEUR_SANS_REPONSE)
            drapeaux = horizontal | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap
            peintre.drawText(boite, int(drapeaux), texte)
        peintre.end()


def _texte(score: Score) -> str:
    if score is None:
        return "sans réponse"
    return f"{nombre(Decimal(str(score)))} sur 4"
