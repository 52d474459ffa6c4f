"""Ce que partagent les pages de l'assistant : la session, les champs liés au dossier, l'aide
(F1), aller à un champ."""

from collections.abc import Callable

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

from app_bureau import champs_dossier
from app_bureau.champs_dossier import DefinitionChamp, Nature
from app_bureau.ecrans.session import SessionDossier
from app_bureau.libelles import ROUGE
from app_bureau.navigation import TITRES, Page, bloquants_de_la_page
from app_bureau.regles.resultats import Evaluation
from app_bureau.saisie.valeurs import ErreurSaisie

STYLE_ERREUR = f"color: {ROUGE}"


def _avec_raccourci(libelle: str, lettre: str) -> str:
    """« SIRET », « S » → « &SIRET » : la première occurrence de la lettre devient le raccourci."""
    if not lettre:
        return libelle
    position = libelle.find(lettre)
    return f"{libelle[:position]}&{libelle[position:]}" if position >= 0 else libelle


class PageDossier(QWizardPage):
    """Une page de l'assistant. Les sous-classes définissent `PAGE`, `AIDE` (HTML, avec les
    paragraphes cités) et construisent leurs champs avec `champ`, qui les lie au dossier :
    chaque modification passe par la session (évaluée, enregistrée)."""

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

    def champ(self, formulaire: QFormLayout, chemin: str, raccourci: str = "") -> QWidget:
        """Le widget du champ `chemin`, construit d'après sa définition (`champs_dossier`) :
        zone de texte, case à cocher ou liste de choix. Chaque modification passe par la
        session. `raccourci` : la lettre soulignée du libellé (Alt+lettre)."""
        definition = champs_dossier.definition(chemin)
        assert definition is not None, chemin
        libelle = _avec_raccourci(definition.libelle, raccourci)
        match definition.nature:
            case Nature.BOOLEEN:
                return self._case(formulaire, libelle, definition)
            case Nature.CHOIX:
                return self._liste(formulaire, libelle, definition)
        return self._texte(formulaire, libelle, definition)

    def _texte(
        self, formulaire: QFormLayout, libelle: str, definition: DefinitionChamp
    ) -> QLineEdit:
        """Écrit dans le dossier à chaque frappe si la saisie est bonne ; sinon le message
        s'affiche sous le champ et le dossier garde la dernière valeur bonne."""
        chemin = definition.chemin
        saisie = QLineEdit()
        saisie.setToolTip(definition.aide)
        saisie.setAccessibleName(definition.libelle)
        erreur = QLabel()
        erreur.setStyleSheet(STYLE_ERREUR)
        erreur.hide()
        bloc = QWidget()
        colonne = QVBoxLayout(bloc)
        colonne.setContentsMargins(0, 0, 0, 0)
        colonne.addWidget(saisie)
        colonne.addWidget(erreur)
        formulaire.addRow(libelle, bloc)

        def saisi(texte: str) -> None:
            try:
                valeur = definition.lire(texte)
            except ErreurSaisie as exc:
                erreur.setText(f"{definition.libelle} : {exc}")
                erreur.show()
                return
            erreur.hide()
            if valeur != champs_dossier.valeur(self.session.dossier, chemin):
                self.session.modifier(lambda d: champs_dossier.changer(d, chemin, valeur))

        saisie.textEdited.connect(saisi)
        self._lier(
            chemin,
            saisie,
            lambda: saisie.setText(
                definition.a_modifier(champs_dossier.valeur(self.session.dossier, chemin))
            ),
        )
        self._relectures.append(erreur.hide)
        return saisie

    def _case(
        self, formulaire: QFormLayout, libelle: str, definition: DefinitionChamp
    ) -> QCheckBox:
        chemin = definition.chemin
        case = QCheckBox(libelle)
        case.setToolTip(definition.aide)
        formulaire.addRow("", case)
        case.toggled.connect(
            lambda coche: self.session.modifier(lambda d: champs_dossier.changer(d, chemin, coche))
        )
        self._lier(
            chemin,
            case,
            lambda: case.setChecked(bool(champs_dossier.valeur(self.session.dossier, chemin))),
        )
        return case

    def _liste(
        self, formulaire: QFormLayout, libelle: str, definition: DefinitionChamp
    ) -> QComboBox:
        chemin = definition.chemin
        liste = QComboBox()
        liste.setToolTip(definition.aide)
        liste.setAccessibleName(definition.libelle)
        for valeur, texte in definition.choix.items():
            liste.addItem(texte, valeur)
        formulaire.addRow(libelle, liste)
        liste.activated.connect(
            lambda index: self.session.modifier(
                lambda d: champs_dossier.changer(d, chemin, liste.itemData(index))
            )
        )
        self._lier(
            chemin,
            liste,
            lambda: liste.setCurrentIndex(
                liste.findData(champs_dossier.valeur(self.session.dossier, chemin))
            ),
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
