"""Page Exporter : la synthèse PDF, le classeur PAI numérique, le fichier dossier, et les
versions du dossier."""

import copy
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
from app_bureau.ecrans.travail_en_fond import en_fond
from app_bureau.erreurs import message_erreur
from app_bureau.fichier.ecriture import Ensemble
from app_bureau.formats import moment_court
from app_bureau.navigation import Page
from app_bureau.operations.documents import Sorties, preparer_documents
from app_bureau.operations.exporter import placer_et_garder_version

FORMATS = {
    "pdf": ("Synthèse PDF pour le conseil d'administration", "PDF (*.pdf)", ".pdf"),
    "classeur": ("Classeur pour la saisie dans PAI numérique", "Classeur Excel (*.xlsx)", ".xlsx"),
    "dossier": ("Fichier dossier (.json)", "Dossiers ESMS numérique (*.json)", ".json"),
}


class PageExporter(PageDossier):
    PAGE = Page.DOCUMENTS
    AIDE = """
    <p>La <b>synthèse PDF</b> présente le projet au conseil d'administration : montants,
    contrôles, pièces à joindre et l'explication de chaque euro. Le <b>classeur</b> reprend
    tout ce que demande l'outil PAI numérique de la CNSA (porteur, organismes, établissements
    avec leur FINESS, coûts, plan de financement) : rien n'est à recalculer. Le <b>fichier
    dossier</b> (.json) s'échange entre consultant et établissements et se réimporte.</p>
    <p>Chaque export garde une <b>version</b> du dossier, que vous pouvez restaurer plus tard
    (l'état du moment est alors gardé lui aussi).</p>"""

    def __init__(self, session: SessionDossier) -> None:
        super().__init__(session)
        self.definir_sous_titre("Faire sortir le dossier de l'application, et garder ses versions.")
        self.boutons_export: dict[str, QPushButton] = {}
        ligne_exports = QHBoxLayout()
        for genre, texte in (
            ("pdf", "Synthèse &PDF…"),
            ("classeur", "&Classeur PAI numérique…"),
            ("dossier", "&Fichier dossier…"),
        ):
            bouton = QPushButton(texte)
            bouton.setToolTip(FORMATS[genre][0])
            bouton.clicked.connect(lambda _coche=False, g=genre: self.choisir_fichier(g))
            self.boutons_export[genre] = bouton
            ligne_exports.addWidget(bouton)
        ligne_exports.addStretch(1)
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
        colonne.addLayout(ligne_exports)
        colonne.addWidget(self.resultat)
        colonne.addWidget(boite, 1)

    def rafraichir(self) -> None:
        self.versions.clear()
        for version in self.session.depot.versions(self.session.identifiant):
            genre = "automatique" if version.automatique else "à la demande"
            item = QListWidgetItem(f"{moment_court(version.cree_le)} — {version.libelle} ({genre})")
            item.setData(Qt.ItemDataRole.UserRole, version.id)
            self.versions.addItem(item)

    def choisir_fichier(self, genre: str) -> None:
        titre, filtre, extension = FORMATS[genre]
        nom = f"{self.session.dossier.nom or 'dossier'}{extension}".replace("/", "-")
        chemin, _ = QFileDialog.getSaveFileName(self, titre, nom, filtre)
        if chemin:
            # La boîte de dialogue a déjà demandé l'accord pour remplacer un fichier existant.
            self.exporter_vers(genre, Path(chemin), remplacer=True)

    def exporter_vers(self, genre: str, chemin: Path, remplacer: bool = False) -> None:
        """Écrit le document hors du fil de l'interface, sur une copie du dossier ; une version
        est gardée quand c'est fait."""
        sorties = Sorties(**{genre: chemin})
        dossier = copy.deepcopy(self.session.dossier)
        evaluation = self.session.evaluation
        for bouton in self.boutons_export.values():
            bouton.setEnabled(False)

        def fini(ensemble: Ensemble) -> None:
            # Dans le fil de l'interface (la base y vit) : mise en place puis version.
            try:
                placer_et_garder_version(self.session.depot, self.session.identifiant, ensemble)
            except Exception as exc:
                echec(exc)
                return
            finally:
                ensemble.abandonner()
            self._reactiver()
            self.resultat.setText(f"Écrit : {chemin}")
            self.rafraichir()

        def echec(exc: Exception) -> None:
            self._reactiver()
            self.resultat.setText(f"Rien n'a été écrit : {message_erreur(exc)}")

        en_fond(
            self,
            f"Écriture de {chemin.name}…",
            lambda: preparer_documents(dossier, evaluation, sorties, remplacer),
            fini,
            echec,
        )

    def _reactiver(self) -> None:
        for bouton in self.boutons_export.values():
            bouton.setEnabled(True)

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
