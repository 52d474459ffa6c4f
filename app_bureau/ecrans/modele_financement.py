"""Le tableau du financement par ESSMS : une ligne par établissement du dossier, les
montants tels que les règles les ont calculés. Les textes d'une ligne ne sont formatés
qu'à son premier affichage, pour rester fluide avec quelques milliers de lignes."""

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from app_bureau.formats import euros
from app_bureau.libelles import GRIS, RUBRIQUES_ESSMS
from app_bureau.referentiel.territoires import nom_region
from app_bureau.regles.resultats import ResultatEtablissement

Index = QModelIndex | QPersistentModelIndex

COLONNES = ("FINESS", "Nom", "Rang", "Région", *(r.court for r in RUBRIQUES_ESSMS), "Total")
INFOBULLES_COLONNES = (
    "FINESS géographique de l'établissement",
    "Nom de l'établissement",
    "Rang parmi les ESSMS retenus, dans l'ordre du dossier (montants réduits à partir du 50e)",
    "Région de l'établissement, d'après son FINESS",
    *(r.long for r in RUBRIQUES_ESSMS),
    "Total pour cet établissement",
)
COLONNE_RANG = 2
PREMIERE_COLONNE_MONTANT = 4
COLONNES_A_DROITE = frozenset((COLONNE_RANG, *range(PREMIERE_COLONNE_MONTANT, len(COLONNES))))
ROLE_TRI = Qt.ItemDataRole.UserRole + 1
GRIS_TEXTE = QColor(GRIS)
_DROITE = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class ModeleFinancement(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._lignes: tuple[ResultatEtablissement, ...] = ()
        self._textes: dict[int, tuple[str, ...]] = {}

    def definir(self, lignes: tuple[ResultatEtablissement, ...]) -> None:
        """Nouvelles lignes : même nombre → les cellules changent (la sélection reste) ;
        sinon le tableau est remis à zéro."""
        if len(lignes) == len(self._lignes) and lignes:
            self._lignes, self._textes = lignes, {}
            dernier = self.index(len(lignes) - 1, len(COLONNES) - 1)
            self.dataChanged.emit(self.index(0, 0), dernier)
            return
        self.beginResetModel()
        self._lignes, self._textes = lignes, {}
        self.endResetModel()

    def ligne(self, rang: int) -> ResultatEtablissement:
        return self._lignes[rang]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lignes)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLONNES)

    def _texte(self, rang: int) -> tuple[str, ...]:
        textes = self._textes.get(rang)
        if textes is None:
            r = self._lignes[rang]
            textes = (
                r.finess,
                r.nom,
                str(r.rang) if r.retenu else "non retenu",
                nom_region(r.region) if r.region else "—",
                euros(r.moa),
                euros(r.editeur),
                euros(r.equipement),
                euros(r.total),
            )
            self._textes[rang] = textes
        return textes

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        rang, colonne = index.row(), index.column()
        r = self._lignes[rang]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texte(rang)[colonne]
        if role == Qt.ItemDataRole.TextAlignmentRole and colonne in COLONNES_A_DROITE:
            return _DROITE
        if role == Qt.ItemDataRole.ForegroundRole and not r.retenu:
            return GRIS_TEXTE
        if role == Qt.ItemDataRole.ToolTipRole and not r.retenu:
            motifs = "\n".join(f"• {m.libelle}" for m in r.motifs_non_retenu)
            return f"Non retenu :\n{motifs}"
        if role == ROLE_TRI:
            return self._cle_de_tri(rang, colonne)
        return None

    def _cle_de_tri(self, rang: int, colonne: int) -> Any:
        r = self._lignes[rang]
        if colonne == COLONNE_RANG:
            return r.rang if r.rang is not None else 10**9  # les non retenus à la fin
        if colonne >= PREMIERE_COLONNE_MONTANT:
            # Pour trier seulement : l'affichage reste celui des règles.
            return float(
                (r.moa, r.editeur, r.equipement, r.total)[colonne - PREMIERE_COLONNE_MONTANT]
            )
        return self._texte(rang)[colonne].casefold()

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation is not Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLONNES[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return INFOBULLES_COLONNES[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in COLONNES_A_DROITE:
            return _DROITE
        return None
