"""Page « Établissements » : le tableau des ESSMS du projet (l'essentiel de chacun), le
formulaire de l'établissement choisi (tous ses autres champs), le collage depuis un tableur,
l'import d'un fichier CSV ou XLSX et la recherche dans l'extrait FINESS."""

import itertools
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app_bureau.champs_dossier import Nature, definitions_de
from app_bureau.ecrans.champs_formulaire import ChampFormulaire, avec_raccourci
from app_bureau.ecrans.dialogue_import import (
    DialogueColonnes,
    DialogueExtraitFiness,
    ligne_etiquetee,
)
from app_bureau.ecrans.fichiers import dossier_documents
from app_bureau.ecrans.modele_etablissements import (
    CHAMPS_DU_TABLEAU,
    COLONNE_DU_CHAMP,
    COLONNES,
    Colonne,
    ModeleEtablissements,
    chemin_de,
    installer_delegues,
    texte_territoire,
)
from app_bureau.ecrans.page_base import STYLE_ERREUR, PageDossier
from app_bureau.ecrans.session import SessionDossier
from app_bureau.ecrans.signalement import texte_erreur
from app_bureau.ecrans.tableaux import TableCollable, ecrire_ligne_lue
from app_bureau.ecrans.travail_en_fond import en_fond
from app_bureau.libelles import accorder
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

_AIDE_RANG = (
    "L'ordre du tableau compte : les ESSMS retenus sont comptés dans cet ordre et, à partir "
    f"du 50e, les forfaits et plafonds sont réduits ({ref.RANG}). Placez en tête les "
    "établissements à financer en priorité."
)
_RACCOURCIS = {
    "champ": "h",
    "part_activite_eligible": "P",
    "devis_editeur": "v",
    "equipement": "q",
    "deja_finance": "f",
    "personnes_accompagnees": "n",
    "places": "l",
    "commande_sons_autre_logiciel": "S",
}
"""La lettre soulignée (Alt+lettre) des champs du formulaire, unique sur la page ; un champ
ajouté plus tard aux définitions vient sans raccourci, atteint par Tab."""
_SANS_OG = "Ajoutez d'abord un organisme gestionnaire (page « Organismes gestionnaires »)."


class TableEtablissements(TableCollable):
    """Le tableau ; Ctrl+V (hors saisie d'une cellule) demande un collage depuis un tableur.

    Tout tient dans la largeur, sans défilement horizontal : les colonnes courtes ont la
    largeur de leur contenu type et de leur titre, le nom et la catégorie se partagent le
    reste (à chaque changement de taille)."""

    PART_DU_NOM = 0.55
    """Le nom prend un peu plus de la place restante que la catégorie."""

    def __init__(self) -> None:
        super().__init__()
        entetes = self.horizontalHeader()
        entetes.setMinimumSectionSize(40)
        entetes.setStretchLastSection(False)
        entetes.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        mesure = self.fontMetrics().horizontalAdvance
        gras = QFont(entetes.font())
        gras.setBold(True)  # la colonne de la cellule courante a son titre en gras
        titre = QFontMetrics(gras).horizontalAdvance
        exemples = {
            Colonne.FINESS: "2A0000000",
            Colonne.ORGANISME: "Association L",
            Colonne.PROJET: "Mise en conformité",
            Colonne.STATUT: "non retenu : pas",
            Colonne.TOTAL: "1 234 567,00 €",
        }
        self.largeurs_fixes = {
            colonne: max(mesure(exemple) + 16, titre(COLONNES[colonne].titre) + 20)
            for colonne, exemple in exemples.items()
        }
        # Le FINESS refusé porte un signe devant le numéro, qui doit rester lisible.
        icone = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        self.largeurs_fixes[Colonne.FINESS] += icone + 8
        self.largeur_minimale = {
            Colonne.NOM: titre(COLONNES[Colonne.NOM].titre) + 20,
            Colonne.CATEGORIE: mesure("EHPAD…(500)") + 16,
        }

    def ajuster_colonnes(self) -> None:
        place = self.viewport().width() - sum(self.largeurs_fixes.values())
        nom = max(self.largeur_minimale[Colonne.NOM], int(place * self.PART_DU_NOM))
        categorie = max(self.largeur_minimale[Colonne.CATEGORIE], place - nom)
        nom = max(self.largeur_minimale[Colonne.NOM], place - categorie)  # tenir dans la place
        for colonne, largeur in (
            *self.largeurs_fixes.items(),
            (Colonne.NOM, nom),
            (Colonne.CATEGORIE, categorie),
        ):
            self.setColumnWidth(colonne, largeur)

    def resizeEvent(self, evenement: QResizeEvent) -> None:
        super().resizeEvent(evenement)
        self.ajuster_colonnes()


class DialogueCollage(QDialog):
    """L'aperçu d'un collage, d'un fichier importé ou d'une sélection dans l'extrait FINESS :
    chaque ligne lue, son organisme gestionnaire, « ajoutée » (avec ce qui est à vérifier) ou
    ses erreurs, avant tout ajout. L'organisme choisi ici va aux lignes qui n'en indiquent
    pas."""

    def __init__(
        self,
        collage: Collage,
        organismes: Sequence[OrganismeGestionnaire],
        parent: QWidget | None = None,
        titre: str = "Coller depuis un tableur — aperçu",
    ) -> None:
        super().__init__(parent)
        self.collage = collage
        self.setWindowTitle(titre)
        self.resize(820, 480)
        valides = len(collage.valides)
        self.resume = QLabel(self._resume(collage))
        self.resume.setWordWrap(True)
        self.organisme = QComboBox()
        self.organisme.setAccessibleName("Organisme gestionnaire des lignes qui n'en indiquent pas")
        for og in organismes:
            self.organisme.addItem(og.raison_sociale or og.id, og.id)
        noms = {og.id: og.raison_sociale or og.id for og in organismes}
        self._sans_organisme: list[int] = []
        """Les lignes sans organisme : elles prendront celui choisi dans la liste."""
        self.lignes = QTableWidget(len(collage.lignes), 5)
        self.lignes.setAccessibleName("Lignes lues")
        self.lignes.setHorizontalHeaderLabels(["Ligne", "FINESS", "Nom", "Organisme", "Résultat"])
        self.lignes.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lignes.verticalHeader().hide()
        for rang, ligne in enumerate(collage.lignes):
            if not ligne.valide:
                resultat = " ; ".join(ligne.erreurs + ligne.avertissements)
            elif ligne.avertissements:
                resultat = "ajoutée, à vérifier : " + " ; ".join(ligne.avertissements)
            else:
                resultat = "ajoutée"
            e = ligne.etablissement
            organisme = "" if e is None else noms.get(e.organisme, "")
            if e is not None and not e.organisme:
                self._sans_organisme.append(rang)
            textes = (str(ligne.numero), ligne.finess, ligne.nom, organisme, resultat)
            ecrire_ligne_lue(
                self.lignes, rang, textes, ligne.valide, ligne.erreurs, ligne.avertissements
            )
        self._montrer_organisme_choisi()
        self.organisme.currentIndexChanged.connect(self._montrer_organisme_choisi)
        self.lignes.resizeColumnsToContents()
        self.lignes.horizontalHeader().setStretchLastSection(True)
        boutons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.bouton_ok = boutons.button(QDialogButtonBox.StandardButton.Ok)
        self.bouton_ok.setText(
            f"Ajouter {accorder(valides, 'établissement')}" if valides else "Aucune ligne à ajouter"
        )
        self.bouton_ok.setEnabled(valides > 0)
        boutons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuler")
        boutons.accepted.connect(self.accept)
        boutons.rejected.connect(self.reject)
        disposition = QVBoxLayout(self)
        disposition.addWidget(self.resume)
        choix = ligne_etiquetee(
            "&Organisme gestionnaire des lignes qui n'en indiquent pas :", self.organisme
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

    def _montrer_organisme_choisi(self) -> None:
        texte = f"{self.organisme.currentText()} (choisi ci-dessous)"
        for rang in self._sans_organisme:
            self.lignes.item(rang, 3).setText(texte)


class PageEtablissements(PageDossier):
    PAGE = Page.ETABLISSEMENTS
    AIDE = f"""
<h3>Établissements</h3>
<p>Indiquez chaque établissement ou service (ESSMS) du projet, une ligne par établissement.
Le tableau montre l'essentiel (FINESS, nom, organisme gestionnaire, catégorie, projet, statut
et total) ; les autres renseignements de la ligne choisie (champ, part éligible, devis,
équipement…) se remplissent dans le formulaire sous le tableau.</p>
<p>Le programme finance les ESSMS de l'article L.312-1 du code de l'action sociale et des
familles ({ref.ELIGIBILITE_L312_1}) : la <b>catégorie FINESS</b> permet de le vérifier et
propose le champ. Tapez « EHPAD », « SSIAD » ou « IME » dans la cellule pour la trouver. Un
centre hospitalier (catégorie 355), par exemple, n'est pas un ESSMS.</p>
<p><b>FINESS géographique.</b> Chaque établissement est désigné par son numéro FINESS
géographique (celui de l'établissement, pas le FINESS juridique de son organisme
gestionnaire). Sans ce numéro, il ne peut pas être financé ({ref.SANS_FINESS}). Le numéro
donne aussi le département, donc l'ARS concernée. Un numéro refusé (clé fausse, doublon)
reste affiché en rouge et compte comme un problème bloquant jusqu'à sa correction.</p>
<p><b>Établissements non retenus.</b> Un établissement déjà financé par ESMS numérique, ou
qui a commandé la « Prestation Ségur » (SONS) pour un autre logiciel de DUI que celui du
projet, n'est pas retenu ({ref.SONS_AUTRE_LOGICIEL}). Si son organisme gestionnaire est
rattaché à une entité nationale, l'accord écrit de celle-ci est nécessaire, et l'entité ne
doit pas proposer de DUI commun à tous ses ESSMS ({ref.ENTITE_NATIONALE}) : l'un et l'autre
se cochent à la page « Organismes gestionnaires ».</p>
<p><b>L'ordre compte.</b> Les ESSMS retenus sont comptés dans l'ordre du tableau ; à partir
du 50e, les forfaits et plafonds sont réduits ({ref.RANG}). Les boutons « Monter » et
« Descendre » placent en tête les établissements à financer en priorité.</p>
<p><b>Part éligible.</b> Un service qui a aussi une activité hors programme (un service à
domicile qui fait du « confort », par exemple) n'est financé qu'au prorata de son activité
éligible ({ref.CONFORT}).</p>
<p><b>Supprimer</b> retire les lignes choisies sans rien demander : Ctrl+Z (Édition &gt;
Annuler) les remet à leur place.</p>
<p><b>Coller depuis un tableur.</b> Copiez des lignes dans votre tableur puis « Coller
depuis un tableur » (ou Ctrl+V dans le tableau). Sans ligne de titres, les colonnes sont lues
dans cet ordre : FINESS, Nom, Catégorie, Champ, Projet, Part éligible, Devis, Équipement,
Déjà financé, SONS autre logiciel, Personnes accompagnées, Organisme gestionnaire. Avec une
ligne de titres, l'ordre est libre et toute colonne dont le titre désigne un champ du dossier
est lue (Places, Personnes accompagnées…). La colonne <b>Organisme gestionnaire</b> désigne un
organisme du dossier par sa raison sociale, son identifiant ou son FINESS juridique ; une
ligne sans organisme prend celui choisi dans l'aperçu, une ligne dont l'organisme n'est pas
dans le dossier est en erreur. Un aperçu montre chaque ligne avant tout ajout ; les lignes en
erreur ne sont pas ajoutées.</p>
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
motifs) et la colonne <b>Total</b> le financement calculé ; survolez-les pour lire le détail
et les paragraphes cités.</p>
"""

    def __init__(self, session: SessionDossier) -> None:
        super().__init__(session)
        self.definir_sous_titre(
            "Une ligne par établissement ou service ; l'ordre fixe le rang des ESSMS retenus. "
            "Les autres renseignements de la ligne choisie sont sous le tableau. F1 : aide."
        )
        self.ligne_choisie = self._ligne_avant = -1
        """La ligne que montre le formulaire (-1 : aucune)."""

        # Les boutons des lignes, puis ceux qui en ajoutent plusieurs d'un coup.
        self.bouton_ajouter = QPushButton("A&jouter")
        self.bouton_ajouter.setToolTip(
            "Ajoute une ligne pour le premier organisme gestionnaire ; saisissez son FINESS."
        )
        self.bouton_supprimer = QPushButton("Supp&rimer")
        self.bouton_supprimer.setToolTip(
            "Supprime les lignes sélectionnées, sans rien demander : Ctrl+Z les remet."
        )
        self.bouton_monter = QPushButton("&Monter")
        self.bouton_descendre = QPushButton("&Descendre")
        for bouton in (self.bouton_monter, self.bouton_descendre):
            bouton.setToolTip(_AIDE_RANG)
        self.bouton_coller = QPushButton("&Coller depuis un tableur")
        self.bouton_coller.setToolTip(
            "Colle des lignes copiées dans un tableur (FINESS, Nom, Catégorie, Champ, Projet, "
            "Part éligible, Devis, Équipement… ou toute colonne dont le titre désigne un champ, "
            "Organisme gestionnaire compris) ; un aperçu s'affiche avant tout ajout."
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
        boutons = (
            self.bouton_ajouter,
            self.bouton_supprimer,
            self.bouton_monter,
            self.bouton_descendre,
            self.bouton_coller,
            self.bouton_importer,
            self.bouton_extrait,
        )
        for bouton in boutons:
            bouton.setAccessibleName(bouton.text().replace("&", ""))
            bouton.setAccessibleDescription(bouton.toolTip())
            bouton.setAutoDefault(False)

        # Le tableau : l'essentiel de chaque établissement.
        self.modele = ModeleEtablissements(session, self)
        self.table = TableEtablissements()
        self.table.setModel(self.modele)
        self.table.setAccessibleName("Établissements du dossier")
        self.table.setAccessibleDescription(
            "FINESS, nom, organisme, catégorie et projet se modifient dans la cellule (F2) ; "
            "les autres renseignements de la ligne choisie sont dans le formulaire dessous."
        )
        installer_delegues(self.table, self.modele)
        coin = self.table.findChild(QAbstractButton)
        if coin is not None:  # le bouton du coin, qui choisit toutes les lignes
            coin.setAccessibleName("Choisir toutes les lignes")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.setTabKeyNavigation(False)  # Tab sort du tableau ; les flèches s'y déplacent
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.setMinimumHeight(self.fontMetrics().height() * 10)
        lignes = self.table.verticalHeader()
        lignes.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        lignes.setDefaultSectionSize(self.fontMetrics().height() + 10)

        # Le formulaire de la ligne choisie : ses autres champs, tirés des définitions.
        self.formulaire: dict[str, ChampFormulaire] = {}
        self.boite_ligne = QGroupBox("Établissement choisi")
        self.territoire = QLabel()
        self.territoire.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.territoire.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.territoire.setAccessibleName("Département / région (lu dans le FINESS)")
        self.territoire.setToolTip(
            "Lu dans le numéro FINESS : il désigne l'ARS concernée. Non modifiable."
        )
        self._construire_formulaire()

        self.erreur = QLabel()
        self.erreur.setWordWrap(True)
        self.erreur.setStyleSheet(STYLE_ERREUR)
        self.erreur.setAccessibleName("Message")
        self.erreur.hide()
        self.message_bloquant.setAccessibleName("Problèmes bloquants de l'étape")
        self.chemin_extrait: Path | None = None
        """Le dernier extrait FINESS choisi, proposé à la recherche suivante."""

        self.bouton_ajouter.clicked.connect(self.ajouter)
        self.bouton_supprimer.clicked.connect(self.supprimer)
        self.bouton_monter.clicked.connect(self.monter)
        self.bouton_descendre.clicked.connect(self.descendre)
        self.bouton_coller.clicked.connect(self.coller)
        self.bouton_importer.clicked.connect(self.importer_fichier)
        self.bouton_extrait.clicked.connect(self.chercher_dans_l_extrait)
        self.table.coller_demande.connect(self.coller)
        self.modele.erreur_saisie.connect(self.montrer_erreur)
        self.table.selectionModel().currentRowChanged.connect(
            lambda courant, _avant: self.montrer_ligne(courant.row())
        )
        self.modele.modelAboutToBeReset.connect(self._avant_rechargement)
        self.modele.modelReset.connect(self._apres_rechargement)
        session.evaluation_changee.connect(lambda _e: self._relire_formulaire())

        ligne_boutons = QHBoxLayout()
        for bouton in boutons[:4]:
            ligne_boutons.addWidget(bouton)
        ligne_boutons.addStretch(1)
        ligne_ajouts = QHBoxLayout()
        ligne_ajouts.addWidget(QLabel("Ajouter plusieurs établissements :"))
        for bouton in boutons[4:]:
            ligne_ajouts.addWidget(bouton)
        ligne_ajouts.addStretch(1)
        disposition = QVBoxLayout(self)
        disposition.setContentsMargins(0, 0, 0, 0)
        disposition.addLayout(ligne_boutons)
        disposition.addLayout(ligne_ajouts)
        disposition.addWidget(self.table, 1)
        disposition.addWidget(self.erreur)
        disposition.addWidget(self.message_bloquant)
        disposition.addWidget(self.boite_ligne)
        self.champs = {"etablissements": self.table}
        if self.modele.rowCount():  # le formulaire montre d'emblée la première ligne
            self.table.setCurrentIndex(self.modele.index(0, Colonne.FINESS))
        # Tab suit l'écran : la colonne de gauche du formulaire, puis les cases de droite.
        champs = sorted(
            self.formulaire.values(), key=lambda c: c.definition.nature is Nature.BOOLEEN
        )
        ordre = [*boutons, self.table, *(c.saisie for c in champs)]
        for avant, apres in itertools.pairwise(ordre):
            QWidget.setTabOrder(avant, apres)

    def _construire_formulaire(self) -> None:
        """Un champ par définition de l'établissement absente du tableau : à gauche ceux qui
        se tapent ou se choisissent, à droite le département et les cases à cocher."""
        gauche, droite = QFormLayout(), QFormLayout()
        for formulaire in (gauche, droite):
            formulaire.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        etiquette = QLabel("Département / région :")
        etiquette.setToolTip(self.territoire.toolTip())
        droite.addRow(etiquette, self.territoire)
        for d in definitions_de("etablissements[]"):
            if d.attribut in CHAMPS_DU_TABLEAU:
                continue
            champ = ChampFormulaire(d, self.session, chemin_de(0, d.attribut))
            libelle = avec_raccourci(d.libelle, _RACCOURCIS.get(d.attribut, ""))
            if d.nature is Nature.BOOLEEN:
                champ.saisie.setText(libelle)  # type: ignore[attr-defined]
                droite.addRow(champ)
            else:
                etiquette = QLabel(libelle)
                etiquette.setBuddy(champ.saisie)
                gauche.addRow(etiquette, champ)
            self.formulaire[d.attribut] = champ
        colonnes = QHBoxLayout(self.boite_ligne)
        colonnes.addLayout(gauche, 3)
        colonnes.addSpacing(12)
        colonnes.addLayout(droite, 2)

    # --- la ligne choisie ---------------------------------------------------------------

    def montrer_ligne(self, ligne: int) -> None:
        """Le formulaire montre les champs de la ligne (aucune si elle n'existe pas)."""
        existe = 0 <= ligne < self.modele.rowCount()
        self.ligne_choisie = ligne if existe else -1
        self.boite_ligne.setEnabled(existe)
        if existe:
            for attribut, champ in self.formulaire.items():
                champ.lier(chemin_de(ligne, attribut))
        self._relire_formulaire()

    def _relire_formulaire(self) -> None:
        ligne = self.ligne_choisie
        if not 0 <= ligne < self.modele.rowCount():
            self.boite_ligne.setTitle("Établissement choisi : aucun")
            self.territoire.setText("")
            return
        e = self.session.dossier.etablissements[ligne]
        nom = e.nom or e.finess or "sans nom"
        self.boite_ligne.setTitle(f"Ligne {ligne + 1} : {nom}")
        self.boite_ligne.setAccessibleName(f"Établissement choisi, ligne {ligne + 1} : {nom}")
        self.territoire.setText(texte_territoire(e.finess) or "(FINESS à indiquer)")
        for champ in self.formulaire.values():
            champ.relire()

    def _avant_rechargement(self) -> None:
        self._ligne_avant = self.ligne_choisie

    def _apres_rechargement(self) -> None:
        """Lignes ajoutées, retirées ou rechargées : le formulaire garde sa ligne si elle
        existe encore, sinon la dernière."""
        lignes = self.modele.rowCount()
        if not lignes:
            self.montrer_ligne(-1)
            return
        ligne = min(max(self._ligne_avant, 0), lignes - 1)
        self.table.setCurrentIndex(self.modele.index(ligne, Colonne.FINESS))
        self.montrer_ligne(ligne)

    def rafraichir(self) -> None:
        """Après ouverture ou rechargement ; la ligne choisie suit la remise à zéro du
        modèle (`_apres_rechargement`)."""
        self.montrer_erreur("")
        self._relire_formulaire()

    def montrer_erreur(self, message: str) -> None:
        self.erreur.setText(message)
        self.erreur.setVisible(bool(message))

    # --- actions --------------------------------------------------------------------------

    def _lignes_choisies(self) -> list[int]:
        lignes = {i.row() for i in self.table.selectionModel().selectedRows()}
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
            self.montrer_erreur(_SANS_OG)
            return
        ligne = self.modele.ajouter([Etablissement(finess="", organisme=organismes[0].id)])
        self.table.edit(self._aller_a(ligne))

    def supprimer(self) -> None:
        """Supprime les lignes choisies sans rien demander ; Ctrl+Z les remet en place."""
        lignes = self._lignes_choisies()
        nombre = self.modele.supprimer(lignes)
        if not nombre:
            return
        supprimes = accorder(nombre, "établissement supprimé", "établissements supprimés")
        self.session.message.emit(f"{supprimes} — Ctrl+Z pour annuler")
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
            self.montrer_erreur(_SANS_OG)
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
        # Sans organisme par défaut : celui de l'aperçu ira aux lignes qui n'en indiquent pas.
        collage = lire_collage(texte, "", self._finess_du_dossier(), organismes=organismes)
        self._ajouter_apres_apercu(collage, organismes, "Coller depuis un tableur — aperçu")

    def _ajouter_apres_apercu(
        self, collage: Collage, organismes: Sequence[OrganismeGestionnaire], titre: str
    ) -> None:
        """L'aperçu, puis, si l'utilisateur valide, les lignes valides ajoutées en une seule
        modification (une transaction) ; celles qui n'indiquent pas d'organisme prennent
        celui choisi dans l'aperçu. Rien s'il annule."""
        dialogue = DialogueCollage(collage, organismes, self, titre)
        try:
            if dialogue.exec() != QDialog.DialogCode.Accepted or not collage.valides:
                return
            organisme = dialogue.organisme_choisi() or organismes[0].id
        finally:
            dialogue.deleteLater()
        debut = self.modele.ajouter(
            e if e.organisme else replace(e, organisme=organisme) for e in collage.valides
        )
        self.montrer_erreur("")
        self._aller_a(debut)

    def importer_fichier(self) -> None:
        """Choisir le fichier, le lire en fond, choisir les colonnes, puis l'aperçu."""
        if not self._organismes():
            return
        nom, _filtre = QFileDialog.getOpenFileName(
            self,
            "Importer des établissements",
            dossier_documents(),
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
            tableau, disposition, "", self._finess_du_dossier(), organismes=organismes
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
        collage = lire_structures(structures, "", self._finess_du_dossier())
        self._ajouter_apres_apercu(collage, ordonnes, "Extrait FINESS — aperçu")

    def aller_au_champ(self, chemin: str) -> None:
        """`etablissements[3].finess` : la ligne 3, cellule FINESS ;
        `etablissements[3].devis_editeur` : la ligne 3, puis son champ dans le formulaire."""
        trouve = re.fullmatch(r"etablissements\[(\d+)\](?:\.(\w+))?", chemin)
        if trouve and int(trouve.group(1)) < self.modele.rowCount():
            ligne, attribut = int(trouve.group(1)), trouve.group(2) or ""
            self._aller_a(ligne, COLONNE_DU_CHAMP.get(attribut, Colonne.FINESS))
            if attribut in self.formulaire:
                self.montrer_ligne(ligne)
                self.formulaire[attribut].saisie.setFocus()
            return
        super().aller_au_champ(chemin)
