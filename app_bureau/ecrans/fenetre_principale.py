"""Fenêtre principale : la liste des dossiers, puis l'assistant du dossier ouvert.

Elle retient sa taille, sa position et le dernier dossier ouvert (QSettings), et rouvre ce
dossier à la page où l'utilisateur l'a laissé."""

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QMainWindow, QMessageBox, QStackedWidget

from app_bureau.ecrans.assistant import Assistant
from app_bureau.ecrans.liste_dossiers import ListeDossiers
from app_bureau.ecrans.session import SessionDossier
from app_bureau.stockage.base import ErreurBase
from app_bureau.stockage.depot import DepotDossiers


class FenetrePrincipale(QMainWindow):
    def __init__(self, depot: DepotDossiers, reglages: QSettings | None = None) -> None:
        super().__init__()
        self.depot = depot
        self.reglages = reglages or QSettings()
        self.setWindowTitle("Assistant Grappe — ESMS numérique")
        self.resize(1280, 800)
        self.pile = QStackedWidget()
        self.liste = ListeDossiers(depot)
        self.liste.ouvrir_dossier.connect(self.ouvrir)
        self.pile.addWidget(self.liste)
        self.setCentralWidget(self.pile)
        self.assistant: Assistant | None = None
        self.retour = QAction("← Mes &dossiers", self)
        self.retour.setToolTip("Revenir à la liste des dossiers (tout est déjà enregistré)")
        self.retour.triggered.connect(self.montrer_liste)
        self.retour.setEnabled(False)
        self.addToolBar("Navigation").addAction(self.retour)
        geometrie = self.reglages.value("fenetre/geometrie")
        if geometrie is not None:
            self.restoreGeometry(geometrie)

    def rouvrir_le_dernier(self) -> None:
        dernier = self.reglages.value("dossier/dernier")
        if dernier is None:
            return
        if any(r.id == int(dernier) for r in self.depot.lister()):
            self.ouvrir(int(dernier))

    def ouvrir(self, identifiant: int) -> None:
        try:
            session = SessionDossier(self.depot, identifiant)
        except ErreurBase as exc:
            QMessageBox.warning(self, "Dossier introuvable", str(exc))
            return
        session.conflit.connect(self._conflit)
        self._fermer_assistant()
        self.assistant = Assistant(session)
        self.pile.addWidget(self.assistant)
        self.pile.setCurrentWidget(self.assistant)
        self.retour.setEnabled(True)
        self.setWindowTitle(f"{session.dossier.nom} — Assistant Grappe")
        self.reglages.setValue("dossier/dernier", identifiant)

    def _conflit(self, message: str) -> None:
        QMessageBox.warning(self, "Dossier modifié ailleurs", message)
        if self.assistant is not None:
            self.assistant.session.recharger()

    def _fermer_assistant(self) -> None:
        if self.assistant is not None:
            self.pile.removeWidget(self.assistant)
            self.assistant.deleteLater()
            self.assistant = None

    def montrer_liste(self) -> None:
        self._fermer_assistant()
        self.reglages.remove("dossier/dernier")
        self.liste.rafraichir()
        self.pile.setCurrentWidget(self.liste)
        self.retour.setEnabled(False)
        self.setWindowTitle("Assistant Grappe — ESMS numérique")

    def closeEvent(self, evenement: QCloseEvent) -> None:
        self.reglages.setValue("fenetre/geometrie", self.saveGeometry())
        super().closeEvent(evenement)
