"""Étape « Documents » : la synthèse PDF pour le conseil d'administration, le classeur à
recopier dans l'outil de dépôt de la CNSA, le fichier dossier pour un consultant ou une
sauvegarde ; puis ouvrir le document écrit ou son dossier ; et les versions du dossier.

Un document s'écrit hors du fil de l'interface (`travail_en_fond.en_fond`, sur une copie du
dossier), puis se met en place et une version est gardée dans le fil de l'interface, tout
ou rien (`operations.exporter.placer_et_garder_version`). Si le dossier a des problèmes
bloquants, l'étape le dit avant d'écrire ; l'export reste possible."""

import copy
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
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

from app_bureau.ecrans.debut_suivi import EncadreFinance
from app_bureau.ecrans.ecriture_en_fond import ecrire_en_fond
from app_bureau.ecrans.fichiers import dans_documents, ouvrir_avec_le_systeme
from app_bureau.ecrans.page_base import STYLE_ERREUR, PageDossier
from app_bureau.ecrans.session import SessionDossier
from app_bureau.formats import moment_court
from app_bureau.libelles import DOCUMENTS, accorder
from app_bureau.modele import Gravite
from app_bureau.navigation import Page
from app_bureau.operations.documents import Sorties, preparer_documents
from app_bureau.regles.resultats import Evaluation

FORMATS = {
    "pdf": ("Synthèse PDF (*.pdf)", ".pdf", "Synthèse &PDF…"),
    "classeur": ("Classeur Excel (*.xlsx)", ".xlsx", "&Classeur PAI numérique…"),
    "dossier": ("Dossiers ESMS numérique (*.json)", ".json", "&Fichier dossier…"),
}
"""Par genre de document : le filtre de la boîte d'enregistrement, l'extension, le bouton."""


class PageDocuments(PageDossier):
    PAGE = Page.DOCUMENTS
    AIDE = """
    <p>La <b>synthèse PDF</b> présente le projet au conseil d'administration : montants,
    contrôles, pièces à joindre et l'explication de chaque euro. Le <b>classeur</b> reprend
    tout ce que demande l'outil PAI numérique de la CNSA (porteur, organismes, établissements
    avec leur FINESS, coûts, plan de financement) : rien n'est à recalculer, il suffit de
    recopier. Le <b>fichier dossier</b> (.json) s'échange avec un consultant, sert de
    sauvegarde et se rouvre dans l'application (« Mes dossiers », « Importer… »).</p>
    <p>Si le dossier a encore des <b>problèmes bloquants</b> (étape Éligibilité), l'application
    le dit avant d'écrire : vous pouvez exporter quand même (pour en parler en conseil, par
    exemple), mais le PDF dira « Non recevable ».</p>
    <p>Une fois le document écrit, « Ouvrir » le montre avec le programme habituel de
    l'ordinateur, « Ouvrir le dossier » montre le dossier où il est rangé (par défaut, vos
    Documents).</p>
    <p>Chaque export garde une <b>version</b> du dossier, que vous pouvez restaurer plus tard
    (l'état du moment est alors gardé lui aussi).</p>"""

    def __init__(self, session: SessionDossier) -> None:
        super().__init__(session)
        self.definir_sous_titre(
            "Faire sortir le dossier de l'application, pour qui en a besoin, et garder ses "
            "versions. F1 : aide."
        )
        self.dernier_ecrit: Path | None = None
        """Le dernier document écrit, qu'« Ouvrir » montre."""
        self.dossier_choisi: str | None = None
        """Le dossier où le dernier document a été rangé, proposé au suivant."""

        # Les documents : un bouton et, à côté, à quoi il sert.
        self.boutons_export: dict[str, QPushButton] = {}
        self.usages: dict[str, QLabel] = {}
        grille = QGridLayout()
        grille.setColumnStretch(1, 1)
        for rang, (genre, document) in enumerate(DOCUMENTS.items()):
            bouton = QPushButton(FORMATS[genre][2])
            bouton.setAccessibleName(f"Écrire : {document.titre}")
            bouton.setAccessibleDescription(document.usage)
            bouton.setToolTip(document.usage)
            bouton.setAutoDefault(False)
            bouton.clicked.connect(lambda _coche=False, g=genre: self.choisir_fichier(g))
            usage = QLabel(document.usage)
            usage.setWordWrap(True)
            usage.setBuddy(bouton)
            self.boutons_export[genre] = bouton
            self.usages[genre] = usage
            grille.addWidget(bouton, rang, 0)
            grille.addWidget(usage, rang, 1)
        boite_documents = QGroupBox("Documents")
        boite_documents.setLayout(grille)

        # Ce qui a été écrit, et de quoi l'ouvrir.
        self.resultat = QLabel()
        self.resultat.setWordWrap(True)
        self.resultat.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.resultat.setAccessibleName("Résultat de l'export")
        self.bouton_ouvrir = QPushButton("&Ouvrir")
        self.bouton_ouvrir.setToolTip("Ouvre le document écrit avec le programme habituel")
        self.bouton_ouvrir_dossier = QPushButton("Ouvrir le do&ssier")
        self.bouton_ouvrir_dossier.setToolTip("Montre le dossier où le document est rangé")
        for bouton in (self.bouton_ouvrir, self.bouton_ouvrir_dossier):
            bouton.setAccessibleName(bouton.text().replace("&", ""))
            bouton.setAutoDefault(False)
            bouton.hide()
        self.bouton_ouvrir.clicked.connect(self.ouvrir)
        self.bouton_ouvrir_dossier.clicked.connect(self.ouvrir_le_dossier)
        ligne_resultat = QHBoxLayout()
        ligne_resultat.addWidget(self.resultat, 1)
        ligne_resultat.addWidget(self.bouton_ouvrir)
        ligne_resultat.addWidget(self.bouton_ouvrir_dossier)

        # Les versions.
        self.versions = QListWidget()
        self.versions.setAccessibleName("Versions du dossier")
        self.versions.setToolTip("Les états enregistrés du dossier, du plus récent au plus ancien")
        garder = QPushButton("&Garder une version…")
        garder.clicked.connect(self.garder_une_version)
        restaurer = QPushButton("&Restaurer la version choisie")
        restaurer.clicked.connect(self.restaurer_la_version)
        boutons = QHBoxLayout()
        for bouton in (garder, restaurer):
            bouton.setAccessibleName(bouton.text().replace("&", "").rstrip("…"))
            bouton.setAutoDefault(False)
            boutons.addWidget(bouton)
        boutons.addStretch(1)
        boite_versions = QGroupBox("Versions du dossier")
        colonne_versions = QVBoxLayout(boite_versions)
        colonne_versions.addWidget(self.versions)
        colonne_versions.addLayout(boutons)

        # L'état du dossier, dit avant tout export.
        self.etat = QLabel()
        self.etat.setWordWrap(True)
        self.etat.setAccessibleName("État du dossier")
        session.saisies_changees.connect(self._montrer_etat)

        colonne = QVBoxLayout(self)
        colonne.setContentsMargins(0, 0, 0, 0)
        colonne.addWidget(self.etat)
        colonne.addWidget(boite_documents)
        colonne.addLayout(ligne_resultat)
        colonne.addWidget(boite_versions, 1)
        self.encadre_finance = EncadreFinance(session)
        colonne.addWidget(self.encadre_finance)

    def evaluation_changee(self, evaluation: Evaluation) -> None:
        self._montrer_etat()

    def _montrer_etat(self) -> None:
        nombre = self.nombre_bloquants()
        if nombre:
            bloquants = accorder(nombre, "problème bloquant", "problèmes bloquants")
            self.etat.setText(
                f"Le dossier a {bloquants} (voir l'étape Éligibilité) : "
                f"{DOCUMENTS['pdf'].si_bloquant}. Vous pouvez exporter quand même."
            )
        else:
            texte = "Aucun problème bloquant : le dossier est recevable en l'état"
            campagne = self.session.evaluation.campagne_etat
            if campagne.dates_passees:  # jamais « recevable » sans dire que la campagne est close
                texte += f". Attention : {campagne.texte}"
            self.etat.setText(texte + ".")
        self.etat.setStyleSheet(STYLE_ERREUR if nombre else "")

    def rafraichir(self) -> None:
        self._montrer_etat()
        self.versions.clear()
        for version in self.session.depot.versions(self.session.identifiant):
            genre = "automatique" if version.automatique else "à la demande"
            item = QListWidgetItem(f"{moment_court(version.cree_le)} — {version.libelle} ({genre})")
            item.setData(Qt.ItemDataRole.UserRole, version.id)
            self.versions.addItem(item)

    # --- écrire un document ---------------------------------------------------------------

    def nombre_bloquants(self) -> int:
        """Les problèmes bloquants du dossier, saisies refusées comprises."""
        return sum(1 for a in self.session.constats() if a.gravite is Gravite.BLOQUANT)

    def accord_malgre_les_bloquants(self, genre: str) -> bool:
        """Si le dossier a des problèmes bloquants, le dit et demande s'il faut exporter
        quand même ; True sans problème ou si l'utilisateur le veut."""
        nombre = self.nombre_bloquants()
        if not nombre:
            return True
        bloquants = accorder(nombre, "problème bloquant", "problèmes bloquants")
        reponse = QMessageBox.question(
            self,
            "Problèmes bloquants",
            f"Le dossier a {bloquants} : {DOCUMENTS[genre].si_bloquant}. Exporter quand même ?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return reponse == QMessageBox.StandardButton.Yes

    def choisir_fichier(self, genre: str) -> None:
        """Avertir s'il le faut, puis choisir où écrire (dans Documents par défaut)."""
        if not self.accord_malgre_les_bloquants(genre):
            return
        filtre, extension, _bouton = FORMATS[genre]
        nom = f"{self.session.dossier.nom or 'dossier'}{extension}".replace("/", "-")
        propose = str(Path(self.dossier_choisi) / nom) if self.dossier_choisi else None
        chemin, _ = QFileDialog.getSaveFileName(
            self,
            f"Enregistrer : {DOCUMENTS[genre].titre}",
            propose or dans_documents(nom),
            filtre,
        )
        if chemin:
            # La boîte de dialogue a déjà demandé l'accord pour remplacer un fichier existant.
            self.exporter_vers(genre, Path(chemin), remplacer=True)

    def exporter_vers(self, genre: str, chemin: Path, remplacer: bool = False) -> None:
        """Écrit le document hors du fil de l'interface, sur une copie du dossier ; une version
        est gardée quand c'est fait."""
        sorties = Sorties(**{genre: chemin})
        dossier = copy.deepcopy(self.session.dossier)
        evaluation = self.session.evaluation

        def ecrit() -> None:
            self.montrer_ecrit(chemin)
            self.rafraichir()

        ecrire_en_fond(
            self,
            self.session,
            chemin,
            lambda: preparer_documents(dossier, evaluation, sorties, remplacer),
            self.boutons_export.values(),
            ecrit,
            lambda message: self._montrer_resultat(message, erreur=True),
        )

    def montrer_ecrit(self, chemin: Path) -> None:
        self.dernier_ecrit = chemin
        self.dossier_choisi = str(chemin.parent)
        self._montrer_resultat(f"Écrit : {chemin}")
        self.bouton_ouvrir.show()
        self.bouton_ouvrir_dossier.show()
        self.bouton_ouvrir.setFocus()

    def _montrer_resultat(self, texte: str, erreur: bool = False) -> None:
        self.resultat.setText(texte)
        self.resultat.setStyleSheet(STYLE_ERREUR if erreur else "")
        if erreur:
            self.bouton_ouvrir.hide()
            self.bouton_ouvrir_dossier.hide()

    # --- ouvrir ce qui a été écrit ----------------------------------------------------------

    def ouvrir(self) -> None:
        if self.dernier_ecrit is not None:
            self._ouvrir(self.dernier_ecrit)

    def ouvrir_le_dossier(self) -> None:
        if self.dernier_ecrit is not None:
            self._ouvrir(self.dernier_ecrit.parent)

    def _ouvrir(self, chemin: Path) -> None:
        if not ouvrir_avec_le_systeme(chemin):
            self._montrer_resultat(
                f"L'ordinateur n'a pas pu ouvrir {chemin} : ouvrez-le depuis l'explorateur de "
                "fichiers.",
                erreur=True,
            )

    # --- versions -------------------------------------------------------------------------

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
