"""« À propos » : la version, les jeux de paramètres (chaque campagne avec ses textes, chaque
paramètre avec sa référence et la date de sa dernière vérification), les licences des
polices et des bibliothèques fournies avec l'application."""

import platform
import unicodedata
from dataclasses import dataclass
from html import escape
from importlib.metadata import PackageNotFoundError, version

from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app_bureau import __version__
from app_bureau.formats import date_courte, resume_parametre, valeur_parametre
from app_bureau.referentiel.ressources import ressource
from app_bureau.regles.parametres import campagnes, campagnes_d_appel, parametres

LICENCE_APPLICATION = "EUPL-1.2"
COLONNES_PARAMETRES = ("Paramètre", "Valeur", "Référence", "Vérifié le", "En vigueur depuis")
COLONNES_LICENCES = ("Composant", "Version", "Licence", "Sert à")


@dataclass(frozen=True)
class Bibliotheque:
    nom: str
    distributions: tuple[str, ...]
    licence: str
    role: str

    def version(self) -> str | None:
        """La version installée (métadonnées du paquet), None si elles sont absentes."""
        for distribution in self.distributions:
            try:
                return version(distribution)
            except PackageNotFoundError:
                continue
        return None


BIBLIOTHEQUES = (
    Bibliotheque(
        "PySide6 (Qt pour Python)", ("PySide6-Essentials", "PySide6"), "LGPL-3.0", "l'interface"
    ),
    Bibliotheque("reportlab", ("reportlab",), "BSD", "la synthèse PDF"),
    Bibliotheque("openpyxl", ("openpyxl",), "MIT", "le classeur Excel"),
    Bibliotheque("sqlite-utils", ("sqlite-utils",), "Apache-2.0", "la base des dossiers"),
    Bibliotheque("Babel", ("babel",), "BSD", "les montants et les dates à la française"),
    Bibliotheque("python-stdnum", ("python-stdnum",), "LGPL-2.1+", "les contrôles SIRET et FINESS"),
    Bibliotheque("platformdirs", ("platformdirs",), "MIT", "l'emplacement des données"),
    Bibliotheque("PyYAML", ("PyYAML",), "MIT", "la lecture des paramètres datés"),
)


def _sans_accents(texte: str) -> str:
    return unicodedata.normalize("NFD", texte).encode("ascii", "ignore").decode().casefold()


def _cellule(texte: str, infobulle: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(texte)
    item.setToolTip(infobulle or texte)
    return item


def _tableau(colonnes: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(colonnes))
    table.setHorizontalHeaderLabels(colonnes)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(True)
    table.verticalHeader().setVisible(False)
    # La hauteur des lignes suit la largeur des colonnes (textes longs repliés).
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


class OngletParametres(QWidget):
    """Une campagne au choix : ses textes, puis ses paramètres dans un tableau défilant."""

    def __init__(self) -> None:
        super().__init__()
        self.campagne = QComboBox()
        for code, campagne in sorted(campagnes().items()):
            self.campagne.addItem(campagne.libelle, code)
        self.textes = QLabel()
        self.textes.setWordWrap(True)
        self.textes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = _tableau(COLONNES_PARAMETRES)
        entete = self.table.horizontalHeader()
        entete.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Paramètre et valeur à largeur donnée (textes repliés), la référence prend le reste.
        for colonne_fixe, largeur in ((0, 300), (1, 220)):
            entete.setSectionResizeMode(colonne_fixe, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(colonne_fixe, largeur)
        entete.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        ligne = QHBoxLayout()
        etiquette = QLabel("&Campagne :")
        etiquette.setBuddy(self.campagne)
        ligne.addWidget(etiquette)
        ligne.addWidget(self.campagne)
        ligne.addStretch(1)
        colonne = QVBoxLayout(self)
        colonne.addLayout(ligne)
        colonne.addWidget(self.textes)
        colonne.addWidget(self.table, 1)
        note = QLabel(
            "Chaque valeur vaut pour sa campagne et les suivantes, jusqu'à la prochaine valeur "
            "datée. Les fichiers sont dans <tt>ressources/parametres/</tt>."
        )
        note.setWordWrap(True)
        colonne.addWidget(note)
        self.campagne.currentIndexChanged.connect(self.afficher)
        # La dernière campagne d'un dossier ; 2024 et 2025 (suivi seulement) restent au choix.
        self.campagne.setCurrentIndex(self.campagne.findData(max(campagnes_d_appel())))
        self.afficher()

    def afficher(self) -> None:
        code = self.campagne.currentData()
        campagne = campagnes()[code]
        self.textes.setText(
            "Textes de référence :<ul>"
            + "".join(f"<li>{escape(texte)}</li>" for texte in campagne.textes)
            + "</ul>"
        )
        tous = parametres(code).tous()
        self.table.setRowCount(len(tous))
        for ligne, p in enumerate(tous):
            valeurs = (
                _cellule(p.description, p.nom),
                _cellule(resume_parametre(p), valeur_parametre(p)),
                _cellule(p.reference),
                _cellule(date_courte(p.verifie_le)),
                _cellule(campagnes()[p.campagne_de_la_valeur].libelle),
            )
            for colonne, item in enumerate(valeurs):
                self.table.setItem(ligne, colonne, item)


class OngletLicences(QWidget):
    """L'application, Python, Qt, les bibliothèques et les polices, avec leurs licences."""

    def __init__(self) -> None:
        super().__init__()
        lignes = [
            ("Assistant Grappe", __version__, LICENCE_APPLICATION, "cette application"),
            ("Python", platform.python_version(), "PSF-2.0", "le langage"),
            ("Qt", qVersion(), "LGPL-3.0", "l'interface (par PySide6)"),
        ]
        lignes += [(b.nom, b.version() or "inconnue", b.licence, b.role) for b in BIBLIOTHEQUES]
        lignes.append(
            (
                "Polices DejaVu Sans",
                "—",
                "Bitstream Vera ; ajouts DejaVu dans le domaine public",
                "les synthèses PDF",
            )
        )
        self.table = _tableau(COLONNES_LICENCES)
        self.table.setRowCount(len(lignes))
        for numero, valeurs in enumerate(lignes):
            for colonne, texte in enumerate(valeurs):
                self.table.setItem(numero, colonne, _cellule(texte))
        entete = self.table.horizontalHeader()
        entete.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        entete.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.licence_polices = QPlainTextEdit(
            ressource("polices", "LICENCE-DejaVu.txt").read_text(encoding="utf-8")
        )
        self.licence_polices.setReadOnly(True)
        colonne = QVBoxLayout(self)
        colonne.addWidget(self.table, 3)
        colonne.addWidget(QLabel("Licence des polices DejaVu, incluses dans les PDF :"))
        colonne.addWidget(self.licence_polices, 2)


class APropos(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("À propos de l'Assistant Grappe")
        self.resize(1000, 640)
        entete = QLabel(
            f"<h2>Assistant Grappe {__version__}</h2>"
            "<p>Préparer en grappe une demande de financement ESMS numérique, chaque euro "
            f"expliqué par son texte. Logiciel libre, licence {LICENCE_APPLICATION}.</p>"
        )
        entete.setWordWrap(True)
        self.onglets = QTabWidget()
        self.parametres = OngletParametres()
        self.licences = OngletLicences()
        self.onglets.addTab(self.parametres, "&Paramètres et sources")
        self.onglets.addTab(self.licences, "&Licences")
        boutons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        boutons.rejected.connect(self.reject)
        colonne = QVBoxLayout(self)
        colonne.addWidget(entete)
        colonne.addWidget(self.onglets, 1)
        colonne.addWidget(boutons)
