"""Page Organismes gestionnaires : les OG de la grappe, et lesquels sont « de petite taille »."""

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from app_bureau.ecrans.page_base import STYLE_ERREUR, PageDossier
from app_bureau.ecrans.session import SessionDossier
from app_bureau.identifiants import erreur_departement, erreur_finess, erreur_siret, normaliser
from app_bureau.modele import Dossier, OrganismeGestionnaire
from app_bureau.navigation import Page
from app_bureau.regles.resultats import Evaluation


@dataclass(frozen=True)
class Colonne:
    titre: str
    cle: str
    infobulle: str
    case: bool = False
    valider: Callable[[str], str | None] | None = None


def _erreur_nombre(texte: str) -> str | None:
    return None if texte.isdigit() and int(texte) >= 1 else "un nombre entier d'au moins 1"


COLONNES = (
    Colonne("Raison sociale", "raison_sociale", "Raison sociale de l'organisme gestionnaire"),
    Colonne("SIRET", "siret", "14 chiffres", valider=erreur_siret),
    Colonne(
        "FINESS juridique", "finess_juridique", "Facultatif ; 9 caractères", valider=erreur_finess
    ),
    Colonne(
        "Département",
        "departement",
        "Code INSEE (35, 2A, 974…) : en Corse et outre-mer, le seuil de petite taille est 8",
        valider=erreur_departement,
    ),
    Colonne(
        "ESSMS gérés",
        "nombre_essms_geres",
        "Tous les ESSMS que l'OG gère, pas seulement ceux du projet (II.D.3)",
        valider=_erreur_nombre,
    ),
    Colonne(
        "RSI", "dispose_rsi", "L'OG a un responsable des systèmes d'information (II.B.5)", True
    ),
    Colonne(
        "Entité nationale",
        "rattache_entite_nationale",
        "L'OG est rattaché à une entité nationale (II.B.2)",
        True,
    ),
    Colonne("Accord écrit", "accord_entite_nationale", "Accord écrit de l'entité nationale", True),
)
COLONNE_TAILLE = len(COLONNES)


class PageOrganismes(PageDossier):
    PAGE = Page.ORGANISMES
    AIDE = """
    <p>Les <b>organismes gestionnaires</b> (OG) de la grappe. Chaque OG remplit un
    autodiagnostic de maturité de son SI : la version « RSI » s'il a un responsable des
    systèmes d'information, sinon la version « directeur » (instruction 2022/34, II.B.5).</p>
    <p>Un OG est <b>de petite taille</b> s'il gère en tout moins de 15 ESSMS, ou moins de 8 si
    son siège est en Corse ou outre-mer. Il ouvre alors des financements spécifiques :
    équipement par ESSMS, AMOA marché, AMOA projet (II.D.3).</p>
    <p>Un OG rattaché à une <b>entité nationale</b> doit joindre l'accord écrit de celle-ci ;
    sans cet accord, ses ESSMS ne sont pas retenus (II.B.2, FAQ).</p>"""

    def __init__(self, session: SessionDossier) -> None:
        super().__init__(session)
        self.setSubTitle("Les organismes gestionnaires qui composent la grappe.")
        self.table = QTableWidget(0, len(COLONNES) + 1)
        self.table.setHorizontalHeaderLabels([c.titre for c in COLONNES] + ["Petite taille"])
        for i, colonne in enumerate(COLONNES):
            self.table.horizontalHeaderItem(i).setToolTip(colonne.infobulle)
        entete = self.table.horizontalHeader()
        entete.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        entete.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._cellule_modifiee)
        self.champs["organismes"] = self.table
        self.erreur = QLabel()
        self.erreur.setStyleSheet(STYLE_ERREUR)
        ajouter = QPushButton("&Ajouter un organisme")
        ajouter.clicked.connect(self.ajouter)
        supprimer = QPushButton("&Supprimer")
        supprimer.setToolTip("Seulement un organisme sans établissement dans le dossier")
        supprimer.clicked.connect(self.supprimer)
        boutons = QHBoxLayout()
        boutons.addWidget(ajouter)
        boutons.addWidget(supprimer)
        boutons.addStretch(1)
        colonne = QVBoxLayout(self)
        colonne.addWidget(self.table, 1)
        colonne.addWidget(self.erreur)
        colonne.addLayout(boutons)
        colonne.addWidget(self.message_bloquant)

    def rafraichir(self) -> None:
        with QSignalBlocker(self.table):
            organismes = self.session.dossier.organismes
            self.table.setRowCount(len(organismes))
            for ligne, og in enumerate(organismes):
                for i, colonne in enumerate(COLONNES):
                    valeur = getattr(og, colonne.cle)
                    item = QTableWidgetItem()
                    item.setToolTip(colonne.infobulle)
                    if colonne.case:
                        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                        item.setCheckState(
                            Qt.CheckState.Checked if valeur else Qt.CheckState.Unchecked
                        )
                    else:
                        item.setText("" if valeur is None else str(valeur))
                    self.table.setItem(ligne, i, item)
        self.evaluation_changee(self.session.evaluation)

    def evaluation_changee(self, evaluation: Evaluation) -> None:
        with QSignalBlocker(self.table):
            for ligne, resultat in enumerate(evaluation.organismes[: self.table.rowCount()]):
                item = QTableWidgetItem("oui" if resultat.petite_taille else "non")
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                item.setToolTip(
                    f"{resultat.explication.libelle} — {resultat.explication.reference}"
                )
                self.table.setItem(ligne, COLONNE_TAILLE, item)

    def _cellule_modifiee(self, item: QTableWidgetItem) -> None:
        ligne, index = item.row(), item.column()
        if index >= len(COLONNES):
            return
        colonne = COLONNES[index]
        if colonne.case:
            valeur: object = item.checkState() == Qt.CheckState.Checked
        else:
            texte = item.text().strip()
            if colonne.cle != "raison_sociale":
                texte = normaliser(texte)
            probleme = colonne.valider(texte) if colonne.valider and texte else None
            if colonne.cle == "nombre_essms_geres" and not texte:
                probleme = "un nombre entier d'au moins 1"
            if probleme:
                self.erreur.setText(f"Ligne {ligne + 1}, {colonne.titre} : {probleme}")
                self.rafraichir()
                return
            valeur = int(texte) if colonne.cle == "nombre_essms_geres" else texte
            if colonne.cle == "finess_juridique":
                valeur = texte or None
        self.erreur.clear()
        self.session.modifier(lambda d: setattr(d.organismes[ligne], colonne.cle, valeur))

    def ajouter(self) -> None:
        existants = {og.id for og in self.session.dossier.organismes}
        numero = next(n for n in range(1, len(existants) + 2) if f"og{n}" not in existants)

        def ajouter(d: Dossier) -> None:
            d.organismes.append(OrganismeGestionnaire(id=f"og{numero}"))

        self.session.modifier(ajouter)
        self.rafraichir()
        self.table.setCurrentCell(self.table.rowCount() - 1, 0)
        self.table.setFocus()

    def supprimer(self) -> None:
        ligne = self.table.currentRow()
        if ligne < 0:
            return
        og = self.session.dossier.organismes[ligne]
        if any(e.organisme == og.id for e in self.session.dossier.etablissements):
            self.erreur.setText(
                f"{og.raison_sociale or og.id} a des établissements dans le dossier : "
                "supprimez-les ou rattachez-les à un autre organisme d'abord."
            )
            return
        self.erreur.clear()
        self.session.modifier(lambda d: d.retirer_organisme(ligne))
        self.rafraichir()

    def aller_au_champ(self, chemin: str) -> None:
        self.table.setFocus()
        if chemin.startswith("organismes["):
            ligne = int(chemin[len("organismes[") :].split("]")[0])
            cle = chemin.partition("].")[2]
            index = next((i for i, c in enumerate(COLONNES) if c.cle == cle), 0)
            self.table.setCurrentCell(ligne, index)
