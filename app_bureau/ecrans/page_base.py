"""Ce que partagent les pages de l'assistant : la session, les champs liés au dossier, l'aide
(F1), aller à un champ."""

from collections.abc import Callable
from enum import StrEnum

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from app_bureau.ecrans.session import SessionDossier
from app_bureau.libelles import ROUGE
from app_bureau.modele import Dossier
from app_bureau.navigation import TITRES, Page, bloquants_de_la_page
from app_bureau.regles.resultats import Evaluation

Lire = Callable[[Dossier], object]
Ecrire = Callable[[Dossier, object], None]
STYLE_ERREUR = f"color: {ROUGE}"


class PageDossier(QWizardPage):
    """Une page de l'assistant. Les sous-classes définissent `PAGE`, `AIDE` (HTML, avec les
    paragraphes cités) et construisent leurs champs avec `texte`, `case` et `choix`, qui
    les lient au dossier : chaque modification passe par la session (évaluée, enregistrée)."""

    PAGE: Page
    AIDE: str = ""

    def __init__(self, session: SessionDossier) -> None:
        super().__init__()
        self.session = session
        self.setTitle(TITRES[self.PAGE])
        self.champs: dict[str, QWidget] = {}
        self._relectures: list[Callable[[], None]] = []
        self.message_bloquant = QLabel()
        self.message_bloquant.setWordWrap(True)
        self.message_bloquant.setStyleSheet(STYLE_ERREUR)
        self.message_bloquant.hide()
        session.evaluation_changee.connect(self._evaluation_changee)
        session.dossier_recharge.connect(self.rafraichir)

    # --- champs liés au dossier ---------------------------------------------------------

    def texte(
        self,
        formulaire: QFormLayout,
        libelle: str,
        chemin: str,
        lire: Lire,
        ecrire: Ecrire,
        infobulle: str,
        valider: Callable[[str], str | None] | None = None,
        normaliser: Callable[[str], str] = str.strip,
    ) -> QLineEdit:
        """Un texte : écrit dans le dossier à chaque frappe s'il est valide (ou vide) ; sinon
        le message s'affiche sous le champ et le dossier garde la dernière valeur valide."""
        saisie = QLineEdit()
        saisie.setToolTip(infobulle)
        erreur = QLabel()
        erreur.setStyleSheet(STYLE_ERREUR)
        erreur.hide()
        bloc = QWidget()
        colonne = QVBoxLayout(bloc)
        colonne.setContentsMargins(0, 0, 0, 0)
        colonne.addWidget(saisie)
        colonne.addWidget(erreur)
        formulaire.addRow(libelle, bloc)

        def saisi(valeur: str) -> None:
            propre = normaliser(valeur)
            probleme = valider(propre) if valider and propre else None
            erreur.setText(f"{libelle.replace('&', '')} : {probleme}" if probleme else "")
            erreur.setVisible(bool(probleme))
            if not probleme and propre != lire(self.session.dossier):
                self.session.modifier(lambda d: ecrire(d, propre))

        saisie.textEdited.connect(saisi)
        self._lier(chemin, saisie, lambda: saisie.setText(str(lire(self.session.dossier) or "")))
        self._relectures.append(lambda: erreur.hide())
        return saisie

    def case(
        self,
        formulaire: QFormLayout,
        libelle: str,
        chemin: str,
        lire: Lire,
        ecrire: Ecrire,
        infobulle: str,
    ) -> QCheckBox:
        case = QCheckBox(libelle)
        case.setToolTip(infobulle)
        formulaire.addRow("", case)
        case.toggled.connect(lambda coche: self.session.modifier(lambda d: ecrire(d, coche)))
        self._lier(chemin, case, lambda: case.setChecked(bool(lire(self.session.dossier))))
        return case

    def choix(
        self,
        formulaire: QFormLayout,
        libelle: str,
        chemin: str,
        options: dict[StrEnum, str],
        lire: Lire,
        ecrire: Ecrire,
        infobulle: str,
    ) -> QComboBox:
        liste = QComboBox()
        liste.setToolTip(infobulle)
        for valeur, texte in options.items():
            liste.addItem(texte, valeur)
        formulaire.addRow(libelle, liste)
        liste.activated.connect(
            lambda index: self.session.modifier(lambda d: ecrire(d, liste.itemData(index)))
        )
        self._lier(
            chemin, liste, lambda: liste.setCurrentIndex(liste.findData(lire(self.session.dossier)))
        )
        return liste

    def _lier(self, chemin: str, widget: QWidget, relire: Callable[[], None]) -> None:
        self.champs[chemin] = widget

        def relire_sans_signal() -> None:
            with QSignalBlocker(widget):
                relire()

        self._relectures.append(relire_sans_signal)

    # --- cycle de vie ---------------------------------------------------------------------

    def rafraichir(self) -> None:
        """Remet les widgets à l'image du dossier (après ouverture ou rechargement)."""
        for relire in self._relectures:
            relire()

    def _evaluation_changee(self, evaluation: Evaluation) -> None:
        bloquants = bloquants_de_la_page(evaluation, self.PAGE)
        self.message_bloquant.setText("\n".join(f"• {a.message}" for a in bloquants))
        self.message_bloquant.setVisible(bool(bloquants))
        self.evaluation_changee(evaluation)

    def evaluation_changee(self, evaluation: Evaluation) -> None:
        """À redéfinir par les pages qui montrent des résultats des règles."""

    def aller_au_champ(self, chemin: str) -> None:
        """Donne le focus au widget du champ (ou de son parent le plus proche)."""
        while chemin:
            if chemin in self.champs:
                self.champs[chemin].setFocus()
                return
            chemin = chemin.rpartition(".")[0] if "." in chemin else ""
