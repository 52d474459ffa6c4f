"""Ce que partagent les pages de l'assistant : la session, l'aide (F1), aller à un champ."""

from PySide6.QtWidgets import QLabel, QWidget, QWizardPage

from app_bureau.ecrans.session import SessionDossier
from app_bureau.navigation import TITRES, Page, bloquants_de_la_page
from app_bureau.regles import Evaluation


class PageDossier(QWizardPage):
    """Une page de l'assistant. Les sous-classes définissent `PAGE`, `AIDE` (HTML, avec les
    paragraphes cités), `rafraichir()` (montrer le dossier) et, si besoin, `champs` : chemin
    de champ → widget à qui donner le focus."""

    PAGE: Page
    AIDE: str = ""

    def __init__(self, session: SessionDossier) -> None:
        super().__init__()
        self.session = session
        self.setTitle(TITRES[self.PAGE])
        self.champs: dict[str, QWidget] = {}
        self.message_bloquant = QLabel()
        self.message_bloquant.setWordWrap(True)
        self.message_bloquant.setStyleSheet("color: #b00020")
        session.evaluation_changee.connect(self._evaluation_changee)
        session.dossier_recharge.connect(self.rafraichir)

    def rafraichir(self) -> None:
        """Remet les widgets à l'image du dossier (après ouverture ou rechargement)."""

    def _evaluation_changee(self, evaluation: Evaluation) -> None:
        bloquants = bloquants_de_la_page(evaluation, self.PAGE)
        self.message_bloquant.setText("\n".join(f"• {a.message}" for a in bloquants))
        self.message_bloquant.setVisible(bool(bloquants))
        self.completeChanged.emit()

    def aller_au_champ(self, chemin: str) -> None:
        """Donne le focus au widget du champ (ou de son parent le plus proche)."""
        while chemin:
            if chemin in self.champs:
                self.champs[chemin].setFocus()
                return
            chemin = chemin.rpartition(".")[0] if "." in chemin else ""
