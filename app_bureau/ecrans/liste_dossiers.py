"""L'écran d'accueil : la liste des dossiers de la base, et ce qu'on peut en faire."""

import json
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app_bureau.ecrans.fichiers import dans_documents, dossier_documents
from app_bureau.ecrans.travail_en_fond import en_fond
from app_bureau.fichier.ecriture import ecrire_texte
from app_bureau.formats import euros, moment_court
from app_bureau.libelles import etat_suivi_garde
from app_bureau.referentiel.ressources import ressource

if TYPE_CHECKING:
    from app_bureau.modele import Dossier
    from app_bureau.stockage.depot import DepotDossiers

COLONNES = ("Nom", "Porteur", "ESSMS", "Total estimé", "Suivi", "Modifié le")
SUIVI = COLONNES.index("Suivi")


def dossier_vierge() -> "Dossier":
    """Un dossier neuf, pour la dernière campagne connue, avec un premier organisme."""
    from app_bureau.modele import Dossier, OrganismeGestionnaire
    from app_bureau.regles.parametres import campagnes_d_appel

    derniere = max(campagnes_d_appel())
    return Dossier(
        campagne=derniere, nom="Nouveau dossier", organismes=[OrganismeGestionnaire("og1")]
    )


class ListeDossiers(QWidget):
    ouvrir_dossier = Signal(int)

    def __init__(self, depot: "DepotDossiers") -> None:
        super().__init__()
        self.depot = depot
        self.recherche = QLineEdit()
        self.recherche.setPlaceholderText("Rechercher un dossier ou un porteur…")
        self.recherche.textChanged.connect(self.rafraichir)
        self.table = QTableWidget(0, len(COLONNES))
        self.table.setAccessibleName("Mes dossiers")
        self.table.setHorizontalHeaderLabels(COLONNES)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        entete = self.table.horizontalHeader()
        entete.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        entete.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _: self._ouvrir())
        self.exemples = QComboBox()
        self.exemples.setToolTip("Partir d'un dossier d'exemple fourni avec l'application")
        self.exemples.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.exemples.setMinimumContentsLength(28)
        for fichier in sorted(ressource("exemples").iterdir(), key=lambda f: f.name):
            if fichier.name.endswith(".json"):
                # Le nom du dossier d'exemple, pas celui de son fichier.
                nom = json.loads(fichier.read_text(encoding="utf-8"))["nom"]
                self.exemples.addItem(nom, Path(str(fichier)))
                self.exemples.setItemData(
                    self.exemples.count() - 1, nom, Qt.ItemDataRole.ToolTipRole
                )
        self.message = QLabel()
        self.message.setWordWrap(True)

        actions = (
            ("&Nouveau dossier", self.nouveau, "Un dossier vierge"),
            ("Depuis l'e&xemple", self.depuis_exemple, "Une copie de l'exemple choisi"),
            ("&Ouvrir", self._ouvrir, "Ouvrir le dossier choisi (ou double-clic)"),
            ("&Dupliquer", self.dupliquer, "Une copie du dossier choisi"),
            ("&Importer…", self.importer, "Importer un fichier dossier (.json)"),
            ("E&xporter…", self.exporter, "Écrire le fichier dossier (.json) du dossier choisi"),
            ("&Supprimer", self.supprimer, "Mettre le dossier choisi à la corbeille"),
        )
        boutons = QHBoxLayout()
        for texte, action, infobulle in actions:
            bouton = QPushButton(texte)
            bouton.setToolTip(infobulle)
            bouton.clicked.connect(action)
            boutons.addWidget(bouton)
            if action == self.nouveau:
                boutons.addWidget(self.exemples)
        colonne = QVBoxLayout(self)
        titre = QLabel("<h2>Mes dossiers</h2>")
        colonne.addWidget(titre)
        colonne.addWidget(self.recherche)
        colonne.addWidget(self.table, 1)
        colonne.addLayout(boutons)
        colonne.addWidget(self.message)
        self.rafraichir()

    def rafraichir(self) -> None:
        resumes = self.depot.lister(self.recherche.text().strip())
        self.table.setRowCount(len(resumes))
        for ligne, r in enumerate(resumes):
            total = euros(r.total_estime) if r.total_estime is not None else "—"
            suivi = etat_suivi_garde(r.etat_suivi)
            etat = f"{suivi.symbole} {suivi.libelle}" if suivi else ""
            modifie = moment_court(r.modifie_le)
            valeurs = (r.nom, r.porteur, str(r.nombre_essms), total, etat, modifie)
            for colonne, texte in enumerate(valeurs):
                item = QTableWidgetItem(texte)
                item.setData(Qt.ItemDataRole.UserRole, r.id)
                if colonne == SUIVI and suivi is not None:
                    item.setForeground(QColor(suivi.couleur))
                    item.setToolTip(
                        f"Projet financé, {suivi.libelle} (état au dernier enregistrement, "
                        f"{modifie})"
                    )
                if colonne in (2, 3):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(ligne, colonne, item)

    def identifiant_choisi(self) -> int | None:
        item = self.table.item(self.table.currentRow(), 0)
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def _ouvrir(self) -> None:
        identifiant = self.identifiant_choisi()
        if identifiant is not None:
            self.ouvrir_dossier.emit(identifiant)

    def nouveau(self) -> None:
        self.ouvrir_dossier.emit(self.depot.creer(dossier_vierge()))

    def depuis_exemple(self) -> None:
        self.importer_fichier(self.exemples.currentData())

    def dupliquer(self) -> None:
        identifiant = self.identifiant_choisi()
        if identifiant is not None:
            self.depot.dupliquer(identifiant)
            self.rafraichir()

    def importer(self) -> None:
        """Le fichier choisi est lu et validé en fond ; le dossier est créé ensuite."""
        from app_bureau.fichier.dossier import charger

        chemin, _ = QFileDialog.getOpenFileName(
            self, "Importer un dossier", dossier_documents(), "Dossiers ESMS numérique (*.json)"
        )
        if chemin:
            en_fond(
                self,
                f"Lecture de {Path(chemin).name}…",
                lambda: charger(Path(chemin)),
                self._creer_et_ouvrir,
                lambda exc: self._refuser(Path(chemin), exc),
            )

    def _creer_et_ouvrir(self, dossier: "Dossier") -> None:
        self.ouvrir_dossier.emit(self.depot.creer(dossier))

    def _refuser(self, chemin: Path, exc: Exception) -> None:
        from app_bureau.fichier.dossier import DossierInvalide

        erreurs = exc.erreurs if isinstance(exc, DossierInvalide) else [exc]
        QMessageBox.warning(
            self,
            "Dossier invalide",
            f"{chemin.name} n'a pas été importé :\n\n" + "\n".join(map(str, erreurs)),
        )

    def importer_fichier(self, chemin: Path) -> int | None:
        """Importe et ouvre le dossier ; s'il est invalide, liste les problèmes, rien n'est écrit."""
        from app_bureau.fichier.dossier import DossierInvalide, charger

        try:
            dossier = charger(chemin)
        except DossierInvalide as exc:
            self._refuser(chemin, exc)
            return None
        identifiant = self.depot.creer(dossier)
        self.ouvrir_dossier.emit(identifiant)
        return identifiant

    def exporter(self) -> None:
        identifiant = self.identifiant_choisi()
        if identifiant is None:
            return
        chemin, _ = QFileDialog.getSaveFileName(
            self,
            "Exporter le dossier",
            dans_documents("dossier.json"),
            "Dossiers ESMS numérique (*.json)",
        )
        if not chemin:
            return
        texte = self.depot.exporter(identifiant)

        def ecrit(_resultat: object) -> None:
            self.depot.creer_version(identifiant, f"Export {Path(chemin).name}", automatique=True)
            self.message.setText(f"Dossier exporté : {chemin}")

        en_fond(
            self,
            f"Écriture de {Path(chemin).name}…",
            lambda: ecrire_texte(Path(chemin), texte, remplacer=True),
            ecrit,
            lambda exc: self.message.setText(str(exc)),
        )

    def supprimer(self) -> None:
        identifiant = self.identifiant_choisi()
        if identifiant is None:
            return
        self.depot.mettre_a_la_corbeille(identifiant)
        self.message.setText("Dossier mis à la corbeille (il peut en être sorti).")
        self.rafraichir()
