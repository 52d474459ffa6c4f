"""Le panneau toujours visible : ESSMS retenus, total estimé, problèmes bloquants, dépôt.

Le nombre de problèmes bloquants est un bouton : il déroule la liste des problèmes (saisies
refusées comprises), et chacun mène à son champ."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QLabel, QMenu, QPushButton, QVBoxLayout

from app_bureau.ecrans.session import SessionDossier
from app_bureau.formats import euros
from app_bureau.libelles import ORIENTATIONS, ROUGE, VERT, compte_gravite
from app_bureau.modele import Gravite
from app_bureau.navigation import TITRES, Page, page_du_champ

MAXIMUM_DANS_LA_LISTE = 15
"""Au-delà, la liste renvoie à l'étape Éligibilité, qui les montre tous."""


class PanneauSynthese(QFrame):
    aller_au_champ = Signal(str)
    aller_a_l_etape = Signal(object)

    def __init__(self, session: SessionDossier) -> None:
        super().__init__()
        self.session = session
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(210)
        self.retenus = QLabel()
        self.total = QLabel()
        self.orientation = QLabel()
        self.bloquants = QPushButton()
        self.bloquants.setFlat(True)
        self.bloquants.setAutoDefault(False)
        self.bloquants.setToolTip("Voir les problèmes bloquants et aller les corriger")
        self.menu = QMenu(self)
        self.bloquants.clicked.connect(self.montrer_problemes)
        colonne = QVBoxLayout(self)
        colonne.addWidget(QLabel("<b>Synthèse</b>"))
        for libelle, valeur in (
            ("ESSMS retenus", self.retenus),
            ("Total estimé", self.total),
            ("Problèmes bloquants", self.bloquants),
            ("Dépôt", self.orientation),
        ):
            etiquette = QLabel(libelle)
            etiquette.setBuddy(valeur)
            colonne.addWidget(etiquette)
            valeur.setStyleSheet("font-size: 15pt; font-weight: bold; text-align: left")
            valeur.setAccessibleName(libelle)
            if isinstance(valeur, QLabel):
                valeur.setWordWrap(True)
            colonne.addWidget(valeur)
        colonne.addStretch(1)
        session.evaluation_changee.connect(self.afficher)
        session.saisies_changees.connect(self.afficher)

    def problemes(self) -> list:  # type: ignore[type-arg]
        return [a for a in self.session.constats() if a.gravite is Gravite.BLOQUANT]

    def afficher(self, *_: object) -> None:
        evaluation = self.session.evaluation
        self.retenus.setText(str(evaluation.nombre_essms_retenus))
        self.total.setText(euros(evaluation.totaux.total))
        nombre = len(self.problemes())
        self.bloquants.setText(str(nombre))
        self.bloquants.setEnabled(bool(nombre))
        self.bloquants.setAccessibleName(
            compte_gravite(Gravite.BLOQUANT, nombre, aucun_en_lettres=True)
        )
        self.bloquants.setStyleSheet(
            f"font-size: 15pt; font-weight: bold; text-align: left; "
            f"color: {ROUGE if nombre else VERT}"
        )
        self.orientation.setText(ORIENTATIONS[evaluation.orientation])

    def montrer_problemes(self) -> None:
        """Déroule la liste des problèmes bloquants ; choisir l'un mène à son champ."""
        self.menu.clear()
        problemes = self.problemes()
        for a in problemes[:MAXIMUM_DANS_LA_LISTE]:
            page = page_du_champ(a.champ) if a.champ else None
            ou = f" ({TITRES[page]})" if page is not None else ""
            texte = a.message if len(a.message) <= 110 else a.message[:107] + "…"
            action = self.menu.addAction(texte + ou)
            action.setToolTip(a.message)
            action.setEnabled(bool(a.champ))
            action.triggered.connect(lambda _=False, champ=a.champ: self.aller_au_champ.emit(champ))
        if len(problemes) > MAXIMUM_DANS_LA_LISTE:
            reste = len(problemes) - MAXIMUM_DANS_LA_LISTE
            action = self.menu.addAction(f"… et {reste} autres : voir l'étape Éligibilité")
            action.triggered.connect(lambda: self.aller_a_l_etape.emit(Page.ELIGIBILITE))
        self.menu.popup(self.bloquants.mapToGlobal(self.bloquants.rect().bottomLeft()))
