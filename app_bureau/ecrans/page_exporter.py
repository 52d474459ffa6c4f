"""Page Exporter : le fichier dossier, et les versions du dossier."""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from app_bureau.ecrans.page_base import PageDossier
from app_bureau.ecrans.session import SessionDossier
from app_bureau.fichiers import ErreurEcriture, ecrire_texte
from app_bureau.formats import moment_court
from app_bureau.navigation import Page


class PageExporter(PageDossier):
    PAGE = Page.EXPORTER
    AIDE = """
    <p>Le <b>fichier dossier</b> (.json) contient tout le dossier : il s'échange entre
    consultant et établissements et se réimporte dans l'application. Chaque export garde une
    <b>version</b> du dossier, que vous pouvez restaurer plus tard (l'état du moment est alors
    gardé lui aussi).</p>"""

    def __init__(self, session: SessionDossier) -> None:
        super().__init__(session)
        self.setSubTitle("Faire sortir le dossier de l'application, et garder ses versions.")
        exporter = QPushButton("Enregistrer le &fichier dossier…")
        exporter.setToolTip("Écrit le dossier au format dossier-esms-numerique (version 1)")
        exporter.clicked.connect(self.choisir_fichier)
        self.resultat = QLabel()
        self.resultat.setWordWrap(True)
        self.versions = QListWidget()
        self.versions.setToolTip("Les états enregistrés du dossier, du plus récent au plus ancien")
        garder = QPushButton("&Garder une version…")
        garder.clicked.connect(self.garder_une_version)
        restaurer = QPushButton("&Restaurer la version choisie")
        restaurer.clicked.connect(self.restaurer_la_version)
        boutons = QHBoxLayout()
        boutons.addWidget(garder)
        boutons.addWidget(restaurer)
        boutons.addStretch(1)
        boite = QGroupBox("Versions du dossier")
        colonne_versions = QVBoxLayout(boite)
        colonne_versions.addWidget(self.versions)
        colonne_versions.addLayout(boutons)
        colonne = QVBoxLayout(self)
        colonne.addWidget(exporter)
        colonne.addWidget(self.resultat)
        colonne.addWidget(boite, 1)

    def rafraichir(self) -> None:
        self.versions.clear()
        for version in self.session.depot.versions(self.session.identifiant):
            genre = "automatique" if version.automatique else "à la demande"
            item = QListWidgetItem(f"{moment_court(version.cree_le)} — {version.libelle} ({genre})")
            item.setData(Qt.ItemDataRole.UserRole, version.id)
            self.versions.addItem(item)

    def choisir_fichier(self) -> None:
        nom = f"{self.session.dossier.nom or 'dossier'}.json".replace("/", "-")
        chemin, _ = QFileDialog.getSaveFileName(
            self, "Enregistrer le fichier dossier", nom, "Dossiers ESMS numérique (*.json)"
        )
        if chemin:
            self.exporter_vers(Path(chemin), remplacer=True)

    def exporter_vers(self, chemin: Path, remplacer: bool = False) -> bool:
        """Écrit le fichier (la boîte de dialogue a déjà demandé l'accord pour remplacer)."""
        try:
            ecrire_texte(chemin, self.session.depot.exporter(self.session.identifiant), remplacer)
        except ErreurEcriture as exc:
            self.resultat.setText(f"Fichier dossier non écrit : {exc}")
            return False
        self.session.depot.creer_version(
            self.session.identifiant, f"Export {chemin.name}", automatique=True
        )
        self.resultat.setText(f"Fichier dossier écrit : {chemin}")
        self.rafraichir()
        return True

    def garder_une_version(self) -> None:
        libelle, ok = QInputDialog.getText(self, "Garder une version", "Nom de la version :")
        if ok:
            self.session.depot.creer_version(self.session.identifiant, libelle or "Version")
            self.rafraichir()

    def restaurer_la_version(self) -> None:
        item = self.versions.currentItem()
        if item is None:
            return
        reponse = QMessageBox.question(
            self,
            "Restaurer une version",
            "Le dossier reprendra l'état de cette version ; son état actuel est gardé comme "
            "version. Continuer ?",
        )
        if reponse == QMessageBox.StandardButton.Yes:
            self.session.depot.restaurer_version(item.data(Qt.ItemDataRole.UserRole))
            self.session.recharger()
