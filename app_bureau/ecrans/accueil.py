"""L'écran de bienvenue : montré au premier lancement (la base n'a encore aucun dossier) et
depuis le menu Aide. Il dit en quelques lignes ce que fait l'application, propose d'ouvrir
l'exemple des 9 EHPAD ou de commencer un dossier, et dit où les données sont gardées."""

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app_bureau.referentiel.ressources import ressource

EXEMPLE = "grappe-9-ehpad-bretagne.json"

PRESENTATION = (
    "<h1>Bienvenue dans l'Assistant Grappe</h1>"
    "<p>L'Assistant Grappe vous aide à préparer, avec d'autres petits établissements, votre "
    "demande de financement au programme <b>ESMS numérique</b>, pour vous équiper d'un dossier "
    "usager informatisé (DUI).</p>"
    "<p>Page après page, il vous demande qui porte le projet, quels organismes et quels "
    "établissements y participent, et quelle solution vous choisissez. Il vous dit ensuite "
    "quels établissements sont retenus, si la demande est recevable, où la déposer et combien "
    "vous pouvez recevoir&nbsp;: chaque montant est expliqué par le paragraphe du texte dont il "
    "vient.</p>"
    "<p>Pour voir à quoi ressemble un dossier complet, ouvrez l'exemple&nbsp;: neuf EHPAD de deux "
    "petites associations bretonnes. Vous pourrez le modifier ou le supprimer ensuite, sans "
    "risque.</p>"
    "<p><b>Votre projet est déjà financé&nbsp;?</b> Ouvrez son dossier, ou commencez-en un avec "
    "le porteur, les organismes et les établissements de la convention&nbsp;; puis, à l'étape "
    "«&nbsp;Documents&nbsp;», choisissez «&nbsp;Le projet est financé&nbsp;». L'étape «&nbsp;Suivi"
    "&nbsp;» vous accompagne jusqu'au solde&nbsp;: mesures mensuelles des cibles d'usage, "
    "dépenses, pièces à garder et bilan d'usage pour l'ARS (projets de 2022 à 2025).</p>"
)


def chemin_exemple() -> Path:
    """Le fichier de l'exemple des 9 EHPAD, fourni avec l'application."""
    return Path(str(ressource("exemples", EXEMPLE)))


class Accueil(QWidget):
    """L'écran de bienvenue ; la fenêtre principale répond à ses trois demandes."""

    exemple_demande = Signal()
    nouveau_demande = Signal()
    liste_demandee = Signal()

    def __init__(self, chemin_base: Path) -> None:
        super().__init__()
        self.chemin_base = chemin_base
        self.presentation = QLabel(PRESENTATION)
        self.presentation.setWordWrap(True)
        self.presentation.setTextFormat(Qt.TextFormat.RichText)

        self.bouton_exemple = QPushButton("Ouvrir un &exemple")
        self.bouton_exemple.setToolTip(
            "Une copie du dossier d'exemple : 9 EHPAD de deux petits organismes en Bretagne"
        )
        self.bouton_exemple.clicked.connect(self.exemple_demande)
        self.bouton_nouveau = QPushButton("&Commencer un dossier")
        self.bouton_nouveau.setToolTip("Un dossier vierge, pour la dernière campagne connue")
        self.bouton_nouveau.setDefault(True)
        self.bouton_nouveau.clicked.connect(self.nouveau_demande)
        self.bouton_liste = QPushButton("Voir &mes dossiers")
        self.bouton_liste.setToolTip(
            "La liste des dossiers, pour en importer un (fichier reçu d'un consultant…)"
        )
        self.bouton_liste.clicked.connect(self.liste_demandee)
        boutons = QHBoxLayout()
        for bouton in (self.bouton_exemple, self.bouton_nouveau, self.bouton_liste):
            bouton.setMinimumHeight(36)
            boutons.addWidget(bouton)
        boutons.addStretch(1)

        self.emplacement = QLabel(
            "<p><b>Où sont gardées vos données&nbsp;?</b> Sur cet ordinateur seulement, dans "
            "un seul fichier&nbsp;; rien n'est envoyé sur internet. Chaque saisie y est "
            "enregistrée aussitôt&nbsp;: vous pouvez fermer quand vous voulez.</p>"
            f"<p><tt>{escape(str(chemin_base))}</tt></p>"
            "<p>Pour garder une copie de vos dossiers, copiez ce fichier (application fermée) "
            "sur une clé ou un partage sauvegardé.</p>"
        )
        self.emplacement.setWordWrap(True)
        self.emplacement.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        ouvrir_dossier = QPushButton("Ouvrir le &dossier des données")
        ouvrir_dossier.setToolTip(str(chemin_base.parent))
        ouvrir_dossier.clicked.connect(self.ouvrir_le_dossier_des_donnees)
        ligne_dossier = QHBoxLayout()
        ligne_dossier.addWidget(ouvrir_dossier)
        ligne_dossier.addStretch(1)

        contenu = QWidget()
        contenu.setMaximumWidth(760)
        colonne = QVBoxLayout(contenu)
        colonne.addWidget(self.presentation)
        colonne.addSpacing(12)
        colonne.addLayout(boutons)
        colonne.addSpacing(24)
        colonne.addWidget(self.emplacement)
        colonne.addLayout(ligne_dossier)
        colonne.addStretch(1)
        centre = QHBoxLayout(self)
        centre.addStretch(1)
        centre.addWidget(contenu, 4)
        centre.addStretch(1)

    def ouvrir_le_dossier_des_donnees(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.chemin_base.parent)))
