"""L'aperçu des mesures collées depuis un tableur ou importées d'un fichier : chaque ligne lue,
« ajoutée » ou ses erreurs en français, avant tout ajout. Tout ou rien : tant qu'une ligne est
en erreur, rien ne peut être ajouté (on corrige le tableur, puis on colle de nouveau)."""

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app_bureau.ecrans.tableaux import ecrire_ligne_lue
from app_bureau.libelles import ROUGE, accorder
from app_bureau.saisie.mesures import LectureMesures


def resume(lecture: LectureMesures) -> str:
    lues, valides = len(lecture.lignes), len(lecture.valides)
    textes = list(lecture.erreurs)
    if lecture.lignes:
        textes.append(
            f"{accorder(lues, 'ligne lue', 'lignes lues')} : "
            f"{accorder(valides, 'mesure valide', 'mesures valides')}, "
            f"{accorder(lecture.nombre_erreurs, 'ligne en erreur', 'lignes en erreur')}."
        )
    if lecture.acceptable:
        textes.append("Rien n'est ajouté avant que vous validiez.")
    else:
        textes.append(
            "Rien ne sera ajouté tant qu'une ligne est en erreur : corrigez votre tableur (les "
            "erreurs sont en rouge, ligne par ligne), puis collez ou importez de nouveau."
        )
    if lecture.entete:
        textes.append("La première ligne est lue comme une ligne de titres.")
    if lecture.colonnes_ignorees:
        textes.append("Colonnes non lues : " + ", ".join(lecture.colonnes_ignorees) + ".")
    return " ".join((*textes, *lecture.remarques))


class DialogueMesures(QDialog):
    def __init__(self, lecture: LectureMesures, titre: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lecture = lecture
        self.setWindowTitle(titre)
        self.resize(820, 480)
        self.resume = QLabel(resume(lecture))
        self.resume.setWordWrap(True)
        if lecture.erreurs:
            self.resume.setStyleSheet(f"color: {ROUGE}")
        self.lignes = QTableWidget(len(lecture.lignes), 5)
        self.lignes.setHorizontalHeaderLabels(["Ligne", "FINESS", "ESSMS", "Mois", "Résultat"])
        self.lignes.setAccessibleName("Lignes lues")
        self.lignes.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lignes.verticalHeader().hide()
        for rang, ligne in enumerate(lecture.lignes):
            if not ligne.valide:
                resultat = "× " + " ; ".join(ligne.erreurs)
            elif ligne.avertissements:
                resultat = "! ajoutée, à vérifier : " + " ; ".join(ligne.avertissements)
            else:
                resultat = "✓ ajoutée"
            textes = (str(ligne.numero), ligne.finess, ligne.nom, ligne.mois, resultat)
            ecrire_ligne_lue(
                self.lignes, rang, textes, ligne.valide, ligne.erreurs, ligne.avertissements
            )
        self.lignes.resizeColumnsToContents()
        self.lignes.horizontalHeader().setStretchLastSection(True)
        boutons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.bouton_ok = boutons.button(QDialogButtonBox.StandardButton.Ok)
        valides = len(lecture.valides)
        self.bouton_ok.setText(
            f"Ajouter {accorder(valides, 'mesure')}"
            if lecture.acceptable
            else "Rien à ajouter : corrigez les erreurs"
        )
        self.bouton_ok.setEnabled(lecture.acceptable)
        boutons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuler")
        boutons.accepted.connect(self.accept)
        boutons.rejected.connect(self.reject)
        disposition = QVBoxLayout(self)
        disposition.addWidget(self.resume)
        disposition.addWidget(self.lignes, 1)
        disposition.addWidget(boutons)
