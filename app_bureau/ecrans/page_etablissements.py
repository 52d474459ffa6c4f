"""Page « Établissements » : le tableau des ESSMS du projet, le collage depuis un tableur,
l'import d'un fichier CSV ou XLSX et la recherche dans l'extrait FINESS."""

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app_bureau.ecrans.dialogue_import import (
    DialogueColonnes,
    DialogueExtraitFiness,
    ligne_etiquetee,
)
from app_bureau.ecrans.modele_etablissements import (
    COLONNE_DU_CHAMP,
    Colonne,
    ModeleEtablissements,
    installer_delegues,
)
from app_bureau.ecrans.page_base import STYLE_ERREUR, PageDossier
from app_bureau.ecrans.session import SessionDossier
from app_bureau.ecrans.signalement import texte_erreur
from app_bureau.ecrans.travail_en_fond import en_fond
from app_bureau.libelles import ORANGE, ROUGE
from app_bureau.modele import Etablissement, OrganismeGestionnaire
from app_bureau.navigation import Page
from app_bureau.regles import references as ref
from app_bureau.saisie.collage import Collage, lire_collage
from app_bureau.saisie.extrait_finess import lire_structures
from app_bureau.saisie.import_fichier import (
    Tableau,
    lire_etablissements,
    lire_fichier,
)

_LARGEURS = {
    Colonne.FINESS: 100,
    Colonne.NOM: 210,
    Colonne.ORGANISME: 170,
    Colonne.CATEGORIE: 80,
    Colonne.CHAMP: 160,
    Colonne.PROJET: 140,
    Colonne.PART: 90,
    Colonne.DEVIS: 115,
    Colonne.EQUIPEMENT: 95,
    Colonne.DEJA_FINANCE: 95,
    Colonne.SONS: 130,
    Colonne.PERSONNES: 95,
    Colonne.TERRITOIRE: 240,
}
_AIDE_RANG = (
    "L'ordre du tableau compte : les ESSMS retenus sont comptés dans cet ordre et, à partir "
    f"du 50e, les forfaits et plafonds sont réduits ({ref.RANG}). Placez en tête les "
    "établissements à financer en priorité."
)


class TableEtablissements(QTableView):
    """Le tableau ; Ctrl+V (hors saisie d'une cellule) demande un collage depuis un tableur."""

    coller_demande = Signal()

    def event(self, evenement: QEvent) -> bool:
        # Ctrl+V revient au tableau même si une action de la fenêtre porte ce raccourci.
        if (
            evenement.type() == QEvent.Type.ShortcutOverride
            and isinstance(evenement, QKeyEvent)
            and evenement.matches(QKeySequence.StandardKey.Paste)
        ):
            evenement.accept()
            return True
        return super().event(evenement)

    def keyPressEvent(self, evenement: QKeyEvent) -> None:
        if evenement.matches(QKeySequence.StandardKey.Paste):
            self.coller_demande.emit()
            return
        super().keyPressEvent(evenement)


class DialogueCollage(QDialog):
    """L'aperçu d'un collage, d'un fichier importé ou d'une sélection dans l'extrait FINESS :
    chaque ligne lue, « ajoutée » (avec ce qui est à vérifier) ou ses erreurs, avant tout ajout."""

    def __init__(
        self,
        collage: Collage,
        organismes: list[tuple[str, str]],
        parent: QWidget | None = None,
        titre: str = "Coller depuis un tableur — aperçu",
    ) -> None:
        super().__init__(parent)
        self.collage = collage
        self.setWindowTitle(titre)
        self.resize(760, 480)
        valides = len(collage.valides)
        self.resume = QLabel(self._resume(collage))
        self.resume.setWordWrap(True)
        self.organisme = QComboBox()
        for libelle, identifiant in organismes:
            self.organisme.addItem(libelle, identifiant)
        self.lignes = QTableWidget(len(collage.lignes), 4)
        self.lignes.setHorizontalHeaderLabels(["Ligne", "FINESS", "Nom", "Résultat"])
        self.lignes.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lignes.verticalHeader().hide()
        self.lignes.horizontalHeader().setStretchLastSection(True)
        rouge, orange = QBrush(QColor(ROUGE)), QBrush(QColor(ORANGE))
        for rang, ligne in enumerate(collage.lignes):
            if not ligne.valide:
                resultat = " ; ".join(ligne.erreurs + ligne.avertissements)
            elif ligne.avertissements:
                resultat = "ajoutée, à vérifier : " + " ; ".join(ligne.avertissements)
            else:
                resultat = "ajoutée"
            for colonne, texte in enumerate((str(ligne.numero), ligne.finess, ligne.nom, resultat)):
                cellule = QTableWidgetItem(texte)
                if not ligne.valide or ligne.avertissements:
                    cellule.setForeground(orange if ligne.valide else rouge)
                    cellule.setToolTip("\n".join(ligne.erreurs + ligne.avertissements))
                self.lignes.setItem(rang, colonne, cellule)
        self.lignes.resizeColumnsToContents()
        self.lignes.horizontalHeader().setStretchLastSection(True)
        boutons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.bouton_ok = boutons.button(QDialogButtonBox.StandardButton.Ok)
        self.bouton_ok.setText(
            f"Ajouter {valides} établissement" + ("s" if valides > 1 else "")
            if valides
            else "Aucune ligne à ajouter"
        )
        self.bouton_ok.setEnabled(valides > 0)
        boutons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuler")
        boutons.accepted.connect(self.accept)
        boutons.rejected.connect(self.reject)
        disposition = QVBoxLayout(self)
        disposition.addWidget(self.resume)
        choix = ligne_etiquetee(
            "&Organisme gestionnaire des établissements ajoutés :", self.organisme
        )
        disposition.addLayout(choix)
        disposition.addWidget(self.lignes, 1)
        disposition.addWidget(boutons)

    @staticmethod
    def _resume(collage: Collage) -> str:
        lues, valides = len(collage.lignes), len(collage.valides)
        texte = (
            f"{lues} ligne(s) lue(s) : {valides} seront ajoutées, "
            f"{collage.nombre_erreurs} comportent des erreurs et ne seront pas ajoutées. "
            "Rien n'est ajouté avant que vous validiez."
        )
        if collage.nombre_avertissements:
            texte += (
                f" {collage.nombre_avertissements} ligne(s) ajoutée(s) portent une remarque à "
                "vérifier (en orange)."
            )
        if collage.entete:
            texte += " La première ligne est lue comme une ligne de titres."
        if collage.colonnes_ignorees:
            texte += " Colonnes non lues : " + ", ".join(collage.colonnes_ignorees) + "."
        return " ".join((texte, *collage.remarques))

    def organisme_choisi(self) -> str:
        return str(self.organisme.currentData() or "")


class PageEtablissements(PageDossier):
    PAGE = Page.ETABLISSEMENTS
    AIDE = f"""
<h3>Établissements</h3>
<p>Indiquez chaque établissement ou service (ESSMS) du projet, une ligne par établissement.
Le programme finance les ESSMS de l'article L.312-1 du code de l'action sociale et des
familles ({ref.ELIGIBILITE_L312_1}) : la <b>catégorie FINESS</b> permet de le vérifier et
propose le champ. Un centre hospitalier (catégorie 355), par exemple, n'en est pas un.</p>
<p><b>FINESS géographique.</b> Chaque établissement est désigné par son numéro FINESS
géographique (celui de l'établissement, pas le FINESS juridique de son organisme
gestionnaire). Sans ce numéro, il ne peut pas être financé ({ref.SANS_FINESS}). Le numéro
donne aussi le département, donc l'ARS concernée.</p>
<p><b>Établissements non retenus.</b> Un établissement déjà financé par ESMS numérique, ou
qui a commandé la « Prestation Ségur » (SONS) pour un autre logiciel de DUI que celui du
projet, n'est pas retenu ({ref.SONS_AUTRE_LOGICIEL}). Si son organisme gestionnaire est
rattaché à une entité nationale, l'accord écrit de celle-ci est nécessaire
({ref.ENTITE_NATIONALE}) : il se coche à la page « Organismes gestionnaires ».</p>
<p><b>L'ordre compte.</b> Les ESSMS retenus sont comptés dans l'ordre du tableau ; à partir
du 50e, les forfaits et plafonds sont réduits ({ref.RANG}). Les boutons « Monter » et
« Descendre » placent en tête les établissements à financer en priorité.</p>
<p><b>Part éligible.</b> Un service qui a aussi une activité hors programme (un service à
domicile qui fait du « confort », par exemple) n'est financé qu'au prorata de son activité
éligible ({ref.CONFORT}).</p>
<p><b>Coller depuis un tableur.</b> Copiez des lignes dans votre tableur puis « Coller
depuis un tableur » (ou Ctrl+V dans le tableau). Colonnes dans cet ordre : FINESS, Nom,
Catégorie, Champ, Projet, Part éligible, Devis, Équipement, avec ou sans ligne de titres
(avec des titres, l'ordre est libre). Un aperçu montre chaque ligne avant tout ajout ; les
lignes en erreur ne sont pas ajoutées.</p>
<p><b>Importer un fichier.</b> « Importer un fichier… » lit un classeur .xlsx ou un fichier
CSV (séparé par des points-virgules, des virgules ou des tabulations ; UTF-8 ou
Windows-1252, reconnus seuls). Vous indiquez ce que contient chaque colonne (proposé d'après
les titres), puis le même aperçu montre chaque ligne : FINESS invalide, doublon dans le
fichier ou déjà dans le dossier (refusés), catégorie inconnue (ajoutée, à vérifier). Les
lignes valides sont ajoutées ensemble, ou rien si vous annulez.</p>
<p><b>Extrait FINESS.</b> Téléchargez sur data.gouv.fr l'« Extraction du fichier des
établissements » FINESS, puis « Chercher dans l'extrait FINESS… » : tapez le FINESS juridique
de l'organisme gestionnaire (tous ses établissements) ou des mots du nom, cochez les
établissements à ajouter. Catégorie, champ, adresse et SIRET sont repris de l'extrait.</p>
<p>La colonne <b>Statut</b> reprend le résultat des règles (retenu et son rang, ou les
motifs) ; survolez-la pour lire le détail et les paragraphes cités.</p>
"""

    def __init__(self, session: SessionDossier) -> None:
        super().__init__(session)
        self.definir_sous_titre(
            "Une ligne par établissement ou service ; l'ordre fixe le rang des ESSMS retenus. "
            "F1 : aide."
        )
        self.modele = ModeleEtablissements(session, self)
        self.table = TableEtablissements()
        self.table.setAccessibleName("Établissements du dossier")
        self.table.setModel(self.modele)
        installer_delegues(self.table, self.modele)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        entetes = self.table.horizontalHeader()
        entetes.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # jamais au contenu
        for colonne, largeur in _LARGEURS.items():
            self.table.setColumnWidth(colonne, largeur)
        entetes.setStretchLastSection(True)
        lignes = self.table.verticalHeader()
        lignes.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        lignes.setDefaultSectionSize(self.fontMetrics().height() + 10)

        self.bouton_ajouter = QPushButton("A&jouter")
        self.bouton_ajouter.setToolTip(
            "Ajoute une ligne pour le premier organisme gestionnaire ; saisissez son FINESS."
        )
        self.bouton_supprimer = QPushButton("Supp&rimer")
        self.bouton_supprimer.setToolTip("Supprime les lignes sélectionnées.")
        self.bouton_monter = QPushButton("&Monter")
        self.bouton_descendre = QPushButton("&Descendre")
        for bouton in (self.bouton_monter, self.bouton_descendre):
            bouton.setToolTip(_AIDE_RANG)
        self.bouton_coller = QPushButton("&Coller depuis un tableur")
        self.bouton_coller.setToolTip(
            "Colle des lignes copiées dans un tableur (FINESS, Nom, Catégorie, Champ, Projet, "
            "Part éligible, Devis, Équipement) ; un aperçu s'affiche avant tout ajout."
        )
        self.bouton_importer = QPushButton("&Importer un fichier…")
        self.bouton_importer.setToolTip(
            "Ajoute les établissements d'un classeur .xlsx ou d'un fichier CSV ; vous choisissez "
            "les colonnes, un aperçu s'affiche avant tout ajout."
        )
        self.bouton_extrait = QPushButton("Chercher dans l'e&xtrait FINESS…")
        self.bouton_extrait.setToolTip(
            "Cherche par FINESS juridique ou par nom dans l'extrait FINESS des établissements "
            "téléchargé sur data.gouv.fr ; catégorie, champ, adresse et SIRET sont repris."
        )
        self.chemin_extrait: Path | None = None
        """Le dernier extrait FINESS choisi, proposé à la recherche suivante."""
        self.erreur = QLabel()
        self.erreur.setWordWrap(True)
        self.erreur.setStyleSheet(STYLE_ERREUR)
        self.erreur.hide()

        self.bouton_ajouter.clicked.connect(self.ajouter)
        self.bouton_supprimer.clicked.connect(self.supprimer)
        self.bouton_monter.clicked.connect(self.monter)
        self.bouton_descendre.clicked.connect(self.descendre)
        self.bouton_coller.clicked.connect(self.coller)
        self.bouton_importer.clicked.connect(self.importer_fichier)
        self.bouton_extrait.clicked.connect(self.chercher_dans_l_extrait)
        self.table.coller_demande.connect(self.coller)
        self.modele.erreur_saisie.connect(self.montrer_erreur)

        boutons = QHBoxLayout()
        for bouton in (
            self.bouton_ajouter,
            self.bouton_supprimer,
            self.bouton_monter,
            self.bouton_descendre,
        ):
            boutons.addWidget(bouton)
        boutons.addStretch(1)
        for bouton in (self.bouton_coller, self.bouton_importer, self.bouton_extrait):
            boutons.addWidget(bouton)
        disposition = QVBoxLayout(self)
        disposition.addLayout(boutons)
        disposition.addWidget(self.table, 1)
        disposition.addWidget(self.erreur)
        disposition.addWidget(self.message_bloquant)
        self.champs = {"etablissements": self.table}

    def rafraichir(self) -> None:
        self.montrer_erreur("")

    def montrer_erreur(self, message: str) -> None:
        self.erreur.setText(message)
        self.erreur.setVisible(bool(message))

    # --- actions --------------------------------------------------------------------------

    def _lignes_choisies(self) -> list[int]:
        lignes = {i.row() for i in self.table.selectionModel().selectedIndexes()}
        if not lignes and self.table.currentIndex().isValid():
            lignes = {self.table.currentIndex().row()}
        return sorted(lignes)

    def _aller_a(self, ligne: int, colonne: int = Colonne.FINESS) -> QModelIndex:
        index = self.modele.index(ligne, colonne)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.table.setFocus()
        return index

    def ajouter(self) -> None:
        organismes = self.session.dossier.organismes
        if not organismes:
            self.montrer_erreur(
                "Ajoutez d'abord un organisme gestionnaire (page « Organismes gestionnaires »)."
            )
            return
        ligne = self.modele.ajouter([Etablissement(finess="", organisme=organismes[0].id)])
        self.table.edit(self._aller_a(ligne))

    def supprimer(self) -> None:
        lignes = self._lignes_choisies()
        if not lignes:
            return
        if len(lignes) > 1:
            reponse = QMessageBox.question(
                self,
                "Supprimer des établissements",
                f"Supprimer les {len(lignes)} établissements sélectionnés du dossier ?",
            )
            if reponse != QMessageBox.StandardButton.Yes:
                return
        self.modele.supprimer(lignes)
        if self.modele.rowCount():
            self._aller_a(min(lignes[0], self.modele.rowCount() - 1))

    def monter(self) -> None:
        self.deplacer(-1)

    def descendre(self) -> None:
        self.deplacer(+1)

    def deplacer(self, decalage: int) -> None:
        courant = self.table.currentIndex()
        if not courant.isValid():
            return
        if self.modele.deplacer(courant.row(), decalage):
            self._aller_a(courant.row() + decalage, courant.column())

    def _organismes(self) -> list[OrganismeGestionnaire]:
        """Les OG du dossier ; s'il n'y en a aucun, le dit et rend une liste vide."""
        organismes = self.session.dossier.organismes
        if not organismes:
            self.montrer_erreur(
                "Ajoutez d'abord un organisme gestionnaire (page « Organismes gestionnaires »)."
            )
        return organismes

    def _finess_du_dossier(self) -> list[str]:
        return [e.finess for e in self.session.dossier.etablissements]

    def coller(self) -> None:
        texte = QApplication.clipboard().text()
        organismes = self._organismes()
        if not organismes:
            return
        if not texte.strip():
            self.montrer_erreur(
                "Le presse-papiers ne contient pas de texte : copiez d'abord des lignes dans "
                "votre tableur."
            )
            return
        collage = lire_collage(texte, organismes[0].id, self._finess_du_dossier())
        self._ajouter_apres_apercu(collage, organismes, "Coller depuis un tableur — aperçu")

    def _ajouter_apres_apercu(
        self, collage: Collage, organismes: Sequence[OrganismeGestionnaire], titre: str
    ) -> None:
        """L'aperçu, puis, si l'utilisateur valide, les lignes valides ajoutées en une seule
        modification (une transaction) pour l'OG choisi ; rien s'il annule."""
        dialogue = DialogueCollage(
            collage, [(og.raison_sociale or og.id, og.id) for og in organismes], self, titre
        )
        try:
            if dialogue.exec() != QDialog.DialogCode.Accepted or not collage.valides:
                return
            organisme = dialogue.organisme_choisi() or organismes[0].id
        finally:
            dialogue.deleteLater()
        debut = self.modele.ajouter(replace(e, organisme=organisme) for e in collage.valides)
        self.montrer_erreur("")
        self._aller_a(debut)

    def importer_fichier(self) -> None:
        """Choisir le fichier, le lire en fond, choisir les colonnes, puis l'aperçu."""
        if not self._organismes():
            return
        nom, _filtre = QFileDialog.getOpenFileName(
            self,
            "Importer des établissements",
            "",
            "Classeurs et fichiers CSV (*.xlsx *.csv *.txt);;Tous les fichiers (*)",
        )
        if not nom:
            return
        chemin = Path(nom)

        def illisible(exc: Exception) -> None:
            raison = texte_erreur(exc)
            self.montrer_erreur(f"{chemin.name} n'a pas pu être lu : {raison}")

        en_fond(
            self,
            f"Lecture de {chemin.name}…",
            lambda: lire_fichier(chemin),
            self._fichier_lu,
            illisible,
        )

    def _fichier_lu(self, tableau: Tableau) -> None:
        organismes = self._organismes()
        if not organismes:
            return
        colonnes = DialogueColonnes(tableau, self)
        try:
            if colonnes.exec() != QDialog.DialogCode.Accepted:
                return
            disposition = colonnes.disposition()
        finally:
            colonnes.deleteLater()
        collage = lire_etablissements(
            tableau, disposition, organismes[0].id, self._finess_du_dossier()
        )
        self._ajouter_apres_apercu(collage, organismes, "Importer un fichier — aperçu")

    def chercher_dans_l_extrait(self) -> None:
        """La recherche dans l'extrait FINESS, puis l'aperçu des établissements cochés ; l'OG
        dont le FINESS juridique est celui des établissements choisis est proposé en premier."""
        organismes = self._organismes()
        if not organismes:
            return
        dialogue = DialogueExtraitFiness(self.chemin_extrait, set(self._finess_du_dossier()), self)
        try:
            accepte = dialogue.exec() == QDialog.DialogCode.Accepted
            self.chemin_extrait = dialogue.chemin() or self.chemin_extrait
            structures = dialogue.structures_choisies() if accepte else []
        finally:
            dialogue.deleteLater()
        if not structures:
            return
        juridiques = {s.finess_juridique for s in structures}
        ordonnes = sorted(organismes, key=lambda og: og.finess_juridique not in juridiques)
        collage = lire_structures(structures, ordonnes[0].id, self._finess_du_dossier())
        self._ajouter_apres_apercu(collage, ordonnes, "Extrait FINESS — aperçu")

    def aller_au_champ(self, chemin: str) -> None:
        """`etablissements[3].finess` : sélectionne la ligne 3, colonne FINESS."""
        trouve = re.fullmatch(r"etablissements\[(\d+)\](?:\.(\w+))?", chemin)
        if trouve and int(trouve.group(1)) < self.modele.rowCount():
            colonne = COLONNE_DU_CHAMP.get(trouve.group(2) or "", Colonne.FINESS)
            self._aller_a(int(trouve.group(1)), colonne)
            return
        super().aller_au_champ(chemin)
