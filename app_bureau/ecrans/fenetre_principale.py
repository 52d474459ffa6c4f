"""Fenêtre principale : la liste des dossiers (ou l'accueil, tant que la base n'a aucun
dossier), puis l'assistant du dossier ouvert ; le menu Aide mène à l'accueil et à « À propos ».

Elle retient sa taille, sa position et le dernier dossier ouvert (QSettings), et rouvre ce
dossier à la page où l'utilisateur l'a laissé. L'assistant (et les règles) ne sont chargés
qu'à l'ouverture d'un dossier : la fenêtre paraît plus vite."""

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QStackedWidget

if TYPE_CHECKING:
    from app_bureau.ecrans.a_propos import APropos
    from app_bureau.ecrans.accueil import Accueil
    from app_bureau.ecrans.assistant import Assistant
    from app_bureau.stockage.depot import DepotDossiers


class FenetrePrincipale(QMainWindow):
    def __init__(
        self, depot: "DepotDossiers | None" = None, reglages: QSettings | None = None
    ) -> None:
        super().__init__()
        self.reglages = reglages or QSettings()
        self.depot: DepotDossiers | None = None
        self.setWindowTitle("Assistant Grappe — ESMS numérique")
        self.resize(1280, 800)
        self.pile = QStackedWidget()
        attente = QLabel("Ouverture de vos dossiers…")
        attente.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pile.addWidget(attente)
        self.setCentralWidget(self.pile)
        self.assistant: Assistant | None = None
        self.retour = QAction("← Mes &dossiers", self)
        self.retour.setToolTip("Revenir à la liste des dossiers (tout est déjà enregistré)")
        self.retour.triggered.connect(self.montrer_liste)
        self.retour.setEnabled(False)
        self.addToolBar("Navigation").addAction(self.retour)
        self.accueil: Accueil | None = None
        self.a_propos: APropos | None = None
        aide = self.menuBar().addMenu("&Aide")
        self.action_accueil = aide.addAction("&Accueil et premiers pas", self.montrer_accueil)
        self.action_accueil.setEnabled(False)
        self.action_a_propos = aide.addAction("À &propos", self.montrer_a_propos)
        self.action_a_propos.setMenuRole(QAction.MenuRole.AboutRole)
        geometrie = self.reglages.value("fenetre/geometrie")
        if geometrie is not None:
            self.restoreGeometry(geometrie)
        if depot is not None:
            self.brancher(depot)

    def brancher(self, depot: "DepotDossiers") -> None:
        """Montre la liste des dossiers de la base (la fenêtre peut paraître avant)."""
        from app_bureau.ecrans.liste_dossiers import ListeDossiers

        self.depot = depot
        self.liste = ListeDossiers(depot)
        self.liste.ouvrir_dossier.connect(self.ouvrir)
        self.pile.addWidget(self.liste)
        self.pile.setCurrentWidget(self.liste)
        self.action_accueil.setEnabled(True)
        if not depot.lister() and not depot.lister(archives=True):
            self.montrer_accueil()

    def rouvrir_le_dernier(self) -> None:
        dernier = self.reglages.value("dossier/dernier")
        if dernier is None:
            return
        if any(r.id == int(dernier) for r in self.depot.lister()):
            self.ouvrir(int(dernier))

    def ouvrir(self, identifiant: int) -> None:
        from app_bureau.ecrans.assistant import Assistant
        from app_bureau.ecrans.session import SessionDossier
        from app_bureau.stockage.base import ErreurBase

        try:
            session = SessionDossier(self.depot, identifiant)
        except ErreurBase as exc:
            QMessageBox.warning(self, "Dossier introuvable", str(exc))
            return
        session.conflit.connect(self._conflit)
        session.refus.connect(
            lambda message: QMessageBox.warning(self, "Modification refusée", message)
        )
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

    def montrer_accueil(self) -> None:
        """L'écran de bienvenue (au premier lancement, ou par le menu Aide)."""
        from app_bureau.ecrans.accueil import Accueil, chemin_exemple

        if self.accueil is None:
            fichier = self.depot.db.execute("PRAGMA database_list").fetchone()[2]
            self.accueil = Accueil(Path(fichier))
            self.accueil.exemple_demande.connect(
                lambda: self.liste.importer_fichier(chemin_exemple())
            )
            self.accueil.nouveau_demande.connect(self.liste.nouveau)
            self.accueil.liste_demandee.connect(self.montrer_liste)
            self.pile.addWidget(self.accueil)
        self.montrer_liste()
        self.pile.setCurrentWidget(self.accueil)
        self.retour.setEnabled(True)

    def montrer_a_propos(self) -> None:
        from app_bureau.ecrans.a_propos import APropos

        if self.a_propos is None:
            self.a_propos = APropos(self)
        self.a_propos.open()

    def closeEvent(self, evenement: QCloseEvent) -> None:
        self.reglages.setValue("fenetre/geometrie", self.saveGeometry())
        super().closeEvent(evenement)
