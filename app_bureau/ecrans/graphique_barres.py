"""Un petit graphique en barres horizontales, dessiné avec QPainter (PySide6-Essentials n'a
pas QtCharts). Il ne calcule rien : il dessine les montants qu'on lui donne."""

from collections.abc import Sequence
from decimal import Decimal

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from app_bureau.formats import euros
from app_bureau.libelles import BLEU

COULEUR_BARRE = QColor(BLEU)
MARGE = 6
ESPACE = 8


class GraphiqueBarres(QWidget):
    """Une ligne par barre : le libellé, la barre proportionnelle au plus grand montant, le
    montant en euros au bout de la barre."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.barres: list[tuple[str, Decimal]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def definir_barres(self, barres: Sequence[tuple[str, Decimal]]) -> None:
        self.barres = list(barres)
        # Lecteurs d'écran et infobulle : les mêmes valeurs, en texte.
        resume = "\n".join(f"{libelle} : {euros(valeur)}" for libelle, valeur in self.barres)
        self.setToolTip(resume)
        self.setAccessibleDescription(resume)
        self.updateGeometry()
        self.update()

    def _hauteur_ligne(self) -> int:
        return self.fontMetrics().height() + 10

    def sizeHint(self) -> QSize:
        return QSize(420, 2 * MARGE + max(len(self.barres), 1) * self._hauteur_ligne())

    def minimumSizeHint(self) -> QSize:
        return QSize(240, 2 * MARGE + max(len(self.barres), 1) * (self.fontMetrics().height() + 2))

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.barres:
            return
        peintre = QPainter(self)
        peintre.setRenderHint(QPainter.RenderHint.Antialiasing)
        metriques = self.fontMetrics()
        zone = QRectF(self.rect()).adjusted(MARGE, MARGE, -MARGE, -MARGE)
        textes = [euros(valeur) for _, valeur in self.barres]
        largeur_libelles = min(
            max(metriques.horizontalAdvance(libelle) for libelle, _ in self.barres),
            int(zone.width() * 0.45),
        )
        largeur_montants = max(metriques.horizontalAdvance(texte) for texte in textes)
        debut_barres = zone.left() + largeur_libelles + ESPACE
        longueur_max = max(zone.right() - largeur_montants - ESPACE - debut_barres, 0.0)
        hauteur = min(zone.height() / len(self.barres), 2.0 * self._hauteur_ligne())
        plus_grand = max(valeur for _, valeur in self.barres)
        couleur_texte = self.palette().color(self.foregroundRole())

        for rang, ((libelle, valeur), texte) in enumerate(zip(self.barres, textes, strict=True)):
            haut = zone.top() + rang * hauteur
            peintre.setPen(couleur_texte)
            peintre.drawText(
                QRectF(zone.left(), haut, largeur_libelles, hauteur),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                metriques.elidedText(libelle, Qt.TextElideMode.ElideRight, largeur_libelles),
            )
            # Échelle en pixels seulement : le montant affiché est celui reçu.
            longueur = longueur_max * float(valeur / plus_grand) if plus_grand > 0 else 0.0
            epaisseur = min(hauteur * 0.6, metriques.height() * 1.2)
            peintre.fillRect(
                QRectF(debut_barres, haut + (hauteur - epaisseur) / 2, longueur, epaisseur),
                COULEUR_BARRE,
            )
            peintre.drawText(
                QRectF(debut_barres + longueur + ESPACE, haut, largeur_montants + 1, hauteur),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                texte,
            )
        # L'axe des barres.
        peintre.setPen(self.palette().color(self.palette().ColorRole.Mid))
        fin = zone.top() + len(self.barres) * hauteur
        peintre.drawLine(int(debut_barres), int(zone.top()), int(debut_barres), int(fin))
        peintre.end()
