"""Les dessins de l'étape « Suivi », avec QPainter : la frise du projet (début, première mesure
due, fins prévues, aujourd'hui) et la courbe d'un indicateur (taux de chaque mois mesuré et
ligne de la cible). Ils ne calculent rien : ils placent les dates et les taux des règles
(`regles.suivi.ResultatSuivi`). Chaque dessin a aussi sa description en texte (lecteurs
d'écran, infobulle), pour que rien ne passe par l'image seule."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app_bureau.formats import date_courte, mois, mois_court, pourcentage
from app_bureau.libelles import BLEU, GRIS, GRIS_CLAIR, ORANGE, ROUGE, VERT
from app_bureau.regles.suivi import Calendrier, SuiviIndicateur, fin_du_mois

MARGE = 10


def peindre(widget: QWidget, dessiner: Callable[[QPainter], None]) -> None:
    """Un QPainter toujours terminé, même si le dessin échoue : un peintre laissé actif fait
    planter Qt à la fin de la peinture (l'erreur, elle, suit son cours)."""
    peintre = QPainter(widget)
    try:
        dessiner(peintre)
    finally:
        peintre.end()


@dataclass(frozen=True)
class Jalon:
    jour: datetime.date
    libelle: str
    couleur: str


def jalons(calendrier: Calendrier, fins: dict[str, datetime.date]) -> list[Jalon]:
    """Les dates de la frise, dans l'ordre : début, première mesure due, fins prévues
    (`fins` : libellé → date), aujourd'hui."""
    resultat = []
    if calendrier.debut:
        resultat.append(Jalon(calendrier.debut, "Début du projet", BLEU))
    if calendrier.premiere_mesure:
        resultat.append(
            Jalon(
                fin_du_mois(calendrier.premiere_mesure),
                f"Première mesure due ({mois(calendrier.premiere_mesure)})",
                BLEU,
            )
        )
    for libelle, jour in sorted(fins.items(), key=lambda x: x[1]):
        resultat.append(Jalon(jour, libelle, ORANGE))
    resultat.append(Jalon(calendrier.aujourd_hui, "Aujourd'hui", ROUGE))
    return sorted(resultat, key=lambda j: j.jour)


class FriseSuivi(QWidget):
    """Une frise horizontale : les mois du projet, et une marque par jalon, son libellé et sa
    date au-dessus ou au-dessous, en alternance."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.jalons: list[Jalon] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Frise du projet")

    def definir(self, jalons: list[Jalon]) -> None:
        self.jalons = jalons
        texte = "\n".join(f"{j.libelle} : {date_courte(j.jour)}" for j in jalons)
        self.setToolTip(texte)
        self.setAccessibleDescription(texte)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(600, 6 * self.fontMetrics().height() + 2 * MARGE)

    def minimumSizeHint(self) -> QSize:
        return QSize(300, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        if len(self.jalons) >= 2:
            peindre(self, self._dessiner)

    def _dessiner(self, peintre: QPainter) -> None:
        peintre.setRenderHint(QPainter.RenderHint.Antialiasing)
        metriques = self.fontMetrics()
        ligne = metriques.height()
        zone = QRectF(self.rect()).adjusted(MARGE, MARGE, -MARGE, -MARGE)
        premier, dernier = self.jalons[0].jour, self.jalons[-1].jour
        # Un mois de marge de chaque côté : les libellés des bords restent lisibles.
        debut = premier.replace(day=1) - datetime.timedelta(days=20)
        fin = dernier + datetime.timedelta(days=25)
        etendue = max((fin - debut).days, 1)
        milieu = zone.top() + zone.height() / 2

        def x(jour: datetime.date) -> float:
            return zone.left() + zone.width() * (jour - debut).days / etendue

        texte = self.palette().color(self.foregroundRole())
        trait = QPen(QColor(GRIS_CLAIR), 6)
        trait.setCapStyle(Qt.PenCapStyle.RoundCap)
        peintre.setPen(trait)
        peintre.drawLine(QPointF(x(premier), milieu), QPointF(x(dernier), milieu))
        # Les mois : un trait ; l'année au premier mois de chaque année et au premier mois.
        peintre.setPen(QPen(QColor(GRIS), 1))
        petite = QFont(peintre.font())
        petite.setPointSizeF(max(petite.pointSizeF() * 0.8, 6))
        jour = premier.replace(day=1)
        place_mois = zone.width() * 30 / etendue
        while jour <= dernier:
            position = x(jour)
            peintre.drawLine(QPointF(position, milieu - 4), QPointF(position, milieu + 4))
            jour = (jour + datetime.timedelta(days=32)).replace(day=1)
        peintre.setFont(petite)
        jour = premier.replace(day=1)
        pas = max(1, int(metriques.horizontalAdvance("00/0000 ") / max(place_mois, 1)) + 1)
        rang = 0
        while jour <= dernier:
            if rang % pas == 0:
                peintre.drawText(
                    QRectF(x(jour) - 40, milieu + 6, 80, ligne),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                    mois_court(jour),
                )
            jour = (jour + datetime.timedelta(days=32)).replace(day=1)
            rang += 1
        peintre.setFont(self.font())
        # Les jalons : au-dessus pour les rangs pairs, au-dessous (sous les mois) sinon.
        for rang, jalon in enumerate(self.jalons):
            position = x(jalon.jour)
            couleur = QColor(jalon.couleur)
            peintre.setPen(QPen(couleur, 2))
            peintre.setBrush(couleur)
            peintre.drawEllipse(QPointF(position, milieu), 5, 5)
            dessus = rang % 2 == 0
            haut = milieu - 2.5 * ligne - 6 if dessus else milieu + ligne + 8
            peintre.drawLine(
                QPointF(position, milieu + (-6 if dessus else 6)),
                QPointF(position, haut + (2 * ligne if dessus else 0)),
            )
            largeur = max(
                metriques.horizontalAdvance(jalon.libelle),
                metriques.horizontalAdvance(date_courte(jalon.jour)),
            )
            gauche = min(max(position - largeur / 2, zone.left()), zone.right() - largeur)
            cadre = QRectF(gauche, haut, largeur + 2, 2 * ligne)
            peintre.setPen(texte if jalon.couleur != ROUGE else couleur)
            peintre.drawText(
                cadre,
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                f"{jalon.libelle}\n{date_courte(jalon.jour)}",
            )


class CourbeTaux(QWidget):
    """Le taux d'un indicateur mois par mois : un point par mois mesuré, reliés ; la cible en
    tirets ; l'axe des taux de 0 à 100 % (plus haut si un taux dépasse 100 %)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.indicateur: SuiviIndicateur | None = None
        self.titre = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Évolution de l'indicateur")

    def definir(self, titre: str, indicateur: SuiviIndicateur | None) -> None:
        self.titre, self.indicateur = titre, indicateur
        if indicateur is None:
            texte = "Aucun ESSMS suivi."
        else:
            cible = pourcentage(indicateur.cible.valeur)
            points = [
                f"{mois(t.mois)} : {pourcentage(t.part) if t.part is not None else '—'}"
                for t in indicateur.serie
            ]
            texte = f"{titre} (cible {cible})\n" + ("\n".join(points) or "aucune mesure")
        self.setToolTip(texte)
        self.setAccessibleDescription(texte)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(520, 15 * self.fontMetrics().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(300, 10 * self.fontMetrics().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        peindre(self, self._dessiner)

    def _dessiner(self, peintre: QPainter) -> None:
        peintre.setRenderHint(QPainter.RenderHint.Antialiasing)
        metriques = self.fontMetrics()
        ligne = metriques.height()
        texte = self.palette().color(self.foregroundRole())
        peintre.setPen(texte)
        cadre_titre = QRectF(self.rect()).adjusted(MARGE, MARGE / 2, -MARGE, 0)
        peintre.drawText(cadre_titre, Qt.AlignmentFlag.AlignLeft, self.titre)
        indicateur = self.indicateur
        if indicateur is None:
            return
        serie = [t for t in indicateur.serie if t.part is not None]
        cible = indicateur.cible.valeur
        haut_max = max([Decimal(1), *(t.part for t in serie if t.part is not None)])
        zone = QRectF(self.rect()).adjusted(
            MARGE + metriques.horizontalAdvance("100 %") + 6,
            MARGE + ligne * 1.5,
            -MARGE,
            -MARGE - ligne * 1.5,
        )

        def y(part: Decimal) -> float:
            return zone.bottom() - zone.height() * float(part / haut_max)

        # Axe des taux : 0, 50, 100 % (et le maximum s'il dépasse 100 %).
        graduations = [Decimal(0), Decimal("0.5"), Decimal(1)]
        if haut_max > 1:
            graduations.append(haut_max)
        for part in graduations:
            peintre.setPen(QPen(QColor(GRIS_CLAIR), 1))
            peintre.drawLine(QPointF(zone.left(), y(part)), QPointF(zone.right(), y(part)))
            peintre.setPen(QColor(GRIS))
            peintre.drawText(
                QRectF(MARGE, y(part) - ligne / 2, zone.left() - MARGE - 4, ligne),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                pourcentage(part.quantize(Decimal("0.01"))),
            )
        # La cible, en tirets, avec son libellé.
        peintre.setPen(QPen(QColor(VERT), 1.5, Qt.PenStyle.DashLine))
        peintre.drawLine(QPointF(zone.left(), y(cible)), QPointF(zone.right(), y(cible)))
        peintre.drawText(
            QRectF(zone.left() + 4, y(cible) - ligne - 1, zone.width() - 8, ligne),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
            f"cible {pourcentage(cible)}",
        )
        if not serie:
            peintre.setPen(QColor(GRIS))
            peintre.drawText(zone, Qt.AlignmentFlag.AlignCenter, "aucune mesure pour l'instant")
            return
        # Un mois par pas, du premier au dernier mesuré.
        premier, dernier = serie[0].mois, serie[-1].mois
        nombre = (dernier.year - premier.year) * 12 + dernier.month - premier.month

        def x(jour: datetime.date) -> float:
            rang = (jour.year - premier.year) * 12 + jour.month - premier.month
            return zone.left() + (zone.width() * rang / nombre if nombre else zone.width() / 2)

        pas = max(1, int((metriques.horizontalAdvance("00/0000") + 8) * nombre / zone.width()) + 1)
        peintre.setPen(QColor(GRIS))
        for rang, t in enumerate(serie):
            if rang % pas == 0 or t is serie[-1]:
                peintre.drawText(
                    QRectF(x(t.mois) - 40, zone.bottom() + 4, 80, ligne),
                    Qt.AlignmentFlag.AlignHCenter,
                    mois_court(t.mois),
                )
        peintre.setPen(QPen(QColor(BLEU), 2))
        for avant, apres in pairwise(serie):
            assert avant.part is not None and apres.part is not None
            peintre.drawLine(
                QPointF(x(avant.mois), y(avant.part)), QPointF(x(apres.mois), y(apres.part))
            )
        for t in serie:
            assert t.part is not None
            couleur = QColor(VERT if t.part >= cible else ORANGE)
            peintre.setPen(QPen(couleur, 1))
            peintre.setBrush(couleur)
            peintre.drawEllipse(QPointF(x(t.mois), y(t.part)), 4, 4)
        dernier_point = serie[-1]
        assert dernier_point.part is not None
        peintre.setPen(texte)
        etiquette = pourcentage(dernier_point.part)
        largeur = metriques.horizontalAdvance(etiquette)
        gauche = min(x(dernier_point.mois) + 6, zone.right() - largeur)
        peintre.drawText(
            QRectF(gauche, y(dernier_point.part) - ligne - 4, largeur + 2, ligne),
            Qt.AlignmentFlag.AlignLeft,
            etiquette,
        )
