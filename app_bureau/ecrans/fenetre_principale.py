"""Fenêtre principale : ouvrir un dossier (ou un exemple) et lire son évaluation.

Elle ne calcule rien : elle demande `evaluer` aux règles et montre la réponse.
"""

from decimal import Decimal
from html import escape
from pathlib import Path

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app_bureau.dossier_fichier import DossierInvalide, charger
from app_bureau.modele import Dossier
from app_bureau.regles import Evaluation, Gravite, evaluer
from app_bureau.ressources_donnees import ressource
from app_bureau.territoires import nom_region

_COULEUR = {
    Gravite.BLOQUANT: "#b00020",
    Gravite.AVERTISSEMENT: "#8a5a00",
    Gravite.INFORMATION: "#1f4e79",
}


def montant(valeur: Decimal) -> str:
    """« 21 500,00 € » selon la locale française de Qt."""
    return QLocale().toCurrencyString(float(valeur), "€")


class FenetrePrincipale(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("Assistant Grappe — ESMS numérique")
        self.resize(1000, 720)
        self.exemples = QComboBox()
        self.exemples.setToolTip("Dossiers d'exemple fournis avec l'application")
        for fichier in sorted(ressource("exemples").iterdir(), key=lambda f: f.name):
            if fichier.name.endswith(".json"):
                self.exemples.addItem(fichier.name.removesuffix(".json"), fichier)
        self.bouton_exemple = QPushButton("Ouvrir l'exemple")
        self.bouton_exemple.clicked.connect(self._ouvrir_exemple)
        bouton_fichier = QPushButton("Ouvrir un dossier…")
        bouton_fichier.setToolTip("Ouvrir un fichier dossier (format dossier-esms-numerique)")
        bouton_fichier.clicked.connect(self._choisir_fichier)
        self.resume = QLabel("Ouvrez un dossier pour voir son évaluation.")
        self.resume.setWordWrap(True)
        self.detail = QTextBrowser()

        barre = QHBoxLayout()
        barre.addWidget(self.exemples, 1)
        barre.addWidget(self.bouton_exemple)
        barre.addWidget(bouton_fichier)
        colonne = QVBoxLayout()
        colonne.addLayout(barre)
        colonne.addWidget(self.resume)
        colonne.addWidget(self.detail, 1)
        centre = QWidget()
        centre.setLayout(colonne)
        self.setCentralWidget(centre)

    def _ouvrir_exemple(self) -> None:
        fichier = self.exemples.currentData()
        if fichier is not None:
            self.ouvrir(Path(str(fichier)))

    def _choisir_fichier(self) -> None:
        chemin, _ = QFileDialog.getOpenFileName(
            self, "Ouvrir un dossier", "", "Dossiers ESMS numérique (*.json)"
        )
        if chemin:
            self.ouvrir(Path(chemin))

    def ouvrir(self, chemin: Path) -> None:
        try:
            dossier = charger(chemin)
        except DossierInvalide as exc:
            QMessageBox.warning(
                self,
                "Dossier invalide",
                "Ce dossier ne peut pas être ouvert :\n\n" + "\n".join(map(str, exc.erreurs)),
            )
            return
        self.afficher(dossier, evaluer(dossier))

    def afficher(self, dossier: Dossier, evaluation: Evaluation) -> None:
        bloquants = evaluation.nombre(Gravite.BLOQUANT)
        pivot = nom_region(evaluation.ars_pivot) if evaluation.ars_pivot else "aucune"
        self.resume.setText(
            f"<b>{escape(dossier.nom)}</b> — {evaluation.nombre_essms_retenus} ESSMS retenus — "
            f"total estimé <b>{montant(evaluation.totaux.total)}</b> — ARS pivot : {pivot} — "
            + ("recevable" if evaluation.recevable else f"{bloquants} problème(s) bloquant(s)")
        )
        lignes = ["<h3>Contrôles</h3><ul>"]
        for a in evaluation.anomalies:
            lignes.append(
                f"<li><span style='color:{_COULEUR[a.gravite]}'><b>{a.gravite.value}</b></span> "
                f"{escape(a.message)} <i>({escape(a.reference)})</i></li>"
            )
        lignes.append("</ul><h3>Financement par ESSMS</h3><table cellpadding='3'>")
        for r in evaluation.etablissements:
            etat = f"rang {r.rang}" if r.retenu else "non retenu"
            lignes.append(
                f"<tr><td>{escape(r.finess)}</td><td>{escape(r.nom)}</td><td>{etat}</td>"
                f"<td align='right'>{montant(r.total)}</td></tr>"
            )
        lignes.append("</table>")
        self.detail.setHtml("".join(lignes))
