"""Ce que partagent les tableaux des étapes (organismes, établissements, suivi) : titres sur
deux lignes, Ctrl+V qui demande un collage depuis un tableur, et la case à liste dont la
valeur choisie va au modèle."""

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QSignalBlocker,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app_bureau.libelles import ORANGE, ROUGE

Index = QModelIndex | QPersistentModelIndex


def sur_deux_lignes(titre: str) -> str:
    """« Personnes accompagnées (file active) » → « Personnes accompagnées / (file active) » :
    un titre de colonne coupé à l'espace la plus proche de son milieu, pour des colonnes
    étroites sans titre tronqué."""
    espaces = [i for i, c in enumerate(titre) if c == " "]
    if not espaces:
        return titre
    coupure = min(espaces, key=lambda i: abs(2 * i - len(titre)))
    return f"{titre[:coupure]}\n{titre[coupure + 1 :]}"


def ecrire_ligne_lue(
    table: QTableWidget,
    rang: int,
    textes: Sequence[str],
    valide: bool,
    erreurs: Sequence[str],
    avertissements: Sequence[str],
) -> None:
    """Une ligne de l'aperçu d'un collage ou d'un import : en rouge si elle est refusée, en
    orange si elle est à vérifier, ses erreurs et avertissements en infobulle."""
    couleur = None
    if not valide or avertissements:
        couleur = QBrush(QColor(ORANGE if valide else ROUGE))
    for colonne, texte in enumerate(textes):
        cellule = QTableWidgetItem(texte)
        if couleur is not None:
            cellule.setForeground(couleur)
            cellule.setToolTip("\n".join([*erreurs, *avertissements]))
        table.setItem(rang, colonne, cellule)


class TableCollable(QTableView):
    """Un tableau où Ctrl+V (hors saisie d'une case) demande un collage depuis un tableur."""

    coller_demande = Signal()

    def event(self, evenement: QEvent) -> bool:
        # Ctrl+V revient au tableau même si une action de la fenêtre porte ce raccourci.
        if (
            evenement.type() == QEvent.Type.ShortcutOverride
            and isinstance(evenement, QKeyEvent)
            and evenement.matches(QKeySequence.StandardKey.Paste)
        ):
            evenement.accept()
            return True
        return super().event(evenement)

    def keyPressEvent(self, evenement: QKeyEvent) -> None:
        if evenement.matches(QKeySequence.StandardKey.Paste):
            self.coller_demande.emit()
            return
        super().keyPressEvent(evenement)


class DelegueChoix(QStyledItemDelegate):
    """Une liste déroulante : `options()` donne (libellé, valeur transmise à `setData`).
    Le choix est enregistré comme toute saisie : Entrée, Tab, ou clic ailleurs."""

    def __init__(
        self,
        options: Callable[[], list[tuple[str, Any]]],
        parent: QWidget,
        elision: Qt.TextElideMode = Qt.TextElideMode.ElideRight,
    ) -> None:
        super().__init__(parent)
        self.options = options
        self.elision = elision

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = self.elision

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        liste = QComboBox(parent)
        for libelle, valeur in self.options():
            liste.addItem(libelle, valeur)
        liste.setAccessibleName(
            str(index.model().headerData(index.column(), Qt.Orientation.Horizontal))
        )
        return liste

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        valeur = index.data(Qt.ItemDataRole.EditRole)
        position = editor.findData(valeur)
        if position < 0 and valeur:
            editor.insertItem(0, f"{valeur} (inconnu)", valeur)
            position = 0
        with QSignalBlocker(editor):
            editor.setCurrentIndex(max(position, 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
