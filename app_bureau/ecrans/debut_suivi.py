"""Le passage d'un dossier au suivi de son projet financé : la question « Le projet est
financé ? » (étape Documents, menu Dossier), puis la convention préremplie d'après
l'estimation (`regles.suivi.suivi_prerempli`), en une modification annulable."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from app_bureau.ecrans.session import SessionDossier
from app_bureau.modifications import DebutSuivi
from app_bureau.regles.suivi import suivi_prerempli


def demander_le_suivi(parent: QWidget, session: SessionDossier) -> bool:
    """« Le projet est financé » : après accord, le dossier reçoit son suivi, convention
    préremplie d'après l'estimation (une modification : Ctrl+Z la défait)."""
    if session.dossier.suivi is not None:
        return False
    reponse = QMessageBox.question(
        parent,
        "Le projet est financé",
        "L'étape « Suivi » s'ajoute au dossier, pour suivre l'usage du DUI jusqu'au solde.\n\n"
        "La convention y est préremplie d'après l'estimation : montant total, montant de "
        "chaque ESSMS retenu, ARS pivot. Corrigez-la d'après la convention signée : ce sont "
        "les chiffres de l'ARS qui comptent.\n\n"
        "Vous pourrez revenir en arrière avec Annuler (Ctrl+Z).",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Yes,
    )
    if reponse != QMessageBox.StandardButton.Yes:
        return False
    return commencer_le_suivi(session)


def commencer_le_suivi(session: SessionDossier) -> bool:
    """Le suivi du dossier, sans question (la question est celle de `demander_le_suivi`)."""
    if session.dossier.suivi is not None:
        return False
    return session.appliquer(DebutSuivi(suivi_prerempli(session.dossier, session.evaluation)))


class EncadreFinance(QGroupBox):
    """Sur l'étape Documents : le passage au suivi, une fois le projet financé."""

    aller_au_suivi = Signal()

    def __init__(self, session: SessionDossier) -> None:
        super().__init__("Après la décision de l'ARS")
        self.session = session
        self.texte = QLabel()
        self.texte.setWordWrap(True)
        self.bouton = QPushButton()
        self.bouton.setAutoDefault(False)
        self.bouton.clicked.connect(self._cliquer)
        ligne = QHBoxLayout(self)
        ligne.addWidget(self.texte, 1)
        ligne.addWidget(self.bouton)
        session.evaluation_changee.connect(lambda _: self.relire())
        self.relire()

    def relire(self) -> None:
        if self.session.dossier.suivi is None:
            self.texte.setText(
                "Le projet est financé ? Suivez l'usage du DUI jusqu'au solde : convention, "
                "mesures mensuelles de chaque ESSMS, dépenses, bilan d'usage pour l'ARS."
            )
            self.bouton.setText("Le projet est financé : s&uivre l'usage…")
        else:
            self.texte.setText("Ce dossier est suivi jusqu'au solde, à l'étape « Suivi ».")
            self.bouton.setText("Aller au s&uivi")
        self.bouton.setAccessibleName(self.bouton.text().replace("&", ""))

    def _cliquer(self) -> None:
        if self.session.dossier.suivi is None:
            demander_le_suivi(self, self.session)
        else:
            self.aller_au_suivi.emit()
