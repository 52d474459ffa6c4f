"""Le panneau toujours visible : ESSMS retenus, total estimé, problèmes bloquants."""

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

from app_bureau.formats import euros
from app_bureau.libelles import ROUGE, VERT
from app_bureau.modele import Gravite
from app_bureau.regles.resultats import Evaluation


class PanneauSynthese(QFrame):
    def __init__(self) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(210)
        self.retenus = QLabel()
        self.total = QLabel()
        self.bloquants = QLabel()
        self.orientation = QLabel()
        colonne = QVBoxLayout(self)
        titre = QLabel("<b>Synthèse</b>")
        colonne.addWidget(titre)
        for libelle, valeur in (
            ("ESSMS retenus", self.retenus),
            ("Total estimé", self.total),
            ("Problèmes bloquants", self.bloquants),
            ("Dépôt", self.orientation),
        ):
            colonne.addWidget(QLabel(libelle))
            valeur.setStyleSheet("font-size: 15pt; font-weight: bold")
            valeur.setWordWrap(True)
            colonne.addWidget(valeur)
        colonne.addStretch(1)

    def afficher(self, evaluation: Evaluation) -> None:
        self.retenus.setText(str(evaluation.nombre_essms_retenus))
        self.total.setText(euros(evaluation.totaux.total))
        nombre = evaluation.nombre(Gravite.BLOQUANT)
        self.bloquants.setText(str(nombre))
        self.bloquants.setStyleSheet(
            f"font-size: 15pt; font-weight: bold; color: {ROUGE if nombre else VERT}"
        )
        self.orientation.setText(
            "national" if evaluation.orientation.value == "nationale" else "régional"
        )
