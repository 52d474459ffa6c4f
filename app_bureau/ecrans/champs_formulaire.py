"""Le widget d'un champ du dossier, construit d'après sa définition (`champs_dossier`).

Zone de texte (texte, identifiant, nombre, montant, part), case à cocher, liste de choix, liste
des catégories FINESS à chercher par leur libellé (« EHPAD », « SSIAD ») ou liste des
organismes du dossier. Un champ est lié à un chemin concret du dossier (`porteur.siret`,
`etablissements[3].devis_editeur`), que le formulaire d'un établissement change quand une
autre ligne est choisie (`lier`).

Une saisie acceptée passe par la session (enregistrée, annulable). Une saisie refusée n'est
jamais effacée : elle reste dans la zone, en rouge, avec sa raison dessous, et la session la
garde (en base) comme un problème bloquant jusqu'à sa correction — même après avoir fermé et
rouvert l'application.
"""

import re
from typing import Any

from PySide6.QtCore import QEvent, QSignalBlocker, QSortFilterProxyModel, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app_bureau import champs_dossier
from app_bureau.champs_dossier import DefinitionChamp, Nature
from app_bureau.ecrans.session import SessionDossier
from app_bureau.fichier.lecture import probleme_saisie
from app_bureau.libelles import ROUGE
from app_bureau.referentiel.categories_finess import categories
from app_bureau.saisie.valeurs import ErreurSaisie

STYLE_ERREUR = f"color: {ROUGE}"
STYLE_ZONE_REFUSEE = f"QLineEdit, QComboBox {{ border: 2px solid {ROUGE}; }}"
SANS_CATEGORIE = "(non renseignée)"
_SIGLE = re.compile(r"(.+) \(([A-Z]{2,})\)")
"""« Institut médico-éducatif (IME) » : le libellé, puis le sigle entre parenthèses."""


def avec_raccourci(libelle: str, lettre: str) -> str:
    """« SIRET », « S » → « &SIRET » : la première occurrence de la lettre devient le raccourci."""
    if not lettre:
        return libelle
    position = libelle.find(lettre)
    return f"{libelle[:position]}&{libelle[position:]}" if position >= 0 else libelle


def libelle_categorie(code: str) -> str:
    """« EHPAD — Établissement d'hébergement pour personnes âgées dépendantes (500) » : le
    sigle et le libellé d'abord, le code après ; « Résidence autonomie (202) » sans sigle."""
    cat = categories().get(code)
    if cat is None:
        return code
    sigle = _SIGLE.fullmatch(cat.libelle)
    if sigle:
        return f"{sigle.group(2)} — {sigle.group(1)} ({code})"
    return f"{cat.libelle} ({code})"


def libelle_categorie_court(code: str) -> str:
    """« EHPAD (500) » pour une colonne de tableau : le sigle s'il y en a un, sinon le libellé
    entier (`libelle_categorie`) ; le libellé long reste dans l'infobulle."""
    cat = categories().get(code)
    sigle = _SIGLE.fullmatch(cat.libelle) if cat is not None else None
    return f"{sigle.group(2)} ({code})" if sigle else libelle_categorie(code)


def liste_categories(parent: QWidget | None = None) -> QComboBox:
    """Une liste où l'on tape « EHPAD », « SSIAD » ou « 500 » : les catégories dont le
    libellé ou le code contient ce qui est tapé sont proposées, sans casse. Les ESSMS
    d'abord, par libellé : « EHPAD » avant les codes hospitaliers. Sert au formulaire et à
    la cellule « Catégorie » du tableau des établissements."""
    liste = QComboBox(parent)
    liste.setEditable(True)
    liste.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    liste.addItem(SANS_CATEGORIE, "")
    libelles = {code: libelle_categorie(code) for code in categories()}
    for cat in sorted(categories().values(), key=lambda c: (not c.essms, libelles[c.code])):
        liste.addItem(libelles[cat.code], cat.code)
    filtre = QSortFilterProxyModel(liste)
    filtre.setSourceModel(liste.model())
    filtre.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completeur = QCompleter(filtre, liste)
    completeur.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
    completeur.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    liste.setCompleter(completeur)
    liste.lineEdit().textEdited.connect(filtre.setFilterFixedString)
    return liste


def categorie_de_la_liste(liste: QComboBox) -> str | None:
    """Le code de la catégorie dont le libellé est dans la liste (« » : non renseignée) ;
    None si le texte n'est pas un libellé proposé (à lire comme une saisie : « 354 »,
    « SSIAD »)."""
    position = liste.findText(liste.currentText())
    return str(liste.itemData(position) or "") if position >= 0 else None


CTRL_Y = QKeySequence("Ctrl+Y")
"""Rétablir partout (c'est « Redo » sous Windows, pas sous Linux)."""


class ZoneDeSaisie(QLineEdit):
    """Une zone de texte du dossier : Ctrl+Z et Ctrl+Y vont à Annuler / Rétablir du dossier
    (chaque frappe y est déjà une modification), jamais à l'historique propre de la zone, qui
    les garderait pour elle, même vide, dans la zone où l'on vient d'entrer."""

    def event(self, evenement: QEvent) -> bool:
        if (
            evenement.type() == QEvent.Type.ShortcutOverride
            and isinstance(evenement, QKeyEvent)
            and (
                evenement.matches(QKeySequence.StandardKey.Undo)
                or evenement.matches(QKeySequence.StandardKey.Redo)
                or QKeySequence(evenement.keyCombination()) == CTRL_Y
            )
        ):
            evenement.ignore()  # le raccourci de la fenêtre s'applique
            return True
        return super().event(evenement)


class ChampFormulaire(QWidget):
    """Un champ et son message d'erreur, lié à `chemin` dans le dossier de la session."""

    def __init__(self, definition: DefinitionChamp, session: SessionDossier, chemin: str) -> None:
        super().__init__()
        self.definition = definition
        self.session = session
        self.chemin = chemin
        self.erreur = QLabel()
        self.erreur.setWordWrap(True)
        self.erreur.setStyleSheet(STYLE_ERREUR)
        self.erreur.hide()
        self.saisie = self._creer()
        self.saisie.setToolTip(definition.aide)
        self.saisie.setAccessibleName(definition.libelle)
        self.saisie.setAccessibleDescription(definition.aide)
        colonne = QVBoxLayout(self)
        colonne.setContentsMargins(0, 0, 0, 0)
        colonne.setSpacing(2)
        colonne.addWidget(self.saisie)
        colonne.addWidget(self.erreur)
        self.setFocusProxy(self.saisie)
        session.saisies_changees.connect(self.relire)

    # --- construction ------------------------------------------------------------------------

    def _creer(self) -> QWidget:
        match self.definition.nature:
            case Nature.BOOLEEN:
                case = QCheckBox(self.definition.libelle)
                case.toggled.connect(lambda coche: self._accepter(coche))
                return case
            case Nature.CHOIX:
                liste = QComboBox()
                for valeur, texte in self.definition.choix.items():
                    liste.addItem(texte, valeur)
                # La valeur elle-même (Champ.PH), pas sa copie par Qt (« PH », un str).
                valeurs = list(self.definition.choix)
                liste.activated.connect(lambda i: self._accepter(valeurs[i]))
                return liste
            case Nature.ORGANISME:
                liste = QComboBox()
                liste.activated.connect(lambda i: self._accepter(liste.itemData(i)))
                return liste
            case Nature.CATEGORIE:
                return self._liste_categories()
        zone = ZoneDeSaisie()
        zone.textEdited.connect(self._saisi)
        return zone

    def _liste_categories(self) -> QComboBox:
        liste = liste_categories()
        liste.completer().activated[str].connect(
            lambda texte: self._categorie_choisie(liste, texte)
        )
        liste.activated.connect(lambda i: self._accepter(liste.itemData(i) or None))
        liste.lineEdit().editingFinished.connect(lambda: self._categorie_tapee(liste))
        return liste

    def _categorie_choisie(self, liste: QComboBox, texte: str) -> None:
        position = liste.findText(texte)
        if position >= 0:
            liste.setCurrentIndex(position)
            self._accepter(liste.itemData(position) or None)

    def _categorie_tapee(self, liste: QComboBox) -> None:
        """Le texte laissé dans la liste : un libellé proposé, un code, un sigle (« EHPAD »)."""
        code = categorie_de_la_liste(liste)
        if code is None:
            self._saisi(liste.currentText())
        else:
            self._accepter(code or None)

    # --- saisie ------------------------------------------------------------------------------

    def _saisi(self, texte: str) -> None:
        try:
            if probleme := probleme_saisie(texte):  # bornes communes (`bornes`)
                raise ErreurSaisie(probleme)
            valeur = self.definition.lire(texte)
        except ErreurSaisie as exc:
            self.session.noter_saisie(self.chemin, texte, str(exc))
            return
        self._accepter(valeur)

    def _accepter(self, valeur: Any) -> None:
        self.session.changer(self.chemin, valeur)

    # --- affichage ---------------------------------------------------------------------------

    def lier(self, chemin: str) -> None:
        """Le même champ, pour un autre objet du dossier (un autre établissement)."""
        self.chemin = chemin
        self.relire()

    def relire(self) -> None:
        """Montre la valeur du dossier, ou la saisie refusée gardée pour ce champ."""
        saisie = self.session.saisies.get(self.chemin)
        try:
            valeur = champs_dossier.valeur(self.session.dossier, self.chemin)
        except (IndexError, KeyError):  # ligne disparue : le formulaire sera relié ailleurs
            return
        with QSignalBlocker(self.saisie):
            self._montrer(valeur, saisie.texte if saisie else None)
        self.erreur.setText(f"{self.definition.libelle} : {saisie.message}" if saisie else "")
        self.erreur.setVisible(saisie is not None)
        self.saisie.setStyleSheet(STYLE_ZONE_REFUSEE if saisie else "")
        self.saisie.setAccessibleDescription(
            f"Refusé : {saisie.message}" if saisie else self.definition.aide
        )

    def _montrer(self, valeur: Any, texte_refuse: str | None) -> None:
        w = self.saisie
        if isinstance(w, QCheckBox):
            w.setChecked(bool(valeur))
        elif isinstance(w, QLineEdit):
            texte = texte_refuse if texte_refuse is not None else self.definition.a_modifier(valeur)
            if w.text() != texte and not (w.hasFocus() and texte_refuse is None):
                w.setText(texte)  # la zone où l'on tape garde ce qui est tapé
        elif isinstance(w, QComboBox):
            if self.definition.nature is Nature.ORGANISME:
                w.clear()
                for og in self.session.dossier.organismes:
                    w.addItem(og.raison_sociale or og.id, og.id)
            if texte_refuse is not None and w.isEditable():
                w.setEditText(texte_refuse)
                return
            position = w.findData(valeur if valeur is not None else "")
            if position < 0 and valeur:
                w.addItem(f"{valeur} (inconnu)", valeur)
                position = w.count() - 1
            w.setCurrentIndex(position)
