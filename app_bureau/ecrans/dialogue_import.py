"""Les dialogues de l'import d'établissements : choisir les colonnes d'un fichier CSV ou XLSX,
chercher dans l'extrait FINESS. L'aperçu qui suit, avant tout ajout, est celui du collage
(`page_etablissements.DialogueCollage`) : les mêmes lignes, les mêmes erreurs."""

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app_bureau.ecrans.fichiers import dossier_documents
from app_bureau.ecrans.signalement import texte_erreur
from app_bureau.ecrans.travail_en_fond import en_fond
from app_bureau.libelles import GRIS_MOYEN, ROUGE
from app_bureau.saisie.collage import COLONNES, Disposition
from app_bureau.saisie.extrait_finess import Recherche, StructureFiness, chercher
from app_bureau.saisie.import_fichier import Tableau, avec_attributs, deviner, lettre, problemes

_LIGNES_MONTREES = 8


def _boutons_ok_annuler(dialogue: QDialog, texte_ok: str) -> tuple[QDialogButtonBox, QPushButton]:
    boutons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    ok = boutons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(texte_ok)
    boutons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuler")
    boutons.accepted.connect(dialogue.accept)
    boutons.rejected.connect(dialogue.reject)
    return boutons, ok


def ligne_etiquetee(
    texte: str, champ: QWidget, *suivants: QWidget, compagnon: QWidget | None = None
) -> QHBoxLayout:
    """Une étiquette (son raccourci mène au `compagnon`, à défaut au champ), le champ étiré,
    puis les widgets `suivants`."""
    ligne = QHBoxLayout()
    etiquette = QLabel(texte)
    etiquette.setBuddy(compagnon or champ)
    ligne.addWidget(etiquette)
    ligne.addWidget(champ, 1)
    for widget in suivants:
        ligne.addWidget(widget)
    return ligne


class DialogueColonnes(QDialog):
    """Quelle colonne du fichier donne quel champ : une liste par colonne, préremplie
    d'après les titres, au-dessus des premières lignes du fichier."""

    def __init__(self, tableau: Tableau, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tableau = tableau
        self.setWindowTitle("Importer un fichier — colonnes")
        self.resize(880, 420)
        devinee = deviner(tableau)
        nombre = len(tableau.lignes)
        texte = (
            f"Fichier lu : {tableau.description}, {nombre} ligne{'s' if nombre > 1 else ''}. "
            "Indiquez ce que contient chaque colonne (proposé d'après les titres) ; seule la "
            "colonne FINESS est obligatoire. L'aperçu suivant montrera chaque ligne avant tout "
            "ajout."
        )
        self.resume = QLabel(" ".join((texte, *tableau.remarques)))
        self.resume.setWordWrap(True)
        self.entete = QCheckBox("La première ligne contient les &titres des colonnes")
        self.entete.setChecked(devinee.entete)
        largeur = tableau.nombre_colonnes
        montrees = tableau.lignes[:_LIGNES_MONTREES]
        self.apercu = QTableWidget(len(montrees) + 1, largeur)
        self.apercu.setHorizontalHeaderLabels([lettre(i) for i in range(largeur)])
        self.apercu.setVerticalHeaderLabels(
            ["Lire comme"] + [str(i) for i in range(1, len(montrees) + 1)]
        )
        self.apercu.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.choix: list[QComboBox] = []
        for colonne in range(largeur):
            liste = QComboBox()
            liste.addItem("— ne pas lire —", "")
            for attribut, titre in COLONNES:
                liste.addItem(titre, attribut)
            liste.setCurrentIndex(max(0, liste.findData(devinee.attributs[colonne])))
            liste.setAccessibleName(f"Colonne {lettre(colonne)}")
            liste.currentIndexChanged.connect(self._verifier)
            self.apercu.setCellWidget(0, colonne, liste)
            self.choix.append(liste)
        for rang, cellules in enumerate(montrees, start=1):
            for colonne, texte_cellule in enumerate(cellules):
                self.apercu.setItem(rang, colonne, QTableWidgetItem(texte_cellule))
        self.apercu.resizeColumnsToContents()
        self.probleme = QLabel()
        self.probleme.setWordWrap(True)
        self.probleme.setStyleSheet(f"color: {ROUGE}")
        boutons, self.bouton_ok = _boutons_ok_annuler(self, "Voir l'&aperçu")
        self.entete.toggled.connect(self._verifier)

        disposition = QVBoxLayout(self)
        disposition.addWidget(self.resume)
        disposition.addWidget(self.entete)
        disposition.addWidget(self.apercu, 1)
        disposition.addWidget(self.probleme)
        disposition.addWidget(boutons)
        self._verifier()

    def choisir(self, colonne: int, attribut: str) -> None:
        """Choisit le champ d'une colonne (« » : ne pas la lire), comme l'utilisateur."""
        self.choix[colonne].setCurrentIndex(self.choix[colonne].findData(attribut))

    def disposition(self) -> Disposition:
        attributs = [str(liste.currentData() or "") for liste in self.choix]
        return avec_attributs(self.tableau, attributs, self.entete.isChecked())

    def _verifier(self) -> None:
        messages = problemes(self.disposition())
        self.probleme.setText(" ".join(messages))
        self.probleme.setVisible(bool(messages))
        self.bouton_ok.setEnabled(not messages)


class _Avancement(QObject):
    """Porte la progression du fil de la recherche vers celui de l'interface."""

    avance = Signal(int, int)


class DialogueExtraitFiness(QDialog):
    """Choisir le fichier de l'extrait FINESS, y chercher un FINESS ou des mots du nom (en
    fond, avec progression), cocher les établissements à ajouter."""

    def __init__(
        self,
        chemin: Path | None,
        finess_du_dossier: set[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Chercher dans l'extrait FINESS")
        self.resize(940, 560)
        self.finess_du_dossier = finess_du_dossier
        self.recherche: Recherche | None = None
        self.progression: QProgressDialog | None = None
        self.avancement = _Avancement(self)
        self.avancement.avance.connect(self._avancer, Qt.ConnectionType.QueuedConnection)

        explication = QLabel(
            "Téléchargez sur data.gouv.fr le fichier « FINESS Extraction du Fichier des "
            "établissements » (etalab-cs1100507-stock-….csv), puis cherchez le FINESS "
            "juridique de votre organisme gestionnaire, un FINESS géographique, ou des mots "
            "du nom ou de la commune (sans souci des accents ni des majuscules)."
        )
        explication.setWordWrap(True)
        self.fichier = QLineEdit(str(chemin) if chemin else "")
        self.fichier.setReadOnly(True)
        self.fichier.setPlaceholderText("aucun fichier choisi")
        self.bouton_fichier = QPushButton("Choisir le &fichier…")
        self.bouton_fichier.clicked.connect(self.choisir_fichier)
        self.requete = QLineEdit()
        self.requete.setPlaceholderText(
            "FINESS juridique (350000204) ou mots du nom (ehpad rennes)"
        )
        self.bouton_chercher = QPushButton("&Rechercher")
        self.bouton_chercher.setDefault(True)  # Entrée dans la recherche : chercher
        self.bouton_chercher.clicked.connect(self.rechercher)
        self.etat = QLabel()
        self.etat.setWordWrap(True)
        self.resultats = QTableWidget(0, 6)
        self.resultats.setHorizontalHeaderLabels(
            ["FINESS", "Nom", "Catégorie", "Commune", "Territoire", "FINESS juridique"]
        )
        self.resultats.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.resultats.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.resultats.verticalHeader().hide()
        self.resultats.itemChanged.connect(self._compter)
        self.bouton_tout = QPushButton("&Tout cocher")
        self.bouton_tout.clicked.connect(lambda: self._cocher_tout(True))
        self.bouton_rien = QPushButton("Tout dé&cocher")
        self.bouton_rien.clicked.connect(lambda: self._cocher_tout(False))
        boutons, self.bouton_ok = _boutons_ok_annuler(self, "")
        for bouton in (self.bouton_fichier, self.bouton_tout, self.bouton_rien, self.bouton_ok):
            bouton.setAutoDefault(False)

        ligne_fichier = ligne_etiquetee(
            "Extrait FINESS :", self.fichier, self.bouton_fichier, compagnon=self.bouton_fichier
        )
        ligne_requete = ligne_etiquetee("&Numéro ou nom :", self.requete, self.bouton_chercher)
        cocher = QHBoxLayout()
        cocher.addWidget(self.bouton_tout)
        cocher.addWidget(self.bouton_rien)
        cocher.addStretch(1)
        disposition = QVBoxLayout(self)
        disposition.addWidget(explication)
        disposition.addLayout(ligne_fichier)
        disposition.addLayout(ligne_requete)
        disposition.addWidget(self.etat)
        disposition.addWidget(self.resultats, 1)
        disposition.addLayout(cocher)
        disposition.addWidget(boutons)
        self._compter()
        self.requete.setFocus()

    # --- fichier et recherche --------------------------------------------------------------

    def chemin(self) -> Path | None:
        return Path(self.fichier.text()) if self.fichier.text() else None

    def choisir_fichier(self) -> None:
        chemin, _filtre = QFileDialog.getOpenFileName(
            self,
            "Extrait FINESS des établissements",
            str(self.chemin().parent) if self.chemin() else dossier_documents(),
            "Extrait FINESS (*.csv *.txt);;Tous les fichiers (*)",
        )
        if chemin:
            self.fichier.setText(chemin)

    def rechercher(self) -> None:
        if self.chemin() is None:
            self.choisir_fichier()
        chemin = self.chemin()
        if chemin is None:
            return
        requete = self.requete.text()
        self.bouton_chercher.setEnabled(False)
        self.etat.setText("Recherche en cours…")
        self.progression = en_fond(
            self,
            f"Recherche de « {requete.strip()} » dans {chemin.name}…",
            lambda: chercher(chemin, requete, self.avancement.avance.emit),
            self._montrer,
            self._echec,
        )

    def _avancer(self, lus: int, total: int) -> None:
        if self.progression is not None and total > 0:
            self.progression.setRange(0, 1000)
            self.progression.setValue(min(1000, lus * 1000 // total))

    def _echec(self, exc: Exception) -> None:
        self.progression = None
        self.bouton_chercher.setEnabled(True)
        message = texte_erreur(exc)
        self.etat.setText(f'<span style="color:{ROUGE}">{message}</span>')

    def _montrer(self, recherche: Recherche) -> None:
        self.progression = None
        self.bouton_chercher.setEnabled(True)
        self.recherche = recherche
        self.resultats.blockSignals(True)
        self.resultats.setRowCount(len(recherche.structures))
        gris = QBrush(QColor(GRIS_MOYEN))
        for rang, s in enumerate(recherche.structures):
            categorie = (
                f"{s.categorie} — {s.libelle_categorie}" if s.libelle_categorie else s.categorie
            )
            textes = (s.finess, s.nom, categorie, s.commune, s.territoire, s.finess_juridique)
            for colonne, texte in enumerate(textes):
                cellule = QTableWidgetItem(texte)
                cellule.setToolTip(s.adresse if colonne == 1 else texte)
                self.resultats.setItem(rang, colonne, cellule)
            case = self.resultats.item(rang, 0)
            if s.finess in self.finess_du_dossier:
                case.setFlags(case.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                case.setCheckState(Qt.CheckState.Unchecked)
                case.setToolTip("Déjà dans le dossier.")
                for colonne in range(self.resultats.columnCount()):
                    self.resultats.item(rang, colonne).setForeground(gris)
            else:
                case.setFlags(case.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                coche = recherche.par_numero  # un FINESS : tout ; des mots : à choisir
                case.setCheckState(Qt.CheckState.Checked if coche else Qt.CheckState.Unchecked)
        self.resultats.blockSignals(False)
        self.resultats.resizeColumnsToContents()
        for colonne in (1, 2):  # nom, catégorie : pas plus larges que 320 points
            self.resultats.setColumnWidth(colonne, min(self.resultats.columnWidth(colonne), 320))
        self.etat.setText(self._texte_etat(recherche))
        self._compter()

    def _texte_etat(self, r: Recherche) -> str:
        nombre = len(r.structures)
        quoi = "le FINESS" if r.par_numero else "les mots"
        date = f" (extrait du {_date_fr(r.date_extrait)})" if r.date_extrait else ""
        if not nombre:
            return (
                f"Aucun établissement pour {quoi} « {r.requete} » parmi les "
                f"{r.lignes_lues} de l'extrait{date}."
            )
        texte = (
            f"{nombre} établissement{'s' if nombre > 1 else ''} pour {quoi} « {r.requete} »"
            f"{date}. Cochez ceux à ajouter ; l'aperçu suivant les montrera avant tout ajout."
        )
        deja = sum(1 for s in r.structures if s.finess in self.finess_du_dossier)
        if deja:
            texte += f" {deja} déjà dans le dossier (grisé{'s' if deja > 1 else ''})."
        if r.tronquee:
            texte += f" Seuls les {nombre} premiers sont montrés : précisez la recherche."
        return texte

    # --- choix -----------------------------------------------------------------------------

    def _cases(self) -> list[QTableWidgetItem]:
        return [self.resultats.item(rang, 0) for rang in range(self.resultats.rowCount())]

    def _cocher_tout(self, coche: bool) -> None:
        etat = Qt.CheckState.Checked if coche else Qt.CheckState.Unchecked
        for case in self._cases():
            if case.flags() & Qt.ItemFlag.ItemIsEnabled:
                case.setCheckState(etat)

    def structures_choisies(self) -> list[StructureFiness]:
        if self.recherche is None:
            return []
        return [
            s
            for s, case in zip(self.recherche.structures, self._cases(), strict=True)
            if case.checkState() == Qt.CheckState.Checked
        ]

    def _compter(self) -> None:
        nombre = len(self.structures_choisies())
        self.bouton_ok.setText(
            f"Ajouter {nombre} établissement{'s' if nombre > 1 else ''}…"
            if nombre
            else "Cochez des établissements"
        )
        self.bouton_ok.setEnabled(nombre > 0)


def _date_fr(date: str) -> str:
    """« 2024-03-06 » → « 06/03/2024 » ; autre chose reste tel quel."""
    morceaux = date.split("-")
    if len(morceaux) == 3 and all(m.isdigit() for m in morceaux):
        return "/".join(reversed(morceaux))
    return date
