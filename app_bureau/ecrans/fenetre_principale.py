"""Fenêtre principale : la liste des dossiers (ou l'accueil, tant que la base n'a aucun
dossier), puis le dossier ouvert ; le menu Édition annule et rétablit, le menu Aide mène à
l'accueil et à « À propos ».

Au premier lancement, elle prend la place disponible de l'écran ; ensuite elle reprend sa
taille et sa position, si elles tiennent dans l'écran du moment (sinon elle s'y ajuste). Elle
retient le dernier dossier ouvert (QSettings) et le rouvre à l'étape où l'utilisateur l'a
laissé. Son titre suit le nom du dossier. Le dossier (et les règles) ne sont chargés qu'à son
ouverture : la fenêtre paraît plus vite."""

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect, QSettings, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence, QUndoStack
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QStackedWidget
from shiboken6 import isValid

TITRE = "Assistant Grappe — ESMS numérique"
HAUTEUR_BARRE_DE_TITRE = 32
"""Ce que la décoration de la fenêtre ajoute au-dessus (inconnu avant l'affichage)."""
DUREE_MESSAGE_MS = 10_000

if TYPE_CHECKING:
    from app_bureau.ecrans.a_propos import APropos
    from app_bureau.ecrans.accueil import Accueil
    from app_bureau.ecrans.assistant import Assistant
    from app_bureau.ecrans.session import SessionDossier
    from app_bureau.stockage.depot import DepotDossiers


class FenetrePrincipale(QMainWindow):
    def __init__(
        self, depot: "DepotDossiers | None" = None, reglages: QSettings | None = None
    ) -> None:
        super().__init__()
        self.reglages = reglages or QSettings()
        self.depot: DepotDossiers | None = None
        self.setWindowTitle(TITRE)
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
        barre = self.addToolBar("Navigation")
        barre.addAction(self.retour)
        barre.setMovable(False)
        self.accueil: Accueil | None = None
        self.a_propos: APropos | None = None
        self.edition = self.menuBar().addMenu("É&dition")
        self.annuler: QAction | None = None
        self.retablir: QAction | None = None
        self._pile: QUndoStack | None = None
        self._menu_edition_vide()
        menu_dossier = self.menuBar().addMenu("D&ossier")
        self.action_finance = menu_dossier.addAction(
            "Le projet est &financé : suivre l'usage…", self._suivre_le_projet
        )
        self.action_finance.setToolTip(
            "Ajoute l'étape « Suivi » : convention, mesures d'usage, dépenses, bilan pour l'ARS"
        )
        self.action_finance.setEnabled(False)
        aide = self.menuBar().addMenu("&Aide")
        self.action_accueil = aide.addAction("&Accueil et premiers pas", self.montrer_accueil)
        self.action_accueil.setEnabled(False)
        self.action_a_propos = aide.addAction("À &propos", self.montrer_a_propos)
        self.action_a_propos.setMenuRole(QAction.MenuRole.AboutRole)
        self.statusBar()
        self.placer()
        if depot is not None:
            self.brancher(depot)

    def placer(self) -> None:
        """La taille et la position gardées si elles tiennent dans l'écran disponible (barre
        de titre comprise) ; sinon (premier lancement, écran plus petit, mise à l'échelle
        changée) la fenêtre s'ouvrira agrandie à toute la place de l'écran."""
        disponible = (self.screen() or QGuiApplication.primaryScreen()).availableGeometry()
        geometrie = self.reglages.value("fenetre/geometrie")
        if geometrie is not None and self.restoreGeometry(geometrie):
            cadre = self.geometry().adjusted(0, -HAUTEUR_BARRE_DE_TITRE, 0, 0)
            if self.isMaximized() or disponible.contains(cadre):
                return
        # Taille hors agrandissement : un peu moins que l'écran, centrée.
        self.setGeometry(
            QRect(
                disponible.topLeft() + QPoint(20, 20 + HAUTEUR_BARRE_DE_TITRE),
                disponible.size() - QSize(40, 40 + HAUTEUR_BARRE_DE_TITRE),
            )
        )
        self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    def _menu_edition_vide(self) -> None:
        """Sans dossier ouvert, Annuler et Rétablir sont là mais inactifs."""
        self.edition.clear()
        for texte, raccourcis in (
            ("Annuler", [QKeySequence.StandardKey.Undo]),
            ("Rétablir", [QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")]),
        ):
            action = self.edition.addAction(texte)
            action.setEnabled(False)
            action.setShortcuts(raccourcis)  # type: ignore[arg-type]

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
        self._brancher_edition(session)
        session.evaluation_changee.connect(lambda _: self._titre_du_dossier())
        session.evaluation_changee.connect(lambda _: self._action_finance())
        session.message.connect(lambda texte: self.statusBar().showMessage(texte, DUREE_MESSAGE_MS))
        self._titre_du_dossier()
        self._action_finance()
        self.reglages.setValue("dossier/dernier", identifiant)

    def _action_finance(self) -> None:
        """« Le projet est financé… » : pour un dossier ouvert qui n'est pas encore suivi."""
        session = self.assistant.session if self.assistant is not None else None
        self.action_finance.setEnabled(session is not None and session.dossier.suivi is None)

    def _suivre_le_projet(self) -> None:
        from app_bureau.ecrans.debut_suivi import demander_le_suivi

        if self.assistant is not None:
            demander_le_suivi(self, self.assistant.session)

    def _titre_du_dossier(self) -> None:
        if self.assistant is not None:
            nom = self.assistant.session.dossier.nom or "Dossier sans nom"
            self.setWindowTitle(f"{nom} — Assistant Grappe")

    def _brancher_edition(self, session: "SessionDossier") -> None:
        """Annuler et Rétablir suivent la pile du dossier ouvert (Ctrl+Z, Ctrl+Y)."""
        self.edition.clear()
        self.annuler = session.pile.createUndoAction(self, "Annuler :")
        self.annuler.setShortcuts(QKeySequence.StandardKey.Undo)
        self.retablir = session.pile.createRedoAction(self, "Rétablir :")
        self.retablir.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        for action in (self.annuler, self.retablir):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.edition.addAction(action)
        self._pile = session.pile
        # Slot de la fenêtre (pas une lambda) : Qt le débranche quand la fenêtre disparaît.
        session.pile.undoTextChanged.connect(self._nommer_annuler_retablir)
        session.pile.redoTextChanged.connect(self._nommer_annuler_retablir)
        self._nommer_annuler_retablir()

    def _nommer_annuler_retablir(self) -> None:
        """« Annuler : modifier … » ; sans rien à annuler, « Annuler » (pas « Annuler : »)."""
        pile = self._pile
        if pile is None or not isValid(pile) or self.annuler is None or self.retablir is None:
            return  # la pile d'un dossier fermé disparaît avec sa session
        for action, verbe, texte in (
            (self.annuler, "Annuler", pile.undoText()),
            (self.retablir, "Rétablir", pile.redoText()),
        ):
            action.setText(f"{verbe} : {texte}" if texte else verbe)

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
        self._menu_edition_vide()
        self._action_finance()
        self.reglages.remove("dossier/dernier")
        self.liste.rafraichir()
        self.pile.setCurrentWidget(self.liste)
        self.retour.setEnabled(False)
        self.setWindowTitle(TITRE)

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
