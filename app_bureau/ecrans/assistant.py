"""Le dossier ouvert : la liste des étapes à gauche (chacune avec son état), l'étape choisie au
centre (elle défile si elle est plus haute que la fenêtre), l'aide (F1) et le panneau de
synthèse à droite.

Toute étape est à un clic, à tout moment, dans l'ordre qu'on veut ; « Précédent » et
« Suivant » restent pour qui les aime. Rien ne cache le dossier (ni Échap, ni Entrée, ni la
dernière étape) : on le quitte par « ← Mes dossiers » ou en fermant la fenêtre. Les étapes,
leur état et l'étape de chaque champ viennent de `navigation` (sans Qt) ; ce module ne fait
que les montrer.
"""

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QIcon, QKeySequence, QPainter, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app_bureau.ecrans.debut_suivi import EncadreFinance
from app_bureau.ecrans.page_autodiagnostic import PageAutodiagnostic
from app_bureau.ecrans.page_base import PageDossier
from app_bureau.ecrans.page_documents import PageDocuments
from app_bureau.ecrans.page_eligibilite import PageEligibilite
from app_bureau.ecrans.page_etablissements import PageEtablissements
from app_bureau.ecrans.page_financement import PageFinancement
from app_bureau.ecrans.page_organismes import PageOrganismes
from app_bureau.ecrans.page_porteur import PagePorteur
from app_bureau.ecrans.page_solution import PageSolution
from app_bureau.ecrans.page_suivi import PageSuivi
from app_bureau.ecrans.panneau_synthese import PanneauSynthese
from app_bureau.ecrans.session import SessionDossier
from app_bureau.libelles import ETATS_SUIVI, GRIS, ORANGE, ROUGE, VERT
from app_bureau.navigation import (
    TITRES,
    EtatEtape,
    Page,
    etat,
    page_du_champ,
    page_precedente,
    page_suivante,
    visibles,
)

CLASSES_DES_PAGES: tuple[type[PageDossier], ...] = (
    PagePorteur,
    PageOrganismes,
    PageEtablissements,
    PageSolution,
    PageAutodiagnostic,
    PageEligibilite,
    PageFinancement,
    PageDocuments,
    PageSuivi,
)

Index = QModelIndex | QPersistentModelIndex


def _pastille(couleur: str, signe: str) -> QIcon:
    """Un disque coloré avec un signe : l'état ne repose pas sur la couleur seule."""
    image = QPixmap(28, 28)
    image.fill(Qt.GlobalColor.transparent)
    peintre = QPainter(image)
    peintre.setRenderHint(QPainter.RenderHint.Antialiasing)
    peintre.setPen(Qt.PenStyle.NoPen)
    peintre.setBrush(QColor(couleur))
    peintre.drawEllipse(1, 1, 26, 26)
    peintre.setPen(QColor("white"))
    police = peintre.font()
    police.setPixelSize(18)
    police.setBold(True)
    peintre.setFont(police)
    peintre.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, signe)
    peintre.end()
    return QIcon(image)


class ModeleEtapes(QAbstractListModel):
    """Une ligne par étape : « 3. Établissements — 2 problèmes bloquants »."""

    def __init__(self, session: SessionDossier) -> None:
        super().__init__()
        self.session = session
        self.etats: dict[Page, EtatEtape] = {}
        self._icones = {
            "bloquant": _pastille(ROUGE, "×"),
            "a_completer": _pastille(ORANGE, "…"),
            "complet": _pastille(VERT, "✓"),
            "resultat": _pastille(GRIS, "i"),
            **{e: _pastille(p.couleur, p.symbole) for e, p in ETATS_SUIVI.items()},
        }
        self.recalculer()
        session.evaluation_changee.connect(self.recalculer)
        session.saisies_changees.connect(self.recalculer)

    def recalculer(self) -> None:
        s = self.session
        self.etats = {p: etat(p, s.dossier, s.evaluation, s.saisies, s.suivi) for p in Page}
        self.dataChanged.emit(self.index(0), self.index(len(Page) - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Page)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        page = Page(index.row())
        e = self.etats[page]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{page + 1}. {TITRES[page]}\n{e.libelle}"
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"Étape {page + 1}, {TITRES[page]} : {e.libelle} (Ctrl+{page + 1})"
        if role == Qt.ItemDataRole.DecorationRole:
            if e.complet and e.suivi is not None:
                return self._icones[e.suivi]  # l'état de la grappe, avec son signe
            cle = "bloquant" if e.bloquants else "a_completer" if e.a_completer else "complet"
            return self._icones[cle]
        return None


class Assistant(QWidget):
    """Les étapes du dossier, l'étape choisie, l'aide et le panneau de synthèse."""

    def __init__(self, session: SessionDossier) -> None:
        super().__init__()
        self.session = session
        self._courante: Page | None = None
        self.setAccessibleName(f"Dossier {session.dossier.nom}")

        # Les étapes, à gauche.
        self.etapes = ModeleEtapes(session)
        self.liste = QListView()
        self.liste.setModel(self.etapes)
        self.liste.setIconSize(QSize(22, 22))
        self.liste.setSpacing(2)
        self.liste.setWordWrap(True)
        self.liste.setUniformItemSizes(True)
        self.liste.setFixedWidth(220)
        self.liste.setAccessibleName("Étapes du dossier")
        self.liste.setAccessibleDescription(
            "Choisissez une étape ; Ctrl+1 à Ctrl+9 y vont directement."
        )

        # L'étape choisie, au centre, dans une zone qui défile.
        self.titre = QLabel()
        self.titre.setStyleSheet("font-size: 14pt; font-weight: bold")
        self.sous_titre = QLabel()
        self.sous_titre.setWordWrap(True)
        self.pile = QStackedWidget()
        self.pages: dict[Page, PageDossier] = {}
        self.defilements: dict[Page, QScrollArea] = {}
        for classe in CLASSES_DES_PAGES:
            page = classe(session)
            defilement = QScrollArea()
            defilement.setWidgetResizable(True)
            defilement.setFrameShape(QFrame.Shape.NoFrame)
            defilement.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab va au premier champ
            defilement.setWidget(page)
            self.pages[classe.PAGE] = page
            self.defilements[classe.PAGE] = defilement
            self.pile.addWidget(defilement)
        self.precedente = QPushButton("‹ Précédent")
        self.precedente.setToolTip("L'étape précédente (Ctrl+Page précédente)")
        self.suivante = QPushButton("Suivant ›")
        self.suivante.setToolTip("L'étape suivante (Ctrl+Page suivante)")
        self.bouton_aide = QPushButton("Aide (F1)")
        self.bouton_aide.setCheckable(True)
        self.bouton_aide.setToolTip("Montrer ou cacher l'aide de l'étape, avec ses paragraphes")
        for bouton in (self.precedente, self.suivante, self.bouton_aide):
            bouton.setAutoDefault(False)
            bouton.setAccessibleName(bouton.text())
        barre = QHBoxLayout()
        barre.addWidget(self.bouton_aide)
        barre.addStretch(1)
        barre.addWidget(self.precedente)
        barre.addWidget(self.suivante)
        centre = QWidget()
        colonne = QVBoxLayout(centre)
        colonne.setContentsMargins(8, 0, 8, 0)
        colonne.addWidget(self.titre)
        colonne.addWidget(self.sous_titre)
        colonne.addWidget(self.pile, 1)
        colonne.addLayout(barre)

        # L'aide et la synthèse, à droite.
        self.aide = QTextBrowser()
        self.aide.setOpenExternalLinks(False)
        self.aide.setAccessibleName("Aide de l'étape")
        self.aide.hide()
        self.panneau = PanneauSynthese(session)
        self.panneau.aller_au_champ.connect(self.aller_au_champ)
        self.panneau.aller_a_l_etape.connect(self.aller_a)
        cote = QSplitter(Qt.Orientation.Vertical)
        cote.addWidget(self.aide)
        cote.addWidget(self.panneau)
        cote.setStretchFactor(0, 3)
        cote.setStretchFactor(1, 1)
        cote.setChildrenCollapsible(False)

        separation = QSplitter(Qt.Orientation.Horizontal)
        separation.addWidget(centre)
        separation.addWidget(cote)
        separation.setStretchFactor(0, 1)
        separation.setChildrenCollapsible(False)
        disposition = QHBoxLayout(self)
        disposition.addWidget(self.liste)
        disposition.addWidget(separation, 1)

        self.liste.selectionModel().currentChanged.connect(
            lambda courant, _precedent: (
                self.aller_a(Page(courant.row())) if courant.isValid() else None
            )
        )
        self.precedente.clicked.connect(self._precedente)
        self.suivante.clicked.connect(self._suivante)
        self.bouton_aide.toggled.connect(self.montrer_aide)
        QShortcut(QKeySequence(Qt.Key.Key_F1), self, self.bouton_aide.toggle)
        QShortcut(QKeySequence("Ctrl+PgUp"), self, self._precedente)
        QShortcut(QKeySequence("Ctrl+PgDown"), self, self._suivante)
        for page in Page:
            QShortcut(QKeySequence(f"Ctrl+{page + 1}"), self, lambda p=page: self.aller_a(p))
        self.pages[Page.ELIGIBILITE].champ_a_corriger.connect(self.aller_au_champ)  # type: ignore[attr-defined]
        for encadre in self.findChildren(EncadreFinance):
            encadre.aller_au_suivi.connect(lambda: self.aller_a(Page.SUIVI))
        self._finance = session.dossier.suivi is not None
        session.evaluation_changee.connect(self._suivi_change)
        for page in self.pages.values():
            page.rafraichir()
        session.evaluation_changee.emit(session.evaluation)
        self.aller_a(session.page_initiale)

    # --- aller d'une étape à l'autre -------------------------------------------------------

    def page_courante(self) -> Page:
        return Page(self.pile.currentIndex())

    def visibles(self) -> tuple[Page, ...]:
        return visibles(self.session.dossier)

    def _suivi_change(self, *_: object) -> None:
        """Le dossier devient financé (ou ne l'est plus, après Annuler) : l'étape « Suivi »
        paraît et l'on y va (ou elle disparaît et l'on revient aux Documents)."""
        finance = self.session.dossier.suivi is not None
        self.liste.setRowHidden(Page.SUIVI, not finance)
        if finance != self._finance:
            self._finance = finance
            if finance:
                self.aller_a(Page.SUIVI)
            elif self._courante is Page.SUIVI:
                self.aller_a(Page.DOCUMENTS)
        if self._courante is not None:
            self.suivante.setEnabled(page_suivante(self._courante, self.visibles()) is not None)

    def aller_a(self, page: Page) -> None:
        """Montre l'étape ; sans effet si elle l'est déjà ou si elle est cachée (« Suivi »
        d'un dossier qui n'est pas financé). Ne boucle jamais : un seul saut."""
        if page not in self.visibles():
            page = Page.PORTEUR if self._courante is None else self._courante
        if page is self._courante:
            return
        self._courante = page
        self.pile.setCurrentIndex(page)
        self.liste.setCurrentIndex(self.etapes.index(page))
        vue = self.pages[page]
        self.titre.setText(f"{page + 1}. {TITRES[page]}")
        self.sous_titre.setText(vue.sous_titre)
        self.sous_titre.setVisible(bool(vue.sous_titre))
        self.precedente.setEnabled(page_precedente(page, self.visibles()) is not None)
        self.suivante.setEnabled(page_suivante(page, self.visibles()) is not None)
        self.aide.setHtml(f"<h3>{TITRES[page]}</h3>{vue.AIDE}")
        self.session.noter_page(page)

    def _precedente(self) -> None:
        page = page_precedente(self.page_courante(), self.visibles())
        if page is not None:
            self.aller_a(page)

    def _suivante(self) -> None:
        page = page_suivante(self.page_courante(), self.visibles())
        if page is not None:
            self.aller_a(page)

    def aller_au_champ(self, chemin: str) -> None:
        """Va à l'étape du champ et lui donne le focus, le faisant défiler jusqu'à lui."""
        page = page_du_champ(chemin)
        if page is None:
            return
        self.aller_a(page)

        def viser() -> None:
            self.pages[page].aller_au_champ(chemin)
            cible = self.focusWidget()
            if cible is not None and self.pages[page].isAncestorOf(cible):
                self.defilements[page].ensureWidgetVisible(cible)

        QTimer.singleShot(0, viser)

    def montrer_aide(self, visible: bool) -> None:
        """L'aide de l'étape dans un volet qui défile, à côté du dossier (F1)."""
        self.aide.setVisible(visible)
        if self.bouton_aide.isChecked() != visible:
            self.bouton_aide.setChecked(visible)
