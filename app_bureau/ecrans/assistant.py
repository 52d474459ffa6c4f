"""L'assistant d'un dossier : les pages dans l'ordre de `navigation.Page`, le panneau de
synthèse à côté, F1 pour l'aide de la page."""

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QMessageBox, QWidget, QWizard

from app_bureau.ecrans.page_autodiagnostic import PageAutodiagnostic
from app_bureau.ecrans.page_base import PageDossier
from app_bureau.ecrans.page_eligibilite import PageEligibilite
from app_bureau.ecrans.page_etablissements import PageEtablissements
from app_bureau.ecrans.page_exporter import PageExporter
from app_bureau.ecrans.page_financement import PageFinancement
from app_bureau.ecrans.page_organismes import PageOrganismes
from app_bureau.ecrans.page_porteur import PagePorteur
from app_bureau.ecrans.page_solution import PageSolution
from app_bureau.ecrans.panneau_synthese import PanneauSynthese
from app_bureau.ecrans.session import SessionDossier
from app_bureau.navigation import TITRES, Page, page_du_champ

CLASSES_DES_PAGES: tuple[type[PageDossier], ...] = (
    PagePorteur,
    PageOrganismes,
    PageEtablissements,
    PageSolution,
    PageAutodiagnostic,
    PageEligibilite,
    PageFinancement,
    PageExporter,
)


class Assistant(QWidget):
    """Le QWizard du dossier et son panneau de synthèse."""

    def __init__(self, session: SessionDossier) -> None:
        super().__init__()
        self.session = session
        self.wizard = QWizard()
        self.wizard.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.wizard.setOption(QWizard.WizardOption.NoCancelButton)
        self.wizard.setOption(QWizard.WizardOption.HaveHelpButton)
        self.wizard.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.pages: dict[Page, PageDossier] = {}
        for classe in CLASSES_DES_PAGES:
            page = classe(session)
            self.pages[classe.PAGE] = page
            self.wizard.setPage(classe.PAGE, page)
        self.wizard.setStartId(session.page_initiale)
        self.panneau = PanneauSynthese()
        disposition = QHBoxLayout(self)
        disposition.addWidget(self.wizard, 1)
        disposition.addWidget(self.panneau)
        self.pages[Page.ELIGIBILITE].champ_a_corriger.connect(self.aller_au_champ)
        self.wizard.currentIdChanged.connect(self._page_changee)
        self.wizard.helpRequested.connect(self.montrer_aide)
        QShortcut(QKeySequence(Qt.Key.Key_F1), self, self.montrer_aide)
        session.evaluation_changee.connect(self.panneau.afficher)
        for page in self.pages.values():
            page.rafraichir()
        session.evaluation_changee.emit(session.evaluation)

    def page_courante(self) -> Page:
        return Page(self.wizard.currentId())

    def _page_changee(self, identifiant: int) -> None:
        if identifiant >= 0:
            self.session.noter_page(Page(identifiant))

    def aller_a(self, page: Page) -> None:
        """Va directement à une page (les pages ne bloquent jamais le retour en arrière)."""
        while self.wizard.currentId() > page:
            self.wizard.back()
        while self.wizard.currentId() < page:
            if not self.wizard.validateCurrentPage():
                break
            self.wizard.next()

    def aller_au_champ(self, chemin: str) -> None:
        page = page_du_champ(chemin)
        if page is not None:
            self.aller_a(page)
            # Après le changement de page : QWizard place d'abord son propre focus.
            QTimer.singleShot(0, lambda: self.pages[page].aller_au_champ(chemin))

    def montrer_aide(self) -> None:
        page = self.page_courante()
        QMessageBox.information(self, f"Aide — {TITRES[page]}", self.pages[page].AIDE)
